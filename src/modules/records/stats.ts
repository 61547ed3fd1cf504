import type { AppDeps } from '../../app-deps.ts';
import { SqlParams } from '../../db/sql.ts';
import { regionScopePrefix } from '../identifiers/regions.ts';
import { regionGuard } from '../identity/scope.ts';
import { requirePermission, type Viewer } from '../identity/viewer.ts';
import { csvLine } from './files/error-report.ts';

/**
 * Data quality and timeliness per department (归集质量与及时性): volumes by item and month, acceptance,
 * errors by code, on-time rate (decision → intake within the configured working days), USCC
 * error and duplicate rate (重错码率), corrections. Always within the viewer's region scope.
 */
export interface StatsQuery {
  region?: string;
  department?: number;
  item?: string;
  from?: string;
  to?: string;
}

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

export async function intakeStats(deps: AppDeps, query: StatsQuery, viewer: Viewer) {
  requirePermission(viewer, 'intake:stats');
  // Each source table is filtered by the submitting department (region scope, filters) and period.
  const filter = (alias: string, dateColumn: string, p: SqlParams) => {
    const where = [regionGuard(viewer, 'd.region_code', p)];
    if (query.region) where.push(`d.region_code LIKE ${p.add(`${regionScopePrefix(query.region)}%`)}`);
    if (query.department) where.push(`d.id = ${p.add(query.department)}`);
    if (query.item) where.push(`${alias}.item_code = ${p.add(query.item)}`);
    if (query.from) where.push(`${dateColumn} >= ${p.add(query.from)}::date`);
    if (query.to) where.push(`${dateColumn} < (${p.add(query.to)}::date + 1)`);
    return `JOIN departments d ON d.id = ${alias}.department_id WHERE ${where.join(' AND ')}`;
  };
  const q = deps.db;
  const localDay = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

  let p = new SqlParams();
  const batches = await q.query<{
    department_id: number;
    department_name: string;
    item_code: string;
    month: string;
    total: number;
    accepted: number;
    updated: number;
    duplicate: number;
    rejected: number;
  }>(
    `SELECT d.id AS department_id, d.name AS department_name, b.item_code,
       to_char(${localDay('b.created_at')}, 'YYYY-MM') AS month,
       sum(b.total)::int AS total, sum(b.accepted)::int AS accepted, sum(b.updated)::int AS updated,
       sum(b.duplicate)::int AS duplicate, sum(b.rejected)::int AS rejected
     FROM intake_batches b ${filter('b', localDay('b.created_at'), p)}
     GROUP BY 1, 2, 3, 4 ORDER BY 4, 3`,
    p.values,
  );

  p = new SqlParams();
  const timeliness = await q.query<{ department_id: number; records: number; late: number }>(
    `SELECT d.id AS department_id, count(*)::int AS records, count(*) FILTER (WHERE r.late)::int AS late
     FROM credit_records r ${filter('r', 'r.intake_date', p)} GROUP BY 1`,
    p.values,
  );

  p = new SqlParams();
  const errors = await q.query<{ department_id: number; code: string; n: number }>(
    `SELECT d.id AS department_id, e->>'code' AS code, count(*)::int AS n
     FROM quarantine_rows qr CROSS JOIN LATERAL jsonb_array_elements(qr.errors) e
     ${filter('qr', localDay('qr.created_at'), p)} GROUP BY 1, 2`,
    p.values,
  );

  p = new SqlParams();
  const usccRows = await q.query<{
    department_id: number;
    rows_with_uscc_error: number;
    corrections: number;
  }>(
    `SELECT d.id AS department_id,
       count(*) FILTER (WHERE qr.errors @> '[{"code":"INVALID_USCC"}]')::int AS rows_with_uscc_error,
       count(*) FILTER (WHERE qr.status = 'RESOLVED')::int AS corrections
     FROM quarantine_rows qr ${filter('qr', localDay('qr.created_at'), p)} GROUP BY 1`,
    p.values,
  );

  const departments = new Map<number, { id: number; name: string }>();
  for (const b of batches) departments.set(b.department_id, { id: b.department_id, name: b.department_name });
  const sumBy = <T extends { department_id: number }>(rows: T[], id: number | null, f: (r: T) => number) =>
    rows.filter((r) => id === null || r.department_id === id).reduce((s, r) => s + f(r), 0);

  const summarise = (id: number | null) => {
    const received = sumBy(batches, id, (r) => r.total);
    const accepted = sumBy(batches, id, (r) => r.accepted);
    const updated = sumBy(batches, id, (r) => r.updated);
    const duplicate = sumBy(batches, id, (r) => r.duplicate);
    const rejected = sumBy(batches, id, (r) => r.rejected);
    const records = sumBy(timeliness, id, (r) => r.records);
    const late = sumBy(timeliness, id, (r) => r.late);
    const usccErrors = sumBy(usccRows, id, (r) => r.rows_with_uscc_error);
    return {
      received,
      accepted,
      updated,
      duplicate,
      rejected,
      acceptanceRate: ratio(accepted + updated + duplicate, received),
      records,
      late,
      timelinessRate: ratio(records - late, records),
      usccErrors,
      usccErrorRate: ratio(usccErrors, received),
      duplicateRate: ratio(duplicate, received),
      corrections: sumBy(usccRows, id, (r) => r.corrections),
    };
  };

  const errorTotals = new Map<string, number>();
  for (const e of errors) errorTotals.set(e.code, (errorTotals.get(e.code) ?? 0) + e.n);
  return {
    lateAfterWorkingDays: deps.config.intakeLateWorkingDays,
    totals: summarise(null),
    volumes: batches.map((b) => ({
      month: b.month,
      item: b.item_code,
      departmentId: b.department_id,
      received: b.total,
      accepted: b.accepted,
      updated: b.updated,
      duplicate: b.duplicate,
      rejected: b.rejected,
    })),
    errorsByCode: [...errorTotals]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count),
    departments: [...departments.values()].map((d) => ({ id: d.id, name: d.name, ...summarise(d.id) })),
  };
}

/** The per-department table as CSV (UTF-8 with BOM for Excel). */
export function statsCsv(stats: Awaited<ReturnType<typeof intakeStats>>): string {
  const header = [
    '部门',
    '报送行数',
    '新增',
    '更新',
    '重复',
    '拒收',
    '接收率',
    '入库记录',
    '迟报',
    '及时率',
    '代码错误',
    '重错码率',
    '重复率',
    '已纠错',
  ];
  const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(2)}%`);
  const lines = [...stats.departments, { id: 0, name: '合计', ...stats.totals }].map((d) =>
    csvLine([
      d.name,
      String(d.received),
      String(d.accepted),
      String(d.updated),
      String(d.duplicate),
      String(d.rejected),
      pct(d.acceptanceRate),
      String(d.records),
      String(d.late),
      pct(d.timelinessRate),
      String(d.usccErrors),
      pct(d.usccErrorRate),
      pct(d.duplicateRate),
      String(d.corrections),
    ]),
  );
  return `\uFEFF${[csvLine(header), ...lines].join('')}`;
}
