import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { type Page, type PageParams, pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import type { PiiVault } from '../../shared/pii.ts';
import { recordAudit } from '../audit/audit.ts';
import { regionLevel, regionName, regionScopePrefix } from '../identifiers/regions.ts';
import { validateRic } from '../identifiers/ric.ts';
import { validateUscc } from '../identifiers/uscc.ts';
import { type RequestContext, requirePermission, type Viewer } from '../identity/viewer.ts';
import { type NewSubject, prepareSubject } from './prepare.ts';
import * as repo from './repository.ts';
import { buildNameMatch, normalizeName } from './search-terms.ts';
import {
  RELATION_ROLES,
  SUBJECT_STATUSES,
  SUBJECT_SUB_TYPES,
  SUBJECT_TYPES,
  type SubjectSubType,
  type SubjectType,
} from './subject-types.ts';

export async function insertSubjects(
  q: Queryable,
  vault: PiiVault,
  subjects: NewSubject[],
  opts: { skipExisting?: boolean } = {},
) {
  await repo.insertSubjects(
    q,
    subjects.map((s) => prepareSubject(vault, s)),
    opts,
  );
}

// ---------- presenters ----------

export function presentSummary(r: repo.SubjectRow) {
  return {
    id: r.public_id,
    code: r.uscc ?? r.id_number_masked ?? '',
    name: r.name,
    type: r.type,
    typeName: SUBJECT_TYPES[r.type].name,
    typeNameEn: SUBJECT_TYPES[r.type].nameEn,
    subType: r.sub_type,
    subTypeName: SUBJECT_SUB_TYPES[r.sub_type as SubjectSubType]?.name ?? r.sub_type,
    regionCode: r.region_code,
    regionName: regionName(r.region_code) ?? r.region_code,
    status: r.status,
    statusName: SUBJECT_STATUSES[r.status as keyof typeof SUBJECT_STATUSES] ?? r.status,
    legalRepresentative: r.legal_representative,
    establishedOn: r.established_on,
  };
}

/** Public view: individuals' addresses and phones never appear; identity numbers only masked. */
export function presentPublic(r: repo.SubjectRow) {
  return {
    ...presentSummary(r),
    formerNames: r.former_names,
    address: r.type === 'INDIVIDUAL' ? null : r.address,
    registrationAuthority: r.registration_authority,
    industry: r.industry,
    registeredCapital: r.registered_capital,
  };
}

// ---------- search ----------

export interface SubjectQuery extends PageParams {
  q?: string;
  type?: string;
  region?: string;
  status?: string;
}

export async function searchSubjects(
  deps: AppDeps,
  query: SubjectQuery,
): Promise<Page<ReturnType<typeof presentSummary>>> {
  const w = pageWindow(query);
  const filter = {
    type: query.type,
    status: query.status,
    regionPrefix: query.region ? regionPrefixOrFail(query.region) : undefined,
  };
  const text = query.q?.trim() ?? '';
  const page = (rows: repo.SubjectRow[], total: number) => toPage(w, rows, total, presentSummary);
  if (!text) {
    const { rows, total } = await repo.browse(deps.db, filter, w.pageSize, w.offset);
    return page(rows, total);
  }
  const ids = identifierLookup(deps.vault, text);
  if (ids) {
    const rows = await repo.findByIdentifier(deps.db, ids, filter);
    if (rows.length) return page(rows.slice(w.offset, w.offset + w.pageSize), rows.length);
  }
  const match = buildNameMatch(text);
  if (!match) return page([], 0);
  const terms = { match, text: text.replace(/\s+/g, ''), initials: normalizeName(text) };
  const rows = await repo.searchByName(deps.db, terms, filter, w.pageSize, w.offset);
  // Past the last page the window function has no row to carry the total.
  const total = rows.length ? rows[0].total : w.offset ? await repo.countByName(deps.db, match, filter) : 0;
  return toPage(w, rows, total, presentSummary, repo.NAME_RANK_CAP);
}

function regionPrefixOrFail(region: string): string {
  if (!regionLevel(region))
    throw Errors.invalid('INVALID_REGION_CODE', `行政区划代码格式错误：${region}`, 'region');
  return regionScopePrefix(region);
}

/** A query that is a whole identifier is looked up exactly (USCC, identity number via its keyed hash, opaque id). */
function identifierLookup(vault: PiiVault, text: string) {
  const code = text.replace(/\s+/g, '').toUpperCase();
  if (/^S[0-9a-z]{15}$/.test(text)) return { publicId: text };
  if (code.length !== 18) return null;
  if (validateRic(code).valid) return { idNumberHash: vault.lookupHash(code) };
  if (validateUscc(code).valid) return { uscc: code };
  return null;
}

// ---------- one subject ----------

async function mustFind(q: Queryable, key: string) {
  const row = await repo.findSubject(q, key.trim());
  if (!row) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  return row;
}

export async function getPublicSubject(deps: AppDeps, key: string) {
  return presentPublic(await mustFind(deps.db, key));
}

export async function getArchive(deps: AppDeps, key: string, viewer: Viewer) {
  const row = await mustFind(deps.db, key);
  return {
    subject: presentPublic(row),
    categories: await deps.archive.build(deps.db, row, viewer, shanghaiDate(deps.clock.now())),
    generatedAt: deps.clock.now().toISOString(),
  };
}

/**
 * Restricted attributes (full identity number, address, phone, linked persons). Two lawful bases:
 * the permission plus the subject lying inside the viewer's region scope, or the subject's own
 * authorisation in force for this user (e.g. a bank). Every read and every refusal is audited
 * with its basis.
 */
export async function getRestricted(deps: AppDeps, key: string, ctx: RequestContext) {
  const { viewer } = ctx;
  if (viewer.kind === 'PUBLIC') throw Errors.unauthenticated();
  const row = await repo.findSubjectInScope(deps.db, key.trim(), viewer);
  if (!row) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  const audit = { targetType: 'subject', targetId: row.public_id, regionCode: row.region_code };
  const permitted = viewer.permissions.has('subjects:restricted');
  const authorisation =
    viewer.kind === 'USER' && !(permitted && row.in_scope)
      ? await repo.activeAuthorisation(
          deps.db,
          row.id,
          Number(viewer.id),
          shanghaiDate(deps.clock.now()),
          'archive',
        )
      : undefined;
  if (!(permitted && row.in_scope) && !authorisation) {
    const reason = permitted ? 'OUT_OF_SCOPE' : 'NO_PERMISSION_OR_AUTHORISATION';
    await recordAudit(deps.db, ctx, { action: 'RESTRICTED_READ_DENIED', ...audit, detail: { reason } });
    throw permitted ? Errors.outOfScope() : Errors.forbidden('subjects:restricted');
  }
  const relations = await repo.relationsOf(deps.db, row);
  await recordAudit(deps.db, ctx, {
    action: 'RESTRICTED_READ',
    ...audit,
    detail: {
      basis: authorisation
        ? { authorisationId: authorisation.id, purpose: authorisation.purpose }
        : 'REGION_SCOPE',
      fields: ['identityNumber', 'address', 'phone', 'relations'],
    },
  });
  return {
    subject: presentPublic(row),
    identityNumber: row.id_number_enc ? deps.vault.decrypt(row.id_number_enc) : null,
    address: row.address,
    phone: row.phone,
    relations: relations.map((r) => ({
      role: r.role,
      roleName: RELATION_ROLES[r.role as keyof typeof RELATION_ROLES] ?? r.role,
      subjectId: r.other_public_id,
      name: r.other_name,
      identityNumberMasked: r.other_masked,
      since: r.since,
      until: r.until,
    })),
  };
}

// ---------- statistics ----------

export async function subjectStats(deps: AppDeps, viewer: Viewer) {
  requirePermission(viewer, 'stats:read');
  const level = regionLevel(viewer.regionCode);
  // One level below the viewer: cities for the province, counties for a city.
  const groupLength = level === 'PROVINCE' ? 4 : 6;
  const counts = await repo.countsInScope(deps.db, viewer, groupLength);
  return {
    total: counts.byType.reduce((n, r) => n + r.count, 0),
    byType: Object.keys(SUBJECT_TYPES).map((type) => ({
      type,
      typeName: SUBJECT_TYPES[type as SubjectType].name,
      count: counts.byType.find((r) => r.key === type)?.count ?? 0,
    })),
    byStatus: counts.byStatus.map((r) => ({
      status: r.key,
      statusName: SUBJECT_STATUSES[r.key as keyof typeof SUBJECT_STATUSES] ?? r.key,
      count: r.count,
    })),
    byRegion: counts.byRegion.map((r) => {
      const code = r.key.padEnd(6, '0');
      return { regionCode: code, regionName: regionName(code) ?? code, count: r.count };
    }),
  };
}

// ---------- the subject's authorisations (授权) ----------

export function presentAuthorisation(a: repo.AuthorisationRow) {
  return {
    id: a.id,
    granteeUsername: a.grantee_username,
    granteeName: a.grantee_name,
    purpose: a.purpose,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    evidence: a.evidence,
    scopes: a.scopes,
    revokedAt: a.revoked_at ? a.revoked_at.toISOString() : null,
    createdAt: a.created_at.toISOString(),
  };
}

export async function listAuthorisations(deps: AppDeps, key: string, viewer: Viewer) {
  requirePermission(viewer, 'subjects:authorisations');
  const subject = await mustFind(deps.db, key);
  return { items: (await repo.listAuthorisations(deps.db, subject.id)).map(presentAuthorisation) };
}

export async function recordAuthorisation(
  deps: AppDeps,
  key: string,
  input: {
    granteeUsername: string;
    purpose: string;
    validFrom: string;
    validTo: string;
    evidence?: string;
    scopes?: repo.AuthorisationScope[];
  },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'subjects:authorisations');
  if (input.validTo < input.validFrom) {
    throw Errors.invalid('INVALID_PERIOD', '授权截止日期不能早于起始日期', 'validTo');
  }
  return deps.db.transaction(async (tx) => {
    const subject = await mustFind(tx, key);
    const [grantee] = await tx.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [
      input.granteeUsername,
    ]);
    if (!grantee)
      throw Errors.invalid('USER_NOT_FOUND', `被授权用户不存在：${input.granteeUsername}`, 'granteeUsername');
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO subject_authorisations (subject_id, grantee_user_id, purpose, valid_from, valid_to, evidence, recorded_by, scopes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        subject.id,
        grantee.id,
        input.purpose,
        input.validFrom,
        input.validTo,
        input.evidence ?? null,
        ctx.viewer.id,
        [...new Set(input.scopes ?? ['archive', 'reports'])],
      ],
    );
    await recordAudit(tx, ctx, {
      action: 'AUTHORISATION_RECORDED',
      targetType: 'subject',
      targetId: subject.public_id,
      regionCode: subject.region_code,
      detail: {
        authorisationId: id,
        grantee: input.granteeUsername,
        purpose: input.purpose,
        validTo: input.validTo,
      },
    });
    return presentAuthorisation((await repo.findAuthorisation(tx, subject.id, id))!);
  });
}

