// 候选名单: detection rules find subjects that may deserve a listing and queue them, with the
// evidence, for the competent department — a person decides, never the rule.
import type { AppDeps } from '../../app-deps.ts';
import { pageWithTotal, SqlParams } from '../../db/sql.ts';
import { type PageParams, pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { addMonths } from '../../shared/dates.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { regionGuard } from '../identity/scope.ts';
import { type RequestContext, requirePermission, SYSTEM_CONTEXT, type Viewer } from '../identity/viewer.ts';
import { actorOf } from '../ledger/entry.ts';
import { createEntry, presentListSubject } from './entries.ts';
import { candidateRules } from './measures.ts';
import type { DecidedListType } from './rules.ts';

/** Runs every rule and queues new candidates; returns how many were queued. */
export async function detectCandidates(deps: AppDeps): Promise<number> {
  const today = shanghaiDate(deps.clock.now());
  let queued = 0;
  for (const rule of candidateRules()) {
    const since = addMonths(today, -rule.months);
    const rows = await deps.db.query<{ id: string }>(
      `INSERT INTO list_candidates (rule, list_type, subject_id, region_code, evidence)
       SELECT $1, $2, r.subject_id, max(s.region_code),
         jsonb_agg(jsonb_build_object('recordId', r.public_id, 'item', r.item_code, 'decisionNo', r.decision_no,
           'decisionDate', r.decision_date::text, 'authority', r.authority_name) ORDER BY r.decision_date)
       FROM credit_records r JOIN subjects s ON s.id = r.subject_id
       WHERE r.item_code = $3 AND r.status = 'ACTIVE' AND r.decision_date >= $4::date
         AND NOT EXISTS (SELECT 1 FROM list_candidates c WHERE c.rule = $1 AND c.subject_id = r.subject_id
                         AND (c.status = 'OPEN' OR c.detected_at > now() - interval '90 days'))
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = r.subject_id AND e.list_type = $2
                         AND e.status IN ('DRAFT', 'NOTICED', 'DECIDED', 'PUBLISHED'))
       GROUP BY r.subject_id HAVING count(*) >= $5
       ON CONFLICT DO NOTHING RETURNING id`,
      [rule.code, rule.listType, rule.item, since, rule.count],
    );
    queued += rows.length;
  }
  if (queued)
    await recordAudit(deps.db, SYSTEM_CONTEXT, {
      action: 'lists.candidates.detect',
      detail: { queued, today },
    });
  return queued;
}

interface CandidateRow {
  id: number;
  rule: string;
  list_type: string;
  subject_public_id: string;
  subject_type: string;
  subject_name: string;
  subject_uscc: string | null;
  subject_id_masked: string | null;
  region_code: string;
  evidence: { recordId: string; item: string; decisionNo: string; decisionDate: string; authority: string }[];
  status: string;
  detected_at: Date;
  entry_id: string | null;
}

const SELECT = `SELECT c.id, c.rule, c.list_type, s.public_id AS subject_public_id, s.type AS subject_type,
    s.name AS subject_name, s.uscc AS subject_uscc, s.id_number_masked AS subject_id_masked, c.region_code,
    c.evidence, c.status, c.detected_at, e.public_id AS entry_id
  FROM list_candidates c JOIN subjects s ON s.id = c.subject_id LEFT JOIN list_entries e ON e.id = c.entry_id`;

function present(r: CandidateRow) {
  return {
    id: Number(r.id),
    rule: r.rule,
    ruleName: candidateRules().find((x) => x.code === r.rule)?.name ?? r.rule,
    listType: r.list_type,
    subject: presentListSubject(r),
    evidence: r.evidence,
    status: r.status,
    detectedAt: r.detected_at.toISOString(),
    entryId: r.entry_id,
  };
}

export async function listCandidates(deps: AppDeps, q: { status?: string } & PageParams, viewer: Viewer) {
  requirePermission(viewer, 'lists:read');
  const w = pageWindow(q);
  const p = new SqlParams();
  const where = [regionGuard(viewer, 'c.region_code', p), `c.status = ${p.add(q.status ?? 'OPEN')}`];
  const sql = `${SELECT} WHERE ${where.join(' AND ')}`;
  const { rows, total } = await pageWithTotal<CandidateRow>(
    deps.db,
    sql,
    p,
    'c.detected_at DESC, c.id DESC',
    w.pageSize,
    w.offset,
  );
  return toPage(w, rows, total, present);
}

async function findOpen(deps: AppDeps, id: number, viewer: Viewer): Promise<CandidateRow> {
  const p = new SqlParams();
  const [row] = await deps.db.query<CandidateRow>(
    `${SELECT} WHERE c.id = ${p.add(id)} AND ${regionGuard(viewer, 'c.region_code', p)}`,
    p.values,
  );
  if (!row) throw Errors.notFound('CANDIDATE_NOT_FOUND', '候选记录不存在');
  if (row.status !== 'OPEN') throw Errors.conflict('CANDIDATE_RESOLVED', '该候选记录已处理', 'id');
  return row;
}

export async function dismissCandidate(deps: AppDeps, id: number, reason: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'lists:decide');
  const row = await findOpen(deps, id, ctx.viewer);
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE list_candidates SET status = 'DISMISSED', resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1`,
      [id, actorOf(ctx), reason],
    );
    await recordAudit(tx, ctx, {
      action: 'lists.candidates.dismiss',
      targetType: 'list_candidate',
      targetId: id,
      regionCode: row.region_code,
      detail: { subject: row.subject_public_id, reason },
    });
  });
  return present({ ...row, status: 'DISMISSED' });
}

/** Opens a draft listing with the rule's evidence as its facts. */
export async function promoteCandidate(
  deps: AppDeps,
  id: number,
  input: { validFrom: string; validTo: string },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'lists:decide');
  const row = await findOpen(deps, id, ctx.viewer);
  const rule = candidateRules().find((r) => r.code === row.rule);
  const facts = row.evidence
    .map(
      (e, i) =>
        `${i + 1}. ${e.decisionDate} ${e.authority}作出${e.item === 'ADMIN_PENALTY' ? '行政处罚' : e.item}（${e.decisionNo}）`,
    )
    .join('\n');
  return createEntry(
    deps,
    {
      listType: row.list_type as DecidedListType,
      subject: row.subject_public_id,
      facts,
      basis: rule?.name ?? row.rule,
      reason: `符合候选规则：${rule?.name ?? row.rule}`,
      validFrom: input.validFrom,
      validTo: input.validTo,
    },
    ctx,
    id,
  );
}
