import type { Queryable } from '../../db/db.ts';
import { escapeLike, SqlParams } from '../../db/sql.ts';
import { COUNT_CAP } from '../../http/schemas.ts';
import { regionGuard } from '../identity/scope.ts';
import type { Viewer } from '../identity/viewer.ts';
import {
  type NewRelation,
  RELATIONS_COPY_TARGET,
  type StoredSubject,
  SUBJECTS_COPY_TARGET,
} from './prepare.ts';
import type { NameMatch } from './search-terms.ts';
import type { SubjectType } from './subject-types.ts';

export interface SubjectRow {
  id: number;
  public_id: string;
  type: SubjectType;
  sub_type: string;
  name: string;
  former_names: string[];
  uscc: string | null;
  id_number_enc: Uint8Array | null;
  id_number_masked: string | null;
  region_code: string;
  address: string | null;
  phone: string | null;
  registration_authority: string | null;
  established_on: string | null;
  status: string;
  legal_representative: string | null;
  industry: string | null;
  registered_capital: string | null;
}

const COLUMNS = `s.id, s.public_id, s.type, s.sub_type, s.name, s.former_names, s.uscc, s.id_number_enc, s.id_number_masked,
  s.region_code, s.address, s.phone, s.registration_authority, s.established_on, s.status, s.legal_representative,
  s.industry, s.registered_capital`;

const hex = (b: Buffer | null) => (b ? b.toString('hex') : null);

/**
 * Multi-row insert through unnest(): one statement and one round trip per batch, the same on
 * PGlite and PostgreSQL. Binary values travel as hex text (array serialisation of bytea differs
 * between the two drivers).
 */