export async function revokeAuthorisation(deps: AppDeps, key: string, id: number, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'subjects:authorisations');
  return deps.db.transaction(async (tx) => {
    const subject = await mustFind(tx, key);
    if (!(await repo.findAuthorisation(tx, subject.id, id))) {
      throw Errors.notFound('AUTHORISATION_NOT_FOUND', '授权记录不存在');
    }
    await tx.query('UPDATE subject_authorisations SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1', [
      id,
      deps.clock.now(),
    ]);
    await recordAudit(tx, ctx, {
      action: 'AUTHORISATION_REVOKED',
      targetType: 'subject',
      targetId: subject.public_id,
      regionCode: subject.region_code,
      detail: { authorisationId: id },
    });
    return presentAuthorisation((await repo.findAuthorisation(tx, subject.id, id))!);
  });
}

export interface ResolvedSubject {
  id: number;
  public_id: string;
  type: SubjectType;
  name: string;
  uscc: string | null;
  id_number_masked: string | null;
  region_code: string;
}

/**
 * The subject a caller names by public id (S…), unified social credit code or identity number
 * (matched through its keyed hash: the plain number is never queried or stored).
 */
export async function resolveSubjectKey(deps: AppDeps, key: string): Promise<ResolvedSubject | undefined> {
  const k = key.trim().toUpperCase();
  const cols = 'id, public_id, type, name, uscc, id_number_masked, region_code';
  const rows = /^\d{17}[\dX]$/.test(k)
    ? await deps.db.query<ResolvedSubject>(
        `SELECT ${cols} FROM subjects WHERE id_number_hash = $1 OR uscc = $2`,
        [deps.vault.lookupHash(k), k],
      )
    : await deps.db.query<ResolvedSubject>(`SELECT ${cols} FROM subjects WHERE public_id = $1 OR uscc = $2`, [
        key.trim(),
        k,
      ]);
  return rows[0];
}
