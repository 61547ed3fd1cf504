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
import { decodeEntry } from '../ledger/entry.ts';
import { resolveSubjectKey } from '../subjects/service.ts';
import { type Evaluation, evaluate, type Facts, GRADE_NAMES, type Model } from './score.ts';

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

/** The facts each subject is scored on: registration date, valid records, list entries in force. */
async function loadFacts(q: Queryable, ids: number[], today: string) {
  const [subjects, records, lists] = await Promise.all([
    q.query<{ id: string; type: string; established_on: string | null }>(
      'SELECT id, type, established_on::text AS established_on FROM subjects WHERE id = ANY($1::bigint[])',
      [ids],
    ),
    q.query<{
      subject_id: string;
      public_id: string;
      item_code: string;
      tier: string | null;
      decision_date: string;
    }>(
      `SELECT subject_id, public_id, item_code, tier, decision_date::text AS decision_date FROM credit_records
       WHERE subject_id = ANY($1::bigint[]) AND status = 'ACTIVE'`,
      [ids],
    ),
    q.query<{ subject_id: string; public_id: string; list_type: string }>(
      `SELECT subject_id, public_id, list_type FROM list_entries WHERE subject_id = ANY($1::bigint[])
         AND status = 'PUBLISHED' AND valid_from <= $2::date AND valid_to >= $2::date`,
      [ids, today],
    ),
  ]);
  const facts = new Map<number, { type: string; facts: Facts }>();
  for (const s of subjects)
    facts.set(Number(s.id), {
      type: s.type,
      facts: { establishedOn: s.established_on, records: [], lists: [] },
    });
  for (const r of records)
    facts.get(Number(r.subject_id))?.facts.records.push({
      id: r.public_id,
      itemCode: r.item_code,
      tier: r.tier,
      decisionDate: r.decision_date,
    });
  for (const l of lists)
    facts.get(Number(l.subject_id))?.facts.lists.push({ entryId: l.public_id, listType: l.list_type });
  return facts;
}

/** Scores the subjects and stores results; history gets a row when state, score or grade changed. */
export async function scoreSubjects(deps: AppDeps, ids: number[], at: Date): Promise<number> {
  const { db } = deps;
  if (!ids.length) return 0;
  const today = shanghaiDate(at);
  const models = await activeModels(db);
  const facts = await loadFacts(db, ids, today);
  const out: { id: number; modelId: number; e: Evaluation }[] = [];
  for (const [id, f] of facts) {
    const m = models.get(f.type);
    if (m) out.push({ id, modelId: m.id, e: evaluate(m.model, f.facts, today) });
  }
  if (!out.length) return 0;
  await db.transaction(async (tx) => {
    const changed = await tx.query<{
      public_id: string;
      state: string;
      score: number | null;
      grade: string | null;
      grade_changed: boolean;
    }>(
      `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::int[], $5::text[], $6::jsonb[])
           AS u(subject_id, model_id, state, score, grade, result)),
       old AS (SELECT e.subject_id, e.state, e.score, e.grade FROM subject_evaluations e JOIN input i USING (subject_id)),
       up AS (
         INSERT INTO subject_evaluations (subject_id, model_id, state, score, grade, result, computed_at)
         SELECT subject_id, model_id, state, score, grade, result, $7 FROM input
         ON CONFLICT (subject_id) DO UPDATE SET model_id = EXCLUDED.model_id, state = EXCLUDED.state, score = EXCLUDED.score,
           grade = EXCLUDED.grade, result = EXCLUDED.result, computed_at = EXCLUDED.computed_at
         RETURNING subject_id),
       diff AS (
         SELECT i.subject_id, i.model_id, i.state, i.score, i.grade,
           (o.grade IS DISTINCT FROM i.grade OR o.state IS DISTINCT FROM i.state) AS grade_changed
         FROM input i LEFT JOIN old o USING (subject_id)
         WHERE o.subject_id IS NULL OR o.state IS DISTINCT FROM i.state OR o.score IS DISTINCT FROM i.score
           OR o.grade IS DISTINCT FROM i.grade),
       hist AS (
         INSERT INTO evaluation_history (subject_id, model_id, state, score, grade, computed_at)
         SELECT subject_id, model_id, state, score, grade, $7 FROM diff RETURNING subject_id)
       SELECT s.public_id, d.state, d.score, d.grade, d.grade_changed FROM diff d JOIN subjects s ON s.id = d.subject_id`,
      [
        out.map((o) => o.id),
        out.map((o) => o.modelId),
        out.map((o) => o.e.state),
        out.map((o) => o.e.score),
        out.map((o) => o.e.grade),
        out.map((o) => JSON.stringify({ dimensions: o.e.dimensions, reasons: o.e.reasons })),
        at,
      ],
    );
    // A changed grade is a credit-state change: into the credit log, where other modules read it.
    await deps.ledger.append(
      tx,
      changed
        .filter((c) => c.grade_changed)
        .map((c) => ({
          type: 'evaluation.changed',
          subject: c.public_id,
          objectType: 'evaluation',
          objectId: c.public_id,
          version: Math.floor(at.getTime() / 1000),
          content: { subject: c.public_id, state: c.state, score: c.score, grade: c.grade },
          actor: 'system:evaluation',
        })),
    );
  });
  return out.length;
}