/** Bulk insert; with `skipExisting`, a subject another transaction registered meanwhile is left alone. */
export async function insertSubjects(
  q: Queryable,
  rows: StoredSubject[],
  opts: { skipExisting?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  const col = <K extends keyof StoredSubject>(k: K) => rows.map((r) => r[k]);
  await q.query(
    `INSERT INTO subjects (public_id, type, sub_type, name, former_names, uscc, id_number_enc, id_number_hash, id_number_masked,
       region_code, address, phone, registration_authority, established_on, status, legal_representative, industry,
       registered_capital, pinyin_initials, search_terms)
     SELECT t.public_id, t.type, t.sub_type, t.name, ARRAY(SELECT jsonb_array_elements_text(t.former_names::jsonb)), t.uscc,
       decode(t.enc, 'hex'), decode(t.hash, 'hex'), t.masked, t.region_code, t.address, t.phone, t.authority,
       t.established_on::date, t.status, t.legal_rep, t.industry, t.capital::numeric, t.initials, t.terms::tsvector
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
       $19::text[], $20::text[])
       AS t(public_id, type, sub_type, name, former_names, uscc, enc, hash, masked, region_code, address, phone, authority,
            established_on, status, legal_rep, industry, capital, initials, terms)
     ${opts.skipExisting ? 'ON CONFLICT DO NOTHING' : ''}`,
    [
      col('publicId'),
      col('type'),
      col('subType'),
      col('name'),
      rows.map((r) => JSON.stringify(r.formerNames)),
      col('uscc'),
      rows.map((r) => hex(r.idNumberEnc)),
      rows.map((r) => hex(r.idNumberHash)),
      col('idNumberMasked'),
      col('regionCode'),
      col('address'),
      col('phone'),
      col('registrationAuthority'),
      col('establishedOn'),
      col('status'),
      col('legalRepresentative'),
      col('industry'),
      col('registeredCapital'),
      col('pinyinInitials'),
      col('searchTerms'),
    ],
  );
}

/**
 * Reserves `count` consecutive subject ids and returns the first. The subjects table is locked against
 * other writers until the transaction ends (readers go on), so nothing else draws from its sequence
 * in between. Fails outside a transaction (LOCK needs one).
 */
export async function reserveSubjectIdBlock(q: Queryable, count: number): Promise<number> {
  await q.query('LOCK TABLE subjects IN SHARE ROW EXCLUSIVE MODE');
  const [{ first }] = await q.query<{ first: number }>(
    `SELECT nextval(pg_get_serial_sequence('subjects', 'id')) AS first`,
  );
  if (count > 1)
    await q.query(`SELECT setval(pg_get_serial_sequence('subjects', 'id'), $1::bigint)`, [first + count - 1]);
  return first;
}

/** Bulk path of the seed: subjects as COPY rows, id first ({@link SUBJECTS_COPY_TARGET}). */
export async function copySubjects(q: Queryable, rows: string | Uint8Array): Promise<void> {
  await q.copyFrom(SUBJECTS_COPY_TARGET, rows);
}

/** Bulk path of the seed: relations as COPY rows ({@link relationCopyRow}), in order (their ids follow it). */
export async function copyRelations(q: Queryable, rows: string | Uint8Array): Promise<void> {
  await q.copyFrom(RELATIONS_COPY_TARGET, rows);
}

export async function insertRelations(q: Queryable, rels: NewRelation[]): Promise<void> {
  if (!rels.length) return;
  await q.query(
    `INSERT INTO subject_relations (org_id, person_id, role, since, until)
     SELECT o.id, p.id, r.role, r.since::date, r.until::date
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(org_key, person_key, role, since, until)
     -- Index lookups per row: a plain join lets the planner (and PGlite, which never analyses) hash the whole table.
     CROSS JOIN LATERAL (SELECT id FROM subjects WHERE public_id = r.org_key OFFSET 0) o
     CROSS JOIN LATERAL (SELECT id FROM subjects WHERE public_id = r.person_key OFFSET 0) p`,
    [
      rels.map((r) => r.orgPublicId),
      rels.map((r) => r.personPublicId),
      rels.map((r) => r.role),
      rels.map((r) => r.since),
      rels.map((r) => r.until),
    ],
  );
}

/** By opaque id or by USCC; individuals are never looked up by identity number in a URL. */
export async function findSubject(q: Queryable, key: string): Promise<SubjectRow | undefined> {
  const column = key.startsWith('S') ? 's.public_id' : 's.uscc';
  return (await q.query<SubjectRow>(`SELECT ${COLUMNS} FROM subjects s WHERE ${column} = $1`, [key]))[0];
}

/** The same subject with whether it lies inside the viewer's region scope (the query guard decides). */
export async function findSubjectInScope(q: Queryable, key: string, viewer: Viewer) {
  const p = new SqlParams();
  const column = key.startsWith('S') ? 's.public_id' : 's.uscc';
  const sql = `SELECT ${COLUMNS}, (${regionGuard(viewer, 's.region_code', p)}) AS in_scope
    FROM subjects s WHERE ${column} = ${p.add(key)}`;
  return (await q.query<SubjectRow & { in_scope: boolean }>(sql, p.values))[0];
}

export interface SubjectFilter {
  type?: string;
  /** GB/T 2260 prefix: everything inside the region. */
  regionPrefix?: string;
  status?: string;
}

function filterSql(f: SubjectFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.type) where.push(`s.type = ${p.add(f.type)}`);
  if (f.regionPrefix) where.push(`s.region_code LIKE ${p.add(`${f.regionPrefix}%`)}`);
  if (f.status) where.push(`s.status = ${p.add(f.status)}`);
  return where;
}

export async function findByIdentifier(
  q: Queryable,
  ids: { uscc?: string; idNumberHash?: Buffer; publicId?: string },
  f: SubjectFilter,
) {
  const p = new SqlParams();
  const or: string[] = [];
  if (ids.uscc) or.push(`s.uscc = ${p.add(ids.uscc)}`);
  if (ids.idNumberHash)
    or.push(`s.id_number_hash = decode(${p.add(ids.idNumberHash.toString('hex'))}, 'hex')`);
  if (ids.publicId) or.push(`s.public_id = ${p.add(ids.publicId)}`);
  const where = [`(${or.join(' OR ')})`, ...filterSql(f, p)];
  return q.query<SubjectRow>(`SELECT ${COLUMNS} FROM subjects s WHERE ${where.join(' AND ')}`, p.values);
}

