// 联合奖惩 (DOMAIN §6): the check business systems call while handling a matter, the feedback they
// report, and the supervision (自动监督) over both.
import crypto from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import type { Db } from '../../db/db.ts';
import { SqlParams } from '../../db/sql.ts';
import { type PageParams, pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { AppError, Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadCalendar } from '../catalog/service.ts';
import { PROVINCE_CODE, regionScopePrefix } from '../identifiers/regions.ts';
import { validateIdentifier } from '../identifiers/validate.ts';
import { regionGuard } from '../identity/scope.ts';
import { type RequestContext, requirePermission, type Viewer } from '../identity/viewer.ts';
import { getEntry } from '../lists/entries.ts';
import { csvLine } from '../records/files/error-report.ts';
import { CheckIndex, maskedCode } from './check-index.ts';
import { type Hit, hitsFor } from './hits.ts';
import { CheckRecorder, type CheckRow } from './recorder.ts';

/** The per-process parts of the check loop: the index and the write-behind recorder. */
export class SanctionsRuntime {
  private constructor(
    readonly index: CheckIndex,
    readonly recorder: CheckRecorder,
  ) {}

  static async start(db: Db, pollMs: number, onError: (err: Error) => void): Promise<SanctionsRuntime> {
    return new SanctionsRuntime(await CheckIndex.open(db, pollMs, onError), new CheckRecorder(db, onError));
  }

  async close(): Promise<void> {
    await this.index.close();
    await this.recorder.close();
  }
}

export interface CheckInput {
  subject: string;
  matter: string;
  reference?: string;
}

/** `CK` + time (sortable) + randomness. */
function newCheckId(now: Date): string {
  return `CK${now.getTime().toString(36).toUpperCase()}${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
}

interface AnswerSubject {
  code: string;
  known: boolean;
  name: string | null;
  type: string | null;
  /** The public credit evaluation grade, as context (it decides nothing here). */
  grade: 'A' | 'B' | 'C' | 'D' | null;
}

type Answer = ReturnType<typeof answer>;
function answer(checkId: string, at: Date, subject: AnswerSubject, hits: Hit[]) {
  return {
    checkId,
    result: hits.length ? ('HIT' as const) : ('CLEAR' as const),
    checkedAt: at.toISOString(),
    subject,
    hits: hits.map(({ departmentId: _, ...h }) => h),
  };
}

function requireChecks(viewer: Viewer) {
  requirePermission(viewer, 'checks');
}

/**
 * One check. The answer comes from memory: the index of subjects with entries and, for a clean
 * subject, the directory of known subjects. The check is recorded behind the answer.
 */
async function checkOne(deps: AppDeps, input: CheckInput, ctx: RequestContext, at: Date): Promise<Answer> {
  const { index, recorder } = deps.sanctions;
  const measures = index.measuresFor(input.matter);
  if (!measures) throw new AppError(400, 'UNKNOWN_MATTER', `未知的事项代码：${input.matter}`, 'matter');
  const v = validateIdentifier(input.subject);
  if (!v.valid) {
    const e = v.errors[0];
    throw new AppError(400, e.code, `主体代码无效：${e.message}`, 'subject');
  }
  const key = v.kind === 'RIC' ? `H${deps.vault.lookupHash(v.normalized).toString('hex')}` : v.normalized;
  const state = index.get(key);
  const today = shanghaiDate(at);
  let subject: AnswerSubject;
  let hits: Hit[] = [];
  let subjectId: number | null = null;
  const found = index.known.find(key);
  if (state) {
    hits = hitsFor(state, measures, today);
    subjectId = state.subjectId;
    subject = {
      code: state.code,
      known: true,
      name: state.name,
      type: state.type,
      grade: found?.grade ?? null,
    };
  } else {
    const known = found !== null || (await knownInDatabase(deps, key));
    subject = {
      code: maskedCode(v.normalized, v.kind),
      known,
      name: null,
      type: null,
      grade: found?.grade ?? null,
    };
  }
  const checkId = newCheckId(at);
  const viewer = ctx.viewer;
  recorder.add({
    checkId,
    checkedAt: at,
    clientKind: viewer.kind,
    clientId: viewer.id,
    clientName: viewer.name,
    departmentId: viewer.departmentId,
    regionCode: viewer.regionCode,
    subjectKey: key,
    subjectId,
    matter: input.matter,
    reference: input.reference ?? null,
    result: hits.length ? 'HIT' : 'CLEAR',
    hits,
  });
  return answer(checkId, at, subject, hits);
}

async function knownInDatabase(deps: AppDeps, key: string): Promise<boolean> {
  const rows = key.startsWith('H')
    ? await deps.db.query('SELECT 1 FROM subjects WHERE id_number_hash = $1', [
        Buffer.from(key.slice(1), 'hex'),
      ])
    : await deps.db.query('SELECT 1 FROM subjects WHERE uscc = $1', [key]);
  return rows.length > 0;
}

export async function check(deps: AppDeps, input: CheckInput, ctx: RequestContext) {
  requireChecks(ctx.viewer);
  deps.sanctions.recorder.admit();
  return checkOne(deps, input, ctx, deps.clock.now());
}

/** 批量比对: one answer per subject, in order; a bad code answers with its error in place. */
export async function checkBatch(
  deps: AppDeps,
  input: { matter: string; subjects: string[] },
  ctx: RequestContext,
) {
  requireChecks(ctx.viewer);
  if (!deps.sanctions.index.measuresFor(input.matter))
    throw new AppError(400, 'UNKNOWN_MATTER', `未知的事项代码：${input.matter}`, 'matter');
  deps.sanctions.recorder.admit(input.subjects.length);
  const at = deps.clock.now();
  const results: (Answer | { subject: string; error: { code: string; message: string } })[] = [];
  for (const subject of input.subjects) {
    try {
      results.push(await checkOne(deps, { subject, matter: input.matter }, ctx, at));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ subject, error: { code: err.code, message: err.message } });
    }
  }
  return { results };
}

export interface FeedbackInput {
  actionTaken: 'RESTRICTED' | 'REFUSED' | 'REVIEWED' | 'FACILITATED' | 'NOT_APPLIED';
  reason?: string;
  handler: string;
  matterId: string;
  entryId?: string;
}

/** 自动反馈: what the business system did about a check's hits, by the caller who checked. */
export async function feedback(deps: AppDeps, checkId: string, input: FeedbackInput, ctx: RequestContext) {
  requireChecks(ctx.viewer);
  await deps.sanctions.recorder.flush();
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.query<{
      id: string;
      client_kind: string;
      client_id: string | null;
      hits: { entryId: string }[];
    }>('SELECT id, client_kind, client_id, hits FROM checks WHERE check_id = $1', [checkId]);
    if (!c || c.client_kind !== ctx.viewer.kind || c.client_id !== ctx.viewer.id)
      throw Errors.notFound('CHECK_NOT_FOUND', `比对记录不存在：${checkId}`);
    if (input.entryId && !c.hits.some((h) => h.entryId === input.entryId))
      throw Errors.invalid('FEEDBACK_ENTRY_NOT_HIT', '该名单条目不在本次比对的命中结果中', 'entryId');
    let entryDbId: number | null = null;
    if (input.entryId) {
      const [e] = await tx.query<{ id: number }>('SELECT id FROM list_entries WHERE public_id = $1', [
        input.entryId,
      ]);
      entryDbId = e?.id ?? null;
    }
    await tx.query(
      `INSERT INTO check_feedback (check_id, entry_id, action_taken, reason, handler, matter_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.id, entryDbId, input.actionTaken, input.reason ?? null, input.handler, input.matterId],
    );
    await recordAudit(tx, ctx, {
      action: 'checks.feedback',
      targetType: 'check',
      targetId: checkId,
      detail: { actionTaken: input.actionTaken, matterId: input.matterId, entryId: input.entryId ?? null },
    });
    const rows = await tx.query<{
      entry: string | null;
      action_taken: string;
      handler: string;
      matter_id: string;
      reason: string | null;
      at: Date;
    }>(
      `SELECT e.public_id AS entry, f.action_taken, f.handler, f.matter_id, f.reason, f.at FROM check_feedback f
       LEFT JOIN list_entries e ON e.id = f.entry_id WHERE f.check_id = $1 ORDER BY f.id`,
      [c.id],
    );
    return {
      checkId,
      feedback: rows.map((r) => ({
        entryId: r.entry,
        actionTaken: r.action_taken,
        handler: r.handler,
        matterId: r.matter_id,
        reason: r.reason,
        at: r.at.toISOString(),
      })),
    };
  });
}

