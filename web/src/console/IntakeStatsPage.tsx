import { DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Row,
  Select,
  type SelectProps,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { toQuery } from '../api/client';
import type { CatalogueItem, IntakeStats, Rates } from '../api/records-types';
import type { Items } from '../api/types';
import { ErrorResult } from '../components/ErrorResult';
import { PageSpin } from '../components/PageSpin';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { type MessageKey, zhCN } from '../i18n/messages';
import { Chart, type ChartOption } from './parts/Chart';
import { FilterForm } from './parts/FilterForm';
import { RegionTreeSelect } from './parts/RegionTreeSelect';

const FILTERS = ['region', 'department', 'item', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

interface PublicDepartment {
  id: number;
  name: string;
  regionCode: string;
}

type DepartmentRow = { id: number; name: string } & Rates;

const PALETTE = [
  '#c8102e',
  '#1677ff',
  '#722ed1',
  '#13c2c2',
  '#faad14',
  '#52c41a',
  '#eb2f96',
  '#2f54eb',
  '#fa8c16',
  '#a0d911',
];

/** 220000 → 22, 220100 → 2201: the code prefix shared by everything inside a region. */
const regionPrefix = (code: string) => code.replace(/(00)+$/, '');

/** Every month (YYYY-MM) from the earliest to the latest of `months`, so gaps show as empty bars. */
function monthRange(months: string[]): string[] {
  const sorted = [...new Set(months)].sort();
  if (!sorted.length) return [];
  const range: string[] = [];
  let [year, month] = sorted[0].split('-').map(Number);
  const last = sorted[sorted.length - 1];
  for (let current = sorted[0]; current <= last && range.length < 240; ) {
    range.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    current = `${year}-${String(month).padStart(2, '0')}`;
  }
  return range;
}

/** A rate (0–1) as a percentage with two decimals; null (nothing to divide by) as —. */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

/** Departments of `/publication/departments`, narrowed to the region chosen in the same filter form. */
function DepartmentFilter({
  departments,
  ...props
}: SelectProps<string> & { departments: PublicDepartment[] }) {
  const region = Form.useWatch<string | undefined>('region', Form.useFormInstance());
  const prefix = region ? regionPrefix(region) : '';
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      options={departments
        .filter((department) => department.regionCode.startsWith(prefix))
        .map((department) => ({ value: String(department.id), label: department.name }))}
      {...props}
    />
  );
}

/** 归集质量: intake volumes, acceptance, timeliness, USCC error and duplicate rates per department. */
export default function IntakeStatsPage() {
  const { t, localName } = useI18n();
  useDocumentTitle(t('console.menu.intakeStats'));
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Filters;
  const query = toQuery(filters);
  const stats = useApi<IntakeStats>(`/intake/stats${query}`);
  const items = useApi<Items<CatalogueItem>>('/catalogue/items').data?.items;
  const departments = useApi<Items<PublicDepartment>>('/publication/departments').data?.items ?? [];

  const applyFilters = (next: Record<string, string>) =>
    setParams((previous) => {
      const merged = new URLSearchParams(previous);
      for (const key of FILTERS) {
        if (next[key]) merged.set(key, next[key]);
        else merged.delete(key);
      }
      return merged;
    });

  const [volumesOption, errorsOption] = useMemo((): [ChartOption, ChartOption] => {
    const errorName = (code: string) => {
      const key = `intakeStats.error.${code}`;
      return key in zhCN ? t(key as MessageKey) : code;
    };
    const itemName = (code: string) => {
      const item = items?.find((entry) => entry.code === code);
      return item ? localName(item) : code;
    };
    const volumes = stats.data?.volumes ?? [];
    const months = monthRange(volumes.map((row) => row.month));
    const itemCodes = [...new Set(volumes.map((row) => row.item))];
    const errors = stats.data?.errorsByCode ?? [];
    return [
      {
        color: PALETTE,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { type: 'scroll', bottom: 0 },
        grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        series: itemCodes.map((code) => ({
          type: 'bar',
          name: itemName(code),
          stack: 'received',
          barMaxWidth: 48,
          emphasis: { focus: 'series' },
          data: months.map((month) =>
            volumes
              .filter((row) => row.month === month && row.item === code)
              .reduce((sum, row) => sum + row.received, 0),
          ),
        })),
      },
      {
        color: ['#c8102e'],
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          inverse: true,
          data: errors.map((row) => errorName(row.code)),
          axisLabel: { width: 180, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            barMaxWidth: 24,
            label: { show: true, position: 'right' },
            data: errors.map((row) => ({ value: row.count, name: `${errorName(row.code)} (${row.code})` })),
          },
        ],
      },
    ];
  }, [stats.data, items, localName, t]);

  const filterBar = (
    <FilterForm
      filters={filters}
      onApply={applyFilters}
      testId="intake-stats-filters"
      toFilters={(values: Partial<Filters>) =>
        Object.fromEntries(FILTERS.map((key) => [key, values[key] ? String(values[key]) : '']))
      }
    >
      <Form.Item name="region">
        <RegionTreeSelect placeholder={t('intakeStats.region')} data-testid="intake-stats-region" />
      </Form.Item>
      <Form.Item name="department">
        <DepartmentFilter
          departments={departments}
          placeholder={t('intakeStats.department')}
          style={{ width: 220 }}
          data-testid="intake-stats-department"
        />
      </Form.Item>
      <Form.Item name="item">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('intakeStats.item')}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          data-testid="intake-stats-item"
          options={items?.map((item) => ({ value: item.code, label: localName(item) }))}
        />
      </Form.Item>
      <Form.Item name="from" label={t('intakeStats.from')}>
        <Input type="date" data-testid="intake-stats-from" />
      </Form.Item>
      <Form.Item name="to" label={t('intakeStats.to')}>
        <Input type="date" data-testid="intake-stats-to" />
      </Form.Item>
    </FilterForm>
  );

  const exportButton = (
    <Button
      icon={<DownloadOutlined />}
      href={`/api/v1/intake/stats${toQuery({ ...filters, format: 'csv' })}`}
      download="intake-stats.csv"
      data-testid="intake-stats-export"
    >
      {t('intakeStats.export')}
    </Button>
  );

  let body: React.ReactNode;
  if (stats.error) body = <ErrorResult error={stats.error} onRetry={stats.reload} />;
  else if (!stats.data) body = <PageSpin />;
  else {
    const { totals, lateAfterWorkingDays } = stats.data;
    const kpis: { key: string; testId: string; title: string; value: string | number; hint: string }[] = [
      {
        key: 'received',
        testId: 'intake-stats-kpi-received',
        title: t('intakeStats.received'),
        value: totals.received,
        hint: `${t('intakeStats.rejected')} ${totals.rejected.toLocaleString()}`,
      },
      {
        key: 'acceptance',
        testId: 'intake-stats-kpi-acceptance',
        title: t('intakeStats.acceptanceRate'),
        value: percent(totals.acceptanceRate),
        hint: t('intakeStats.acceptanceHint'),
      },
      {
        key: 'timeliness',
        testId: 'intake-stats-kpi-timeliness',
        title: t('intakeStats.timelinessRate'),
        value: percent(totals.timelinessRate),
        hint: t('intakeStats.timelinessHint', {
          n: lateAfterWorkingDays,
          late: totals.late.toLocaleString(),
          records: totals.records.toLocaleString(),
        }),
      },
      {
        key: 'uscc',
        testId: 'intake-stats-kpi-uscc',
        title: t('intakeStats.usccErrorRate'),
        value: percent(totals.usccErrorRate),
        hint: t('intakeStats.usccHint', { n: totals.usccErrors.toLocaleString() }),
      },
      {
        key: 'duplicate',
        testId: 'intake-stats-kpi-duplicate',
        title: t('intakeStats.duplicateRate'),
        value: percent(totals.duplicateRate),
        hint: t('intakeStats.duplicateHint', { n: totals.duplicate.toLocaleString() }),
      },
      {
        key: 'corrections',
        testId: 'intake-stats-kpi-corrections',
        title: t('intakeStats.corrections'),
        value: totals.corrections,
        hint: t('intakeStats.correctionsHint'),
      },
    ];
    const rate = (key: keyof Rates) => ({
      dataIndex: key,
      align: 'right' as const,
      sorter: (a: DepartmentRow, b: DepartmentRow) => ((a[key] as number) ?? -1) - ((b[key] as number) ?? -1),
      render: (value: number | null) => percent(value),
    });
    const count = (key: keyof Rates) => ({
      dataIndex: key,
      align: 'right' as const,
      sorter: (a: DepartmentRow, b: DepartmentRow) => (a[key] as number) - (b[key] as number),
      render: (value: number) => value.toLocaleString(),
    });
    const columns = [
      { title: t('intakeStats.department'), dataIndex: 'name', fixed: 'left' as const },
      { title: t('intakeStats.received'), ...count('received') },
      { title: t('intakeStats.accepted'), ...count('accepted') },
      { title: t('intakeStats.updated'), ...count('updated') },
      { title: t('intakeStats.duplicate'), ...count('duplicate') },
      { title: t('intakeStats.rejected'), ...count('rejected') },
      { title: t('intakeStats.acceptanceRate'), ...rate('acceptanceRate') },
      { title: t('intakeStats.records'), ...count('records') },
      { title: t('intakeStats.late'), ...count('late') },
      { title: t('intakeStats.timelinessRate'), ...rate('timelinessRate') },
      { title: t('intakeStats.usccErrors'), ...count('usccErrors') },
      { title: t('intakeStats.usccErrorRate'), ...rate('usccErrorRate') },
      { title: t('intakeStats.duplicateRate'), ...rate('duplicateRate') },
      { title: t('intakeStats.corrections'), ...count('corrections') },
    ];
    const empty = totals.received === 0 && totals.records === 0;

    body = (
      <Row gutter={[16, 16]}>
        {empty && (
          <Col span={24}>
            <Typography.Text type="secondary" data-testid="intake-stats-empty">
              {t('intakeStats.noData')}
            </Typography.Text>
          </Col>
        )}
        {kpis.map((kpi) => (
          <Col xs={12} md={8} xl={4} key={kpi.key}>
            <Card size="small" style={{ height: '100%' }}>
              <Statistic title={kpi.title} value={kpi.value} data-testid={kpi.testId} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kpi.hint}
              </Typography.Text>
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={14}>
          <Card title={t('intakeStats.volumes')}>
            {stats.data.volumes.length ? (
              <Chart option={volumesOption} testId="intake-stats-chart-volumes" />
            ) : (
              <Empty data-testid="intake-stats-chart-volumes" style={{ height: 320, paddingTop: 96 }} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('intakeStats.errors')}>
            {stats.data.errorsByCode.length ? (
              <Chart option={errorsOption} testId="intake-stats-chart-errors" />
            ) : (
              <Empty data-testid="intake-stats-chart-errors" style={{ height: 320, paddingTop: 96 }} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('intakeStats.departments')}>
            <Table<DepartmentRow>
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={stats.data.departments}
              data-testid="intake-stats-departments"
              columns={columns}
              summary={() => (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{t('intakeStats.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    {columns.slice(1).map((column, index) => {
                      const value = totals[column.dataIndex as keyof Rates];
                      return (
                        <Table.Summary.Cell key={column.dataIndex} index={index + 1} align="right">
                          <Typography.Text strong>
                            {column.dataIndex.endsWith('Rate')
                              ? percent(value)
                              : (value as number).toLocaleString()}
                          </Typography.Text>
                        </Table.Summary.Cell>
                      );
                    })}
                  </Table.Summary.Row>
                </Table.Summary>
              )}
            />
          </Card>
        </Col>
      </Row>
    );
  }

  return (
    <>
      <Card title={t('console.menu.intakeStats')} extra={exportButton} style={{ marginBottom: 16 }}>
        <div className="xy-toolbar" style={{ marginBottom: 0 }}>
          {filterBar}
        </div>
      </Card>
      {body}
    </>
  );
}
