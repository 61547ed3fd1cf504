import type { TablePaginationConfig } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { type Query, toQuery } from '../api/client';
import type { Paged } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from './useApi';

/**
 * Server paging with the state in the URL query: `page`, `pageSize` and the given filter keys.
 * Shared by the portal search and publicity results and every console table.
 * `toRequest` turns the URL filters into the request's query (default: as they are), e.g. to drop
 * values the API would refuse or to add fixed parameters.
 */
export function usePagedQuery<T, K extends string = string>(
  path: string,
  filterKeys: readonly K[],
  defaultPageSize = 20,
  toRequest: (filters: Record<K, string>) => Query = (filters) => filters,
) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Number(params.get('pageSize')) || defaultPageSize);
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as Record<
    K,
    string
  >;
  const state = useApi<Paged<T>>(`${path}${toQuery({ ...toRequest(filters), page, pageSize })}`);

  /** Changes filters (empty value removes one) and goes back to page 1. */
  const setFilters = (patch: Partial<Record<K, string | null | undefined>>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(patch) as [string, string | null | undefined][]) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      next.delete('page');
      return next;
    });

  const setPage = (nextPage: number, nextPageSize = pageSize) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      next.set('page', String(nextPageSize === pageSize ? nextPage : 1));
      if (nextPageSize === defaultPageSize) next.delete('pageSize');
      else next.set('pageSize', String(nextPageSize));
      return next;
    });

  const total = state.data?.total ?? 0;
  const totalText = state.data?.totalCapped
    ? t('common.totalCapped', { n: total.toLocaleString() })
    : t('common.total', { n: total.toLocaleString() });

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: () => totalText,
    onChange: setPage,
  };

  return { ...state, page, pageSize, filters, setFilters, setPage, pagination, totalText };
}
