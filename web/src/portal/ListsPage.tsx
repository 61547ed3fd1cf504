import {
  Alert,
  Card,
  Descriptions,
  Empty,
  Grid,
  List,
  type PaginationProps,
  Table,
  Tabs,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  DECIDED_LIST_TYPES,
  type DecidedListType,
  departmentName,
  isDecidedListType,
  type PublicEntry,
  publicEntryPath,
} from '../api/lists-types';
import { ListTypeTag } from '../components/ListParts';
import { rowAttributes } from '../components/rowAttributes';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useI18n } from '../i18n/I18nProvider';
import { HighlightText } from './HighlightText';
import { NotFoundPage } from './NotFoundPage';
import { SearchBox } from './SearchBox';

/** `/lists/:listType?q=&page=`: a public list (红名单, 严重失信主体名单, 重点关注名单) — entries in force only. */
export default function ListsPage() {
  const { listType } = useParams();
  if (!isDecidedListType(listType)) return <NotFoundPage />;
  return <PublicList key={listType} listType={listType} />;
}

function PublicList({ listType }: { listType: DecidedListType }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const wide = !!Grid.useBreakpoint().md;
  const query = usePagedQuery<PublicEntry, 'q'>(`/lists/${listType}/entries`, ['q'], 20, ({ q }) => ({
    q: q.trim().slice(0, 100),
  }));
  const { data, loading, error, filters } = query;
  useDocumentTitle(`${t(`lists.type.${listType}`)} · ${t('lists.portal.title')}`);
  const term = filters.q.trim();

  const subjectLink = (entry: PublicEntry) => (
    <Link to={publicEntryPath(entry.entryId)} data-testid="list-row-subject">
      <HighlightText text={entry.subject.name} term={term} />
    </Link>
  );
  /** The facts of an entry, as table columns (wide) or the lines of a card (phones). */
  const facts: { key: string; title: string; value(entry: PublicEntry): ReactNode }[] = [
    { key: 'code', title: t('lists.portal.code'), value: (entry) => entry.subject.code },
    { key: 'decisionNo', title: t('lists.decisionNo'), value: (entry) => entry.decisionNo ?? '—' },
    { key: 'decidedBy', title: t('lists.decidedBy'), value: (entry) => departmentName(entry.decidedBy) },
    {
      key: 'validity',
      title: t('lists.validity'),
      value: (entry) => `${entry.validFrom} ~ ${entry.validTo}`,
    },
    { key: 'reason', title: t('lists.reason'), value: (entry) => entry.reason },
  ];

  // Phones get one card per entry, wider screens a table; both page on the server with the URL.
  const pagination: PaginationProps = {
    current: query.page,
    pageSize: query.pageSize,
    total: data?.total ?? 0,
    align: 'center',
    simple: !wide,
    hideOnSinglePage: true,
    onChange: (page: number, pageSize: number) => {
      query.setPage(page, pageSize);
      window.scrollTo({ top: 0 });
    },
  };
  const empty = { emptyText: <Empty description={t('lists.portal.empty')} data-testid="list-empty" /> };
  let body: ReactNode;
  if (error) body = <Alert type="error" showIcon title={error.message} data-testid="list-error" />;
  else if (wide)
    body = (
      <Table<PublicEntry>
        size="middle"
        rowKey="entryId"
        loading={loading}
        locale={empty}
        pagination={pagination}
        dataSource={data?.items}
        data-testid="list-results"
        onRow={(entry) => rowAttributes('list-row', { 'entry-id': entry.entryId })}
        columns={[
          { key: 'subject', title: t('lists.subject'), render: (_, entry) => subjectLink(entry) },
          ...facts.map((fact) => ({
            key: fact.key,
            title: fact.title,
            render: (_: unknown, entry: PublicEntry) => fact.value(entry),
            onCell: () => ({ className: fact.key === 'reason' ? 'xy-list-reason' : 'xy-nowrap' }),
          })),
        ]}
      />
    );
  else
    body = (
      <List<PublicEntry>
        loading={loading}
        locale={empty}
        pagination={pagination}
        dataSource={data?.items}
        data-testid="list-results"
        renderItem={(entry) => (
          <Card
            key={entry.entryId}
            size="small"
            className="xy-list-card"
            data-testid="list-row"
            data-entry-id={entry.entryId}
          >
            <div className="xy-result-name">{subjectLink(entry)}</div>
            <Descriptions
              size="small"
              column={1}
              className="xy-list-card-facts"
              items={facts.map((fact) => ({ key: fact.key, label: fact.title, children: fact.value(entry) }))}
            />
          </Card>
        )}
      />
    );

  return (
    <div className="xy-page" data-testid="lists-page" data-list-type={listType}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('lists.portal.title')}
      </Typography.Title>
      <Tabs
        activeKey={listType}
        onChange={(next) => navigate(`/lists/${next}`)}
        items={DECIDED_LIST_TYPES.map((code) => ({
          key: code,
          label: <span data-testid={`lists-tab-${code}`}>{t(`lists.portal.tab.${code}`)}</span>,
        }))}
      />
      <Typography.Paragraph type="secondary">
        <ListTypeTag type={listType} /> {t(`lists.portal.intro.${listType}`)}
      </Typography.Paragraph>
      <SearchBox
        initial={filters.q}
        size="middle"
        placeholder={t('lists.portal.search')}
        maxLength={100}
        testIds={{ input: 'list-search-input', submit: 'list-search-submit' }}
        onSearch={(q) => query.setFilters({ q })}
      />
      <div className="xy-list-total">
        {data && !loading && !error && (
          <Typography.Text type="secondary" data-testid="list-total">
            {query.totalText}
          </Typography.Text>
        )}
      </div>
      {body}
    </div>
  );
}
