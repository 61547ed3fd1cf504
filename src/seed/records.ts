import type { AppDeps } from '../app-deps.ts';
import { loadCalendar } from '../modules/catalog/service.ts';
import { regionScopePrefix } from '../modules/identifiers/regions.ts';
import { SYSTEM_CONTEXT } from '../modules/identity/viewer.ts';
import {
  finishBatch,
  ingestChunk,
  openBatch,
  prepareIntake,
  type SubmittedRow,
} from '../modules/records/intake.ts';
import { shanghaiDate } from '../shared/clock.ts';
import { addDays } from '../shared/dates.ts';
import { Rng } from './generator.ts';

/**
 * Two years of demo history, fed through the real intake pipeline: licences and penalties (双公示)
 * decided by the demo departments about demo subjects, and tax-credit A ratings, received a few
 * working days later (a share late), with a few percent of rows wrong in the ways real data is
 * wrong (they land in the quarantine). Deterministic for a given seed.
 */

const VIOLATIONS: [string, string, string, string][] = [
  ['销售不符合食品安全标准的食品', '《中华人民共和国食品安全法》第一百二十四条', '警告；罚款', '食品经营'],
  ['未按规定公示年度报告', '《企业信息公示暂行条例》第十七条', '警告', '企业公示'],
  ['虚假宣传', '《中华人民共和国反不正当竞争法》第二十条', '罚款', '广告宣传'],
  ['未取得许可从事经营活动', '《无证无照经营查处办法》第十三条', '没收违法所得；罚款', '无证经营'],
  ['销售不合格产品', '《中华人民共和国产品质量法》第四十九条', '没收违法所得；罚款', '产品质量'],
  ['价格违法行为', '《价格违法行为行政处罚规定》第七条', '警告；罚款', '价格'],
  ['逾期未申报纳税', '《中华人民共和国税收征收管理法》第六十二条', '罚款', '税收'],
  ['计量器具未经检定', '《中华人民共和国计量法》第二十六条', '警告；罚款', '计量'],
];

const LICENCES: [string, string, string, string][] = [
  ['食品经营许可', '食品经营许可证', '普通', 'JY1220'],
  ['公共场所卫生许可', '卫生许可证', '普通', 'WS2201'],
  ['特种设备生产许可', '特种设备生产许可证', '认可', 'TS2201'],
  ['道路运输经营许可', '道路运输经营许可证', '特许', 'JT2201'],
  ['营业执照登记', '营业执照', '登记', 'DJ2201'],
];

interface Department {
  id: number;
  code: string;
  name: string;
  uscc: string;
  region_code: string;
}

