// List entries decided here (DOMAIN §5): draft → prior notice (告知) → statement of defence (陈述申辩)
// → decision → published → interviews (约谈) → removal at expiry, on repair or on revocation. Each
// step is one transaction with its audit row, its list change (check results) and, for decisions
// and removals, its credit-log entry.
import crypto from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { type PageParams, pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import { maskName } from '../../shared/mask.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadCalendar } from '../catalog/service.ts';
import { isWithinScope } from '../identifiers/regions.ts';
import { type RequestContext, requirePermission, SYSTEM_CONTEXT, type Viewer } from '../identity/viewer.ts';
import { actorOf } from '../ledger/entry.ts';
import { resolveSubjectKey } from '../subjects/service.ts';
import { SUBJECT_TYPES, type SubjectType } from '../subjects/subject-types.ts';
import { recordListChange } from './changes.ts';
import { renderDecisionPdf } from './decision-pdf.ts';
import { listEntryEvent } from './ledger-events.ts';
import * as repo from './repository.ts';
import {
  allowedFrom,
  DECIDED_LIST_TYPES,
  type DecidedListType,
  type EntryAction,
  type EntryStatus,
  LIST_TYPES,
  type ListType,
  STATUS_NAMES,
  validityError,
} from './rules.ts';

const RELATION_TO_MARK: Record<string, string> = {
  LEGAL_REPRESENTATIVE: 'LEGAL_REPRESENTATIVE',
  PRINCIPAL: 'PRINCIPAL',
};
export const PERSON_ROLE_NAMES: Record<string, string> = {
  LEGAL_REPRESENTATIVE: '法定代表人',
  PRINCIPAL: '主要负责人',
  DIRECTLY_RESPONSIBLE: '直接责任人员',
};

/** `L` and 15 characters: opaque, not enumerable. */
export function newEntryId(): string {
  return `L${crypto.randomBytes(10).toString('base64url').replace(/[-_]/g, 'X').slice(0, 15).toUpperCase()}`;
}

/** A subject as list outputs show it: individuals masked (name and identity number). */
export function presentListSubject(r: {
  subject_public_id: string;
  subject_type: string;
  subject_name: string;
  subject_uscc: string | null;
  subject_id_masked: string | null;
}) {
  const person = r.subject_type === 'INDIVIDUAL';
  return {
    publicId: r.subject_public_id,
    code: r.subject_uscc ?? r.subject_id_masked ?? '',
    name: person ? maskName(r.subject_name) : r.subject_name,
    type: r.subject_type,
    typeName: SUBJECT_TYPES[r.subject_type as SubjectType]?.name ?? r.subject_type,
  };
}

async function presentEntries(q: Queryable, rows: repo.EntryRow[]) {
  const ids = rows.map((r) => r.id);
  const [persons, interviews] = await Promise.all([repo.personsOf(q, ids), repo.interviewsOf(q, ids)]);
  const measures = new Map<string, repo.MeasureRef[]>();
  for (const r of rows) {
    const key = `${r.list_type}/${r.subject_type}`;
    if (!measures.has(key)) measures.set(key, await repo.measuresFor(q, r.list_type, r.subject_type));
  }
  return rows.map((r) => ({
    entryId: r.public_id,
    listType: r.list_type,
    listTypeName: LIST_TYPES[r.list_type].name,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    source: r.source,
    subject: presentListSubject(r),
    decidedBy: { departmentId: r.department_id, name: r.decided_by_name },
    regionCode: r.region_code,
    facts: r.facts,
    basis: r.basis,
    reason: r.reason,
    measures: (measures.get(`${r.list_type}/${r.subject_type}`) ?? []).map((m) => ({
      code: m.code,
      name: m.name,
      action: m.action,
    })),
    notice: r.noticed_at
      ? {
          noticedAt: r.noticed_at.toISOString(),
          defenceDeadline: r.defence_deadline,
          text: r.notice_text ?? '',
        }
      : null,
    defence: r.defence_at
      ? { statement: r.defence_statement ?? '', submittedAt: r.defence_at.toISOString() }
      : null,
    decision: r.decided_at
      ? {
          decisionNo: r.decision_no ?? '',
          decidedAt: r.decided_at.toISOString(),
          removalConditions: r.removal_conditions ?? '',
          remedies: r.remedies ?? '',
        }
      : null,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    publishedAt: r.published_at?.toISOString() ?? null,
    removal: r.removed_at
      ? { kind: r.removal_kind ?? '', reason: r.removal_reason ?? '', at: r.removed_at.toISOString() }
      : null,
    responsiblePersons: persons
      .filter((p) => p.entry_id === r.id)
      .map((p) => ({
        publicId: p.public_id,
        name: maskName(p.name),
        role: p.role,
        roleName: PERSON_ROLE_NAMES[p.role],
      })),
    interviews: interviews
      .filter((i) => i.entry_id === r.id)
      .map((i) => ({
        id: Number(i.id),
        scheduledAt: i.scheduled_at.toISOString(),
        place: i.place,
        status: i.status,
        record: i.record,
        conductedAt: i.conducted_at?.toISOString() ?? null,
      })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
export type ListEntryView = Awaited<ReturnType<typeof presentEntries>>[number];

async function presentOne(q: Queryable, publicId: string): Promise<ListEntryView> {
  const row = await repo.findEntry(q, publicId);
  if (!row) throw notFound(publicId);
  return (await presentEntries(q, [row]))[0];
}

const notFound = (id: string) => Errors.notFound('LIST_ENTRY_NOT_FOUND', `名单条目不存在：${id}`);

function inViewerScope(viewer: Viewer, regionCode: string): boolean {
  return viewer.kind === 'SYSTEM' || isWithinScope(viewer.regionCode, regionCode);
}

export async function listEntries(deps: AppDeps, f: repo.EntryFilter & PageParams, viewer: Viewer) {
  requirePermission(viewer, 'lists:read');
  const w = pageWindow(f);
  const { rows, total } = await repo.listEntries(deps.db, viewer, f, w.pageSize, w.offset);
  const items = await presentEntries(deps.db, rows);
  return toPage(w, items, total, (x) => x);
}

export async function getEntry(deps: AppDeps, publicId: string, viewer: Viewer) {
  requirePermission(viewer, 'lists:read');
  const row = await repo.findEntry(deps.db, publicId);
  if (!row || !inViewerScope(viewer, row.region_code)) throw notFound(publicId);
  return (await presentEntries(deps.db, [row]))[0];
}

/** Self-service: the entries concerning the user's own subject (notices to answer, decisions, lists). */
export async function myEntries(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'reports:self');
  const rows = await deps.db.query<repo.EntryRow>(
    `${repo.ENTRY_SELECT} JOIN users u ON u.subject_id = e.subject_id
     WHERE u.id = $1 AND e.status NOT IN ('DRAFT', 'CANCELLED') ORDER BY e.updated_at DESC LIMIT 100`,
    [viewer.id],
  );
  return { items: await presentEntries(deps.db, rows) };
}

export interface NewEntry {
  listType: DecidedListType;
  subject: string;
  facts: string;
  basis: string;
  reason: string;
  validFrom: string;
  validTo: string;
}

/** A draft listing by the viewer's department, for a subject inside its jurisdiction. */
export async function createEntry(deps: AppDeps, input: NewEntry, ctx: RequestContext, candidateId?: number) {
  requirePermission(ctx.viewer, 'lists:decide');
  if (!DECIDED_LIST_TYPES.includes(input.listType))
    throw Errors.invalid(
      'LIST_TYPE_MIRRORED',
      `${LIST_TYPES[input.listType as ListType]?.name ?? input.listType}由其主管机关认定，本平台只做归集`,
      'listType',
    );
  const bad = validityError(input.listType, input.validFrom, input.validTo);
  if (bad) throw Errors.invalid('LIST_VALIDITY_INVALID', bad, 'validTo');
  const subject = await resolveSubjectKey(deps, input.subject);
  if (!subject) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  if (!inViewerScope(ctx.viewer, subject.region_code)) throw Errors.outOfScope();
  const department = await departmentOf(deps.db, ctx.viewer);
  const entryId = newEntryId();
  await deps.db.transaction(async (tx) => {
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO list_entries (public_id, list_type, source, status, subject_id, department_id, decided_by_name,
         region_code, facts, basis, reason, valid_from, valid_to, created_by)
       VALUES ($1, $2, 'DECIDED', 'DRAFT', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        entryId,
        input.listType,
        subject.id,
        department.id,
        department.name,
        subject.region_code,
        input.facts,
        input.basis,
        input.reason,
        input.validFrom,
        input.validTo,
        actorOf(ctx),
      ],
    );
    if (candidateId !== undefined)
      await tx.query(
        `UPDATE list_candidates SET status = 'PROMOTED', resolved_at = now(), resolved_by = $2, entry_id = $3 WHERE id = $1`,
        [candidateId, actorOf(ctx), id],
      );
    await recordAudit(tx, ctx, {
      action: 'lists.create',
      targetType: 'list_entry',
      targetId: entryId,
      regionCode: subject.region_code,
      detail: { listType: input.listType, subject: subject.public_id, candidateId },
    });
  });
  return presentOne(deps.db, entryId);
}

async function departmentOf(q: Queryable, viewer: Viewer): Promise<{ id: number | null; name: string }> {
  if (viewer.departmentId === null) return { id: null, name: viewer.name };
  const [d] = await q.query<{ id: number; name: string }>('SELECT id, name FROM departments WHERE id = $1', [
    viewer.departmentId,
  ]);
  return d ?? { id: null, name: viewer.name };
}

/**
 * Runs one lifecycle step on a locked entry: checks the viewer may act on it and that the step may
 * follow the current status, then lets `apply` change it, all in one transaction with the audit row.
 */
async function step(
  deps: AppDeps,
  publicId: string,
  action: EntryAction,
  ctx: RequestContext,
  apply: (tx: Queryable, e: repo.EntryRow, today: string) => Promise<Record<string, unknown> | undefined>,
): Promise<ListEntryView> {
  const today = shanghaiDate(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    const e = await repo.findEntry(tx, publicId, true);
    if (!e || (action !== 'defence' && !inViewerScope(ctx.viewer, e.region_code))) throw notFound(publicId);
    if (e.source === 'MIRRORED')
      throw Errors.conflict('LIST_TYPE_MIRRORED', '归集的名单由其主管机关维护，不能在本平台操作', 'entryId');
    if (!allowedFrom(action, e.list_type).includes(e.status))
      throw Errors.conflict(
        'LIST_TRANSITION_INVALID',
        `当前状态为“${STATUS_NAMES[e.status]}”，不能执行此操作`,
        'status',
      );
    const detail = await apply(tx, e, today);
    await tx.query('UPDATE list_entries SET version = version + 1, updated_at = now() WHERE id = $1', [e.id]);
    await recordAudit(tx, ctx, {
      action: `lists.${action}`,
      targetType: 'list_entry',
      targetId: e.public_id,
      regionCode: e.region_code,
      detail: { subject: e.subject_public_id, ...detail },
    });
  });
  return presentOne(deps.db, publicId);
}

/** 告知: the facts, basis and the subject's rights; the defence window opens. */
export async function noticeEntry(deps: AppDeps, publicId: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'lists:decide');
  const calendar = await loadCalendar(deps.db);
  return step(deps, publicId, 'notice', ctx, async (tx, e, today) => {
    const deadline = calendar.addWorkingDays(today, deps.config.listDefenceWorkingDays);
    const text = [
      `${e.subject_name}：`,
      `本机关拟将你（单位）列入${LIST_TYPES[e.list_type].name}。`,
      `认定事实：${e.facts}`,
      `认定依据：${e.basis}`,
      `列入理由：${e.reason}`,
      `根据有关规定，你（单位）有权在 ${deadline} 前（${deps.config.listDefenceWorkingDays} 个工作日内）进行陈述和申辩；逾期未提出的，视为放弃陈述申辩权利。`,
      `告知机关：${e.decided_by_name}`,
    ].join('\n');
    await tx.query(
      `UPDATE list_entries SET status = 'NOTICED', noticed_at = now(), defence_deadline = $2, notice_text = $3 WHERE id = $1`,
      [e.id, deadline, text],
    );
    return { defenceDeadline: deadline };
  });
}

/** 陈述申辩: the subject itself answers online while the window is open. */
export async function submitDefence(deps: AppDeps, publicId: string, statement: string, ctx: RequestContext) {
  if (ctx.viewer.kind !== 'USER') throw Errors.unauthenticated();
  const [own] = await deps.db.query<{ subject_id: number | null }>(
    'SELECT subject_id FROM users WHERE id = $1',
    [ctx.viewer.id],
  );
  return step(deps, publicId, 'defence', ctx, async (tx, e, today) => {
    if (own?.subject_id !== e.subject_id) throw notFound(publicId);
    if (e.defence_deadline !== null && today > e.defence_deadline)
      throw Errors.conflict(
        'DEFENCE_WINDOW_CLOSED',
        `陈述申辩期已于 ${e.defence_deadline} 届满`,
        'statement',
      );
    await tx.query('UPDATE list_entries SET defence_statement = $2, defence_at = now() WHERE id = $1', [
      e.id,
      statement,
    ]);
    return { length: statement.length };
  });
}

export interface Decision {
  decisionNo: string;
  removalConditions: string;
  remedies: string;
}

/**
 * 认定决定: after the defence was heard or its window closed. For a listed organisation on the
 * serious-dishonesty list, its legal representative and principal responsible person are marked
 * (吉林省社会信用条例 Art. 26) from the subject relations in force.
 */
export async function decideEntry(deps: AppDeps, publicId: string, d: Decision, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'decide', ctx, async (tx, e, today) => {
    if (
      e.status === 'NOTICED' &&
      e.defence_at === null &&
      e.defence_deadline !== null &&
      today <= e.defence_deadline
    )
      throw Errors.conflict(
        'DEFENCE_WINDOW_OPEN',
        `陈述申辩期至 ${e.defence_deadline} 届满，当事人尚未提出陈述申辩，暂不能作出决定`,
        'status',
      );
    await tx.query(
      `UPDATE list_entries SET status = 'DECIDED', decision_no = $2, decided_at = now(), removal_conditions = $3, remedies = $4
       WHERE id = $1`,
      [e.id, d.decisionNo, d.removalConditions, d.remedies],
    );
    let marked = 0;
    if (e.list_type === 'SERIOUS_DISHONESTY' && e.subject_type !== 'INDIVIDUAL') {
      const rows = await tx.query<{ person_id: number; role: string }>(
        `INSERT INTO list_entry_persons (entry_id, person_id, role)
         SELECT $1, person_id, role FROM subject_relations
         WHERE org_id = $2 AND role = ANY($3::text[]) AND since <= $4::date AND (until IS NULL OR until >= $4::date)
         ON CONFLICT DO NOTHING RETURNING person_id, role`,
        [e.id, e.subject_id, Object.keys(RELATION_TO_MARK), today],
      );
      marked = rows.length;
    }
    await deps.ledger.append(tx, [
      listEntryEvent('decided', { ...e, decision_no: d.decisionNo }, e.version + 1, actorOf(ctx)),
    ]);
    return { decisionNo: d.decisionNo, responsiblePersons: marked };
  });
}

/** 公布: in force (and answered by checks) from its valid-from date. */
export async function publishEntry(deps: AppDeps, publicId: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'publish', ctx, async (tx, e) => {
    await tx.query(`UPDATE list_entries SET status = 'PUBLISHED', published_at = now() WHERE id = $1`, [
      e.id,
    ]);
    await recordListChange(tx, await affectedSubjects(tx, e.id, e.subject_id), 'published');
    await deps.ledger.append(tx, [listEntryEvent('published', e, e.version + 1, actorOf(ctx))]);
    return undefined;
  });
}

