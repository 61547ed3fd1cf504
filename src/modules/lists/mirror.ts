// Mirrored lists (经营异常名录, 失信被执行人): owned by the market regulator and the courts, they
// arrive through intake as records; here they become list entries so that checks answer them.
import type { AppDeps } from '../../app-deps.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { recordListChange } from './changes.ts';
import { newEntryId } from './entries.ts';
import { LIST_TYPES } from './rules.ts';

/** Catalogue items mirrored into lists. */
export const MIRRORED_ITEMS: Record<string, 'ABNORMAL_OPERATION' | 'DISHONEST_DEBTOR'> = {
  ABN_ENTERPRISE: 'ABNORMAL_OPERATION',
  ABN_SOCIAL_ORG: 'ABNORMAL_OPERATION',
  SD_DISHONEST_DEBTOR: 'DISHONEST_DEBTOR',
};

/**
 * Publishes an entry for every active mirrored record without one, and ends the entries whose
 * record was withdrawn. Validity: from the decision date for the list type's usual period.
 */
export async function syncMirroredLists(deps: AppDeps): Promise<{ added: number; removed: number }> {
  const today = shanghaiDate(deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const fresh = await tx.query<{
      id: string;
      item_code: string;
      subject_id: string;
      region_code: string;
      decision_date: string;
      authority_name: string;
      decision_no: string;
    }>(
      `SELECT r.id, r.item_code, r.subject_id, r.region_code, r.decision_date::text AS decision_date, r.authority_name, r.decision_no
       FROM credit_records r WHERE r.item_code = ANY($1::text[]) AND r.status = 'ACTIVE'
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.record_id = r.id) LIMIT 10000`,
      [Object.keys(MIRRORED_ITEMS)],
    );
    for (const r of fresh) {
      const listType = MIRRORED_ITEMS[r.item_code];
      const validTo = `${Number(r.decision_date.slice(0, 4)) + LIST_TYPES[listType].maxYears}${r.decision_date.slice(4)}`;
      await tx.query(
        `INSERT INTO list_entries (public_id, list_type, source, record_id, status, subject_id, decided_by_name, region_code,
           reason, decision_no, valid_from, valid_to, published_at, created_by)
         VALUES ($1, $2, 'MIRRORED', $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), 'system:list-mirror')`,
        [
          newEntryId(),
          listType,
          r.id,
          validTo < today ? 'EXPIRED' : 'PUBLISHED',
          r.subject_id,
          r.authority_name,
          r.region_code,
          `由${r.authority_name}认定（${r.decision_no}），经信用信息归集同步`,
          r.decision_no,
          r.decision_date,
          validTo,
        ],
      );
    }
    const removed = await tx.query<{ subject_id: string }>(
      `UPDATE list_entries e SET status = 'REMOVED', removal_kind = 'REVOCATION', removal_reason = '源记录已撤销',
         removed_at = now(), updated_at = now()
       FROM credit_records r WHERE e.record_id = r.id AND e.status = 'PUBLISHED' AND r.status <> 'ACTIVE'
       RETURNING e.subject_id`,
    );
    await recordListChange(
      tx,
      [...fresh, ...removed].map((r) => Number(r.subject_id)),
      'mirrored',
    );
    return { added: fresh.length, removed: removed.length };
  });
}
