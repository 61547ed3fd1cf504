import type { Queryable } from '../../db/db.ts';

/**
 * Notes, inside the caller's transaction, that check results may have changed: for a subject, or
 * for everyone (`subjectIds` null, e.g. a measure changed). Every API process polls these rows.
 */
export async function recordListChange(
  q: Queryable,
  subjectIds: number[] | null,
  kind: string,
): Promise<void> {
  if (subjectIds === null) {
    await q.query('INSERT INTO list_changes (subject_id, kind) VALUES (NULL, $1)', [kind]);
    return;
  }
  if (!subjectIds.length) return;
  await q.query(
    'INSERT INTO list_changes (subject_id, kind) SELECT DISTINCT s, $2 FROM unnest($1::bigint[]) AS s',
    [subjectIds, kind],
  );
}
