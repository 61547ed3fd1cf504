import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { SqlParams } from '../../db/sql.ts';
import { pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { type CatalogueItem, itemById } from '../catalog/service.ts';
import { regionName, regionScopePrefix } from '../identifiers/regions.ts';
import { regionGuard } from '../identity/scope.ts';
import { type RequestContext, requirePermission, SYSTEM_CONTEXT, type Viewer } from '../identity/viewer.ts';
import { actorOf } from '../ledger/entry.ts';
import { nameMatchSql } from '../subjects/repository.ts';
import { buildNameMatch } from '../subjects/search-terms.ts';
import { resolveSubjectKey } from '../subjects/service.ts';
import { ledgerColumns, type RecordLedgerRow, recordEvent } from './ledger-events.ts';
import { canonicalDecimal } from './normalize.ts';
import * as repo from './repository.ts';

export const TIER_NAMES = { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' } as const;
export const PARTY_CLASS_NAMES = {
  LEGAL_PERSON: '法人及非法人组织',
  NATURAL_PERSON: '自然人',
  SOLE_TRADER: '个体工商户',
} as const;

// Published catalogue versions never change, so their items can be cached for the process lifetime.
const itemCache = new Map<number, Promise<CatalogueItem>>();
function cachedItem(q: Queryable, id: number): Promise<CatalogueItem> {
  let item = itemCache.get(id);
  if (!item) {
    item = itemById(q, id);
    itemCache.set(id, item);
    item.catch(() => itemCache.delete(id));
  }
  return item;
}

/** Officials with `records:read` see every record in their region; everyone else sees what is published now. */
function seesRestricted(viewer: Viewer): boolean {
  return viewer.kind !== 'PUBLIC' && viewer.permissions.has('records:read');
}

export function presentSummary(r: repo.RecordRow, today: string) {
  return {
    id: r.public_id,
    item: r.item_code,
    itemName: r.item_name,
    category: r.category,
    catalogue: r.catalogue,
    catalogueVersion: r.catalogue_version,
    subject: {
      id: r.subject_public_id,
      name: r.subject_name,
      type: r.subject_type,
      // Individuals appear with their masked identity number only.
      maskedIdNumber: r.subject_type === 'INDIVIDUAL' ? r.subject_id_masked : null,
    },
    partyName: r.party_name,
    partyClass: r.party_class,
    partyClassName: PARTY_CLASS_NAMES[r.party_class as keyof typeof PARTY_CLASS_NAMES] ?? r.party_class,
    decisionNo: r.decision_no,
    decisionDate: r.decision_date,
    authorityName: r.authority_name,
    authorityCode: r.authority_code,
    regionCode: r.region_code,
    regionName: regionName(r.region_code) ?? r.region_code,
    departmentId: r.department_id,
    departmentName: r.department_name,
    tier: r.tier,
    tierName: r.tier ? TIER_NAMES[r.tier as keyof typeof TIER_NAMES] : null,
    kinds: r.kinds,
    amount: r.fine_amount === null ? null : canonicalDecimal(r.fine_amount),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    published: r.is_public && r.status === 'ACTIVE' && r.public_until !== null && r.public_until >= today,
    publicUntil: r.public_until,
    intakeDate: r.intake_date,
    workingDaysToIntake: r.working_days_to_intake,
    late: r.late,
  };
}

async function presentDetail(deps: AppDeps, r: repo.RecordRow, today: string, restricted: boolean) {
  const item = await cachedItem(deps.db, r.item_id);
  // Non-public fields (identity numbers, a legal representative's details) never leave in any view;
  // officials reach identity numbers only through the subject's restricted page, which is audited.
  const fields = item.fields
    .filter((f) => f.public !== false && f.type !== 'idNumber' && r.fields[f.code] !== undefined)
    .map((f) => ({ code: f.code, label: f.label, value: r.fields[f.code] }));
  return {
    ...presentSummary(r, today),
    fields,
    regime: r.regime,
    minimumUntil: r.minimum_until,
    version: r.version,
    withdrawnAt: restricted && r.withdrawn_at ? r.withdrawn_at.toISOString() : null,
    withdrawnReason: restricted ? r.withdrawn_reason : null,
    history: restricted
      ? (await repo.recordHistory(deps.db, r.id)).map((h) => ({
          version: h.version,
          status: h.status,
          replacedAt: h.replaced_at.toISOString(),
          fields: item.fields
            .filter((f) => f.public !== false && f.type !== 'idNumber' && h.fields[f.code] !== undefined)
            .map((f) => ({ code: f.code, label: f.label, value: h.fields[f.code] })),
        }))
      : [],
  };
}

export interface RecordQuery {
  subject?: string;
  item?: string;
  from?: string;
  to?: string;
  q?: string;
  region?: string;
  department?: number;
  kind?: string;
  tier?: string;
  status?: 'ACTIVE' | 'WITHDRAWN';
  published?: boolean;
  page?: number;
  pageSize?: number;
}

export async function listRecords(deps: AppDeps, query: RecordQuery, ctx: RequestContext) {
  const viewer = ctx.viewer;
  const today = shanghaiDate(deps.clock.now());
  const restricted = seesRestricted(viewer);
  const p = new SqlParams();
  const where: string[] = [];
  if (restricted) {
    where.push(regionGuard(viewer, 'r.region_code', p));
    if (query.status) where.push(`r.status = ${p.add(query.status)}`);
    if (query.published !== undefined)
      where.push(query.published ? repo.publishedNow(p, today) : `NOT (${repo.publishedNow(p, today)})`);
  } else {
    where.push(repo.publishedNow(p, today));
  }
  if (query.subject) {
    const subjectId = await subjectIdFor(deps, query.subject);
    if (subjectId === null)
      return toPage(pageWindow(query), [], 0, (r: repo.RecordRow) => presentSummary(r, today));
    where.push(`r.subject_id = ${p.add(subjectId)}`);
  }
  if (query.item) where.push(`r.item_code = ${p.add(query.item)}`);
  if (query.from) where.push(`r.decision_date >= ${p.add(query.from)}::date`);
  if (query.to) where.push(`r.decision_date <= ${p.add(query.to)}::date`);
  if (query.region) where.push(`r.region_code LIKE ${p.add(`${regionScopePrefix(query.region)}%`)}`);
  if (query.department) where.push(`r.department_id = ${p.add(query.department)}`);
  // `@>` rather than `= ANY`: the GIN index on kinds answers containment.
  if (query.kind) where.push(`r.kinds @> ARRAY[${p.add(query.kind)}::text]`);
  if (query.tier) where.push(`r.tier = ${p.add(query.tier)}`);
  let partial = false;
  if (query.q?.trim()) {
    const filter = await textFilter(deps.db, query.q.trim(), p);
    if (filter === null)
      return toPage(pageWindow(query), [], 0, (r: repo.RecordRow) => presentSummary(r, today));
    where.push(filter.sql);
    partial = filter.partial;
  }
  const w = pageWindow(query);
  const countParams = new SqlParams();
  countParams.values.push(...p.values);
  const [rows, total] = await Promise.all([
    repo.listRecords(deps.db, where, p, w.pageSize, w.offset),
    repo.countRecords(deps.db, where, countParams, 10_000),
  ]);
  if (restricted)
    await recordAudit(deps.db, ctx, {
      action: 'records.list',
      targetType: 'credit_record',
      regionCode: viewer.regionCode,
      detail: { item: query.item ?? null, region: query.region ?? null, page: w.page, returned: rows.length },
    });
  const page = toPage(w, rows, total, (r) => presentSummary(r, today));
  // Records of the parties not searched would only add to the count: "at least" this many.
  return partial ? { ...page, totalCapped: true } : page;
}

/** Parties a name query is resolved to, at most: a broader name gives a partial answer, said so. */
export const NAME_CANDIDATES = 5000;

/**
 * The portal's one search box: an exact decision number when one exists, else the party name through
 * the subjects' search index. Two separate shapes, never an OR, so each can use its index; null when
 * nothing can match. `partial`: the name matched more parties than are searched (`NAME_CANDIDATES`).
 */
async function textFilter(
  db: Queryable,
  text: string,
  p: SqlParams,
): Promise<{ sql: string; partial: boolean } | null> {
  if (/\d/.test(text)) {
    const hit = await db.query('SELECT 1 FROM credit_records WHERE decision_no = $1 LIMIT 1', [text]);
    if (hit.length) return { sql: `r.decision_no = ${p.add(text)}`, partial: false };
  }
  const match = buildNameMatch(text);
  if (!match) return null;
  const byName = new SqlParams();
  const ids = await db.query<{ id: number }>(
    `SELECT s.id FROM subjects s WHERE ${nameMatchSql(match, byName)} LIMIT ${NAME_CANDIDATES + 1}`,
    byName.values,
  );
  if (!ids.length) return null;
  return {
    sql: `r.subject_id = ANY(${p.add(ids.slice(0, NAME_CANDIDATES).map((r) => r.id))}::bigint[])`,
    partial: ids.length > NAME_CANDIDATES,
  };
}

/** A subject named by opaque id or USCC, or an individual by identity number (matched by keyed hash). */
async function subjectIdFor(deps: AppDeps, key: string): Promise<number | null> {
  return (await resolveSubjectKey(deps, key))?.id ?? null;
}

export async function getRecord(deps: AppDeps, publicId: string, ctx: RequestContext) {
  const today = shanghaiDate(deps.clock.now());
  const r = await repo.findRecord(deps.db, publicId);
  const notFound = () => Errors.notFound('RECORD_NOT_FOUND', `信用记录不存在或未公示：${publicId}`);
  if (!r) throw notFound();
  const publishedToday =
    r.is_public && r.status === 'ACTIVE' && r.public_until !== null && r.public_until >= today;
  if (seesRestricted(ctx.viewer) && (await inScope(deps.db, ctx.viewer, r.region_code))) {
    await recordAudit(deps.db, ctx, {
      action: 'records.read',
      targetType: 'credit_record',
      targetId: r.public_id,
      regionCode: r.region_code,
      detail: { item: r.item_code, published: publishedToday },
    });
    return presentDetail(deps, r, today, true);
  }
  if (!publishedToday) throw notFound();
  return presentDetail(deps, r, today, false);
}

async function inScope(q: Queryable, viewer: Viewer, regionCode: string): Promise<boolean> {
  const p = new SqlParams();
  const sql = `SELECT ${regionGuard(viewer, `${p.add(regionCode)}::text`, p)} AS ok`;
  return (await q.query<{ ok: boolean }>(sql, p.values))[0].ok;
}

/** 撤回: a revoked or changed decision leaves publication at once; the record stays, restricted. */
export async function withdrawRecord(deps: AppDeps, publicId: string, reason: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'records:withdraw');
  const r = await repo.findRecord(deps.db, publicId);
  if (!r) throw Errors.notFound('RECORD_NOT_FOUND', `信用记录不存在：${publicId}`);
  if (!(await inScope(deps.db, ctx.viewer, r.region_code))) throw Errors.outOfScope();
  await deps.db.transaction(async (tx) => {
    const updated = await tx.query<RecordLedgerRow>(
      `WITH old AS (
         INSERT INTO credit_record_history (record_id, version, fields, content_hash, status, batch_id)
         SELECT id, version, fields, content_hash, status, batch_id FROM credit_records WHERE id = $1 AND status = 'ACTIVE'
         RETURNING record_id)
       UPDATE credit_records SET status = 'WITHDRAWN', is_public = false, withdrawn_at = now(), withdrawn_reason = $2,
         version = version + 1, updated_at = now()
       WHERE id = $1 AND status = 'ACTIVE' AND EXISTS (SELECT 1 FROM old) RETURNING ${ledgerColumns('credit_records')}`,
      [r.id, reason],
    );
    if (!updated.length) throw Errors.conflict('RECORD_ALREADY_WITHDRAWN', '该记录已撤销公示', 'id');
    await deps.ledger.append(tx, [recordEvent('withdrawn', updated[0], actorOf(ctx))]);
    await recordAudit(tx, ctx, {
      action: 'records.withdraw',
      targetType: 'credit_record',
      targetId: r.public_id,
      regionCode: r.region_code,
      detail: { item: r.item_code, decisionNo: r.decision_no, reason },
    });
  });
  return getRecord(deps, publicId, ctx);
}

/** The scheduled job: publication ends at the end of each record's period. */
export async function runPublicationExpiry(deps: AppDeps): Promise<number> {
  const today = shanghaiDate(deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const ended = await repo.expirePublications(tx, today);
    await deps.ledger.append(
      tx,
      ended.map((r) => recordEvent('publication_ended', r, 'system:publication-expiry')),
    );
    const n = ended.length;
    if (n)
      await recordAudit(tx, SYSTEM_CONTEXT, {
        action: 'records.publication.expire',
        detail: { records: n, today },
      });
    return n;
  });
}
