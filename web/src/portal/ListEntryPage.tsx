import { RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Skeleton, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { departmentName, isDecidedListType, type PublicEntryDetail } from '../api/lists-types';
import { ErrorResult } from '../components/ErrorResult';
import { ListTypeTag, MeasureActionTag } from '../components/ListParts';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';

/** `/lists/entries/:entryId`: one entry in force on a public list, with its basis and measures. */
export default function ListEntryPage() {
  const { t } = useI18n();
  const { entryId = '' } = useParams();
  const { data, error, reload } = useApi<PublicEntryDetail>(`/lists/public/${encodeURIComponent(entryId)}`);
  useDocumentTitle(data ? `${data.subject.name} · ${t(`lists.type.${data.listType}`)}` : undefined);

  // Not (or no longer) in force is not public: the server says so with a 404.
  if (error)
    return (
      <ErrorResult
        error={error}
        onRetry={error.status >= 500 || !error.status ? reload : undefined}
        extra={
          error.status < 500 &&
          error.status > 0 && (
            <Link to="/lists">
              <Button type="primary">{t('lists.portal.back')}</Button>
            </Link>
          )
        }
      />
    );
  if (!data) return <Skeleton active className="xy-page" />;
  const archive = `/subjects/${encodeURIComponent(data.subject.publicId)}`;

  return (
    <div className="xy-page" data-testid="list-entry" data-entry-id={data.entryId}>
      <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
        <Card>
          <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
            {isDecidedListType(data.listType) ? (
              <Link to={`/lists/${data.listType}`}>
                <ListTypeTag type={data.listType} testId="list-entry-type" />
              </Link>
            ) : (
              <ListTypeTag type={data.listType} testId="list-entry-type" />
            )}
          </Space>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            <Link to={archive} data-testid="list-entry-subject">
              {data.subject.name}
            </Link>
          </Typography.Title>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'code', label: t('lists.portal.code'), children: data.subject.code },
              {
                key: 'decisionNo',
                label: t('lists.decisionNo'),
                children: <span data-testid="list-entry-decision-no">{data.decisionNo ?? '—'}</span>,
              },
              { key: 'decidedBy', label: t('lists.decidedBy'), children: departmentName(data.decidedBy) },
              {
                key: 'validity',
                label: t('lists.validity'),
                children: (
                  <span data-testid="list-entry-validity">{`${data.validFrom} ~ ${data.validTo}`}</span>
                ),
              },
            ]}
          />
          <div style={{ marginTop: 12 }}>
            <Link to={archive} data-testid="list-entry-archive">
              {t('publicity.record.viewArchive')} <RightOutlined />
            </Link>
          </div>
        </Card>
        <Card title={t('lists.portal.grounds')} size="small">
          <Descriptions
            bordered
            size="small"
            layout="vertical"
            column={1}
            items={[
              {
                key: 'reason',
                label: t('lists.reason'),
                children: <span className="xy-pre">{data.reason}</span>,
              },
              {
                key: 'basis',
                label: t('lists.basis'),
                children: <span className="xy-pre">{data.basis}</span>,
              },
            ]}
          />
        </Card>
        <Card title={t('lists.portal.measures')} size="small" data-testid="list-entry-measures">
          <List
            size="small"
            dataSource={data.measures}
            locale={{ emptyText: t('common.empty') }}
            renderItem={(measure) => (
              <List.Item key={measure.code}>
                <Space wrap size={4}>
                  <MeasureActionTag action={measure.action} />
                  <span>{measure.name}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Alert type="info" showIcon title={t('lists.portal.note')} />
      </Space>
    </div>
  );
}