export async function seedDemoRecords(
  deps: AppDeps,
  opts: { seed: number; penalties: number; licences: number },
) {
  const rng = new Rng(opts.seed * 7 + 3);
  const today = shanghaiDate(deps.clock.now());
  const all = await deps.db.query<Department>(
    'SELECT id, code, name, uscc, region_code FROM departments WHERE uscc IS NOT NULL ORDER BY id',
  );
  const departments = all.filter((d) => d.code.includes('SCJG'));
  const taxOffice = all.find((d) => d.code.endsWith('-SW'));
  const subjects = await deps.db.query<{
    name: string;
    uscc: string;
    region_code: string;
    legal_representative: string | null;
  }>(
    `SELECT name, uscc, region_code, legal_representative FROM subjects
     WHERE uscc IS NOT NULL AND type = 'ENTERPRISE' ORDER BY id LIMIT 2000`,
  );
  if (!departments.length || !subjects.length) return 0;

  // The most local market-regulation department whose region holds the subject decides.
  const deciderOf = (region: string) =>
    departments
      .filter((d) => region.startsWith(regionScopePrefix(d.region_code)))
      .sort((a, b) => regionScopePrefix(b.region_code).length - regionScopePrefix(a.region_code).length)[0];

  type Planned = {
    dept: Department;
    item: 'ADMIN_PENALTY' | 'ADMIN_LICENSE' | 'EVAL_TAX_CREDIT_A';
    row: SubmittedRow;
  };
  const planned: Planned[] = [];
  const calendar = await loadCalendar(deps.db);
  const serial = new Map<string, number>();
  const nextNo = (prefix: string) => {
    const n = (serial.get(prefix) ?? 0) + 1;
    serial.set(prefix, n);
    return n;
  };

  const planOne = (
    item: 'ADMIN_PENALTY' | 'ADMIN_LICENSE',
    s: SubjectPick & { region_code: string },
    seriousChance: number,
  ) => {
    const dept = deciderOf(s.region_code);
    if (!dept) return;
    const decided = addDays(today, -rng.range(3, 720));
    // Most departments report within a week; some rows arrive weeks late.
    const delay = rng.chance(0.12) ? rng.range(8, 25) : rng.range(1, 6);
    let receivedOn = calendar.addWorkingDays(decided, delay);
    if (receivedOn > today) receivedOn = today;
    const year = decided.slice(0, 4);
    const short = dept.name.replace(/吉林省|市场监督管理(厅|局)/g, '').slice(0, 4) || '吉';
    const raw: Record<string, unknown> =
      item === 'ADMIN_PENALTY'
        ? penaltyRow(
            rng,
            s,
            dept,
            decided,
            `${short}市监罚〔${year}〕${nextNo(`${dept.code}${year}P`)}号`,
            seriousChance,
          )
        : licenceRow(rng, s, dept, decided, `${short}市监许〔${year}〕${nextNo(`${dept.code}${year}L`)}号`);
    spoil(rng, raw, item);
    planned.push({ dept, item, row: { index: planned.length, raw, receivedOn } });
  };
  // Each enterprise has a latent risk (lognormal). How many penalties it gets over the two years, and
  // how likely each is to be serious, are drawn from that risk and nothing else: the generator never
  // sees a score, so a backtest of the evaluation model against later serious penalties is honest.
  const risk = subjects.map(() => Math.exp(1.2 * standardNormal(rng)));
  const perUnitRisk = opts.penalties / risk.reduce((a, b) => a + b, 0);
  subjects.forEach((s, i) => {
    const n = poisson(rng, perUnitRisk * risk[i]);
    for (let k = 0; k < n; k++) planOne('ADMIN_PENALTY', s, Math.min(0.5, 0.05 * risk[i]));
  });
  for (let k = 0; k < opts.licences; k++) planOne('ADMIN_LICENSE', subjects[rng.int(subjects.length)], 0);
  // 纳税信用A级 each April for the year before, more often the lower the latent risk.
  const thisYear = Number(today.slice(0, 4));
  for (const year of [thisYear - 2, thisYear - 1]) {
    const ratedOn = `${year + 1}-04-20`;
    if (!taxOffice || ratedOn > today) continue;
    subjects.forEach((s, i) => {
      if (!rng.chance(Math.min(0.6, 0.25 / risk[i]))) return;
      const raw = taxRatingRow(s, taxOffice, ratedOn, year, `${year}A${nextNo(`SW${year}`)}`);
      planned.push({
        dept: taxOffice,
        item: 'EVAL_TAX_CREDIT_A',
        row: { index: planned.length, raw, receivedOn: calendar.addWorkingDays(ratedOn, 2) },
      });
    });
  }

  // One batch per department, item and quarter of receipt: the history the dashboards show.
  const groups = new Map<string, Planned[]>();
  for (const p of planned) {
    const d = p.row.receivedOn ?? today;
    const key = `${p.dept.id}|${p.item}|${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const { dept, item } = group[0];
    const t = await prepareIntake(deps, item, dept.id);
    const rows = group
      .map((g, index) => ({ ...g.row, index: index + 1 }))
      .sort((a, b) => (a.receivedOn ?? '').localeCompare(b.receivedOn ?? ''));
    const batchId = await openBatch(deps.db, t, 'API', SYSTEM_CONTEXT, {
      receivedOn: rows[rows.length - 1].receivedOn,
    });
    await ingestChunk(deps, t, rows, SYSTEM_CONTEXT, { batchId });
    await finishBatch(deps.db, batchId);
  }
  return planned.length;
}

type SubjectPick = { name: string; uscc: string; legal_representative: string | null };

function party(prefix: 'CF' | 'XK', s: SubjectPick) {
  return {
    [`${prefix}_XDR_MC`]: s.name,
    [`${prefix}_XDR_LB`]: '法人及非法人组织',
    [`${prefix}_XDR_SHXYM`]: s.uscc,
    [`${prefix}_FRDB`]: s.legal_representative ?? '',
  };
}

function penaltyRow(
  rng: Rng,
  s: SubjectPick,
  dept: Department,
  decided: string,
  no: string,
  seriousChance: number,
) {
  const [violation, basis, kinds] = rng.pick(VIOLATIONS);
  const fine = kinds.includes('罚款') ? (rng.range(5, 2000) / 100).toFixed(2) : '';
  const tier = rng.chance(seriousChance) ? '严重' : rng.chance(0.1) ? '轻微' : '一般';
  return {
    ...party('CF', s),
    CF_WSH: no,
    CF_WFXW: violation,
    CF_SY: `当事人${violation}，经立案调查属实。`,
    CF_YJ: basis,
    CF_CFLB: kinds,
    CF_NR: fine ? `${kinds.replace('；', '、')}，罚款人民币${fine}万元` : kinds,
    CF_NR_FK: fine,
    CF_JDRQ: decided,
    CF_CFJG: dept.name,
    CF_CFJGDM: dept.uscc,
    CF_SJLY: dept.name,
    CF_SJLYDM: dept.uscc,
    tier,
  };
}

function taxRatingRow(s: SubjectPick, office: Department, ratedOn: string, year: number, no: string) {
  return {
    NS_MC: s.name,
    NS_LB: '法人及非法人组织',
    NS_SHXYM: s.uscc,
    NS_JLBH: `吉税信〔${year}〕${no}`,
    NS_PJRQ: ratedOn,
    NS_PJND: String(year),
    NS_XYJB: 'A',
    NS_JG: office.name,
    NS_JGDM: office.uscc,
  };
}

function licenceRow(rng: Rng, s: SubjectPick, dept: Department, decided: string, no: string) {
  const [doc, cert, category, prefix] = rng.pick(LICENCES);
  const validTo = addDays(decided, 365 * 5 - 1);
  return {
    ...party('XK', s),
    XK_XKWS: `${doc}决定书`,
    XK_WSH: no,
    XK_XKLB: category,
    XK_XKZS: cert,
    XK_XKBH: `${prefix}${String(rng.range(10_000_000, 99_999_999))}`,
    XK_NR: `准予${doc.replace('许可', '')}许可`,
    XK_JDRQ: decided,
    XK_YXQZ: decided,
    XK_YXQZI: validTo,
    XK_XKJG: dept.name,
    XK_XKJGDM: dept.uscc,
    XK_ZT: '有效',
    XK_LYDW: dept.name,
    XK_LYDWDM: dept.uscc,
  };
}

/** Box–Muller: one draw from N(0, 1). */
function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
}

/** Knuth's method: fine for the small means used here. */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = rng.float(); p > limit; p *= rng.float()) n++;
  return n;
}

/** About 4 % of rows carry a typical mistake: a mistyped code, a swapped period, a negative fine. */
function spoil(rng: Rng, raw: Record<string, unknown>, item: string) {
  if (!rng.chance(0.04)) return;
  const p = item === 'ADMIN_PENALTY' ? 'CF' : 'XK';
  switch (rng.int(3)) {
    case 0: {
      const code = String(raw[`${p}_XDR_SHXYM`]);
      raw[`${p}_XDR_SHXYM`] = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
      break;
    }
    case 1:
      if (p === 'CF') raw.CF_NR_FK = '-1.5';
      else [raw.XK_YXQZ, raw.XK_YXQZI] = [raw.XK_YXQZI, raw.XK_YXQZ];
      break;
    default:
      raw[`${p}_JDRQ`] = String(raw[`${p}_JDRQ`]).replace(/-/g, '/').concat('x');
  }
}
