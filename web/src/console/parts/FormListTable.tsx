import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, type FormListFieldData, Table, type TableColumnsType } from 'antd';

/**
 * The rows of a `Form.List` as an editable table: the given columns (each cell a `Form.Item` named
 * `[row.name, …]`), a delete button per row and a dashed add button below, which adds `newRow()`.
 */
export function FormListTable({
  name,
  columns,
  scroll,
  testId,
  removeLabel,
  removeTitle,
  removeTestId,
  minRows = 0,
  addText,
  addTestId,
  newRow,
}: {
  name: string;
  columns: TableColumnsType<FormListFieldData>;
  scroll?: { x: string };
  testId: string;
  /** The delete button's accessible name; `removeTitle` its tooltip. */
  removeLabel: string;
  removeTitle?: string;
  removeTestId?(index: number): string;
  /** The delete buttons are disabled while there are no more rows than this. */
  minRows?: number;
  addText: string;
  addTestId: string;
  newRow(): object;
}) {
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            scroll={scroll}
            dataSource={rows}
            data-testid={testId}
            columns={[
              ...columns,
              {
                title: '',
                key: 'remove',
                render: (_, row) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    title={removeTitle}
                    aria-label={removeLabel}
                    disabled={rows.length <= minRows}
                    onClick={() => remove(row.name)}
                    data-testid={removeTestId?.(row.name)}
                  />
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => add(newRow())}
            data-testid={addTestId}
          >
            {addText}
          </Button>
        </>
      )}
    </Form.List>
  );
}
