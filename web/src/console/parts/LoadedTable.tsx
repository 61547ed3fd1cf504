import { Alert, Table, type TableProps } from 'antd';
import type { ApiState } from '../../hooks/useApi';

/**
 * An antd Table of rows a `useApi` request loaded (not paged on the server, unlike `PagedTable`),
 * with the request's failure above it. `rows` picks the rows out of the response.
 */
export function LoadedTable<T extends object, D>({
  state,
  rows,
  testId,
  ...props
}: { state: ApiState<D>; rows(data: D): T[]; testId: string } & Omit<
  TableProps<T>,
  'dataSource' | 'loading'
>) {
  return (
    <>
      {state.error && (
        <Alert type="error" showIcon title={state.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<T>
        size="middle"
        scroll={{ x: 'max-content' }}
        loading={state.loading}
        dataSource={state.data && rows(state.data)}
        data-testid={testId}
        {...props}
      />
    </>
  );
}
