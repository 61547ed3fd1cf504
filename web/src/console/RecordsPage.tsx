import { StopOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Collapse,
  DatePicker,
  Drawer,
  Form,
  type GetProps,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { FieldValue, RecordDetail, RecordSummary, ViolationTier } from '../api/records-types';
import { ErrorResult } from '../components/ErrorResult';
import { formatDateTime } from '../components/format';
import { useApi } from '../hooks/useApi';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useAuth } from './auth';
import { FactSheet } from './parts/FactSheet';
import { FilterForm } from './parts/FilterForm';
import { CatalogueItemSelect, useItemName } from './parts/intake';
import { INTAKE_PERMISSIONS } from './parts/intake-permissions';
import { ListCard } from './parts/ListCard';
import { PagedTable } from './parts/PagedTable';
import { ReasonModal } from './parts/ReasonModal';

const FILTERS = ['item', 'q', 'status', 'published', 'from', 'to', 'tier'] as const;
const TIERS: ViolationTier[] = ['MINOR', 'GENERAL', 'SERIOUS'];
const TIER_COLORS: Record<ViolationTier, string> = { MINOR: 'default', GENERAL: 'orange', SERIOUS: 'red' };
const DAY = 'YYYY-MM-DD';
type Range = GetProps<typeof DatePicker.RangePicker>['value'];
type RecordFilters = {
  item?: string;
  q?: string;
  status?: string;
  published?: string;
  tier?: string;
  range?: Range;
};

