import { LockOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Skeleton, Table } from 'antd';
import { Link } from 'react-router-dom';
import type { Restricted, RestrictedRelation } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18nProvider';

/** 受限信息: full identity number, address, phone and relations; 403 OUT_OF_SCOPE outside the caller's region. */
export function RestrictedPanel({ subjectId }: { subjectId: string }) {
  const { t } = useI18n();
  const { data, error } = useApi<Restricted>(`/subjects/${encodeURIComponent(subjectId)}/restricted`);
  let body: React.ReactNode;
  if (error) body = <ErrorResult error={error} />;
  else if (!data) body = <Skeleton active />;
  else
    body = (
      <>
        <Alert type="info" showIcon title={t('restricted.note')} style={{ marginBottom: 16 }} />
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, lg: 2 }}
          items={[
            {
              key: 'id',
              label: t('restricted.identityNumber'),
              children: <span data-testid="restricted-identity-number">{data.identityNumber ?? '—'}</span>,
            },
            { key: 'phone', label: t('restricted.phone'), children: data.phone ?? '—' },
            { key: 'address', label: t('restricted.address'), children: data.address ?? '—', span: 'filled' },
          ]}
        />
        <Table<RestrictedRelation>
          style={{ marginTop: 16 }}
          size="small"
          title={() => t('restricted.relations')}
          pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
          scroll={{ x: 'max-content' }}
          rowKey={(row) => `${row.role}-${row.subjectId}-${row.since}`}
          dataSource={data.relations}
          data-testid="restricted-relations"
          columns={[
            { title: t('restricted.role'), dataIndex: 'roleName' },
            {
              title: t('restricted.name'),
              dataIndex: 'name',
              render: (name: string, row) =>
                row.subjectId ? (
                  <Link to={`/console/subjects/${encodeURIComponent(row.subjectId)}`}>{name}</Link>
                ) : (
                  name
                ),
            },
            {
              title: t('restricted.idMasked'),
              dataIndex: 'identityNumberMasked',
              render: (value) => value ?? '—',
            },
            { title: t('restricted.since'), dataIndex: 'since' },
            { title: t('restricted.until'), dataIndex: 'until', render: (value) => value ?? '—' },
          ]}
        />
      </>
    );
  return (
    <Card
      title={
        <>
          <LockOutlined /> {t('restricted.title')}
        </>
      }
      data-testid="restricted-panel"
    >
      {body}
    </Card>
  );
}
