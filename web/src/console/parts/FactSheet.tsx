import { Descriptions, type DescriptionsProps, Typography } from 'antd';

/**
 * The facts of one object (an entry, a record, a plan) as a bordered two-column sheet, led by its
 * number (copyable; test id `idTestId`).
 */
export function FactSheet({
  idLabel,
  id,
  idTestId,
  items = [],
}: {
  idLabel: string;
  id: string;
  idTestId?: string;
  items: DescriptionsProps['items'];
}) {
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={[
        {
          key: 'id',
          label: idLabel,
          children: (
            <Typography.Text copyable data-testid={idTestId}>
              {id}
            </Typography.Text>
          ),
        },
        ...items,
      ]}
    />
  );
}
