// Evaluation kept current: models as versioned data, each subject's explained result stored with
// its history, re-scoring from the credit log's leaves (every credit-state change names its
// subject), full resumable runs, and human review on request (PIPL Art. 24).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { SqlParams } from '../../db/sql.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { regionGuard } from '../identity/scope.ts';
import { type RequestContext, requirePermission, type Viewer } from '../identity/viewer.ts';
import { resolveSubjectKey } from '../subjects/service.ts';
import { type Evaluation, evaluate, GRADE_NAMES, type Model } from './score.ts';
import { continueRun, loadFacts, scoreSubjects, startRun } from './scoring.ts';
import { expandResult, type StoredResult } from './stored-result.ts';

export { fullRun, rescoreFromLog, scoreSubjects } from './scoring.ts';

interface Bundle {
  version: string;
  thresholds: Model['thresholds'];
  openness: 'PUBLIC' | 'CONSOLE_ONLY';
  models: Record<string, { dimensions: Model['dimensions'] }>;
}

const BUNDLE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'models.json');

/** Activates the bundled model of every subject type that has none yet. */
export async function syncBundledModels(q: Queryable): Promise<void> {
  const bundle = JSON.parse(fs.readFileSync(BUNDLE, 'utf8')) as Bundle;
  for (const [subjectType, m] of Object.entries(bundle.models)) {
    const model: Model = {
      version: bundle.version,
      subjectType,
      thresholds: bundle.thresholds,
      dimensions: m.dimensions,
    };
    await q.query(
      `INSERT INTO evaluation_models (subject_type, version, model, status, activated_at, created_by)
       SELECT $1, $2, $3, 'ACTIVE', now(), 'bundled'
       WHERE NOT EXISTS (SELECT 1 FROM evaluation_models WHERE subject_type = $1)`,
      [subjectType, bundle.version, JSON.stringify({ ...model, openness: bundle.openness })],
    );
  }
}

type StoredModel = Model & { openness?: 'PUBLIC' | 'CONSOLE_ONLY' };

async function activeModels(q: Queryable): Promise<Map<string, { id: number; model: StoredModel }>> {
  const rows = await q.query<{ id: number; subject_type: string; model: StoredModel }>(
    `SELECT id, subject_type, model FROM evaluation_models WHERE status = 'ACTIVE'`,
  );
  return new Map(rows.map((r) => [r.subject_type, { id: r.id, model: r.model }]));
}

// ---------- reading ----------

interface EvaluationRow {
  subject_id: string;
  subject_type: string;
  state: 'RATED' | 'INSUFFICIENT';
  score: number | null;
  grade: 'A' | 'B' | 'C' | 'D' | null;
  result: StoredResult;
  /** The version the result was computed with: it names the dimensions and indicators of `result`. */
  model: Model;
  computed_at: Date;
  version: string;
  openness: string | null;
}

/**
 * The explained result. Officials with `evaluation:read` and the subject's own self-service user
 * see it; the public only where the model's openness setting allows.
 */
export async function subjectEvaluation(deps: AppDeps, key: string, ctx: RequestContext) {
  const subject = await resolveSubjectKey(deps, key);
  if (!subject) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  const [row] = await deps.db.query<EvaluationRow>(
    // Openness follows the type's active model: a switch takes effect before everyone is re-scored.
    `SELECT e.subject_id, s.type AS subject_type, e.state, e.score, e.grade, e.result, m.model, e.computed_at, m.version,
       (SELECT a.model ->> 'openness' FROM evaluation_models a WHERE a.subject_type = s.type AND a.status = 'ACTIVE') AS openness
     FROM subject_evaluations e JOIN subjects s ON s.id = e.subject_id JOIN evaluation_models m ON m.id = e.model_id
     WHERE e.subject_id = $1`,
    [subject.id],
  );
  if (!(await maySee(deps, ctx.viewer, subject.id, row?.openness ?? null)))
    throw ctx.viewer.kind === 'PUBLIC' ? Errors.unauthenticated() : Errors.forbidden('evaluation:read');
  if (!row) throw Errors.notFound('EVALUATION_NOT_FOUND', '该主体尚未评价');
  if (ctx.viewer.kind !== 'PUBLIC')
    await recordAudit(deps.db, ctx, {
      action: 'evaluation.read',
      targetType: 'subject',
      targetId: subject.public_id,
      regionCode: subject.region_code,
      detail: { subject: subject.public_id },
    });
  const dimensions = expandResult(row.model, row.result);
  return {
    subject: subject.public_id,
    state: row.state,
    score: row.score,
    grade: row.grade,
    gradeName: row.grade ? GRADE_NAMES[row.grade] : null,
    modelVersion: row.version,
    computedAt: row.computed_at.toISOString(),
    dimensions: ctx.viewer.kind === 'PUBLIC' ? await publicEvidenceOnly(deps, dimensions) : dimensions,
    reasons: row.result.reasons,
  };
}

