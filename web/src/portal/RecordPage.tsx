import { InfoCircleOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Grid,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { RecordDetail } from '../api/records-types';
import { ErrorResult } from '../components/ErrorResult';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const TIER_COLORS = { SERIOUS: 'red', GENERAL: 'orange', MINOR: 'default' } as const;
/** Values longer than this take a whole row of the field list. */
const LONG_VALUE = 24;

const publicityPath = (item: string) =>
  item === 'ADMIN_PENALTY' || item === 'ADMIN_LICENSE' ? `/publicity?item=${item}` : '/publicity';

/** "未公示或已过公示期": a record the public cannot see (never published, expired or withdrawn) is a 404. */
function RecordNotFound() {
  const { t } = useI18n();
  useDocumentTitle(t('publicity.record.notFound.title'));
  return (
    <Result
      status="404"
      title={t('publicity.record.notFound.title')}
      subTitle={t('publicity.record.notFound.desc')}
      data-testid="record-not-found"
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          <Link to="/publicity">
            <Button type="primary">{t('publicity.record.backToList')}</Button>
          </Link>
          <Link to="/">
            <Button>{t('common.backHome')}</Button>
          </Link>
        </Space>
      }
    />
  );
}

/** The publication rules that apply to this record, with its own dates. */
function RulesNote({ record }: { record: RecordDetail }) {
  const { t } = useI18n();
  const until = record.publicUntil ?? '—';
  let lines: string[];
  if (record.item === 'ADMIN_PENALTY' || record.tier) {
    lines = [t('publicity.record.rules.penalty')];
    if (record.tier) {
      const regime =
        record.regime === 'NEW' || record.regime === 'OLD'
          ? t(`publicity.record.regime.${record.regime}`)
          : (record.regime ?? '—');
      lines.push(
        t('publicity.record.rules.tier', {
          tier: t(`publicity.tier.${record.tier}` as MessageKey),
          regime,
          minimum: record.minimumUntil ?? '—',
          until,
        }),
      );
      if (record.tier !== 'MINOR') lines.push(t('publicity.record.rules.repair'));
    }
  } else if (record.item === 'ADMIN_LICENSE') {
    lines = [t('publicity.record.rules.license', { until })];
  } else {
    lines = [t('publicity.record.rules.generic', { until })];
  }
  return (
    <Alert
      type="info"
      showIcon
      icon={<InfoCircleOutlined />}
      title={t('publicity.record.rules.title')}
      data-testid="record-rules"
      description={lines.map((line) => <div key={line}>{line}</div>)}
    />
  );
}

/** `/records/:id`: one published 双公示 decision (public fields only, as the API gives them). */
export default function RecordPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { data, error, reload } = useApi<RecordDetail>(`/records/${encodeURIComponent(id)}`);
  const wide = !!Grid.useBreakpoint().md;
  useDocumentTitle(data ? `${data.partyName} · ${data.itemName}` : undefined);

  // 400 is a malformed id in the URL: to the public that is the same as an unknown record.
  if (error && (error.code === 'RECORD_NOT_FOUND' || error.status === 404 || error.status === 400))
    return <RecordNotFound />;
  if (error)
    return <ErrorResult error={error} onRetry={error.status >= 500 || !error.status ? reload : undefined} />;
  if (!data) return <Skeleton active className="xy-page" />;

  const facts: DescriptionsProps['items'] = [
    { key: 'partyClass', label: t('publicity.record.partyClass'), children: data.partyClassName },
    ...(data.subject.maskedIdNumber
      ? [
          {
            key: 'idMasked',
            label: t('publicity.record.idMasked'),
            children: <span data-testid="record-id-masked">{data.subject.maskedIdNumber}</span>,
          },
        ]
      : []),
    {
      key: 'decisionNo',
      label: t('publicity.record.decisionNo'),
      children: <span data-testid="record-decision-no">{data.decisionNo}</span>,
    },
    { key: 'decisionDate', label: t('publicity.record.decisionDate'), children: data.decisionDate },
    { key: 'authority', label: t('publicity.record.authority'), children: data.authorityName },
    ...(data.tier
      ? [
          {
            key: 'tier',
            label: t('publicity.record.tier'),
            children: (
              <Tag color={TIER_COLORS[data.tier]}>{t(`publicity.tier.${data.tier}` as MessageKey)}</Tag>
            ),
          },
        ]
      : []),
    {
      key: 'publicUntil',
      label: t('publicity.record.publicUntil'),
      children: <span data-testid="record-public-until">{data.publicUntil ?? '—'}</span>,
    },
    { key: 'region', label: t('publicity.record.region'), children: data.regionName },
    { key: 'department', label: t('publicity.record.department'), children: data.departmentName },
  ];

  let status: ReactNode = null;
  if (data.status === 'WITHDRAWN')
    status = (
      <Alert
        type="warning"
        showIcon
        data-testid="record-withdrawn"
        title={t('publicity.record.withdrawn', {
          reason: data.withdrawnReason ? `：${data.withdrawnReason}` : '',
        })}
      />
    );
  else if (!data.published)
    status = (
      <Alert
        type="warning"
        showIcon
        data-testid="record-unpublished"
        title={t('publicity.record.notPublished')}
      />
    );

  return (
    <div className="xy-page" data-testid="record-detail" data-record-id={data.id}>
      <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
        <Card data-testid="record-header">
          <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
            <Link to={publicityPath(data.item)}>
              <Tag color="#c8102e" data-testid="record-item">
                {data.itemName}
              </Tag>
            </Link>
            {data.tier && (
              <Tag color={TIER_COLORS[data.tier]}>{t(`publicity.tier.${data.tier}` as MessageKey)}</Tag>
            )}
          </Space>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            <Link to={`/subjects/${encodeURIComponent(data.subject.id)}`} data-testid="record-party">
              {data.partyName}
            </Link>
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={facts} />
          <div style={{ marginTop: 12 }}>
            <Link to={`/subjects/${encodeURIComponent(data.subject.id)}`} data-testid="record-archive-link">
              {t('publicity.record.viewArchive')} <RightOutlined />
            </Link>
          </div>
        </Card>
        {status}
        <Card
          title={t('publicity.record.content')}
          size={wide ? undefined : 'small'}
          data-testid="record-fields"
        >
          <Descriptions
            bordered
            size="small"
            // Phones: label above value, so long labels do not squeeze the value into a narrow column.
            layout={wide ? 'horizontal' : 'vertical'}
            column={{ xs: 1, md: 2 }}
            items={data.fields.map((field) => ({
              key: field.code,
              label: field.label,
              span: field.value.length > LONG_VALUE ? 'filled' : 1,
              children: (
                <span data-testid={`record-field-${field.code}`} style={{ whiteSpace: 'pre-wrap' }}>
                  {field.value}
                </span>
              ),
            }))}
          />
        </Card>
        <RulesNote record={data} />
      </Space>
    </div>
  );
}
