import { DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { toQuery } from '../api/client';
import {
  type CheckHit,
  type EntryLoop,
  FEEDBACK_ACTIONS,
  type Feedback,
  GROUP_BYS,
  type LoopCheck,
  loopPath,
  type OverdueCheck,
  type RecorderFailure,
  type SanctionStats,
  type StatsRow,
} from '../api/lists-types';
import { ErrorResult } from '../components/ErrorResult';
import { formatDateTime } from '../components/format';
import {
  EntryStatusTag,
  FeedbackTag,
  ListTypeTag,
  MeasureActionTag,
  SubjectCell,
  useCheckColumns,
  useCodeLabel,
} from '../components/ListParts';
import { PageSpin } from '../components/PageSpin';
import { rowAttributes } from '../components/rowAttributes';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useRegions } from '../hooks/useReference';
import { useUrlParams } from '../hooks/useSearchParam';
import { useI18n } from '../i18n/I18nProvider';
import { type ChartOption, ChartOrEmpty } from './parts/Chart';
import { FilterForm } from './parts/FilterForm';
import { FilterSelect } from './parts/FilterSelect';
import { LoadedTable } from './parts/LoadedTable';
import { PagedTable } from './parts/PagedTable';
import './lists.css';

const TABS = ['stats', 'overdue', 'loop', 'failures'] as const;
const PARAMS = ['tab', 'from', 'to', 'groupBy', 'entry'] as const;
const FILTERS = ['from', 'to', 'groupBy'] as const;
type Totals = NonNullable<SanctionStats['totals']>;

