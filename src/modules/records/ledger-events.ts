import type { LedgerEvent } from '../ledger/entry.ts';

/** What the log needs of a record after a change; selected with `ledgerReturning`. */
export interface RecordLedgerRow {
  public_id: string;
  version: number;
  item_code: string;
  decision_no: string;
  authority_code: string;
  content_hash: string;
  status: string;
  is_public: boolean;
  subject_public_id: string;
}

/** RETURNING / SELECT list for `RecordLedgerRow`, for a statement over credit_records aliased `alias`. */
export function ledgerColumns(alias: string): string {
  const a = alias;
  return `${a}.public_id, ${a}.version, ${a}.item_code, ${a}.decision_no, ${a}.authority_code, ${a}.content_hash,
    ${a}.status, ${a}.is_public, (SELECT s.public_id FROM subjects s WHERE s.id = ${a}.subject_id) AS subject_public_id`;
}

export type RecordChange = 'accepted' | 'published' | 'updated' | 'withdrawn' | 'publication_ended';

/**
 * The record's state as the log hashes it. `recordHash` is the record's own content hash (its
 * fields, identity numbers only through their keyed hash), so the log proves the content without
 * holding it.
 */
export function recordLedgerContent(
  r: Pick<RecordLedgerRow, 'item_code' | 'decision_no' | 'authority_code' | 'content_hash' | 'status'>,
) {
  return {
    item: r.item_code,
    decisionNo: r.decision_no,
    authority: r.authority_code,
    recordHash: r.content_hash,
    status: r.status,
  };
}

export function recordEvent(change: RecordChange, r: RecordLedgerRow, actor: string): LedgerEvent {
  return {
    type: `record.${change}`,
    subject: r.subject_public_id,
    objectType: 'credit_record',
    objectId: r.public_id,
    version: r.version,
    content: recordLedgerContent(r),
    actor,
  };
}

/** A new record is `published` when its publication starts at once, else only `accepted`. */
export function newRecordChange(r: RecordLedgerRow): RecordChange {
  return r.is_public ? 'published' : 'accepted';
}
