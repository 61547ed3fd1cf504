import { regionScopePrefix } from '../identifiers/regions.ts';
import type { Viewer } from './viewer.ts';

/**
 * The one query guard for region-scoped data (province 220000 → city → county). Every repository
 * that reads restricted rows adds this predicate, so scope is enforced in SQL, below the routes:
 * a county user's query simply cannot return another county's rows.
 *
 * `params` is the query's parameter list; the guard appends its own value and returns the SQL.
 */
export function regionGuard(viewer: Viewer, column: string, params: unknown[]): string {
  params.push(`${regionScopePrefix(viewer.regionCode)}%`);
  return `${column} LIKE $${params.length}`;
}
