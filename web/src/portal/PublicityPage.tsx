import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Input,
  Pagination,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { type ReactNode, useMemo } from 'react';
import { Link } from 'react-router-dom';
import type { Dictionary, RecordSummary, ViolationTier } from '../api/records-types';
import type { Items, Region } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useRegions } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { HighlightText } from './HighlightText';
import { SearchBox } from './SearchBox';

const ITEMS = ['ADMIN_LICENSE', 'ADMIN_PENALTY'] as const;
type PublicityItem = (typeof ITEMS)[number];
const FILTERS = ['q', 'region', 'department', 'from', 'to', 'kind', 'tier'] as const;
type FilterKey = (typeof FILTERS)[number];
type Filters = Record<FilterKey, string>;
/** The URL query keys besides paging: the filters and the tab. */
const QUERY_KEYS = [...FILTERS, 'item'] as const;

/** The dictionary whose entries the `kind` filter and the type labels use. */
const KIND_DICTIONARY: Record<PublicityItem, string> = {
  ADMIN_LICENSE: 'LICENCE_CATEGORY',
  ADMIN_PENALTY: 'PENALTY_TYPE',
};
const TIERS: ViolationTier[] = ['GENERAL', 'SERIOUS', 'MINOR'];
const TIER_COLORS: Record<ViolationTier, string> = { SERIOUS: 'red', GENERAL: 'orange', MINOR: 'default' };
const DEFAULT_PAGE_SIZE = 20;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface PublicDepartment {
  id: number;
  name: string;
  regionCode: string;
}

/** Drops hand-edited query values the API would refuse with a 400 (the URL keeps them as typed). */
function requestFilters(filters: Filters, item: PublicityItem): Partial<Filters> {
  return {
    q: filters.q.trim().slice(0, 100),
    region: /^\d{6}$/.test(filters.region) ? filters.region : '',
    department: /^[1-9]\d*$/.test(filters.department) ? filters.department : '',
    from: ISO_DATE.test(filters.from) ? filters.from : '',
    to: ISO_DATE.test(filters.to) ? filters.to : '',
    kind: filters.kind,
    tier: item === 'ADMIN_PENALTY' && (TIERS as string[]).includes(filters.tier) ? filters.tier : '',
  };
}

/** The tab (`item` in the URL); an unknown or missing one is the first. */
const itemOf = (filters: { item: string }): PublicityItem =>
  ITEMS.find((code) => code === filters.item) ?? ITEMS[0];

/**
 * Server paging with every filter and the tab in the URL query, plus `published=true`: the portal
 * lists only what is published today, also for officials signed in to the console (who would
 * otherwise see their region's unpublished and withdrawn records here).
 */
function usePublicityQuery() {
  const query = usePagedQuery<RecordSummary, (typeof QUERY_KEYS)[number]>(
    '/records',
    QUERY_KEYS,
    DEFAULT_PAGE_SIZE,
    (filters) => {
      const item = itemOf(filters);
      return { item, ...requestFilters(filters, item), published: true };
    },
  );
  return { ...query, item: itemOf(query.filters) };
}

interface RegionNode {
  value: string;
  title: string;
  children: RegionNode[];
}

/** Cities with their counties (the province itself is "no filter"). */
function regionTree(regions: Region[], label: (region: Region) => string): RegionNode[] {
  const cities = regions.filter((region) => region.level === 'CITY');
  return cities.map((city) => ({
    value: city.code,
    title: label(city),
    children: regions
      .filter((region) => region.level === 'COUNTY' && region.parent === city.code)
      .map((county) => ({ value: county.code, title: label(county), children: [] })),
  }));
}

const recordPath = (record: RecordSummary) => `/records/${encodeURIComponent(record.id)}`;

