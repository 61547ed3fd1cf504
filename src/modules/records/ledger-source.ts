import type { Db, Queryable } from '../../db/db.ts';
import type { PiiVault } from '../../shared/pii.ts';
import { type LedgerSource, type ObjectRef, refKey } from '../ledger/audit.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { canonicalJson, recordContentHash } from './intake.ts';
import {
  ledgerColumns,
  newRecordChange,
  type RecordLedgerRow,
  recordEvent,
  recordLedgerContent,
} from './ledger-events.ts';

/**
 * The audit's view of credit records: each logged version's content from the live row (the current
 * version) or the history. The current version's own hash is recomputed from its fields, so an edit
 * to the fields that left content_hash alone is caught as well.
 */
export function recordLedgerSource(vault: PiiVault): LedgerSource {
  return {
    async contents(q: Queryable, refs: ObjectRef[]) {
      const rows = await q.query<{
        public_id: string;
        version: number;
        item_code: string;
        decision_no: string;
        authority_code: string;
        content_hash: string;
        status: string;
        fields: Record<string, string> | null;
        sealed: Uint8Array | null;
      }>(
        `WITH k AS (SELECT * FROM unnest($1::text[], $2::int[]) AS k(id, v))
         SELECT r.public_id, r.version, r.item_code, r.decision_no, r.authority_code, r.content_hash, r.status,
           r.fields, r.sealed
         FROM credit_records r JOIN k ON r.public_id = k.id AND r.version = k.v
         UNION ALL
         SELECT r.public_id, h.version, r.item_code, r.decision_no, r.authority_code, h.content_hash, h.status,
           NULL, NULL
         FROM credit_record_history h JOIN credit_records r ON r.id = h.record_id
           JOIN k ON r.public_id = k.id AND h.version = k.v`,
        [refs.map((r) => r.objectId), refs.map((r) => r.version)],
      );
      const out = new Map<string, unknown>();
      for (const r of rows) {
        // History rows keep their hash but not the sealed identity numbers it covers.
        const recordHash = r.fields
          ? recordContentHash(
              vault,
              canonicalJson(r.fields, Object.keys(r.fields).sort()),
              r.sealed ? vault.decrypt(r.sealed) : null,
            )
          : r.content_hash;
        out.set(refKey(r.public_id, r.version), recordLedgerContent({ ...r, content_hash: recordHash }));
      }
      return out;
    },
    async unlogged(q: Queryable, limit: number) {
      const rows = await q.query<{ public_id: string; version: number }>(
        `SELECT r.public_id, r.version FROM credit_records r
         WHERE NOT EXISTS (SELECT 1 FROM ledger_leaves l
             WHERE l.object_type = 'credit_record' AND l.object_id = r.public_id AND l.version = r.version)
           AND NOT EXISTS (SELECT 1 FROM ledger_queue l
             WHERE l.object_type = 'credit_record' AND l.object_id = r.public_id AND l.version = r.version)
         LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ objectId: r.public_id, version: r.version }));
    },
  };
}

/**
 * Logs the records stored before the log existed (an upgraded installation), in pages. Called only
 * when the log is created: afterwards an unlogged record is a finding of the audit, never backfilled.
 */
export async function logExistingRecords(db: Db, ledger: Ledger): Promise<number> {
  let total = 0;
  let after = 0;
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const page = await tx.query<RecordLedgerRow & { id: string }>(
        `SELECT r.id, ${ledgerColumns('r')} FROM credit_records r WHERE r.id > $1 ORDER BY r.id LIMIT 5000`,
        [after],
      );
      await ledger.append(
        tx,
        page.map((r) =>
          recordEvent(
            r.status === 'WITHDRAWN' ? 'withdrawn' : newRecordChange(r),
            r,
            'system:ledger-backfill',
          ),
        ),
      );
      return page;
    });
    if (!rows.length) return total;
    total += rows.length;
    after = Number(rows[rows.length - 1].id);
  }
}
