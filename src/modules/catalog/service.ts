import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { type RequestContext, requirePermission } from '../identity/viewer.ts';
import { insertItem } from './bundled.ts';
import { type CalendarException, WorkCalendar } from './calendar.ts';
import {
  type CatalogueItemSpec,
  type DictionarySpec,
  type FieldSpec,
  type ItemRoles,
  itemSpecProblems,
  type Openness,
  type PublicityRule,
} from './catalogue-spec.ts';

/** A catalogue item as stored: the spec plus the version it belongs to. */
export interface CatalogueItem extends CatalogueItemSpec {
  id: number;
  versionId: number;
  catalogue: 'NATIONAL' | 'JILIN';
  version: string;
}

interface ItemRow {
  id: number;
  version_id: number;
  catalogue: 'NATIONAL' | 'JILIN';
  version: string;
  code: string;
  category: CatalogueItemSpec['category'];
  name: string;
  name_en: string;
  legal_basis: string;
  providers: string[];
  openness: Openness;
  publicity: PublicityRule;
  subject_types: CatalogueItemSpec['subjectTypes'];
  roles: ItemRoles;
  key_includes_party: boolean;
  fields: FieldSpec[];
}

const ITEM_COLUMNS = `i.id, i.version_id, v.catalogue, v.version, i.code, i.category, i.name, i.name_en, i.legal_basis,
  i.providers, i.openness, i.publicity, i.subject_types, i.roles, i.key_includes_party, i.fields`;

/** The newest version of each catalogue: what intake validates against. */
const CURRENT_VERSIONS = `SELECT DISTINCT ON (catalogue) id FROM catalogue_versions ORDER BY catalogue, published_on DESC, id DESC`;

function toItem(r: ItemRow): CatalogueItem {
  return {
    id: r.id,
    versionId: r.version_id,
    catalogue: r.catalogue,
    version: r.version,
    code: r.code,
    category: r.category,
    name: r.name,
    nameEn: r.name_en,
    legalBasis: r.legal_basis,
    providers: r.providers,
    openness: r.openness,
    publicity: r.publicity,
    subjectTypes: r.subject_types,
    roles: r.roles,
    keyIncludesParty: r.key_includes_party,
    fields: r.fields,
  };
}

export async function currentItems(q: Queryable): Promise<CatalogueItem[]> {
  const rows = await q.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM catalogue_items i JOIN catalogue_versions v ON v.id = i.version_id
     WHERE i.version_id IN (${CURRENT_VERSIONS}) ORDER BY v.catalogue DESC, i.id`,
  );
  return rows.map(toItem);
}

export async function currentItem(q: Queryable, code: string): Promise<CatalogueItem> {
  const rows = await q.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM catalogue_items i JOIN catalogue_versions v ON v.id = i.version_id
     WHERE i.version_id IN (${CURRENT_VERSIONS}) AND i.code = $1`,
    [code],
  );
  if (!rows[0]) throw Errors.notFound('CATALOGUE_ITEM_NOT_FOUND', `目录中没有信息项：${code}`);
  return toItem(rows[0]);
}

export async function itemById(q: Queryable, id: number): Promise<CatalogueItem> {
  const rows = await q.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM catalogue_items i JOIN catalogue_versions v ON v.id = i.version_id WHERE i.id = $1`,
    [id],
  );
  if (!rows[0]) throw Errors.notFound('CATALOGUE_ITEM_NOT_FOUND', `目录中没有信息项：${id}`);
  return toItem(rows[0]);
}

export async function listVersions(q: Queryable) {
  const rows = await q.query<{
    id: number;
    catalogue: string;
    version: string;
    title: string;
    document_no: string | null;
    published_on: string;
    created_by: string;
    items: number;
    current: boolean;
  }>(
    `SELECT v.id, v.catalogue, v.version, v.title, v.document_no, v.published_on, v.created_by,
       (SELECT count(*) FROM catalogue_items i WHERE i.version_id = v.id)::int AS items,
       v.id IN (${CURRENT_VERSIONS}) AS current
     FROM catalogue_versions v ORDER BY v.catalogue, v.published_on, v.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    catalogue: r.catalogue,
    version: r.version,
    title: r.title,
    documentNo: r.document_no,
    publishedOn: r.published_on,
    createdBy: r.created_by,
    items: r.items,
    current: r.current,
  }));
}

