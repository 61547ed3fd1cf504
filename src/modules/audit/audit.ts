import type { Queryable } from '../../db/db.ts';
import type { RequestContext } from '../identity/viewer.ts';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number | null;
  regionCode?: string | null;
  /** Never put an identity number or a secret here. */
  detail?: Record<string, unknown>;
}

/** Writes one audit row inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(q: Queryable, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, target_type, target_id, region_code, ip, request_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      ctx.viewer.kind,
      ctx.viewer.id,
      ctx.viewer.name,
      entry.action,
      entry.targetType ?? null,
      entry.targetId == null ? null : String(entry.targetId),
      entry.regionCode ?? null,
      ctx.ip,
      ctx.requestId,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}
