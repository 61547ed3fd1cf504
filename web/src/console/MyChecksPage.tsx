import { Tag, Typography } from 'antd';
import type { MyCheck } from '../api/lists-types';
import { useCheckColumns } from '../components/ListParts';
import { rowAttributes } from '../components/rowAttributes';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';

/** 谁查询了我: the checks that departments' business systems ran on the user's own subject. */
export default function MyChecksPage() {
  const { t } = useI18n();
  const checkColumns = useCheckColumns();
  const query = usePagedQuery<MyCheck>('/checks/mine', []);
  return (
    <ListCard title={t('console.menu.myChecks')}>
      <Typography.Paragraph type="secondary">{t('myChecks.intro')}</Typography.Paragraph>
      <PagedTable<MyCheck>
        query={query}
        testId="my-checks-table"
        rowKey="checkId"
        onRow={(check) => rowAttributes('my-check-row', { 'check-id': check.checkId })}
        columns={[
          ...checkColumns,
          {
            title: t('myChecks.result'),
            dataIndex: 'result',
            render: (result: MyCheck['result']) => (
              <Tag color={result === 'HIT' ? 'red' : 'success'}>{t(`myChecks.result.${result}`)}</Tag>
            ),
          },
        ]}
      />
    </ListCard>
  );
}