/** The SQL condition of a {@link NameMatch} on `subjects` aliased `s`: each arm a GIN index scan. */
export function nameMatchSql(m: NameMatch, p: SqlParams): string {
  const text = `s.search_terms @@ ${p.add(m.text)}::tsquery`;
  if (!m.initials) return text;
  return `(${text} OR (s.search_terms @@ ${p.add(m.initials.query)}::tsquery
    AND strpos(s.pinyin_initials, ${p.add(m.initials.substring)}) > 0))`;
}

function nameMatch(m: NameMatch, f: SubjectFilter, p: SqlParams): string {
  return [nameMatchSql(m, p), ...filterSql(f, p)].join(' AND ');
}

/** Name search ranks at most this many candidates (50 pages of 20); larger totals are reported as capped. */
export const NAME_RANK_CAP = 1_000;

/**
 * Name search. Candidates: names starting with the text and initials starting with it (btree
 * pattern indexes, so exact and prefix matches are never lost), plus up to NAME_RANK_CAP matches
 * from the GIN index. Only narrow rows are ranked — exact name, name prefix, initials prefix,
 * earliest match position, shorter name — and wide columns are fetched for the page alone.
 */
export async function searchByName(
  q: Queryable,
  s: { match: NameMatch; text: string; initials: string },
  f: SubjectFilter,
  limit: number,
  offset: number,
) {
  const p = new SqlParams();
  const byTerms = nameMatch(s.match, f, p);
  const text = p.add(s.text);
  const namePrefix = p.add(`${escapeLike(s.text)}%`);
  const initialsPrefix = p.add(`${escapeLike(s.initials)}%`);
  const filters = filterSql(f, p);
  const source = (where: string, order = '') =>
    `(SELECT s.id, s.name, s.pinyin_initials FROM subjects s WHERE ${[where, ...filters].join(' AND ')} ${order} LIMIT ${NAME_RANK_CAP})`;
  // The prefix sources are ordered by the pattern indexes' own operator (text_pattern_ops, ~<~), so
  // the LIMIT stops an index scan early; ORDER BY the column's collation would sort every match (a
  // city name starts 14 % of all names).
  const sources = [source(`s.name LIKE ${namePrefix}`, 'ORDER BY s.name USING ~<~'), source(byTerms)];
  if (/^[a-z0-9]{2,}$/.test(s.initials))
    sources.push(source(`s.pinyin_initials LIKE ${initialsPrefix}`, 'ORDER BY s.pinyin_initials USING ~<~'));
  return q.query<SubjectRow & { total: number }>(
    `WITH hits AS (${sources.join(' UNION ')}),
     ranked AS (
       SELECT h.id, least(count(*) OVER (), ${NAME_RANK_CAP})::int AS total,
              row_number() OVER (ORDER BY (h.name = ${text}) DESC, (h.name LIKE ${namePrefix}) DESC,
                (h.pinyin_initials LIKE ${initialsPrefix}) DESC, strpos(h.name, ${text}) = 0,
                strpos(h.name, ${text}), length(h.name), h.id) AS rank
       FROM hits h ORDER BY rank LIMIT ${p.add(Math.min(limit, Math.max(0, NAME_RANK_CAP - offset)))} OFFSET ${p.add(offset)}
     )
     SELECT ${COLUMNS}, r.total FROM ranked r JOIN subjects s ON s.id = r.id ORDER BY r.rank`,
    p.values,
  );
}

export async function countByName(q: Queryable, m: NameMatch, f: SubjectFilter) {
  const p = new SqlParams();
  return countCapped(q, `SELECT 1 FROM subjects s WHERE ${nameMatch(m, f, p)}`, p, NAME_RANK_CAP);
}

