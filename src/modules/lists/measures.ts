// 措施清单 (DOMAIN §6): measures are data — the national base list and the Jilin supplementary
// list, each measure versioned. Local bodies may not punish beyond the list, so checks only ever
// answer with measures found here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { type RequestContext, requirePermission } from '../identity/viewer.ts';
import { recordListChange } from './changes.ts';
import type { ListType } from './rules.ts';

export type MeasureAction = 'BLOCK' | 'REVIEW' | 'PROMPT' | 'FACILITATE';

export interface MeasureSpec {
  code: string;
  list: 'NATIONAL' | 'JILIN';
  class: 1 | 2 | 3;
  name: string;
  legalBasis: string;
  implementingDepartments: string[];
  listTypes: ListType[];
  subjectTypes: string[];
  matters: string[];
  action: MeasureAction;
  extendsToResponsible: boolean;
}

export interface Measure extends MeasureSpec {
  version: number;
  status: 'ACTIVE' | 'RETIRED';
  createdAt: string;
}

export interface CandidateRule {
  code: string;
  name: string;
  listType: ListType;
  item: string;
  count: number;
  months: number;
}

interface Bundle {
  matters: { code: string; name: string }[];
  measures: MeasureSpec[];
  candidateRules: CandidateRule[];
}

const BUNDLE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'measures.json');
let bundle: Bundle | undefined;
function bundled(): Bundle {
  bundle ??= JSON.parse(fs.readFileSync(BUNDLE_FILE, 'utf8')) as Bundle;
  return bundle;
}

export const candidateRules = (): CandidateRule[] => bundled().candidateRules;

/** Loads the bundled matters, and the bundled measures whose codes the database does not have yet. */
export async function syncBundledMeasures(q: Queryable): Promise<void> {
  const { matters, measures } = bundled();
  await q.query(
    `INSERT INTO matters (code, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING`,
    [matters.map((m) => m.code), matters.map((m) => m.name)],
  );
  const existing = new Set(
    (await q.query<{ code: string }>('SELECT DISTINCT code FROM measures')).map((r) => r.code),
  );
  for (const m of measures.filter((m) => !existing.has(m.code))) await insertVersion(q, m, 1, null);
}

interface MeasureRow {
  code: string;
  version: number;
  list: 'NATIONAL' | 'JILIN';
  class: 1 | 2 | 3;
  name: string;
  legal_basis: string;
  implementing_departments: string[];
  list_types: ListType[];
  subject_types: string[];
  matters: string[];
  action: MeasureAction;
  extends_to_responsible: boolean;
  status: 'ACTIVE' | 'RETIRED';
  created_at: Date;
}

const COLUMNS = `code, version, list, class, name, legal_basis, implementing_departments, list_types, subject_types,
  matters, action, extends_to_responsible, status, created_at`;

function present(r: MeasureRow): Measure {
  return {
    code: r.code,
    version: r.version,
    list: r.list,
    class: r.class,
    name: r.name,
    legalBasis: r.legal_basis,
    implementingDepartments: r.implementing_departments,
    listTypes: r.list_types,
    subjectTypes: r.subject_types,
    matters: r.matters,
    action: r.action,
    extendsToResponsible: r.extends_to_responsible,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  };
}

async function insertVersion(q: Queryable, m: MeasureSpec, version: number, userId: number | null) {
  const [row] = await q.query<MeasureRow>(
    `INSERT INTO measures (code, version, list, class, name, legal_basis, implementing_departments, list_types,
       subject_types, matters, action, extends_to_responsible, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [
      m.code,
      version,
      m.list,
      m.class,
      m.name,
      m.legalBasis,
      m.implementingDepartments,
      m.listTypes,
      m.subjectTypes,
      m.matters,
      m.action,
      m.extendsToResponsible,
      userId,
    ],
  );
  return present(row);
}

/** The measures in force: what the check index answers from. */
export async function activeMeasures(q: Queryable): Promise<Measure[]> {
  const rows = await q.query<MeasureRow>(
    `SELECT ${COLUMNS} FROM measures WHERE status = 'ACTIVE' ORDER BY code`,
  );
  return rows.map(present);
}

export async function listMeasures(deps: AppDeps, list: string | undefined, includeRetired: boolean) {
  const rows = await deps.db.query<MeasureRow>(
    `SELECT ${COLUMNS} FROM measures WHERE ($1::text IS NULL OR list = $1) AND ($2 OR status = 'ACTIVE')
     ORDER BY list, code, version DESC`,
    [list ?? null, includeRetired],
  );
  return { items: rows.map(present) };
}

export async function measureVersions(deps: AppDeps, code: string) {
  const rows = await deps.db.query<MeasureRow>(
    `SELECT ${COLUMNS} FROM measures WHERE code = $1 ORDER BY version DESC`,
    [code],
  );
  if (!rows.length) throw Errors.notFound('MEASURE_NOT_FOUND', `措施不存在：${code}`);
  return { items: rows.map(present) };
}

export async function matters(q: Queryable) {
  return {
    items: await q.query<{ code: string; name: string }>('SELECT code, name FROM matters ORDER BY code'),
  };
}

/** Saves a measure: a new code starts at version 1; an existing one gets the next version. */
export async function saveMeasure(deps: AppDeps, spec: MeasureSpec, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'measures:manage');
  const known = new Set((await matters(deps.db)).items.map((m) => m.code));
  const unknown = spec.matters.find((m) => !known.has(m));
  if (unknown) throw Errors.invalid('MEASURE_INVALID', `未知的事项代码：${unknown}`, 'matters');
  return deps.db.transaction(async (tx) => {
    const [last] = await tx.query<{ version: number }>(
      'SELECT max(version) AS version FROM measures WHERE code = $1',
      [spec.code],
    );
    await tx.query(`UPDATE measures SET status = 'RETIRED' WHERE code = $1 AND status = 'ACTIVE'`, [
      spec.code,
    ]);
    const saved = await insertVersion(
      tx,
      spec,
      (last?.version ?? 0) + 1,
      ctx.viewer.kind === 'USER' ? Number(ctx.viewer.id) : null,
    );
    await recordListChange(tx, null, 'measures');
    await recordAudit(tx, ctx, {
      action: 'measures.save',
      targetType: 'measure',
      targetId: spec.code,
      detail: { version: saved.version },
    });
    return saved;
  });
}

export async function retireMeasure(deps: AppDeps, code: string, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'measures:manage');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.query<MeasureRow>(
      `UPDATE measures SET status = 'RETIRED' WHERE code = $1 AND status = 'ACTIVE' RETURNING ${COLUMNS}`,
      [code],
    );
    if (!row) throw Errors.notFound('MEASURE_NOT_FOUND', `没有生效中的措施：${code}`);
    await recordListChange(tx, null, 'measures');
    await recordAudit(tx, ctx, { action: 'measures.retire', targetType: 'measure', targetId: code });
    return present(row);
  });
}