export async function scheduleInterview(
  deps: AppDeps,
  publicId: string,
  input: { scheduledAt: string; place: string },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'interview', ctx, async (tx, e) => {
    await tx.query('INSERT INTO list_interviews (entry_id, scheduled_at, place) VALUES ($1, $2, $3)', [
      e.id,
      input.scheduledAt,
      input.place,
    ]);
    return { scheduledAt: input.scheduledAt };
  });
}

/** "谁认定、谁约谈": the deciding department records the interview; the record joins the archive. */
export async function recordInterview(
  deps: AppDeps,
  publicId: string,
  interviewId: number,
  input: { status: 'DONE' | 'MISSED'; record: string },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'interview', ctx, async (tx, e) => {
    const rows = await tx.query(
      `UPDATE list_interviews SET status = $3, record = $4, conducted_at = now(), recorded_by = $5
       WHERE id = $2 AND entry_id = $1 AND status = 'SCHEDULED' RETURNING id`,
      [e.id, interviewId, input.status, input.record, actorOf(ctx)],
    );
    if (!rows.length) throw Errors.notFound('INTERVIEW_NOT_FOUND', '约谈安排不存在或已记录');
    return { interviewId, status: input.status };
  });
}

/** 移出: on repair (信用修复) or on revocation of the decision; the entry stays in the archive. */
export async function removeEntry(
  deps: AppDeps,
  publicId: string,
  input: { kind: 'REPAIR' | 'REVOCATION'; reason: string },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'remove', ctx, async (tx, e) => {
    await endEntry(tx, e, input.kind === 'REPAIR' ? 'REMOVED' : 'REVOKED', input.kind, input.reason);
    await deps.ledger.append(tx, [
      listEntryEvent('removed', { ...e, removal_kind: input.kind }, e.version + 1, actorOf(ctx)),
    ]);
    return { kind: input.kind, reason: input.reason };
  });
}

