import { PlusOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useI18n } from '../../i18n/I18nProvider';

/** The frame of an administration list: title, filter bar, "New" button and the table. */
export function ListCard({
  title,
  filters,
  onCreate,
  createTestId,
  children,
}: {
  title: string;
  filters?: ReactNode;
  onCreate?: () => void;
  createTestId?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  useDocumentTitle(title);
  return (
    <Card
      title={title}
      extra={
        onCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid={createTestId}>
            {t('common.create')}
          </Button>
        )
      }
    >
      {filters && <div className="xy-toolbar">{filters}</div>}
      {children}
    </Card>
  );
}