/** `/publicity?item=ADMIN_LICENSE|ADMIN_PENALTY&q=&region=&department=&from=&to=&kind=&tier=&page=`: 双公示. */
export default function PublicityPage() {
  const { t, localName } = useI18n();
  const query = usePublicityQuery();
  const { item, filters, setFilters, data, loading, error } = query;
  const penalty = item === 'ADMIN_PENALTY';
  const wide = !!Grid.useBreakpoint().md;
  const regions = useRegions();
  const tree = useMemo(() => regionTree(regions, (region) => localName(region)), [regions, localName]);
  const departments = useApi<Items<PublicDepartment>>('/publication/departments').data?.items ?? [];
  const dictionaries = useApi<Items<Dictionary>>('/dictionaries').data?.items;
  const kindEntries = dictionaries?.find((d) => d.code === KIND_DICTIONARY[item])?.entries ?? [];
  const kindLabels = new Map(kindEntries.map((entry) => [entry.code, entry.label]));
  useDocumentTitle(`${t(`publicity.item.${item}`)} · ${t('publicity.title')}`);

  const tierLabel = (tier: ViolationTier | null) =>
    tier ? (
      <Tag color={TIER_COLORS[tier]} data-testid="publicity-tier">
        {t(`publicity.tier.${tier}` as MessageKey)}
      </Tag>
    ) : (
      '—'
    );
  const kindTags = (record: RecordSummary) =>
    record.kinds.length
      ? record.kinds.map((code) => <Tag key={code}>{kindLabels.get(code) ?? code}</Tag>)
      : '—';
  const partyLink = (record: RecordSummary) => (
    <Link to={recordPath(record)} data-testid="publicity-row-party">
      <HighlightText text={record.partyName} term={filters.q.trim()} />
    </Link>
  );
  const hasFilters = FILTERS.some((key) => filters[key]);

  let body: ReactNode;
  if (error) body = <Alert type="error" showIcon title={error.message} data-testid="publicity-error" />;
  // While a request runs nothing of the previous result stays on screen (no stale rows or totals).
  else if (!data || loading) body = <Skeleton active />;
  else if (data.items.length === 0)
    body = <Empty description={t('publicity.empty')} data-testid="publicity-empty" style={{ padding: 48 }} />;
  else
    body = (
      <div className="xy-results" data-testid="publicity-results">
        {wide ? (
          <Table<RecordSummary>
            size="middle"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            onRow={(record) =>
              ({
                'data-testid': 'publicity-row',
                'data-record-id': record.id,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              { key: 'party', title: t('publicity.col.party'), render: (_, record) => partyLink(record) },
              { key: 'decisionNo', title: t('publicity.col.decisionNo'), dataIndex: 'decisionNo' },
              { key: 'authority', title: t('publicity.col.authority'), dataIndex: 'authorityName' },
              {
                key: 'decisionDate',
                title: t('publicity.col.decisionDate'),
                dataIndex: 'decisionDate',
                onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              },
              {
                key: 'kinds',
                title: t(`publicity.col.kinds.${item}`),
                render: (_, record) => kindTags(record),
              },
              ...(penalty
                ? [
                    {
                      key: 'tier',
                      title: t('publicity.col.tier'),
                      render: (_: unknown, record: RecordSummary) => tierLabel(record.tier),
                    },
                    {
                      key: 'amount',
                      title: t('publicity.col.amount'),
                      align: 'right' as const,
                      render: (_: unknown, record: RecordSummary) => record.amount ?? '—',
                    },
                  ]
                : []),
              {
                key: 'publicUntil',
                title: t('publicity.col.publicUntil'),
                dataIndex: 'publicUntil',
                onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                render: (value: string | null) => value ?? '—',
              },
            ]}
          />
        ) : (
          data.items.map((record) => (
            <Card
              key={record.id}
              size="small"
              className="xy-result"
              data-testid="publicity-row"
              data-record-id={record.id}
            >
              <div className="xy-result-head">
                <span className="xy-result-name">{partyLink(record)}</span>
                {penalty && record.tier && tierLabel(record.tier)}
              </div>
              <dl className="xy-result-facts">
                {(
                  [
                    [t('publicity.col.decisionNo'), record.decisionNo],
                    [t('publicity.col.authority'), record.authorityName],
                    [t('publicity.col.decisionDate'), record.decisionDate],
                    [t(`publicity.col.kinds.${item}`), kindTags(record)],
                    ...(penalty ? [[t('publicity.col.amount'), record.amount ?? '—']] : []),
                    [t('publicity.col.publicUntil'), record.publicUntil ?? '—'],
                  ] as [string, ReactNode][]
                ).map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </Card>
          ))
        )}
        <Pagination
          align="center"
          size={wide ? undefined : 'small'}
          showSizeChanger={wide}
          current={query.page}
          pageSize={query.pageSize}
          total={data.total}
          onChange={(page, pageSize) => {
            query.setPage(page, pageSize);
            window.scrollTo({ top: 0 });
          }}
          data-testid="publicity-pagination"
        />
      </div>
    );

  const dateInput = (key: 'from' | 'to') => (
    <Input
      type="date"
      value={filters[key]}
      max={key === 'from' && filters.to ? filters.to : undefined}
      min={key === 'to' && filters.from ? filters.from : undefined}
      onChange={(event) => {
        const value = event.target.value;
        if (!value || ISO_DATE.test(value)) setFilters({ [key]: value });
      }}
      prefix={
        <Typography.Text type="secondary">
          {t(key === 'from' ? 'publicity.filter.date' : 'publicity.filter.dateTo')}
        </Typography.Text>
      }
      aria-label={t(`publicity.filter.${key}`)}
      style={{ flex: 1, minWidth: 0 }}
      data-testid={`publicity-filter-${key}`}
    />
  );

  return (
    <div className="xy-page" data-testid="publicity-page">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('publicity.title')}
      </Typography.Title>
      <Tabs
        activeKey={item}
        onChange={(next) => setFilters({ item: next, kind: null, tier: null })}
        items={ITEMS.map((code) => ({
          key: code,
          label: <span data-testid={`publicity-tab-${code}`}>{t(`publicity.item.${code}`)}</span>,
        }))}
      />
      <Typography.Paragraph type="secondary">{t(`publicity.intro.${item}`)}</Typography.Paragraph>
      <SearchBox
        initial={filters.q}
        size="middle"
        placeholder={t('publicity.search.placeholder')}
        maxLength={100}
        testIds={{ input: 'publicity-search-input', submit: 'publicity-search-submit' }}
        onSearch={(q) => setFilters({ q })}
      />
      <Row gutter={[8, 8]} className="xy-search-filters">
        <Col xs={12} md={8} lg={penalty ? 4 : 5}>
          <TreeSelect<string>
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('publicity.filter.region')}
            value={filters.region || undefined}
            onChange={(region) => setFilters({ region })}
            treeData={tree}
            style={{ width: '100%' }}
            data-testid="publicity-filter-region"
          />
        </Col>
        <Col xs={12} md={8} lg={penalty ? 5 : 6}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('publicity.filter.department')}
            value={filters.department || undefined}
            onChange={(department) => setFilters({ department })}
            options={departments.map((department) => ({
              value: String(department.id),
              label: department.name,
            }))}
            style={{ width: '100%' }}
            data-testid="publicity-filter-department"
          />
        </Col>
        <Col xs={penalty ? 12 : 24} md={8} lg={penalty ? 4 : 5}>
          <Select
            allowClear
            placeholder={t(`publicity.filter.kind.${item}`)}
            value={filters.kind || undefined}
            onChange={(kind) => setFilters({ kind })}
            options={kindEntries.map((entry) => ({ value: entry.code, label: entry.label }))}
            style={{ width: '100%' }}
            data-testid="publicity-filter-kind"
          />
        </Col>
        {penalty && (
          <Col xs={12} md={8} lg={3}>
            <Select
              allowClear
              placeholder={t('publicity.filter.tier')}
              value={filters.tier || undefined}
              onChange={(tier) => setFilters({ tier })}
              options={TIERS.map((tier) => ({
                value: tier,
                label: t(`publicity.tier.${tier}` as MessageKey),
              }))}
              style={{ width: '100%' }}
              data-testid="publicity-filter-tier"
            />
          </Col>
        )}
        <Col xs={24} md={penalty ? 16 : 24} lg={8}>
          <Space.Compact block>
            {dateInput('from')}
            {dateInput('to')}
          </Space.Compact>
        </Col>
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        {data && !loading && !error && (
          <Typography.Text type="secondary" data-testid="publicity-total">
            {query.totalText}
          </Typography.Text>
        )}
        {hasFilters && (
          <Button
            size="small"
            type="link"
            data-testid="publicity-reset"
            onClick={() => setFilters(Object.fromEntries(FILTERS.map((key) => [key, null])))}
          >
            {t('common.reset')}
          </Button>
        )}
      </Space>
      {body}
    </div>
  );
}