export async function versionItems(q: Queryable, versionId: number): Promise<CatalogueItem[]> {
  const rows = await q.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM catalogue_items i JOIN catalogue_versions v ON v.id = i.version_id
     WHERE i.version_id = $1 ORDER BY i.id`,
    [versionId],
  );
  if (!rows.length) {
    const exists = await q.query('SELECT 1 FROM catalogue_versions WHERE id = $1', [versionId]);
    if (!exists.length) throw Errors.notFound('CATALOGUE_VERSION_NOT_FOUND', `目录版本不存在：${versionId}`);
  }
  return rows.map(toItem);
}

export async function dictionaries(q: Queryable): Promise<DictionarySpec[]> {
  const rows = await q.query<{ code: string; name: string; entries: DictionarySpec['entries'] }>(
    'SELECT code, name, entries FROM dictionaries ORDER BY code',
  );
  return rows;
}

/**
 * Adds (or revises) a supplementary item: the Jilin catalogue gets a new version holding every
 * item of the previous one plus this one. National items cannot be shadowed.
 */
export async function addSupplementaryItem(deps: AppDeps, spec: CatalogueItemSpec, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'catalogue:manage');
  return deps.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('catalogue_versions'))`);
    const dictCodes = new Set((await dictionaries(tx)).map((d) => d.code));
    const problems = itemSpecProblems(spec, dictCodes);
    if (problems.length) throw Errors.invalid('CATALOGUE_ITEM_INVALID', problems.join('；'), 'fields');
    const current = await currentItems(tx);
    if (current.some((i) => i.code === spec.code && i.catalogue === 'NATIONAL'))
      throw Errors.conflict(
        'CATALOGUE_ITEM_CODE_TAKEN',
        `信息项代码 ${spec.code} 属于全国基础目录，不能在补充目录中使用`,
        'code',
      );
    const previous = current.filter((i) => i.catalogue === 'JILIN');
    const today = shanghaiDate(deps.clock.now());
    const prevVersion = previous[0]?.version;
    const version = nextVersion(prevVersion, today.slice(0, 4));
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO catalogue_versions (catalogue, version, title, document_no, published_on, created_by)
       VALUES ('JILIN', $1, $2, NULL, $3, $4) RETURNING id`,
      [version, `吉林省公共信用信息补充目录（${version}）`, today, ctx.viewer.name],
    );
    const versionId = rows[0].id;
    for (const item of previous.filter((i) => i.code !== spec.code)) await insertItem(tx, versionId, item);
    await insertItem(tx, versionId, { ...spec, since: undefined });
    await recordAudit(tx, ctx, {
      action: 'catalogue.item.add',
      targetType: 'catalogue_version',
      targetId: versionId,
      detail: { item: spec.code, version, replaced: previous.some((i) => i.code === spec.code) },
    });
    return { versionId, version, item: await currentItem(tx, spec.code) };
  });
}

/** 2025.1 → 2025.2; a new year starts at .1. */
export function nextVersion(previous: string | undefined, year: string): string {
  const [y, n] = (previous ?? '').split('.');
  return y === year ? `${year}.${Number(n) + 1}` : `${year}.1`;
}

// ---- Working-day calendar ----

export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  const rows = await q.query<CalendarException & { day: string }>(
    'SELECT day, kind, name FROM calendar_days ORDER BY day',
  );
  return new WorkCalendar(rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })));
}

export async function calendarYears(q: Queryable) {
  const years = await q.query<{
    year: number;
    source: string;
    provisional: boolean;
    note: string | null;
    updated_by: string;
    updated_at: Date;
  }>('SELECT year, source, provisional, note, updated_by, updated_at FROM calendar_years ORDER BY year');
  const days = await q.query<{ day: string; kind: CalendarException['kind']; name: string }>(
    'SELECT day, kind, name FROM calendar_days ORDER BY day',
  );
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    provisional: y.provisional,
    note: y.note,
    updatedBy: y.updated_by,
    updatedAt: y.updated_at.toISOString(),
    days: days
      .filter((d) => d.day.startsWith(`${y.year}-`))
      .map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
  }));
}

/** Replaces one year's holidays and make-up days. Past years are closed: timeliness was computed with them. */
export async function replaceCalendarYear(
  deps: AppDeps,
  year: number,
  body: { source: string; provisional: boolean; note?: string | null; days: CalendarException[] },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'catalogue:manage');
  const thisYear = Number(shanghaiDate(deps.clock.now()).slice(0, 4));
  if (year < thisYear)
    throw Errors.invalid('CALENDAR_YEAR_CLOSED', `${year}年已过去，不能修改其节假日安排`, 'year');
  const seen = new Set<string>();
  body.days.forEach((d, i) => {
    if (!isIsoDate(d.date) || !d.date.startsWith(`${year}-`))
      throw Errors.invalid(
        'CALENDAR_DATE_INVALID',
        `日期 ${d.date} 不是 ${year} 年的有效日期`,
        `days[${i}].date`,
      );
    if (seen.has(d.date))
      throw Errors.invalid('CALENDAR_DATE_DUPLICATE', `日期 ${d.date} 重复`, `days[${i}].date`);
    seen.add(d.date);
  });
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `DELETE FROM calendar_days WHERE day >= make_date($1, 1, 1) AND day <= make_date($1, 12, 31)`,
      [year],
    );
    for (const d of body.days)
      await tx.query('INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)', [
        d.date,
        d.kind,
        d.name,
      ]);
    await tx.query(
      `INSERT INTO calendar_years (year, source, provisional, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, provisional = EXCLUDED.provisional,
         note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [year, body.source, body.provisional, body.note ?? null, ctx.viewer.name],
    );
    await recordAudit(tx, ctx, {
      action: 'calendar.year.replace',
      targetType: 'calendar_year',
      targetId: year,
      detail: { days: body.days.length, provisional: body.provisional },
    });
  });
  return (await calendarYears(deps.db)).find((y) => y.year === year)!;
}
