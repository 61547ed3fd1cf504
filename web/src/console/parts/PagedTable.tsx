import { Alert, Table, type TableProps } from 'antd';
import type { usePagedQuery } from '../../hooks/usePagedQuery';

type PagedQuery<T> = ReturnType<typeof usePagedQuery<T>>;

/** An antd Table bound to a server-paged query (page and page size live in the URL). */
export function PagedTable<T extends object>({
  query,
  testId,
  ...props
}: { query: PagedQuery<T>; testId: string } & Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'>) {
  return (
    <div data-testid={testId}>
      {query.error && (
        <Alert type="error" showIcon title={query.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<T>
        size="middle"
        scroll={{ x: 'max-content' }}
        dataSource={query.data?.items}
        loading={query.loading}
        pagination={query.pagination}
        {...props}
      />
    </div>
  );
}