/** Self-service: who checked the user's own subject, for which matter. */
export async function myChecks(deps: AppDeps, viewer: Viewer, page: PageParams) {
  requirePermission(viewer, 'reports:self');
  await deps.sanctions.recorder.flush();
  const [own] = await deps.db.query<{ uscc: string | null; id_hash: Buffer | null }>(
    `SELECT s.uscc, s.id_number_hash AS id_hash FROM users u JOIN subjects s ON s.id = u.subject_id WHERE u.id = $1`,
    [viewer.id],
  );
  const w = pageWindow(page);
  if (!own) return toPage(w, [], 0, (x) => x);
  const key = own.uscc ?? `H${Buffer.from(own.id_hash!).toString('hex')}`;
  const [rows, [{ n }]] = await Promise.all([
    deps.db.query<{
      check_id: string;
      checked_at: Date;
      client_name: string;
      matter: string;
      name: string | null;
      result: string;
    }>(
      `SELECT c.check_id, c.checked_at, c.client_name, c.matter, m.name, c.result FROM checks c
       LEFT JOIN matters m ON m.code = c.matter WHERE c.subject_key = $1 ORDER BY c.checked_at DESC LIMIT $2 OFFSET $3`,
      [key, w.pageSize, w.offset],
    ),
    deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM checks WHERE subject_key = $1', [key]),
  ]);
  return toPage(w, rows, n, (r) => ({
    checkId: r.check_id,
    checkedAt: r.checked_at.toISOString(),
    checkedBy: r.client_name,
    matter: r.matter,
    matterName: r.name ?? r.matter,
    result: r.result,
  }));
}