/** A rate (0–1) as a percentage with one decimal; null (nothing to divide by) as —. */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** 联合奖惩监督: how often checks hit, how departments reported back, what is overdue, one entry's loop. */
export default function SanctionsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('console.menu.sanctions'));
  const [params, setParams] = useUrlParams(PARAMS);
  const tab = TABS.find((key) => key === params.tab) ?? 'stats';

  const items = [
    {
      key: 'stats',
      label: t('sanctions.tab.stats'),
      children: <StatsTab params={params} onFilters={setParams} />,
    },
    { key: 'overdue', label: t('sanctions.tab.overdue'), children: <OverdueTab /> },
    {
      key: 'loop',
      label: t('sanctions.tab.loop'),
      children: <LoopTab entryId={params.entry} onEntry={(entry) => setParams({ entry })} />,
    },
    { key: 'failures', label: t('sanctions.tab.failures'), children: <FailuresTab /> },
  ];
  return (
    <Card title={t('console.menu.sanctions')}>
      <Typography.Paragraph type="secondary">{t('sanctions.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key === 'stats' ? null : key })}
        items={items.map((item) => ({
          ...item,
          label: <span data-testid={`sanctions-tab-${item.key}`}>{item.label}</span>,
        }))}
      />
    </Card>
  );
}

function StatsTab({
  params,
  onFilters,
}: {
  params: Record<(typeof PARAMS)[number], string>;
  onFilters(filters: Record<string, string>): void;
}) {
  const { t, localName } = useI18n();
  const filters = { from: params.from, to: params.to, groupBy: params.groupBy || 'department' };
  const stats = useApi<SanctionStats>(`/sanctions/stats${toQuery(filters)}`);
  const codeLabel = useCodeLabel();
  const regions = useRegions();
  // The server labels list types and regions by code: named here in the UI language.
  const rows = useMemo(
    () =>
      (stats.data?.rows ?? []).map((row) => {
        if (filters.groupBy === 'listType') return { ...row, label: codeLabel('lists.type', row.key) };
        if (filters.groupBy === 'region')
          return {
            ...row,
            label: localName(
              regions.find((region) => region.code === row.key),
              row.label,
            ),
          };
        return row;
      }),
    [stats.data, filters.groupBy, codeLabel, regions, localName],
  );

  const option = useMemo(
    (): ChartOption => ({
      color: ['#1677ff', '#c8102e', '#52c41a'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: rows.map((row) => row.label), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['checks', 'hits', 'feedback'] as const).map((key) => ({
        type: 'bar' as const,
        name: t(`sanctions.${key}`),
        barMaxWidth: 32,
        data: rows.map((row) => row[key]),
      })),
    }),
    [rows, t],
  );

  const count = (key: 'checks' | 'hits' | 'feedback') => ({
    title: t(`sanctions.${key}`),
    dataIndex: key,
    align: 'right' as const,
    sorter: (a: StatsRow, b: StatsRow) => a[key] - b[key],
  });
  const columns: TableColumnsType<StatsRow> = [
    { title: t(`sanctions.groupBy.${filters.groupBy as (typeof GROUP_BYS)[number]}`), dataIndex: 'label' },
    count('checks'),
    count('hits'),
    count('feedback'),
    {
      title: t('sanctions.feedbackRate'),
      dataIndex: 'feedbackRate',
      align: 'right',
      render: (rate: number | null) => percent(rate),
    },
    ...FEEDBACK_ACTIONS.map((action) => ({
      title: <FeedbackTag action={action} />,
      key: action,
      align: 'right' as const,
      render: (_: unknown, row: StatsRow) => row.actions[action] ?? 0,
    })),
  ];

  const kpi = (key: Exclude<keyof Totals, 'actions'>, value: string | number) => (
    <Col xs={12} md={6} key={key}>
      <Card size="small" className="xy-lists-kpi">
        <Statistic
          title={t(`sanctions.${key}`)}
          valueRender={() => <span data-testid={`sanctions-kpi-${key}`}>{value}</span>}
        />
      </Card>
    </Col>
  );

  let body: React.ReactNode;
  if (stats.error) body = <ErrorResult error={stats.error} onRetry={stats.reload} />;
  else if (!stats.data) body = <PageSpin />;
  else {
    // No totals per measure or list type: one check can hit several, so rows do not add up.
    const { totals } = stats.data;
    body = (
      <Row gutter={[16, 16]}>
        {totals ? (
          <>
            {kpi('checks', totals.checks)}
            {kpi('hits', totals.hits)}
            {kpi('feedback', totals.feedback)}
            {kpi('feedbackRate', percent(totals.feedbackRate))}
          </>
        ) : (
          <Col span={24}>
            <Typography.Text type="secondary" data-testid="sanctions-no-totals">
              {t('sanctions.noTotals')}
            </Typography.Text>
          </Col>
        )}
        <Col span={24}>
          <ChartOrEmpty empty={!rows.length} option={option} testId="sanctions-chart" />
        </Col>
        <Col span={24}>
          <Table<StatsRow>
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={rows}
            data-testid="sanctions-stats-table"
            onRow={(row) => rowAttributes('sanctions-stats-row', { key: row.key })}
            columns={columns}
          />
        </Col>
      </Row>
    );
  }

  return (
    <>
      <div className="xy-toolbar">
        <FilterForm
          filters={filters}
          onApply={onFilters}
          testId="sanctions-filters"
          toFilters={(values: Partial<Record<(typeof FILTERS)[number], string>>) =>
            Object.fromEntries(FILTERS.map((key) => [key, values[key] ?? '']))
          }
        >
          <FilterSelect
            name="groupBy"
            title={t('sanctions.groupBy')}
            codes={GROUP_BYS}
            label={(code) => t(`sanctions.groupBy.${code}`)}
            width={140}
            required
            testId="sanctions-group-by"
          />
          <Form.Item name="from" label={t('sanctions.from')}>
            <Input type="date" data-testid="sanctions-from" />
          </Form.Item>
          <Form.Item name="to" label={t('sanctions.to')}>
            <Input type="date" data-testid="sanctions-to" />
          </Form.Item>
        </FilterForm>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/v1/sanctions/stats.csv${toQuery(filters)}`}
          download="sanctions-stats.csv"
          data-testid="sanctions-export"
        >
          {t('sanctions.export')}
        </Button>
      </div>
      {body}
    </>
  );
}

function OverdueTab() {
  const { t } = useI18n();
  const checkColumns = useCheckColumns();
  const overdue = usePagedQuery<OverdueCheck>('/sanctions/overdue', []);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('sanctions.overdue.hint')}</Typography.Paragraph>
      <PagedTable<OverdueCheck>
        query={overdue}
        testId="sanctions-overdue"
        rowKey="checkId"
        onRow={(check) => rowAttributes('sanctions-overdue-row', { 'check-id': check.checkId })}
        columns={[
          ...checkColumns,
          {
            title: t('lists.subject'),
            key: 'subject',
            render: (_, { subject }) => (subject ? `${subject.name ?? '—'} ${subject.code}` : '—'),
          },
          {
            title: t('sanctions.entries'),
            key: 'entries',
            render: (_, check) =>
              [...new Set(check.hits.map((hit) => hit.entryId))].map((entryId) => (
                <div key={entryId}>
                  <Link to={loopPath(entryId)}>{entryId}</Link>
                </div>
              )),
          },
          { title: t('sanctions.measure'), key: 'hits', render: (_, check) => <Hits hits={check.hits} /> },
          {
            title: t('sanctions.dueAt'),
            dataIndex: 'dueAt',
            render: (due: string) => <Typography.Text type="danger">{formatDateTime(due)}</Typography.Text>,
          },
        ]}
      />
    </>
  );
}

/** Checks answered but not recorded (the database refused their row), newest first. */
function FailuresTab() {
  const { t } = useI18n();
  const checkColumns = useCheckColumns();
  const failures = usePagedQuery<RecorderFailure>('/sanctions/recorder-failures', []);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('sanctions.failures.hint')}</Typography.Paragraph>
      <PagedTable<RecorderFailure>
        query={failures}
        testId="sanctions-failures"
        rowKey="checkId"
        onRow={(failure) => rowAttributes('sanctions-failure-row', { 'check-id': failure.checkId })}
        columns={[
          ...checkColumns,
          { title: t('sanctions.result'), dataIndex: 'result' },
          { title: t('sanctions.failedAt'), dataIndex: 'failedAt', render: formatDateTime },
          {
            title: t('sanctions.error'),
            key: 'error',
            render: (_, failure) => (
              <Typography.Text type="danger">
                {failure.errorCode ? `${failure.errorCode} ` : ''}
                {failure.errorMessage}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}

/** The measures a check applied: action and name, one a line. */
function Hits({
  hits,
}: {
  hits: (Pick<CheckHit, 'measureCode' | 'measureName'> & { action?: CheckHit['action'] })[];
}) {
  if (!hits.length) return '—';
  return hits.map((hit) => (
    <div key={hit.measureCode}>
      {hit.action && <MeasureActionTag action={hit.action} />} {hit.measureName}
    </div>
  ));
}

/** 闭环: one entry end to end — the entry, then every check that hit it and the feedback on it. */
function LoopTab({ entryId, onEntry }: { entryId: string; onEntry(entryId: string): void }) {
  const { t } = useI18n();
  const checkColumns = useCheckColumns();
  const loop = useApi<EntryLoop>(entryId ? `/sanctions/entries/${encodeURIComponent(entryId)}/loop` : null);
  const entry = loop.data?.entry;

  const feedback = (items: Feedback[]) =>
    items.length ? (
      <Space orientation="vertical" size={2} data-testid="loop-feedback">
        {items.map((item) => (
          <span key={`${item.at}-${item.entryId ?? ''}-${item.actionTaken}`}>
            <FeedbackTag action={item.actionTaken} /> {item.handler} · {item.matterId} ·{' '}
            {formatDateTime(item.at)}
            {item.reason && <Typography.Text type="secondary"> · {item.reason}</Typography.Text>}
          </span>
        ))}
      </Space>
    ) : (
      <Typography.Text type="warning" data-testid="loop-no-feedback">
        {t('sanctions.loop.noFeedback')}
      </Typography.Text>
    );

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Input.Search
        defaultValue={entryId}
        key={entryId}
        allowClear
        enterButton={t('common.search')}
        placeholder={t('sanctions.loop.entryId')}
        style={{ maxWidth: 420 }}
        onSearch={(value) => onEntry(value.trim())}
        data-testid="loop-entry-input"
      />
      {!entryId && <Empty description={t('sanctions.loop.hint')} />}
      {loop.error && <ErrorResult error={loop.error} />}
      {entryId && !loop.error && !entry && <PageSpin />}
      {entry && (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            data-testid="loop-entry"
            items={[
              {
                key: 'entry',
                label: t('lists.entryId'),
                children: (
                  <Link to={`/console/lists?open=${encodeURIComponent(entry.entryId)}`}>{entry.entryId}</Link>
                ),
              },
              {
                key: 'subject',
                label: t('lists.subject'),
                children: <SubjectCell subject={entry.subject} />,
              },
              { key: 'type', label: t('lists.listType'), children: <ListTypeTag type={entry.listType} /> },
              { key: 'status', label: t('lists.status'), children: <EntryStatusTag status={entry.status} /> },
              { key: 'decidedBy', label: t('lists.decidedBy'), children: entry.decidedBy.name },
              {
                key: 'decisionNo',
                label: t('lists.decisionNo'),
                children: entry.decision?.decisionNo ?? '—',
              },
              {
                key: 'validity',
                label: t('lists.validity'),
                children: `${entry.validFrom} ~ ${entry.validTo}`,
              },
              {
                key: 'measures',
                label: t('lists.measures'),
                children: entry.measures.map((measure) => (
                  <div key={measure.code}>
                    <MeasureActionTag action={measure.action} /> {measure.name}
                  </div>
                )),
              },
            ]}
          />
          <LoadedTable<LoopCheck, EntryLoop>
            state={loop}
            rows={(data) => data.checks}
            testId="loop-checks"
            rowKey="checkId"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(check) => rowAttributes('loop-check-row', { 'check-id': check.checkId })}
            columns={[
              ...checkColumns,
              {
                title: t('sanctions.measure'),
                key: 'measures',
                render: (_, check) => (
                  <Hits
                    hits={check.measures.map((code) => ({
                      measureCode: code,
                      measureName: entry.measures.find((measure) => measure.code === code)?.name ?? code,
                      action: entry.measures.find((measure) => measure.code === code)?.action,
                    }))}
                  />
                ),
              },
              {
                title: t('sanctions.feedback'),
                key: 'feedback',
                render: (_, check) => feedback(check.feedback),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
