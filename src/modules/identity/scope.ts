import type { SqlParams } from '../../db/sql.ts';
import { regionScopePrefix } from '../identifiers/regions.ts';
import type { Viewer } from './viewer.ts';

/**
 * The one query guard for region-scoped data (province 220000 → city → county). Every repository
 * that reads restricted rows adds this predicate, so scope is enforced in SQL, below the routes:
 * a county user's query simply cannot return another county's rows.
 *
 * The guard adds its own parameter to the query's and returns the SQL predicate.
 */
export function regionGuard(viewer: Viewer, column: string, params: SqlParams): string {
  return `${column} LIKE ${params.add(`${regionScopePrefix(viewer.regionCode)}%`)}`;
}