export async function cancelEntry(deps: AppDeps, publicId: string, reason: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'lists:decide');
  return step(deps, publicId, 'cancel', ctx, async (tx, e) => {
    await endEntry(tx, e, 'CANCELLED', 'CANCELLED', reason);
    return { reason };
  });
}

async function endEntry(
  tx: Queryable,
  e: { id: number; subject_id: number },
  status: EntryStatus,
  kind: string,
  reason: string,
) {
  await tx.query(
    `UPDATE list_entries SET status = $2, removal_kind = $3, removal_reason = $4, removed_at = now() WHERE id = $1`,
    [e.id, status, kind, reason],
  );
  await recordListChange(tx, await affectedSubjects(tx, e.id, e.subject_id), status.toLowerCase());
}

/** The listed subject and the persons marked with it: whose check results an entry changes. */
async function affectedSubjects(q: Queryable, entryId: number, subjectId: number): Promise<number[]> {
  const persons = await q.query<{ person_id: number }>(
    'SELECT person_id FROM list_entry_persons WHERE entry_id = $1',
    [entryId],
  );
  return [subjectId, ...persons.map((p) => Number(p.person_id))];
}

/** The scheduled job: entries whose validity ended leave the lists (kept in the archive). */
export async function expireEntries(deps: AppDeps): Promise<number> {
  const today = shanghaiDate(deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const ended = await tx.query<repo.EntryRow>(
      `${repo.ENTRY_SELECT} WHERE e.status = 'PUBLISHED' AND e.valid_to < $1::date FOR UPDATE OF e`,
      [today],
    );
    for (const e of ended) {
      await endEntry(tx, e, 'EXPIRED', 'EXPIRY', `有效期已于 ${e.valid_to} 届满`);
      if (e.source === 'DECIDED')
        await deps.ledger.append(tx, [listEntryEvent('expired', e, e.version + 1, actorOf(SYSTEM_CONTEXT))]);
    }
    if (ended.length) {
      // A new version, as every other step makes: the log entry above names it.
      await tx.query(
        'UPDATE list_entries SET version = version + 1, updated_at = now() WHERE id = ANY($1::bigint[])',
        [ended.map((e) => e.id)],
      );
      await recordAudit(tx, SYSTEM_CONTEXT, {
        action: 'lists.expire',
        detail: { entries: ended.length, today },
      });
    }
    return ended.length;
  });
}