/**
 * Everyone (or every subject of one type), in subject order, resumable: an unfinished run is
 * continued from the last subject it finished rather than started again.
 */
export async function fullRun(
  deps: AppDeps,
  at: Date,
  reason: string,
  subjectType: string | null = null,
): Promise<number> {
  const { db } = deps;
  let [run] = await db.query<{ id: number }>(
    `SELECT id FROM evaluation_runs WHERE status = 'RUNNING' AND subject_type IS NOT DISTINCT FROM $1 ORDER BY id DESC LIMIT 1`,
    [subjectType],
  );
  run ??= await startRun(deps, reason, subjectType);
  return continueRun(deps, run.id, at);
}

async function startRun(deps: AppDeps, reason: string, subjectType: string | null): Promise<{ id: number }> {
  const [run] = await deps.db.query<{ id: number }>(
    `INSERT INTO evaluation_runs (reason, subject_type, total)
     SELECT $1, $2, count(*) FROM subjects WHERE $2::text IS NULL OR type = $2 RETURNING id`,
    [reason, subjectType],
  );
  return run;
}

async function continueRun(deps: AppDeps, runId: number, at: Date, chunk = 5_000): Promise<number> {
  const { db } = deps;
  const [run] = await db.query<{ last_subject_id: string; subject_type: string | null }>(
    'SELECT last_subject_id, subject_type FROM evaluation_runs WHERE id = $1',
    [runId],
  );
  // An interrupted run stays RUNNING: the next fullRun of the same scope continues from here.
  let after = Number(run.last_subject_id);
  let done = 0;
  for (;;) {
    const ids = (
      await db.query<{ id: string }>(
        'SELECT id FROM subjects WHERE id > $1 AND ($3::text IS NULL OR type = $3) ORDER BY id LIMIT $2',
        [after, chunk, run.subject_type],
      )
    ).map((r) => Number(r.id));
    if (!ids.length) break;
    await scoreSubjects(deps, ids, at);
    after = ids[ids.length - 1];
    done += ids.length;
    await db.query(
      'UPDATE evaluation_runs SET processed = processed + $2, last_subject_id = $3 WHERE id = $1',
      [runId, ids.length, after],
    );
  }
  await db.query(`UPDATE evaluation_runs SET status = 'DONE', finished_at = now() WHERE id = $1`, [runId]);
  return done;
}

/**
 * Re-scores the subjects named by credit-log leaves sequenced since the last call (records
 * accepted, updated, withdrawn, publication ended; list entries decided, removed, expired …).
 */
export async function rescoreFromLog(deps: AppDeps, at: Date): Promise<number> {
  const { db } = deps;
  const [{ ledger_idx }] = await db.query<{ ledger_idx: string }>(
    'SELECT ledger_idx FROM evaluation_cursor WHERE id = 1',
  );
  const leaves = await db.query<{ idx: string; entry: Uint8Array }>(
    'SELECT idx, entry FROM ledger_leaves WHERE idx >= $1 ORDER BY idx LIMIT 20000',
    [ledger_idx],
  );
  if (!leaves.length) return 0;
  // Its own grade changes are in the log too: they need no re-scoring.
  const publicIds = [
    ...new Set(
      leaves
        .map((l) => decodeEntry(l.entry))
        .filter((e) => e.objectType !== 'evaluation' && e.subject)
        .map((e) => e.subject as string),
    ),
  ];
  const ids = publicIds.length
    ? (
        await db.query<{ id: string }>('SELECT id FROM subjects WHERE public_id = ANY($1::text[])', [
          publicIds,
        ])
      ).map((r) => Number(r.id))
    : [];
  const n = await scoreSubjects(deps, ids, at);
  await db.query('UPDATE evaluation_cursor SET ledger_idx = $1 WHERE id = 1', [
    Number(leaves[leaves.length - 1].idx) + 1,
  ]);
  return n;
}

// ---------- reading ----------

interface StoredResult {
  subject_id: string;
  subject_type: string;
  state: 'RATED' | 'INSUFFICIENT';
  score: number | null;
  grade: 'A' | 'B' | 'C' | 'D' | null;
  result: { dimensions: Evaluation['dimensions']; reasons: string[] };
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
  const [row] = await deps.db.query<StoredResult>(
    `SELECT e.subject_id, s.type AS subject_type, e.state, e.score, e.grade, e.result, e.computed_at, m.version,
       m.model ->> 'openness' AS openness
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
  return {
    subject: subject.public_id,
    state: row.state,
    score: row.score,
    grade: row.grade,
    gradeName: row.grade ? GRADE_NAMES[row.grade] : null,
    modelVersion: row.version,
    computedAt: row.computed_at.toISOString(),
    dimensions: row.result.dimensions,
    reasons: row.result.reasons,
  };
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

export async function listReviews(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:manage');
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
     JOIN subjects s ON s.id = r.subject_id ORDER BY r.status = 'OPEN' DESC, r.created_at DESC LIMIT 200`,
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
    const [r] = await tx.query<{ subject_id: string; public_id: string }>(
      `UPDATE evaluation_reviews v SET status = $2, resolution = $3, resolved_at = now(), resolved_by = $4
       FROM subjects s WHERE v.id = $1 AND v.status = 'OPEN' AND s.id = v.subject_id RETURNING v.subject_id, s.public_id`,
      [reviewId, input.status, input.resolution, `user:${ctx.viewer.id}`],
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
