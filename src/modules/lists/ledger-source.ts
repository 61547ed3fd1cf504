import type { Queryable } from '../../db/db.ts';
import { type LedgerSource, type LoggedRef, refKey } from '../ledger/audit.ts';
import { type ListChange, LOGGED_CHANGES, listEntryContent } from './ledger-events.ts';
import { ENTRY_SELECT, type EntryRow } from './repository.ts';

const CHANGES = new Set<string>(Object.values(LOGGED_CHANGES).flat());

/**
 * The audit's view of decided list entries: each logged change's content rebuilt from the live row
 * (list, subject, deciding body, validity, decision number, removal kind never change once logged),
 * and entries whose status says they went through a logged change that has no log entry — an entry
 * inserted or moved on by SQL. Mirrored entries are not logged: their records are.
 */
export function listEntryLedgerSource(): LedgerSource {
  return {
    async contents(q: Queryable, refs: LoggedRef[]) {
      const rows = await q.query<EntryRow>(`${ENTRY_SELECT} WHERE e.public_id = ANY($1::text[])`, [
        [...new Set(refs.map((r) => r.objectId))],
      ]);
      const byId = new Map(rows.map((r) => [r.public_id, r]));
      const out = new Map<string, unknown>();
      for (const ref of refs) {
        const row = byId.get(ref.objectId);
        const change = ref.type.replace(/^list\./, '');
        // A logged version the row has not reached was rolled back or edited away: absent.
        if (!row || ref.version > row.version || !CHANGES.has(change)) continue;
        out.set(refKey(ref.objectId, ref.version), listEntryContent(row, change as ListChange));
      }
      return out;
    },
    async unlogged(q: Queryable, limit: number) {
      const needed = Object.entries(LOGGED_CHANGES).flatMap(([status, changes]) =>
        changes.map((c) => [status, `list.${c}`]),
      );
      return q.query<{ objectId: string; version: number }>(
        `SELECT DISTINCT e.public_id AS "objectId", e.version
         FROM list_entries e
         JOIN unnest($1::text[], $2::text[]) AS n(status, entry_type) ON n.status = e.status
         WHERE e.source = 'DECIDED'
           AND NOT EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.object_type = 'list_entry'
             AND l.object_id = e.public_id AND l.entry_type = n.entry_type)
           AND NOT EXISTS (SELECT 1 FROM ledger_queue l WHERE l.object_type = 'list_entry'
             AND l.object_id = e.public_id AND l.entry_type = n.entry_type)
         LIMIT $3`,
        [needed.map((n) => n[0]), needed.map((n) => n[1]), limit],
      );
    },
  };
}