/** The decision document (认定决定书) of a decided entry, rendered from the entry as stored. */
export async function decisionPdf(deps: AppDeps, publicId: string, viewer: Viewer): Promise<Buffer> {
  const e = await repo.findEntry(deps.db, publicId);
  // Officials in scope, and the listed subject itself (it is the addressee of the decision).
  const own =
    viewer.kind === 'USER' &&
    viewer.permissions.has('reports:self') &&
    e !== undefined &&
    (await deps.db.query('SELECT 1 FROM users WHERE id = $1 AND subject_id = $2', [viewer.id, e.subject_id]))
      .length > 0;
  if (!own) requirePermission(viewer, 'lists:read');
  if (!e || (!own && !inViewerScope(viewer, e.region_code))) throw notFound(publicId);
  if (!e.decided_at) throw Errors.conflict('LIST_NOT_DECIDED', '尚未作出认定决定，没有决定书', 'entryId');
  const [view] = await presentEntries(deps.db, [e]);
  const measures = await repo.measuresFor(deps.db, e.list_type, e.subject_type);
  return renderDecisionPdf({
    entryId: e.public_id,
    listTypeName: LIST_TYPES[e.list_type].name,
    decisionNo: e.decision_no ?? '',
    department: e.decided_by_name,
    decidedAt: e.decided_at.toISOString(),
    subject: { name: view.subject.name, code: view.subject.code, typeLabel: view.subject.typeName },
    facts: e.facts,
    basis: e.basis,
    reason: e.reason,
    measures: measures.map((m) => ({
      code: m.code,
      name: m.name,
      action: m.action,
      legalBasis: m.legal_basis,
    })),
    validFrom: e.valid_from,
    validTo: e.valid_to,
    removalConditions: e.removal_conditions ?? '',
    remedies: e.remedies ?? '',
    responsiblePersons: view.responsiblePersons.map((p) => ({ name: p.name, role: p.roleName })),
    defence: e.defence_at
      ? { statement: e.defence_statement ?? '', submittedAt: e.defence_at.toISOString() }
      : null,
  });
}
