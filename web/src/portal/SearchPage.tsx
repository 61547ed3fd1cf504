import { Alert, Empty, Pagination, Select, Skeleton, Space, Typography } from 'antd';
import type { SubjectSummary } from '../api/types';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedQuery } from '../hooks/usePagedQuery';
import { useRegions, useSubjectTypes } from '../hooks/useReference';
import { useI18n } from '../i18n/I18nProvider';
import { SearchBox } from './SearchBox';
import { SubjectResult } from './SubjectResult';

const FILTERS = ['q', 'type', 'region'] as const;

/** `/search?q=&type=&region=&page=`: server-paged search results. */
export default function SearchPage() {
  const { t, localName } = useI18n();
  const result = usePagedQuery<SubjectSummary, (typeof FILTERS)[number]>('/subjects', FILTERS, 10);
  const { filters, setFilters, data, loading, error } = result;
  const types = useSubjectTypes();
  const cities = useRegions().filter((region) => region.level === 'CITY');
  useDocumentTitle(filters.q || t('portal.nav.search'));

  let body: React.ReactNode;
  if (error) body = <Alert type="error" showIcon title={error.message} data-testid="search-error" />;
  else if (!data) body = <Skeleton active />;
  else if (data.items.length === 0)
    body = (
      <Empty description={t('portal.search.empty')} data-testid="search-empty" style={{ padding: 48 }} />
    );
  else
    body = (
      <div className="xy-results" data-testid="search-results" aria-busy={loading}>
        {data.items.map((subject) => (
          <SubjectResult key={subject.id} subject={subject} term={filters.q} />
        ))}
        <Pagination
          align="center"
          showSizeChanger={false}
          current={result.page}
          pageSize={result.pageSize}
          total={data.total}
          onChange={(page) => {
            result.setPage(page);
            window.scrollTo({ top: 0 });
          }}
          data-testid="search-pagination"
        />
      </div>
    );

  return (
    <div className="xy-page">
      <SearchBox initial={filters.q} size="middle" onSearch={(q) => setFilters({ q })} />
      <Space wrap className="xy-search-filters">
        <Select
          allowClear
          placeholder={t('portal.search.type')}
          value={filters.type || undefined}
          onChange={(type) => setFilters({ type })}
          options={types.map((type) => ({ value: type.code, label: localName(type) }))}
          style={{ minWidth: 140 }}
          data-testid="filter-type"
        />
        <Select
          allowClear
          placeholder={t('portal.search.city')}
          value={filters.region || undefined}
          onChange={(region) => setFilters({ region })}
          options={cities.map((city) => ({ value: city.code, label: localName(city) }))}
          style={{ minWidth: 140 }}
          data-testid="filter-city"
        />
        {data && (
          <Typography.Text type="secondary" data-testid="result-total">
            {result.totalText}
          </Typography.Text>
        )}
      </Space>
      {body}
    </div>
  );
}