// ---------- supervision (自动监督) ----------

export type GroupBy = 'department' | 'measure' | 'listType' | 'region' | 'month';

export interface StatsQuery {
  from?: string;
  to?: string;
  groupBy: GroupBy;
}

const ACTIONS = ['RESTRICTED', 'REFUSED', 'REVIEWED', 'FACILITATED', 'NOT_APPLIED'] as const;

/**
 * Checks, hits and feedback counted by the checking department, measure, list type, region or
 * month. Department users see the checks made inside their region; the platform sees all.
 */
export async function stats(deps: AppDeps, q: StatsQuery, viewer: Viewer) {
  requirePermission(viewer, 'sanctions:stats');
  await deps.sanctions.recorder.flush();
  const p = new SqlParams();
  const where = [regionGuard(viewer, "coalesce(c.region_code, '220000')", p)];
  if (q.from) where.push(`c.checked_at >= (${p.add(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.to) where.push(`c.checked_at < ((${p.add(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  const perHit = q.groupBy === 'measure' || q.groupBy === 'listType';
  const keyExpr = {
    department: `coalesce(c.department_id::text, c.client_name)`,
    region: `coalesce(c.region_code, '')`,
    month: `to_char(c.checked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
    measure: 'h.measure_code',
    listType: 'h.list_type',
  }[q.groupBy];
  const labelExpr = {
    department: `max(coalesce(d.name, c.client_name))`,
    region: `max(coalesce(c.region_code, ''))`,
    month: `max(to_char(c.checked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'))`,
    measure: `max(coalesce(ms.name, h.measure_code))`,
    listType: `max(h.list_type)`,
  }[q.groupBy];
  const from = perHit
    ? `check_hits h JOIN checks c ON c.id = h.check_id
       LEFT JOIN measures ms ON ms.code = h.measure_code AND ms.status = 'ACTIVE'`
    : 'checks c LEFT JOIN departments d ON d.id = c.department_id';
  const rows = await deps.db.query<{
    key: string;
    label: string;
    checks: number;
    hits: number;
    with_feedback: number;
    actions: Record<string, number> | null;
  }>(
    `WITH base AS (
       SELECT ${keyExpr} AS key, ${labelExpr} AS label, count(DISTINCT c.id)::int AS checks,
         count(DISTINCT c.id) FILTER (WHERE c.result = 'HIT')::int AS hits,
         count(DISTINCT c.id) FILTER (WHERE c.result = 'HIT' AND EXISTS (SELECT 1 FROM check_feedback f WHERE f.check_id = c.id))::int AS with_feedback,
         array_agg(DISTINCT c.id) FILTER (WHERE c.result = 'HIT') AS hit_ids
       FROM ${from} WHERE ${where.join(' AND ')} GROUP BY 1)
     SELECT b.key, b.label, b.checks, b.hits, b.with_feedback,
       (SELECT jsonb_object_agg(action_taken, n) FROM (SELECT f.action_taken, count(*)::int AS n FROM check_feedback f
          WHERE f.check_id = ANY(b.hit_ids) GROUP BY 1) a) AS actions
     FROM base b ORDER BY b.checks DESC, b.key`,
    p.values,
  );
  const present = (r: {
    key: string;
    label: string;
    checks: number;
    hits: number;
    with_feedback: number;
    actions: Record<string, number> | null;
  }) => ({
    key: r.key,
    label: r.label,
    checks: r.checks,
    hits: r.hits,
    feedback: r.with_feedback,
    feedbackRate: r.hits ? Math.round((1000 * r.with_feedback) / r.hits) / 1000 : null,
    actions: Object.fromEntries(ACTIONS.map((a) => [a, r.actions?.[a] ?? 0])),
  });
  const out = rows.map(present);
  const sum = (f: (r: (typeof out)[number]) => number) => out.reduce((n, r) => n + f(r), 0);
  const totals = perHit
    ? null
    : {
        checks: sum((r) => r.checks),
        hits: sum((r) => r.hits),
        feedback: sum((r) => r.feedback),
        feedbackRate: sum((r) => r.hits)
          ? Math.round((1000 * sum((r) => r.feedback)) / sum((r) => r.hits)) / 1000
          : null,
        actions: Object.fromEntries(ACTIONS.map((a) => [a, sum((r) => r.actions[a])])),
      };
  return { rows: out, totals };
}

/** CSV of the statistics (export), in the intake error reports' format (formula cells escaped). */
export async function statsCsv(deps: AppDeps, q: StatsQuery, viewer: Viewer): Promise<string> {
  const { rows } = await stats(deps, q, viewer);
  const head = csvLine(['分组', '名称', '比对次数', '命中次数', '已反馈', '反馈率', ...ACTIONS]);
  const lines = rows.map((r) =>
    csvLine(
      [
        r.key,
        r.label,
        r.checks,
        r.hits,
        r.feedback,
        r.feedbackRate ?? '',
        ...ACTIONS.map((a) => r.actions[a]),
      ].map(String),
    ),
  );
  return `\uFEFF${head}${lines.join('')}`;
}

/** Checks with hits and no feedback after the deadline (CHECK_FEEDBACK_WORKING_DAYS). */
export async function overdue(deps: AppDeps, page: PageParams, viewer: Viewer) {
  requirePermission(viewer, 'sanctions:stats');
  await deps.sanctions.recorder.flush();
  const calendar = await loadCalendar(deps.db);
  const today = shanghaiDate(deps.clock.now());
  const p = new SqlParams();
  const rows = await deps.db.query<{
    check_id: string;
    checked_at: Date;
    client_name: string;
    matter: string;
    hits: Omit<Hit, 'departmentId'>[];
  }>(
    `SELECT c.check_id, c.checked_at, c.client_name, c.matter, c.hits FROM checks c
     WHERE c.result = 'HIT' AND ${regionGuard(viewer, "coalesce(c.region_code, '220000')", p)}
       AND c.checked_at < ${p.add(deps.clock.now())}::timestamptz - interval '1 day'
       AND NOT EXISTS (SELECT 1 FROM check_feedback f WHERE f.check_id = c.id)
     ORDER BY c.checked_at LIMIT 5000`,
    p.values,
  );
  const late = rows
    .map((r) => ({
      r,
      due: calendar.addWorkingDays(shanghaiDate(r.checked_at), deps.config.checkFeedbackWorkingDays),
    }))
    .filter((x) => x.due < today);
  const w = pageWindow(page);
  return toPage(w, late.slice(w.offset, w.offset + w.pageSize), late.length, ({ r, due }) => ({
    checkId: r.check_id,
    checkedAt: r.checked_at.toISOString(),
    checkedBy: r.client_name,
    matter: r.matter,
    hits: r.hits,
    dueAt: due,
  }));
}

/**
 * Checks answered but not recorded: the database refused their row however the recorder split its
 * batch (check_write_failures), newest first, within the viewer's region (the checker's region, as
 * for the recorded checks). The stored row is read back for who checked what.
 */
export async function recorderFailures(deps: AppDeps, page: PageParams, viewer: Viewer) {
  requirePermission(viewer, 'sanctions:stats');
  await deps.sanctions.recorder.flush();
  const rows = await deps.db.query<{
    check_id: string;
    checked_at: Date;
    failed_at: Date;
    error_code: string | null;
    error_message: string;
    row_json: Uint8Array;
  }>(
    `SELECT check_id, checked_at, failed_at, error_code, error_message, row_json
     FROM check_write_failures ORDER BY id DESC LIMIT 5000`,
  );
  const prefix = regionScopePrefix(viewer.regionCode);
  const visible = rows
    .map((r) => ({ r, row: storedRow(r.row_json) }))
    .filter(({ row }) => (row.regionCode ?? PROVINCE_CODE).startsWith(prefix));
  const w = pageWindow(page);
  return toPage(w, visible.slice(w.offset, w.offset + w.pageSize), visible.length, ({ r, row }) => ({
    checkId: r.check_id,
    checkedAt: r.checked_at.toISOString(),
    checkedBy: row.clientName ?? '',
    matter: row.matter ?? '',
    result: row.result ?? '',
    failedAt: r.failed_at.toISOString(),
    errorCode: r.error_code,
    errorMessage: r.error_message,
  }));
}

/** The JSON the recorder set aside; an unreadable one shows as empty rather than hiding the failure. */
function storedRow(bytes: Uint8Array): Partial<CheckRow> {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<CheckRow>;
  } catch {
    return {};
  }
}

/** One entry end to end: the entry, every check that hit it, and what each checker did. */
export async function entryLoop(deps: AppDeps, entryId: string, viewer: Viewer) {
  requirePermission(viewer, 'sanctions:stats');
  const entry = await getEntry(deps, entryId, viewer);
  await deps.sanctions.recorder.flush();
  const rows = await deps.db.query<{
    check_id: string;
    checked_at: Date;
    client_name: string;
    matter: string;
    measures: string[];
    feedback: { actionTaken: string; handler: string; matterId: string; at: string }[] | null;
  }>(
    `SELECT c.check_id, c.checked_at, c.client_name, c.matter, array_agg(DISTINCT h.measure_code) AS measures,
       (SELECT jsonb_agg(jsonb_build_object('actionTaken', f.action_taken, 'handler', f.handler, 'matterId', f.matter_id,
          'at', f.at) ORDER BY f.id) FROM check_feedback f WHERE f.check_id = c.id) AS feedback
     FROM check_hits h JOIN checks c ON c.id = h.check_id JOIN list_entries e ON e.id = h.entry_id
     WHERE e.public_id = $1 GROUP BY c.id ORDER BY c.checked_at DESC LIMIT 500`,
    [entryId],
  );
  return {
    entry,
    checks: rows.map((r) => ({
      checkId: r.check_id,
      checkedAt: r.checked_at.toISOString(),
      checkedBy: r.client_name,
      matter: r.matter,
      measures: r.measures,
      feedback: r.feedback ?? [],
    })),
  };
}
