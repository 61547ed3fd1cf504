// Inspection plans: the population of a region and subject type, stratified by grade, drawn with
// a recorded seed (planner.ts). The plan publishes seed, ranges, counts and a hash of the
// population, so the draw can be repeated by anyone holding the same population.
import crypto from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { sm3 } from '../../shared/crypto/hash.ts';
import { Errors } from '../../shared/errors.ts';
import { maskName } from '../../shared/mask.ts';
import { recordAudit } from '../audit/audit.ts';
import { dictionaries } from '../catalog/service.ts';
import { isWithinScope, regionScopePrefix } from '../identifiers/regions.ts';
import { type RequestContext, requirePermission } from '../identity/viewer.ts';
import { actorOf } from '../ledger/entry.ts';
import { submitRecords } from '../records/intake-service.ts';
import { type Candidate, DEFAULT_RANGES, DEFAULT_RATES, draw, type Stratum } from './planner.ts';

export interface NewPlan {
  name: string;
  matter: string;
  regionCode: string;
  subjectType: string;
  seed?: string;
}

function requirePlanner(ctx: RequestContext) {
  requirePermission(ctx.viewer, ctx.viewer.kind === 'API_CLIENT' ? 'inspections' : 'inspections:plan');
}

export async function createPlan(deps: AppDeps, input: NewPlan, ctx: RequestContext) {
  requirePlanner(ctx);
  const { viewer } = ctx;
  if (!isWithinScope(viewer.regionCode, input.regionCode)) throw Errors.outOfScope();
  if (viewer.departmentId === null)
    throw Errors.invalid(
      'PLAN_DEPARTMENT_REQUIRED',
      '抽查计划须由部门制定（其检查人员名录用于随机分派）',
      'regionCode',
    );
  // Results are filed as 抽查检查结果信息, an item about organisations: people are not drawn.
  if (input.subjectType === 'INDIVIDUAL')
    throw Errors.invalid(
      'PLAN_SUBJECT_TYPE',
      '双随机抽查的对象是法人和非法人组织，自然人不列入抽查计划',
      'subjectType',
    );
  const seed = input.seed?.trim() || crypto.randomBytes(12).toString('hex');
  const population = await deps.db.query<{ id: string; public_id: string; grade: Stratum | null }>(
    `SELECT s.id, s.public_id, e.grade FROM subjects s LEFT JOIN subject_evaluations e ON e.subject_id = s.id
     WHERE s.type = $1 AND s.region_code LIKE $2 ORDER BY s.id`,
    [input.subjectType, `${regionScopePrefix(input.regionCode)}%`],
  );
  if (!population.length) throw Errors.invalid('PLAN_EMPTY', '该区域没有此类型的主体', 'regionCode');
  const inspectors = await deps.db.query<{ id: number; name: string }>(
    'SELECT id, name FROM inspectors WHERE department_id = $1 AND active ORDER BY id',
    [viewer.departmentId],
  );
  if (inspectors.length < 2)
    throw Errors.invalid('PLAN_NO_INSPECTORS', '本部门检查人员名录不足两人', 'regionCode');
  const conflictRows = await deps.db.query<{ inspector_id: number; subject_id: string }>(
    'SELECT inspector_id, subject_id FROM inspector_conflicts WHERE inspector_id = ANY($1::int[])',
    [inspectors.map((i) => i.id)],
  );
  const conflicts = new Map<number, Set<number>>();
  for (const c of conflictRows) {
    const set = conflicts.get(c.inspector_id) ?? new Set<number>();
    set.add(Number(c.subject_id));
    conflicts.set(c.inspector_id, set);
  }
  const candidates: Candidate[] = population.map((p) => ({ subjectId: Number(p.id), grade: p.grade }));
  const result = draw(candidates, { seed, inspectors, conflicts });
  // Auditors rebuild the population as "publicId grade" lines in subject order and compare this hash.
  const populationHash = sm3(
    Buffer.from(population.map((p) => `${p.public_id} ${p.grade ?? '-'}`).join('\n')),
  ).toString('hex');
  const ratios = Object.fromEntries(
    (['A', 'B', 'C', 'D'] as Stratum[]).map((g) => [g, { range: DEFAULT_RANGES[g], rate: DEFAULT_RATES[g] }]),
  );
  const publicId = `P${Date.now().toString(36).toUpperCase()}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const id = await deps.db.transaction(async (tx) => {
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO inspection_plans (public_id, name, matter, region_code, subject_type, department_id, seed, ratios,
         population, population_hash, sampled, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        publicId,
        input.name,
        input.matter,
        input.regionCode,
        input.subjectType,
        viewer.departmentId,
        seed,
        JSON.stringify(ratios),
        JSON.stringify(result.population),
        populationHash,
        JSON.stringify(result.sampled),
        actorOf(ctx),
      ],
    );
    await tx.query(
      `INSERT INTO inspection_draws (plan_id, subject_id, grade, inspectors)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::jsonb[])`,
      [
        id,
        result.drawn.map((d) => d.subjectId),
        result.drawn.map((d) => d.grade),
        result.drawn.map((d) => JSON.stringify(d.inspectors)),
      ],
    );
    await recordAudit(tx, ctx, {
      action: 'inspections.plan.create',
      targetType: 'inspection_plan',
      targetId: publicId,
      regionCode: input.regionCode,
      detail: { seed, sampled: result.sampled },
    });
    return id;
  });
  return getPlanById(deps, id);
}

async function getPlanById(deps: AppDeps, id: number) {
  const [p] = await deps.db.query<{
    id: number;
    public_id: string;
    name: string;
    matter: string;
    region_code: string;
    subject_type: string;
    dept: string;
    seed: string;
    ratios: Record<Stratum, { range: [number, number]; rate: number }>;
    population: Record<Stratum, number>;
    population_hash: string;
    sampled: Record<Stratum, number>;
    created_at: Date;
  }>(
    `SELECT p.*, d.name AS dept FROM inspection_plans p JOIN departments d ON d.id = p.department_id WHERE p.id = $1`,
    [id],
  );
  // Results are the 抽查检查结果 records filed under the plan's task numbers (resultTaskNo).
  const rows = await deps.db.query<{
    public_id: string;
    name: string;
    type: string;
    uscc: string | null;
    id_number_masked: string | null;
    grade: string | null;
    inspectors: { id: number; name: string }[];
    record_id: string | null;
    result: string | null;
    completed_on: string | null;
  }>(
    `SELECT s.public_id, s.name, s.type, s.uscc, s.id_number_masked, d.grade, d.inspectors,
       r.public_id AS record_id, r.kinds[1] AS result, r.decision_date::text AS completed_on
     FROM inspection_draws d JOIN subjects s ON s.id = d.subject_id
     JOIN inspection_plans p ON p.id = d.plan_id JOIN departments dept ON dept.id = p.department_id
     LEFT JOIN credit_records r ON r.item_code = 'ADMIN_INSPECTION' AND r.authority_code = dept.uscc
       AND r.decision_no = p.public_id || '-' || s.public_id AND r.status = 'ACTIVE'
     WHERE d.plan_id = $1 ORDER BY s.id`,
    [id],
  );
  return {
    planId: p.public_id,
    name: p.name,
    matter: p.matter,
    regionCode: p.region_code,
    subjectType: p.subject_type,
    department: p.dept,
    seed: p.seed,
    ratios: p.ratios,
    population: p.population,
    populationHash: p.population_hash,
    sampled: p.sampled,
    createdAt: p.created_at.toISOString(),
    draw: rows.map((r) => ({
      subject: {
        publicId: r.public_id,
        name: r.type === 'INDIVIDUAL' ? maskName(r.name) : r.name,
        code: r.uscc ?? r.id_number_masked ?? '',
      },
      grade: r.grade,
      inspectors: r.inspectors.map((i) => i.name),
      result: r.record_id ? { code: r.result, completedOn: r.completed_on, recordId: r.record_id } : null,
    })),
  };
}

export interface InspectionResult {
  /** The drawn subject: public id or unified social credit code. */
  subject: string;
  /** 检查结果类别: a code or label of the INSPECTION_RESULT dictionary. */
  result: string;
  completedOn: string;
  findings?: string;
}

/**
 * Results of a plan's inspections, filed as 抽查检查结果 (ADMIN_INSPECTION) records through the intake
 * pipeline under the task number `<plan>-<subject>`: validated, quarantined when wrong, idempotent
 * when sent again, in the archive, on the portal for the item's publicity period, and — through the
 * credit log — in the subject's evaluation within seconds.
 */
export async function recordResults(
  deps: AppDeps,
  planPublicId: string,
  results: InspectionResult[],
  ctx: RequestContext,
) {
  requirePlanner(ctx);
  const [plan] = await deps.db.query<{
    id: number;
    public_id: string;
    matter: string;
    region_code: string;
    department_id: number;
    dept_name: string;
    dept_uscc: string | null;
  }>(
    `SELECT p.id, p.public_id, p.matter, p.region_code, p.department_id, d.name AS dept_name, d.uscc AS dept_uscc
     FROM inspection_plans p JOIN departments d ON d.id = p.department_id WHERE p.public_id = $1`,
    [planPublicId],
  );
  if (!plan || !isWithinScope(ctx.viewer.regionCode, plan.region_code))
    throw Errors.notFound('PLAN_NOT_FOUND', `抽查计划不存在：${planPublicId}`);
  // 谁检查、谁录入: only the department that made the plan files its results.
  if (ctx.viewer.departmentId !== plan.department_id)
    throw Errors.forbidden('录入其他部门抽查计划的检查结果');
  if (!plan.dept_uscc)
    throw Errors.invalid(
      'DEPARTMENT_USCC_REQUIRED',
      '本部门未登记统一社会信用代码，无法作为检查实施机关',
      'plan',
    );
  const drawn = await deps.db.query<{
    public_id: string;
    name: string;
    uscc: string | null;
    sub_type: string | null;
  }>(
    `SELECT s.public_id, s.name, s.uscc, s.sub_type FROM inspection_draws d JOIN subjects s ON s.id = d.subject_id
     WHERE d.plan_id = $1`,
    [plan.id],
  );
  const byKey = new Map(
    drawn.flatMap((s) => [[s.public_id, s] as const, ...(s.uscc ? [[s.uscc, s] as const] : [])]),
  );
  const labels = new Map(
    ((await dictionaries(deps.db)).find((d) => d.code === 'INSPECTION_RESULT')?.entries ?? []).flatMap(
      (e) => [
        [e.code, e.label],
        [e.label, e.label],
      ],
    ),
  );
  const records = results.map((r, i) => {
    const s = byKey.get(r.subject.trim());
    if (!s)
      throw Errors.invalid(
        'SUBJECT_NOT_DRAWN',
        `该主体不在本计划的抽取名单中：${r.subject}`,
        `results[${i}].subject`,
      );
    // The catalogue item covers organisations; natural persons are not inspected under it.
    if (!s.uscc)
      throw Errors.invalid(
        'SUBJECT_NOT_ORGANISATION',
        '抽查检查结果信息只适用于法人和非法人组织',
        `results[${i}].subject`,
      );
    const label = labels.get(r.result.trim());
    return {
      JC_MC: s.name,
      JC_LB: s.sub_type === 'SOLE_TRADER' ? '个体工商户' : '法人及非法人组织',
      JC_SHXYM: s.uscc,
      JC_RWBH: `${plan.public_id}-${s.public_id}`,
      JC_WCRQ: r.completedOn,
      JC_SX: plan.matter,
      JC_JGLB: r.result,
      JC_JGMS: [label ?? r.result, r.findings?.trim()].filter(Boolean).join('：'),
      JC_SSJG: plan.dept_name,
      JC_SSJGDM: plan.dept_uscc,
    };
  });
  const { batchId, results: outcome } = await submitRecords(deps, 'ADMIN_INSPECTION', records, ctx);
  return { planId: plan.public_id, batchId, results: outcome };
}

export async function getPlan(deps: AppDeps, publicId: string, ctx: RequestContext) {
  requirePlanner(ctx);
  const [p] = await deps.db.query<{ id: number; region_code: string }>(
    'SELECT id, region_code FROM inspection_plans WHERE public_id = $1',
    [publicId],
  );
  if (!p || !isWithinScope(ctx.viewer.regionCode, p.region_code))
    throw Errors.notFound('PLAN_NOT_FOUND', `抽查计划不存在：${publicId}`);
  return getPlanById(deps, p.id);
}

/** The plans made by the viewer's department, newest first. */
export async function listPlans(deps: AppDeps, ctx: RequestContext) {
  requirePlanner(ctx);
  const rows = await deps.db.query<{
    public_id: string;
    name: string;
    matter: string;
    region_code: string;
    subject_type: string;
    seed: string;
    sampled: Record<string, number>;
    created_at: Date;
  }>(
    `SELECT public_id, name, matter, region_code, subject_type, seed, sampled, created_at FROM inspection_plans
     WHERE department_id = $1 ORDER BY id DESC LIMIT 200`,
    [ctx.viewer.departmentId],
  );
  return {
    items: rows.map((r) => ({
      planId: r.public_id,
      name: r.name,
      matter: r.matter,
      regionCode: r.region_code,
      subjectType: r.subject_type,
      seed: r.seed,
      sampled: r.sampled,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
