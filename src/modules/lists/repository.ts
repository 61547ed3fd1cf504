import type { Queryable } from '../../db/db.ts';
import { escapeLike, pageWithTotal, SqlParams } from '../../db/sql.ts';
import { regionGuard } from '../identity/scope.ts';
import type { Viewer } from '../identity/viewer.ts';
import type { EntryStatus, ListType } from './rules.ts';

export interface EntryRow {
  id: number;
  public_id: string;
  list_type: ListType;
  source: 'DECIDED' | 'MIRRORED';
  status: EntryStatus;
  subject_id: number;
  subject_public_id: string;
  subject_type: string;
  subject_name: string;
  subject_uscc: string | null;
  subject_id_masked: string | null;
  department_id: number | null;
  decided_by_name: string;
  region_code: string;
  facts: string;
  basis: string;
  reason: string;
  noticed_at: Date | null;
  defence_deadline: string | null;
  notice_text: string | null;
  defence_statement: string | null;
  defence_at: Date | null;
  decision_no: string | null;
  decided_at: Date | null;
  removal_conditions: string | null;
  remedies: string | null;
  valid_from: string;
  valid_to: string;
  published_at: Date | null;
  removal_kind: string | null;
  removal_reason: string | null;
  removed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const ENTRY_SELECT = `
  SELECT e.id, e.public_id, e.list_type, e.source, e.status, e.subject_id, s.public_id AS subject_public_id,
    s.type AS subject_type, s.name AS subject_name, s.uscc AS subject_uscc, s.id_number_masked AS subject_id_masked,
    e.department_id, e.decided_by_name, e.region_code, e.facts, e.basis, e.reason, e.noticed_at,
    e.defence_deadline::text AS defence_deadline, e.notice_text, e.defence_statement, e.defence_at, e.decision_no,
    e.decided_at, e.removal_conditions, e.remedies, e.valid_from::text AS valid_from, e.valid_to::text AS valid_to,
    e.published_at, e.removal_kind, e.removal_reason, e.removed_at, e.version, e.created_at, e.updated_at
  FROM list_entries e JOIN subjects s ON s.id = e.subject_id`;

export async function findEntry(q: Queryable, publicId: string, lock = false): Promise<EntryRow | undefined> {
  const rows = await q.query<EntryRow>(
    `${ENTRY_SELECT} WHERE e.public_id = $1${lock ? ' FOR UPDATE OF e' : ''}`,
    [publicId],
  );
  return rows[0];
}

export interface EntryFilter {
  listType?: string;
  status?: string;
  q?: string;
}

/** Console listing: the region guard keeps each department inside its own jurisdiction. */
export async function listEntries(
  q: Queryable,
  viewer: Viewer,
  f: EntryFilter,
  limit: number,
  offset: number,
) {
  const p = new SqlParams();
  const where = [regionGuard(viewer, 'e.region_code', p)];
  if (f.listType) where.push(`e.list_type = ${p.add(f.listType)}`);
  if (f.status) where.push(`e.status = ${p.add(f.status)}`);
  if (f.q) {
    const like = p.add(`%${escapeLike(f.q)}%`);
    where.push(
      `(s.name LIKE ${like} OR s.uscc = ${p.add(f.q.toUpperCase())} OR e.public_id = ${p.add(f.q)} OR e.decision_no LIKE ${like})`,
    );
  }
  const sql = `${ENTRY_SELECT} WHERE ${where.join(' AND ')}`;
  return pageWithTotal<EntryRow>(q, sql, p, 'e.updated_at DESC, e.id DESC', limit, offset);
}

/** Public listing: entries in force today of one list type. */
export async function listPublicEntries(
  q: Queryable,
  listType: ListType,
  today: string,
  search: string | undefined,
  limit: number,
  offset: number,
) {
  const p = new SqlParams();
  const where = [
    `e.list_type = ${p.add(listType)}`,
    `e.status = 'PUBLISHED'`,
    `e.valid_from <= ${p.add(today)}::date`,
    `e.valid_to >= ${p.add(today)}::date`,
  ];
  if (search) {
    // Individuals are found by an exact identifier only, never by a partial name.
    const like = p.add(`%${escapeLike(search)}%`);
    where.push(
      `((s.type <> 'INDIVIDUAL' AND s.name LIKE ${like}) OR s.uscc = ${p.add(search.toUpperCase())} OR e.decision_no LIKE ${like})`,
    );
  }
  const sql = `${ENTRY_SELECT} WHERE ${where.join(' AND ')}`;
  return pageWithTotal<EntryRow>(q, sql, p, 'e.published_at DESC NULLS LAST, e.id DESC', limit, offset);
}

export interface PersonRow {
  entry_id: number;
  public_id: string;
  name: string;
  role: string;
}

export async function personsOf(q: Queryable, entryIds: number[]): Promise<PersonRow[]> {
  if (!entryIds.length) return [];
  return q.query<PersonRow>(
    `SELECT p.entry_id, s.public_id, s.name, p.role FROM list_entry_persons p JOIN subjects s ON s.id = p.person_id
     WHERE p.entry_id = ANY($1::bigint[]) ORDER BY p.entry_id, p.role, s.public_id`,
    [entryIds],
  );
}

export interface InterviewRow {
  id: number;
  entry_id: number;
  scheduled_at: Date;
  place: string;
  status: 'SCHEDULED' | 'DONE' | 'MISSED';
  record: string | null;
  conducted_at: Date | null;
}

export async function interviewsOf(q: Queryable, entryIds: number[]): Promise<InterviewRow[]> {
  if (!entryIds.length) return [];
  return q.query<InterviewRow>(
    `SELECT id, entry_id, scheduled_at, place, status, record, conducted_at FROM list_interviews
     WHERE entry_id = ANY($1::bigint[]) ORDER BY scheduled_at, id`,
    [entryIds],
  );
}

export interface MeasureRef {
  code: string;
  name: string;
  action: string;
  legal_basis: string;
}

/** The measures in force that follow from a list type for a subject type. */
export async function measuresFor(
  q: Queryable,
  listType: string,
  subjectType: string,
): Promise<MeasureRef[]> {
  return q.query<MeasureRef>(
    `SELECT code, name, action, legal_basis FROM measures
     WHERE status = 'ACTIVE' AND $1 = ANY(list_types) AND $2 = ANY(subject_types) ORDER BY code`,
    [listType, subjectType],
  );
}