/** 公示状态: on the portal until a date, withdrawn, or not (or no longer) shown. */
function Publication({ record }: { record: RecordSummary }) {
  const { t } = useI18n();
  if (record.status === 'WITHDRAWN') return <Tag>{t('records.status.WITHDRAWN')}</Tag>;
  if (record.published)
    return (
      <Space orientation="vertical" size={0}>
        <Tag color="success">{t('records.published.true')}</Tag>
        {record.publicUntil && (
          <Typography.Text type="secondary">
            {t('records.publicUntil', { date: record.publicUntil })}
          </Typography.Text>
        )}
      </Space>
    );
  return (
    <Space orientation="vertical" size={0}>
      <Tag>{t('records.published.false')}</Tag>
      {record.publicUntil && (
        <Typography.Text type="secondary">
          {t('records.publicEnded', { date: record.publicUntil })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** 及时性: working days from the decision to intake, flagged when late. */
function Timeliness({ record }: { record: RecordSummary }) {
  const { t } = useI18n();
  const days = t('records.workingDays', { n: record.workingDaysToIntake });
  return record.late ? (
    <Space size={4}>
      <Typography.Text type="danger">{days}</Typography.Text>
      <Tag color="error" data-testid="record-late">
        {t('records.late')}
      </Tag>
    </Space>
  ) : (
    <Typography.Text>{days}</Typography.Text>
  );
}

/** 信用记录: the records of the caller's scope (published or not), with detail and 撤销公示. */
export default function RecordsPage() {
  const { t } = useI18n();
  const query = usePagedQuery<RecordSummary>('/records', FILTERS);
  const itemName = useItemName();
  // The record shown in the drawer is `?open=R…`, so it can be linked to (e.g. from a corrected row).
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const setOpenId = (id: string | null) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (id) next.set('open', id);
      else next.delete('open');
      return next;
    });
  const { from, to } = query.filters;

  return (
    <ListCard
      title={t('console.menu.records')}
      filters={
        <FilterForm<RecordFilters>
          // from/to are listed so that 重置 clears them; the range picker itself is not refilled from the URL.
          filters={query.filters}
          testId="records-filters"
          onApply={query.setFilters}
          toFilters={({ range, ...values }) => ({
            item: values.item ?? '',
            q: values.q?.trim() ?? '',
            status: values.status ?? '',
            published: values.published ?? '',
            tier: values.tier ?? '',
            // An untouched picker (e.g. after a reload) keeps the dates of the URL; a cleared one drops them.
            from: range === undefined ? from : (range?.[0]?.format(DAY) ?? ''),
            to: range === undefined ? to : (range?.[1]?.format(DAY) ?? ''),
          })}
        >
          <Form.Item name="item">
            <CatalogueItemSelect allowClear placeholder={t('records.item')} data-testid="records-item" />
          </Form.Item>
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('records.keyword')}
              style={{ width: 220 }}
              data-testid="records-q"
            />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={t('records.statusTitle')}
              style={{ width: 130 }}
              data-testid="records-status"
              options={(['ACTIVE', 'WITHDRAWN'] as const).map((value) => ({
                value,
                label: t(`records.status.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="published">
            <Select
              allowClear
              placeholder={t('records.publication')}
              style={{ width: 120 }}
              data-testid="records-published"
              // The API filters on `published=true` only (any other value lists everything).
              options={[{ value: 'true', label: t('records.published.true') }]}
            />
          </Form.Item>
          <Form.Item name="tier">
            <Select
              allowClear
              placeholder={t('records.tier')}
              style={{ width: 120 }}
              data-testid="records-tier"
              options={TIERS.map((value) => ({ value, label: t(`records.tier.${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="range" tooltip={t('records.decisionDate')}>
            <DatePicker.RangePicker
              placeholder={[t('records.decisionFrom'), t('records.decisionTo')]}
              data-testid="records-range"
            />
          </Form.Item>
        </FilterForm>
      }
    >
      {(from || to) && (
        <Typography.Paragraph type="secondary">
          {t('records.decisionDate')}: {from || '…'} ~ {to || '…'}
        </Typography.Paragraph>
      )}
      <PagedTable<RecordSummary>
        query={query}
        testId="records-table"
        rowKey="id"
        onRow={(record) =>
          ({
            'data-testid': 'records-row',
            'data-id': record.id,
            onClick: (event) => {
              if (!(event.target as HTMLElement).closest('a')) setOpenId(record.id);
            },
            style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('records.decisionNo'),
            dataIndex: 'decisionNo',
            render: (decisionNo: string, record) => (
              <Typography.Link onClick={() => setOpenId(record.id)} data-testid="records-open">
                {decisionNo}
              </Typography.Link>
            ),
          },
          {
            title: t('records.party'),
            key: 'party',
            render: (_, record) => (
              <Space orientation="vertical" size={0}>
                <span>{record.partyName}</span>
                <Typography.Text type="secondary">{record.partyClassName}</Typography.Text>
              </Space>
            ),
          },
          { title: t('records.item'), dataIndex: 'item', render: (code: string) => itemName(code) },
          { title: t('records.decisionDate'), dataIndex: 'decisionDate' },
          {
            title: t('records.publication'),
            key: 'publication',
            render: (_, record) => <Publication record={record} />,
          },
          {
            title: t('records.timeliness'),
            key: 'timeliness',
            render: (_, record) => <Timeliness record={record} />,
          },
          {
            title: t('records.tier'),
            dataIndex: 'tier',
            render: (tier: ViolationTier | null) =>
              tier ? <Tag color={TIER_COLORS[tier]}>{t(`records.tier.${tier}`)}</Tag> : '—',
          },
          {
            title: t('records.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (amount: string | null) => amount ?? '—',
          },
          { title: t('records.authority'), dataIndex: 'authorityName' },
          { title: t('records.intakeDate'), dataIndex: 'intakeDate' },
          { title: t('records.department'), dataIndex: 'departmentName' },
        ]}
      />
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size={760}
        destroyOnHidden
        title={t('records.detail')}
        data-testid="record-drawer"
      >
        {openId && <RecordView key={openId} id={openId} onChanged={query.reload} />}
      </Drawer>
    </ListCard>
  );
}

function FieldsTable({ fields, testId }: { fields: FieldValue[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <Table<FieldValue>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={fields}
      data-testid={testId}
      columns={[
        {
          title: t('records.field'),
          dataIndex: 'label',
          width: '40%',
          render: (label: string, field) => (
            <Space orientation="vertical" size={0}>
              <span>{label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {field.code}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('records.value'), dataIndex: 'value', render: (value: string) => value || '—' },
      ]}
    />
  );
}

/** The drawer's content: the record, its fields and earlier versions, and 撤销公示. */
function RecordView({ id, onChanged }: { id: string; onChanged(): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const itemName = useItemName();
  const { data, error } = useApi<RecordDetail>(`/records/${encodeURIComponent(id)}`);
  const [updated, setUpdated] = useState<RecordDetail | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const record = updated ?? data;

  if (error) return <ErrorResult error={error} />;
  if (!record) return <Skeleton active />;
  const withdrawn = record.status === 'WITHDRAWN';
  const statusName = (status: string) =>
    status === 'ACTIVE' || status === 'WITHDRAWN' ? t(`records.status.${status}`) : status;

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }} data-testid="record-detail">
      <Space wrap style={{ justifyContent: 'space-between', display: 'flex' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {itemName(record.item)} · {record.decisionNo}
        </Typography.Title>
        {can(INTAKE_PERMISSIONS.withdraw) && !withdrawn && (
          <Button
            danger
            icon={<StopOutlined />}
            onClick={() => setWithdrawing(true)}
            data-testid="record-withdraw"
          >
            {t('records.withdraw')}
          </Button>
        )}
      </Space>
      {withdrawn && (
        <Alert
          type="warning"
          showIcon
          data-testid="record-withdrawn"
          title={t('records.status.WITHDRAWN')}
          description={`${formatDateTime(record.withdrawnAt)} · ${record.withdrawnReason ?? '—'}`}
        />
      )}
      <FactSheet
        idLabel={t('records.id')}
        id={record.id}
        items={[
          { key: 'version', label: t('records.version'), children: record.version },
          {
            key: 'subject',
            label: t('records.party'),
            children: (
              <Link to={`/console/subjects/${encodeURIComponent(record.subject.id)}`}>
                {record.partyName}
              </Link>
            ),
          },
          { key: 'class', label: t('records.partyClass'), children: record.partyClassName },
          { key: 'date', label: t('records.decisionDate'), children: record.decisionDate },
          { key: 'authority', label: t('records.authority'), children: record.authorityName },
          { key: 'region', label: t('records.region'), children: record.regionName },
          { key: 'department', label: t('records.department'), children: record.departmentName },
          {
            key: 'tier',
            label: t('records.tier'),
            children: record.tier ? (
              <Tag color={TIER_COLORS[record.tier]}>{t(`records.tier.${record.tier}`)}</Tag>
            ) : (
              '—'
            ),
          },
          { key: 'amount', label: t('records.amount'), children: record.amount ?? '—' },
          {
            key: 'publication',
            label: t('records.publication'),
            children: <Publication record={record} />,
          },
          {
            key: 'regime',
            label: t('records.regime'),
            children: record.regime
              ? `${t(`records.regime.${record.regime}` as MessageKey)}${
                  record.minimumUntil ? ` · ${t('records.minimumUntil', { date: record.minimumUntil })}` : ''
                }`
              : '—',
          },
          { key: 'intake', label: t('records.intakeDate'), children: record.intakeDate },
          { key: 'timeliness', label: t('records.timeliness'), children: <Timeliness record={record} /> },
          {
            key: 'catalogue',
            label: t('records.catalogue'),
            children: `${record.catalogue} ${record.catalogueVersion}`,
            span: 'filled',
          },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('records.fields')}
      </Typography.Title>
      <FieldsTable fields={record.fields} testId="record-fields" />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('records.history')}
      </Typography.Title>
      {record.history.length ? (
        <Collapse
          size="small"
          data-testid="record-history"
          items={record.history.map((version) => ({
            key: version.version,
            label: `${t('records.versionN', { n: version.version })} · ${statusName(version.status)} · ${t('records.replacedAt')} ${formatDateTime(version.replacedAt)}`,
            children: <FieldsTable fields={version.fields} />,
          }))}
        />
      ) : (
        <Typography.Text type="secondary">{t('records.noHistory')}</Typography.Text>
      )}
      <ReasonModal
        open={withdrawing}
        title={t('records.withdraw')}
        okText={t('records.withdrawConfirm')}
        label={t('records.withdrawReason')}
        notice={
          <Alert type="warning" showIcon title={t('records.withdrawNote')} style={{ marginBottom: 16 }} />
        }
        successText={t('records.withdrawDone')}
        testId="record-withdraw"
        onSubmit={(reason) =>
          api.post<RecordDetail>(`/records/${encodeURIComponent(record.id)}/withdraw`, { reason })
        }
        onClose={() => setWithdrawing(false)}
        onDone={(next) => {
          setUpdated(next);
          onChanged();
        }}
      />
    </Space>
  );
}