/**
 * The public sees the points of every indicator but, as evidence, only records on the portal and list
 * entries published: an id of restricted information is not theirs to see.
 */
async function publicEvidenceOnly(deps: AppDeps, dimensions: Evaluation['dimensions']) {
  const ids = dimensions.flatMap((d) => d.indicators.flatMap((i) => i.evidence));
  if (!ids.length) return dimensions;
  const shown = new Set(
    (
      await deps.db.query<{ public_id: string }>(
        `SELECT public_id FROM credit_records WHERE public_id = ANY($1::text[]) AND is_public
         UNION ALL SELECT public_id FROM list_entries WHERE public_id = ANY($1::text[]) AND status = 'PUBLISHED'`,
        [ids],
      )
    ).map((r) => r.public_id),
  );
  return dimensions.map((d) => ({
    ...d,
    indicators: d.indicators.map((i) => ({ ...i, evidence: i.evidence.filter((id) => shown.has(id)) })),
  }));
}

async function maySee(
  deps: AppDeps,
  viewer: Viewer,
  subjectId: number,
  openness: string | null,
): Promise<boolean> {
  if (openness === 'PUBLIC') return true;
  if (viewer.kind === 'PUBLIC') return false;
  if (viewer.permissions.has('evaluation:read')) return true;
  if (viewer.kind !== 'USER') return false;
  const [own] = await deps.db.query<{ subject_id: string | null }>(
    'SELECT subject_id FROM users WHERE id = $1',
    [viewer.id],
  );
  return own?.subject_id !== null && Number(own?.subject_id) === subjectId;
}

export async function evaluationHistory(deps: AppDeps, key: string, ctx: RequestContext) {
  const subject = await resolveSubjectKey(deps, key);
  if (!subject) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  if (!(await maySee(deps, ctx.viewer, subject.id, null))) throw Errors.forbidden('evaluation:read');
  const rows = await deps.db.query<{
    state: string;
    score: number | null;
    grade: string | null;
    computed_at: Date;
    version: string;
  }>(
    `SELECT h.state, h.score, h.grade, h.computed_at, m.version FROM evaluation_history h
     JOIN evaluation_models m ON m.id = h.model_id WHERE h.subject_id = $1 ORDER BY h.computed_at DESC, h.id DESC LIMIT 200`,
    [subject.id],
  );
  return {
    items: rows.map((r) => ({
      state: r.state,
      score: r.score,
      grade: r.grade,
      modelVersion: r.version,
      computedAt: r.computed_at.toISOString(),
    })),
  };
}

export async function activeModel(deps: AppDeps, subjectType: string) {
  const m = (await activeModels(deps.db)).get(subjectType);
  if (!m) throw Errors.notFound('MODEL_NOT_FOUND', `没有适用于该主体类型的生效模型：${subjectType}`);
  return { id: m.id, ...m.model };
}

/** PIPL Art. 24: the subject asks a person to review an automated result. */
export async function requestReview(deps: AppDeps, key: string, reason: string, ctx: RequestContext) {
  const subject = await resolveSubjectKey(deps, key);
  if (!subject) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  if (
    ctx.viewer.kind !== 'USER' ||
    !(await maySee(deps, { ...ctx.viewer, permissions: new Set() }, subject.id, null))
  )
    throw Errors.forbidden('仅信用主体本人可申请人工复核');
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.query<{ id: string; created_at: Date }>(
      `INSERT INTO evaluation_reviews (subject_id, requested_by, reason, score, grade)
       SELECT $1, $2, $3, score, grade FROM subject_evaluations WHERE subject_id = $1 RETURNING id, created_at`,
      [subject.id, `user:${ctx.viewer.id}`, reason],
    );
    if (!r) throw Errors.notFound('EVALUATION_NOT_FOUND', '该主体尚未评价');
    await recordAudit(tx, ctx, {
      action: 'evaluation.review.request',
      targetType: 'subject',
      targetId: subject.public_id,
      regionCode: subject.region_code,
      detail: { subject: subject.public_id, reviewId: Number(r.id) },
    });
    return { reviewId: Number(r.id), status: 'OPEN', createdAt: r.created_at.toISOString() };
  });
}