export async function browse(q: Queryable, f: SubjectFilter, limit: number, offset: number) {
  const p = new SqlParams();
  const where = filterSql(f, p);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [rows, total] = await Promise.all([
    q.query<SubjectRow>(
      `SELECT ${COLUMNS} FROM subjects s ${cond} ORDER BY s.id LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    ),
    countCapped(q, `SELECT 1 FROM subjects s ${cond}`, p),
  ]);
  return { rows, total };
}

async function countCapped(q: Queryable, sql: string, p: SqlParams, cap = COUNT_CAP): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${sql} LIMIT ${cap}) t`,
    p.values,
  );
  return rows[0].n;
}

export interface RelationRow {
  role: string;
  since: string;
  until: string | null;
  other_public_id: string;
  other_name: string;
  other_type: string;
  other_masked: string | null;
}

/** People linked to an organisation, or organisations a person is linked to. */
export async function relationsOf(q: Queryable, subject: SubjectRow): Promise<RelationRow[]> {
  const [self, other] = subject.type === 'INDIVIDUAL' ? ['person_id', 'org_id'] : ['org_id', 'person_id'];
  return q.query<RelationRow>(
    `SELECT r.role, r.since, r.until, o.public_id AS other_public_id, o.name AS other_name, o.type AS other_type,
            o.id_number_masked AS other_masked
     FROM subject_relations r JOIN subjects o ON o.id = r.${other}
     WHERE r.${self} = $1 ORDER BY r.until IS NOT NULL, r.role, r.since`,
    [subject.id],
  );
}

/** Counts by type, status and region (grouped one level below the viewer's scope), inside the scope. */
export async function countsInScope(q: Queryable, viewer: Viewer, groupLength: number) {
  const params = new SqlParams();
  const guard = regionGuard(viewer, 'region_code', params);
  const [byType, byStatus, byRegion] = await Promise.all([
    q.query<{ key: string; count: number }>(
      `SELECT type AS key, count(*)::int AS count FROM subjects WHERE ${guard} GROUP BY type`,
      params.values,
    ),
    q.query<{ key: string; count: number }>(
      `SELECT status AS key, count(*)::int AS count FROM subjects WHERE ${guard} GROUP BY status`,
      params.values,
    ),
    q.query<{ key: string; count: number }>(
      `SELECT left(region_code, ${groupLength}) AS key, count(*)::int AS count FROM subjects WHERE ${guard} GROUP BY 1 ORDER BY 2 DESC`,
      params.values,
    ),
  ]);
  return { byType, byStatus, byRegion };
}

export interface AuthorisationRow {
  id: number;
  grantee_user_id: number;
  grantee_username: string;
  grantee_name: string;
  purpose: string;
  valid_from: string;
  valid_to: string;
  evidence: string | null;
  scopes: AuthorisationScope[];
  revoked_at: Date | null;
  created_at: Date;
}

/** What an authorisation lets its grantee see: the restricted archive, credit reports, or both. */
export type AuthorisationScope = 'archive' | 'reports';

const AUTHORISATION_SELECT = `
  SELECT a.id, a.grantee_user_id, u.username AS grantee_username, u.display_name AS grantee_name, a.purpose,
         a.valid_from, a.valid_to, a.evidence, a.scopes, a.revoked_at, a.created_at
  FROM subject_authorisations a JOIN users u ON u.id = a.grantee_user_id`;

/** The subject's authorisation in force today for this user and scope, if any. */
export async function activeAuthorisation(
  q: Queryable,
  subjectId: number,
  userId: number,
  today: string,
  scope: AuthorisationScope,
) {
  const rows = await q.query<AuthorisationRow>(
    `${AUTHORISATION_SELECT} WHERE a.subject_id = $1 AND a.grantee_user_id = $2 AND a.revoked_at IS NULL
       AND $4 = ANY(a.scopes) AND a.valid_from <= $3::date AND a.valid_to >= $3::date ORDER BY a.valid_to DESC LIMIT 1`,
    [subjectId, userId, today, scope],
  );
  return rows[0];
}

export async function listAuthorisations(q: Queryable, subjectId: number) {
  return q.query<AuthorisationRow>(`${AUTHORISATION_SELECT} WHERE a.subject_id = $1 ORDER BY a.id DESC`, [
    subjectId,
  ]);
}

export async function findAuthorisation(q: Queryable, subjectId: number, id: number) {
  return (
    await q.query<AuthorisationRow>(`${AUTHORISATION_SELECT} WHERE a.subject_id = $1 AND a.id = $2`, [
      subjectId,
      id,
    ])
  )[0];
}
