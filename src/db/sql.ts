import type { Queryable } from './db.ts';
/**
 * Parameters collected while SQL is composed, so placeholders never drift out of step:
 * `where.push(\`s.type = ${p.add(type)}\`)` and then `q.query(sql, p.values)`.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE wildcards in user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of `sql` in `orderBy` order, and the total count of its rows, queried together. The count
 * gets only the filter's parameters: PostgreSQL cannot type a parameter a statement does not use.
 */
export async function pageWithTotal<R>(
  q: Queryable,
  sql: string,
  p: SqlParams,
  orderBy: string,
  limit: number,
  offset: number,
): Promise<{ rows: R[]; total: number }> {
  const countValues = [...p.values];
  const [rows, [{ n }]] = await Promise.all([
    q.query<R>(`${sql} ORDER BY ${orderBy} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values),
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, countValues),
  ]);
  return { rows, total: n };
}