/** The review queue of the viewer's region, open requests first. */
export async function listReviews(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:manage');
  const p = new SqlParams();
  const rows = await deps.db.query<{
    id: string;
    public_id: string;
    name: string;
    reason: string;
    score: number | null;
    grade: string | null;
    status: string;
    created_at: Date;
  }>(
    `SELECT r.id, s.public_id, s.name, r.reason, r.score, r.grade, r.status, r.created_at FROM evaluation_reviews r
     JOIN subjects s ON s.id = r.subject_id WHERE ${regionGuard(viewer, 's.region_code', p)}
     ORDER BY r.status = 'OPEN' DESC, r.created_at DESC LIMIT 200`,
    p.values,
  );
  return {
    items: rows.map((r) => ({
      reviewId: Number(r.id),
      subject: r.public_id,
      subjectName: r.name,
      reason: r.reason,
      score: r.score,
      grade: r.grade,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

/** Grade distribution of the stored results inside the viewer's region (console chart). */
export async function distribution(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:read');
  const p = new SqlParams();
  const rows = await deps.db.query<{ type: string; grade: string | null; n: number }>(
    `SELECT s.type, e.grade, count(*)::int AS n FROM subject_evaluations e JOIN subjects s ON s.id = e.subject_id
     WHERE ${regionGuard(viewer, 's.region_code', p)} GROUP BY 1, 2 ORDER BY 1, 2`,
    p.values,
  );
  return { items: rows.map((r) => ({ subjectType: r.type, grade: r.grade ?? 'INSUFFICIENT', count: r.n })) };
}

// ---------- model governance ----------

/** A model as submitted for a new version: checked before anything is stored. */
export function modelError(m: Model): string | null {
  if (!m.dimensions?.length) return '模型至少要有一个维度';
  const t = m.thresholds;
  if (!(t && t.A > t.B && t.B > t.C && t.C > 0)) return '等级阈值须满足 A > B > C > 0';
  let max = 0;
  for (const d of m.dimensions)
    for (const i of d.indicators) {
      if (!(i.max > 0 && i.base >= 0 && i.base <= i.max)) return `指标 ${i.code} 的满分与基础分不合理`;
      max += i.max;
    }
  if (max !== 1000) return `各指标满分之和须为 1000（当前 ${max}）`;
  if (t.A > 1000) return '等级阈值不能超过 1000';
  return null;
}

/**
 * What a candidate model would change, before it is activated: the grade distribution now and
 * under the candidate, and the subjects that would move (by type and region), over every subject
 * of the type.
 */
export async function previewModel(deps: AppDeps, subjectType: string, candidate: Model, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:manage');
  const bad = modelError(candidate);
  if (bad) throw Errors.invalid('MODEL_INVALID', bad, 'model');
  const today = shanghaiDate(deps.clock.now());
  const before = { A: 0, B: 0, C: 0, D: 0, INSUFFICIENT: 0 } as Record<string, number>;
  const after = { ...before };
  const moves = new Map<string, { from: string; to: string; region: string; count: number }>();
  let after_id = 0;
  for (;;) {
    const rows = await deps.db.query<{
      id: string;
      region: string;
      grade: string | null;
      state: string | null;
    }>(
      `SELECT s.id, substr(s.region_code, 1, 4) AS region, e.grade, e.state FROM subjects s
       LEFT JOIN subject_evaluations e ON e.subject_id = s.id WHERE s.type = $1 AND s.id > $2 ORDER BY s.id LIMIT 5000`,
      [subjectType, after_id],
    );
    if (!rows.length) break;
    const facts = await loadFacts(
      deps.db,
      rows.map((r) => Number(r.id)),
      today,
    );
    for (const r of rows) {
      const f = facts.get(Number(r.id));
      if (!f) continue;
      const from = r.grade ?? 'INSUFFICIENT';
      const e = evaluate(candidate, f.facts, today);
      const to = e.grade ?? 'INSUFFICIENT';
      before[from]++;
      after[to]++;
      if (from !== to) {
        const key = `${from}>${to}@${r.region}`;
        const m = moves.get(key) ?? { from, to, region: `${r.region}00`, count: 0 };
        m.count++;
        moves.set(key, m);
      }
    }
    after_id = Number(rows[rows.length - 1].id);
  }
  return {
    subjectType,
    before,
    after,
    moved: [...moves.values()].reduce((n, m) => n + m.count, 0),
    moves: [...moves.values()].sort((a, b) => b.count - a.count).slice(0, 100),
  };
}

/** Stores a candidate as the next version and activates it; everyone of the type is then re-scored. */
export async function activateModel(
  deps: AppDeps,
  subjectType: string,
  candidate: Model,
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'evaluation:manage');
  const bad = modelError(candidate);
  if (bad) throw Errors.invalid('MODEL_INVALID', bad, 'model');
  const id = await deps.db.transaction(async (tx) => {
    const [exists] = await tx.query(
      'SELECT 1 FROM evaluation_models WHERE subject_type = $1 AND version = $2',
      [subjectType, candidate.version],
    );
    if (exists) throw Errors.conflict('MODEL_VERSION_EXISTS', `版本 ${candidate.version} 已存在`, 'version');
    await tx.query(
      `UPDATE evaluation_models SET status = 'RETIRED' WHERE subject_type = $1 AND status = 'ACTIVE'`,
      [subjectType],
    );
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO evaluation_models (subject_type, version, model, status, activated_at, created_by)
       VALUES ($1, $2, $3, 'ACTIVE', now(), $4) RETURNING id`,
      [
        subjectType,
        candidate.version,
        // Only the model itself: an `id` copied from GET …/models/active is not part of it.
        JSON.stringify({ ...candidate, id: undefined, subjectType }),
        `user:${ctx.viewer.id}`,
      ],
    );
    await recordAudit(tx, ctx, {
      action: 'evaluation.model.activate',
      targetType: 'evaluation_model',
      targetId: row.id,
      detail: { subjectType, version: candidate.version },
    });
    return row.id;
  });
  // The type is re-scored in the background; progress is in GET /api/v1/evaluation/runs.
  const run = await startRun(deps, `模型 ${candidate.version} 生效`, subjectType);
  void continueRun(deps, run.id, deps.clock.now()).catch(() => undefined);
  return { id, subjectType, version: candidate.version, runId: run.id };
}

export async function runs(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:read');
  const rows = await deps.db.query<{
    id: number;
    reason: string;
    status: string;
    total: number;
    processed: number;
    started_at: Date;
    finished_at: Date | null;
  }>(
    'SELECT id, reason, status, total, processed, started_at, finished_at FROM evaluation_runs ORDER BY id DESC LIMIT 20',
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      status: r.status,
      total: r.total,
      processed: r.processed,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
    })),
  };
}

/**
 * A person decides a review request: the result stands (UPHELD) or was corrected (CORRECTED — the
 * correction itself happens where the data is wrong, e.g. an objection or a withdrawn record, and the
 * subject is re-scored now).
 */
export async function resolveReview(
  deps: AppDeps,
  reviewId: number,
  input: { status: 'UPHELD' | 'CORRECTED'; resolution: string },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'evaluation:manage');
  const subjectId = await deps.db.transaction(async (tx) => {
    // Only inside the reviewer's region: another region's request reads as not found.
    const p = new SqlParams();
    const [r] = await tx.query<{ subject_id: string; public_id: string }>(
      `UPDATE evaluation_reviews v SET status = ${p.add(input.status)}, resolution = ${p.add(input.resolution)},
         resolved_at = now(), resolved_by = ${p.add(`user:${ctx.viewer.id}`)}
       FROM subjects s WHERE v.id = ${p.add(reviewId)} AND v.status = 'OPEN' AND s.id = v.subject_id
         AND ${regionGuard(ctx.viewer, 's.region_code', p)}
       RETURNING v.subject_id, s.public_id`,
      p.values,
    );
    if (!r) throw Errors.notFound('REVIEW_NOT_FOUND', '复核申请不存在或已处理');
    await recordAudit(tx, ctx, {
      action: 'evaluation.review.resolve',
      targetType: 'evaluation_review',
      targetId: reviewId,
      detail: { subject: r.public_id, status: input.status },
    });
    return Number(r.subject_id);
  });
  await scoreSubjects(deps, [subjectId], deps.clock.now());
  return { reviewId, status: input.status };
}

/** Self-service: the subject's own review requests and what became of them. */
export async function myReviews(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'reports:self');
  const rows = await deps.db.query<{
    id: string;
    reason: string;
    status: string;
    resolution: string | null;
    created_at: Date;
    resolved_at: Date | null;
  }>(
    `SELECT r.id, r.reason, r.status, r.resolution, r.created_at, r.resolved_at FROM evaluation_reviews r
     JOIN users u ON u.subject_id = r.subject_id WHERE u.id = $1 ORDER BY r.id DESC LIMIT 50`,
    [viewer.id],
  );
  return {
    items: rows.map((r) => ({
      reviewId: Number(r.id),
      reason: r.reason,
      status: r.status,
      resolution: r.resolution,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    })),
  };
}
