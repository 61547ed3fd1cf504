import type { Queryable } from '../../db/db.ts';
import type { SqlParams } from '../../db/sql.ts';
import { ledgerColumns, type RecordLedgerRow } from './ledger-events.ts';

/** A record row with what its presenters need from subjects, departments and the catalogue. */
export interface RecordRow {
  id: number;
  public_id: string;
  item_id: number;
  item_code: string;
  item_name: string;
  category: string;
  catalogue: string;
  catalogue_version: string;
  subject_public_id: string;
  subject_name: string;
  subject_type: string;
  subject_id_masked: string | null;
  department_id: number;
  department_name: string;
  region_code: string;
  decision_no: string;
  authority_code: string;
  authority_name: string;
  decision_date: string;
  valid_from: string | null;
  valid_to: string | null;
  tier: string | null;
  party_name: string;
  party_class: string;
  kinds: string[];
  fine_amount: string | null;
  fields: Record<string, string>;
  sealed: Buffer | null;
  version: number;
  status: 'ACTIVE' | 'WITHDRAWN';
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  intake_date: string;
  working_days_to_intake: number;
  late: boolean;
  regime: string | null;
  public_until: string | null;
  minimum_until: string | null;
  is_public: boolean;
  created_at: Date;
  updated_at: Date;
}

export const RECORD_COLUMNS = `r.id, r.public_id, r.item_id, r.item_code, i.name AS item_name, r.category,
  v.catalogue, v.version AS catalogue_version, s.public_id AS subject_public_id, s.name AS subject_name,
  s.type AS subject_type, s.id_number_masked AS subject_id_masked, r.department_id, d.name AS department_name,
  r.region_code, r.decision_no, r.authority_code, r.authority_name, r.decision_date, r.valid_from, r.valid_to, r.tier,
  r.party_name, r.party_class, r.kinds, r.fine_amount, r.fields, r.sealed, r.version, r.status, r.withdrawn_at,
  r.withdrawn_reason, r.intake_date, r.working_days_to_intake, r.late, r.regime, r.public_until, r.minimum_until,
  r.is_public, r.created_at, r.updated_at`;

export const RECORD_JOINS = `JOIN subjects s ON s.id = r.subject_id
  JOIN departments d ON d.id = r.department_id
  JOIN catalogue_items i ON i.id = r.item_id
  JOIN catalogue_versions v ON v.id = i.version_id`;

/** Published now: active, public, and its publication period not over (the expiry job may lag). */
export function publishedNow(p: SqlParams, today: string): string {
  return `r.is_public AND r.status = 'ACTIVE' AND r.public_until >= ${p.add(today)}::date`;
}

export async function listRecords(
  q: Queryable,
  where: string[],
  p: SqlParams,
  limit: number,
  offset: number,
): Promise<RecordRow[]> {
  // The page's ids first (an index-only scan under the partial indexes), then the wide columns for
  // those rows alone: joining every skipped OFFSET row is what made deep pages slow.
  const sql = `SELECT ${RECORD_COLUMNS} FROM (SELECT r.id FROM credit_records r
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.decision_date DESC, r.id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}) page
    JOIN credit_records r ON r.id = page.id ${RECORD_JOINS}
    ORDER BY r.decision_date DESC, r.id DESC`;
  return await q.query<RecordRow>(sql, p.values);
}

/** Counts up to `cap` + 1 matches: enough to say "at least". */
export async function countRecords(
  q: Queryable,
  where: string[],
  p: SqlParams,
  cap: number,
): Promise<number> {
  const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM credit_records r
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} LIMIT ${p.add(cap + 1)}) t`;
  return (await q.query<{ n: number }>(sql, p.values))[0].n;
}

export async function findRecord(q: Queryable, publicId: string): Promise<RecordRow | undefined> {
  const rows = await q.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM credit_records r ${RECORD_JOINS} WHERE r.public_id = $1`,
    [publicId],
  );
  return rows[0];
}

export async function recordHistory(q: Queryable, recordId: number) {
  const rows = await q.query<{
    version: number;
    fields: Record<string, string>;
    status: string;
    replaced_at: Date;
    batch_id: number | null;
  }>(
    `SELECT version, fields, status, replaced_at, batch_id FROM credit_record_history
     WHERE record_id = $1 ORDER BY version DESC`,
    [recordId],
  );
  return rows;
}

/** Ends publication of records whose period is over; they stay in the archive, restricted. */
export async function expirePublications(q: Queryable, today: string): Promise<RecordLedgerRow[]> {
  return q.query<RecordLedgerRow>(
    `UPDATE credit_records r SET is_public = false, updated_at = now()
     WHERE is_public AND public_until < $1::date RETURNING ${ledgerColumns('r')}`,
    [today],
  );
}
