// Target (issue 3): portal penalty search (双公示 行政处罚) over 5,000,000 credit records: p95 ≤ 100 ms on
// PostgreSQL.
//
//   npx tsx bench/publication-search.ts [--records 5000000] [--subjects 200000] [--quick] [--keep] [--drop]
//                                       [--fresh] [--queries 200] [--warmup 10] [--seed 1] [--explain]
//
// Queries go through the real service function listRecords (what GET /api/v1/records runs for the portal's
// 公示 page), as the public sees them: item ADMIN_PENALTY, published today. Baseline, same run and Db: the
// lookup of one record by its public id (unique index). The bench database `xy_bench_records_<N>` is
// generated in SQL (subjects through seedSubjects); it is dropped after the run unless --keep. A database
// left by an earlier --keep run is reused when records, subjects and seed match, unless --fresh; --drop
// removes it after the run even with --keep.
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import { cityOf, regionLevel } from '../src/modules/identifiers/regions.ts';
import { PUBLIC_VIEWER, type RequestContext } from '../src/modules/identity/viewer.ts';
import { listRecords, type RecordQuery } from '../src/modules/records/service.ts';
import { pinyinInitials } from '../src/modules/subjects/search-terms.ts';
import { shanghaiDate, systemClock } from '../src/shared/clock.ts';
import { addDays, addMonths } from '../src/shared/dates.ts';
import {
  benchDepartmentsTable,
  benchDeps,
  bulkLoadCreditRecords,
  catalogueItems,
  dropPgDatabase,
  fmtInt,
  fmtMs,
  fmtSec,
  insertDepartments,
  instrument,
  intBetween,
  now,
  openKeptDatabase,
  pick,
  printRatio,
  printTable,
  printTarget,
  rng,
  type Summary,
  seedBenchSubjects,
  stageTimer,
  subjectRange,
  summarize,
  withBulkSession,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string' },
    subjects: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    queries: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    explain: { type: 'boolean', default: false },
  },
});
const SEED = Number(args.seed);
const QUERIES = Number(args.queries);
const WARMUP = Number(args.warmup);
const N_RECORDS = Number(args.records ?? (args.quick ? 300_000 : 5_000_000));
const N_SUBJECTS = Number(args.subjects ?? (args.quick ? 30_000 : 200_000));
const BATCH = 500_000;
const TARGET_P95_MS = 100;
const PUBLIC: RequestContext = { viewer: PUBLIC_VIEWER, ip: null, requestId: null };
const DB_NAME = `xy_bench_records_${N_RECORDS}`;

// ---------- the generated database ----------

const VIOLATIONS = [
  ['经营超过保质期的食品', '《中华人民共和国食品安全法》第一百二十四条第一款第（二）项'],
  ['未取得食品经营许可从事食品经营活动', '《中华人民共和国食品安全法》第一百二十二条第一款'],
  [
    '销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
    '《中华人民共和国产品质量法》第四十九条',
  ],
  ['发布虚假广告，欺骗、误导消费者', '《中华人民共和国广告法》第五十五条第一款'],
  ['超过大气污染物排放标准排放大气污染物', '《中华人民共和国大气污染防治法》第九十九条第（二）项'],
  ['使用未经检定的计量器具', '《中华人民共和国计量法》第二十六条'],
  ['不按规定明码标价', '《中华人民共和国价格法》第四十二条'],
  ['未按规定办理特种设备使用登记', '《中华人民共和国特种设备安全法》第八十三条第（一）项'],
];
const LICENCES = [
  '食品经营许可证',
  '药品经营许可证',
  '建筑工程施工许可证',
  '排污许可证',
  '道路运输经营许可证',
  '特种设备使用登记证',
  '公共场所卫生许可证',
  '烟草专卖零售许可证',
];
const PENALTY_LABELS = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
  '其他',
];
/** Penalty types (PENALTY_TYPE codes) and how often a decision includes each; '03' 罚款 common, '13' rare. */
const PENALTY_KIND_SHARES: [string, number][] = [
  ['01', 0.35],
  ['02', 0.03],
  ['03', 0.72],
  ['04', 0.12],
  ['05', 0.03],
  ['06', 0.02],
  ['07', 0.01],
  ['08', 0.02],
  ['09', 0.01],
  ['10', 0.02],
  ['11', 0.005],
  ['12', 0.01],
  ['13', 0.002],
  ['14', 0.03],
];
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlArray = (items: string[]) => `ARRAY[${items.map(sqlText).join(', ')}]`;

/**
 * One batch of records, generated row by row in SQL. Rows arrive in intake order (intake dates rise with
 * g across five years; the decision is 0–45 days earlier), as a live platform's append-only table does.
 * Parameters: $1 first g, $2 last g, $3 total records, $4 today, $5 first subject id, $6 subjects,
 * $7 department bucket bounds, $8 penalty item id, $9 licence item id.
 */
const INSERT_BATCH = `
INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
  decision_no, authority_code, authority_name, decision_date, valid_from, valid_to, tier, party_name, party_class,
  kinds, fine_amount, fields, sealed, content_hash, status, withdrawn_at, withdrawn_reason, intake_date,
  working_days_to_intake, late, regime, public_until, minimum_until, is_public)
SELECT 'R' || substr(md5(x.g::text || ':record'), 1, 15),
  CASE WHEN x.penalty THEN $8::int ELSE $9::int END,
  CASE WHEN x.penalty THEN 'ADMIN_PENALTY' ELSE 'ADMIN_LICENSE' END,
  'ADMINISTRATIVE', s.id, d.id, d.region_code, a.decision_no, d.uscc, d.name, a.decision_date,
  c.valid_from, c.valid_to, a.tier, s.name, a.party_class, a.kinds, c.fine, f.fields,
  CASE WHEN a.party_class <> 'LEGAL_PERSON' THEN sha512(convert_to(x.g::text || ':sealed', 'UTF8')) END,
  encode(sha256(convert_to(f.fields::text, 'UTF8')), 'hex'),
  CASE WHEN x.withdrawn THEN 'WITHDRAWN' ELSE 'ACTIVE' END,
  CASE WHEN x.withdrawn THEN (x.intake_date + 20)::timestamptz END,
  CASE WHEN x.withdrawn THEN '决定已被依法撤销' END,
  x.intake_date, round(x.lag * 5 / 7.0)::int, round(x.lag * 5 / 7.0) > 7,
  CASE WHEN a.decision_date >= DATE '2026-04-01' THEN 'NEW' ELSE 'OLD' END,
  p.public_until, p.minimum_until, NOT x.withdrawn AND coalesce(p.public_until >= $4::date, false)
FROM (
  SELECT g, random() < 0.6 AS penalty, width_bucket(random(), $7::float8[]) AS dep,
    $5::bigint + floor(power(random(), 1.25) * $6::int)::bigint AS sid,
    ($4::date - 1826 + floor((g - 1) * 1826.0 / $3::bigint)::int) AS intake_date,
    floor(power(random(), 3) * 46)::int AS lag,
    random() AS r_tier, random() < 0.01 AS withdrawn, random() AS r_amount, random() AS r_text,
    random() AS r_valid, random() AS r_licence,
    array_remove(ARRAY[${PENALTY_KIND_SHARES.map(([code, share]) => `CASE WHEN random() < ${share} THEN '${code}' END`).join(', ')}], NULL) AS kinds_drawn
  FROM generate_series($1::bigint, $2::bigint) g
  OFFSET 0
) x
JOIN pg_temp.bench_departments d ON d.bucket = x.dep
JOIN subjects s ON s.id = x.sid
CROSS JOIN LATERAL (
  SELECT x.intake_date - x.lag AS decision_date,
    CASE WHEN NOT x.penalty THEN NULL WHEN x.r_tier < 0.08 THEN 'SERIOUS' WHEN x.r_tier < 0.18 THEN 'MINOR'
      ELSE 'GENERAL' END AS tier,
    CASE WHEN NOT x.penalty THEN ARRAY[CASE WHEN x.r_licence < 0.70 THEN '1' WHEN x.r_licence < 0.73 THEN '2'
        WHEN x.r_licence < 0.77 THEN '3' WHEN x.r_licence < 0.85 THEN '4' WHEN x.r_licence < 0.95 THEN '5' ELSE '6' END]
      WHEN cardinality(x.kinds_drawn) = 0 THEN ARRAY['01'] ELSE x.kinds_drawn END AS kinds,
    CASE WHEN s.type = 'INDIVIDUAL' THEN 'NATURAL_PERSON' WHEN s.sub_type = 'SOLE_TRADER' THEN 'SOLE_TRADER'
      ELSE 'LEGAL_PERSON' END AS party_class,
    d.abbr || CASE WHEN x.penalty THEN '罚' ELSE '许' END || '〔' || extract(year FROM x.intake_date - x.lag) || '〕'
      || x.g || '号' AS decision_no
) a
CROSS JOIN LATERAL (
  SELECT CASE WHEN NOT x.penalty THEN a.decision_date END AS valid_from,
    CASE WHEN NOT x.penalty AND x.r_valid < 0.85
      THEN pg_temp.period_end(a.decision_date, 12 * (1 + floor(x.r_valid / 0.85 * 5)::int)) END AS valid_to,
    CASE WHEN '03' = ANY(a.kinds) AND x.penalty THEN round((0.05 + power(x.r_amount, 3) * 50)::numeric, 4) END AS fine
) c
CROSS JOIN LATERAL (
  SELECT CASE WHEN NOT x.penalty THEN least(pg_temp.period_end(a.decision_date, 36), c.valid_to)
      WHEN a.tier = 'GENERAL' THEN pg_temp.period_end(a.decision_date, 12)
      WHEN a.tier = 'SERIOUS' THEN pg_temp.period_end(a.decision_date, 36) END AS public_until,
    CASE WHEN NOT x.penalty THEN least(pg_temp.period_end(a.decision_date, 36), c.valid_to)
      WHEN a.tier = 'GENERAL' THEN pg_temp.period_end(a.decision_date, 3)
      WHEN a.tier = 'SERIOUS'
        THEN pg_temp.period_end(a.decision_date, CASE WHEN a.decision_date >= DATE '2026-04-01' THEN 12 ELSE 6 END)
    END AS minimum_until
) p
CROSS JOIN LATERAL (
  SELECT jsonb_strip_nulls(CASE WHEN x.penalty THEN jsonb_build_object(
      'CF_XDR_MC', s.name,
      'CF_XDR_LB', CASE a.party_class WHEN 'NATURAL_PERSON' THEN '自然人' WHEN 'SOLE_TRADER' THEN '个体工商户'
        ELSE '法人及非法人组织' END,
      'CF_XDR_SHXYM', s.uscc,
      'CF_WSH', a.decision_no,
      'CF_WFXW', (${sqlArray(VIOLATIONS.map((v) => v[0]))})[1 + floor(x.r_text * ${VIOLATIONS.length})::int],
      'CF_SY', '当事人' || (${sqlArray(VIOLATIONS.map((v) => v[0]))})[1 + floor(x.r_text * ${VIOLATIONS.length})::int]
        || '，事实清楚，证据确凿',
      'CF_YJ', (${sqlArray(VIOLATIONS.map((v) => v[1]))})[1 + floor(x.r_text * ${VIOLATIONS.length})::int],
      'CF_CFLB', array_to_string(ARRAY(SELECT (${sqlArray(PENALTY_LABELS)})[k::int] FROM unnest(a.kinds) k), '；'),
      'CF_NR', array_to_string(ARRAY(SELECT (${sqlArray(PENALTY_LABELS)})[k::int] FROM unnest(a.kinds) k), '；')
        || coalesce('，罚款人民币' || round(c.fine * 10000) || '元', ''),
      'CF_NR_FK', c.fine::text,
      'CF_JDRQ', a.decision_date::text,
      'CF_CFJG', d.name, 'CF_CFJGDM', d.uscc, 'CF_SJLY', d.name, 'CF_SJLYDM', d.uscc,
      'tier', CASE a.tier WHEN 'SERIOUS' THEN '严重' WHEN 'MINOR' THEN '轻微' ELSE '一般' END)
    ELSE jsonb_build_object(
      'XK_XDR_MC', s.name,
      'XK_XDR_LB', CASE a.party_class WHEN 'NATURAL_PERSON' THEN '自然人' WHEN 'SOLE_TRADER' THEN '个体工商户'
        ELSE '法人及非法人组织' END,
      'XK_XDR_SHXYM', s.uscc,
      'XK_XKWS', '准予行政许可决定书',
      'XK_WSH', a.decision_no,
      'XK_XKLB', (${sqlArray(['普通', '特许', '认可', '核准', '登记', '其他'])})[a.kinds[1]::int],
      'XK_XKZS', (${sqlArray(LICENCES)})[1 + floor(x.r_text * ${LICENCES.length})::int],
      'XK_XKBH', 'JY' || lpad(x.g::text, 12, '0'),
      'XK_NR', '准予' || (${sqlArray(LICENCES)})[1 + floor(x.r_text * ${LICENCES.length})::int] || '核发',
      'XK_JDRQ', a.decision_date::text, 'XK_YXQZ', c.valid_from::text, 'XK_YXQZI', c.valid_to::text,
      'XK_XKJG', d.name, 'XK_XKJGDM', d.uscc, 'XK_ZT', '有效')
    END) AS fields
) f
ORDER BY x.g`;

/** Last day of a period of `months` counting `from` (publicity.ts periodEnd). */
const PERIOD_END_FN = `CREATE FUNCTION pg_temp.period_end(d date, months int) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN extract(day FROM d + make_interval(months => months)) <> extract(day FROM d)
    THEN (d + make_interval(months => months))::date ELSE (d + make_interval(months => months))::date - 1 END $$`;

async function generate(db: Db, url: string): Promise<void> {
  const today = shanghaiDate(systemClock.now());
  const stages = stageTimer();
  await stages.stage('catalogue and departments', async () => {
    await syncBundledCatalogue(db);
    await insertDepartments(db);
  });
  await stages.stage(`subjects (${fmtInt(N_SUBJECTS)}, seedSubjects)`, () =>
    seedBenchSubjects(db, N_SUBJECTS, SEED),
  );
  await withBulkSession(db, url, async (s) => {
    await s.query(PERIOD_END_FN);
    const items = await catalogueItems(s, ['ADMIN_PENALTY', 'ADMIN_LICENSE']);
    const bounds = await benchDepartmentsTable(s);
    const range = await subjectRange(s);
    await bulkLoadCreditRecords(
      s,
      stages,
      `credit_records (${fmtInt(N_RECORDS)}, INSERT … SELECT)`,
      async () => {
        const t = now();
        for (let lo = 1, batch = 0; lo <= N_RECORDS; lo += BATCH, batch++) {
          const hi = Math.min(N_RECORDS, lo + BATCH - 1);
          await s.query('SELECT setseed($1)', [((SEED * 7919 + batch) % 1000) / 1000]);
          await s.query(INSERT_BATCH, [
            lo,
            hi,
            N_RECORDS,
            today,
            range.lo,
            range.n,
            bounds,
            items.get('ADMIN_PENALTY')!.id,
            items.get('ADMIN_LICENSE')!.id,
          ]);
          console.log(
            `  records ${fmtInt(hi)}/${fmtInt(N_RECORDS)} (${fmtInt((hi / (now() - t)) * 1000)}/s so far)`,
          );
        }
      },
    );
  });
  await db.exec(
    'CREATE TABLE bench_meta (records bigint NOT NULL, subjects integer NOT NULL, seed integer NOT NULL, generated_on date NOT NULL)',
  );
  await db.query('INSERT INTO bench_meta VALUES ($1, $2, $3, $4)', [N_RECORDS, N_SUBJECTS, SEED, today]);
  stages.print(`generation of ${DB_NAME}`);
}

async function describeData(db: Db): Promise<void> {
  const rows = await db.query<Record<string, string | number>>(
    `SELECT item_code AS item, count(*)::int AS records, count(*) FILTER (WHERE is_public)::int AS published,
       count(*) FILTER (WHERE tier = 'SERIOUS')::int AS serious, count(*) FILTER (WHERE tier = 'MINOR')::int AS minor,
       count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
       count(*) FILTER (WHERE is_public AND '13' = ANY(kinds))::int AS "published 行政拘留",
       min(decision_date)::text AS "first decision", max(decision_date)::text AS "last decision"
     FROM credit_records GROUP BY item_code ORDER BY item_code`,
  );
  printTable(
    'data',
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? fmtInt(v) : v])),
    ),
  );
  const size = await db.query<{ table: string; indexes: string }>(
    `SELECT pg_size_pretty(pg_table_size('credit_records')) AS table,
       pg_size_pretty(pg_indexes_size('credit_records')) AS indexes`,
  );
  console.log(`credit_records: table ${size[0].table}, indexes ${size[0].indexes}`);
}

// ---------- the query mix, drawn from published penalties ----------

interface Kind {
  kind: string;
  make: () => RecordQuery;
}

async function queryKinds(db: Db, today: string): Promise<{ kinds: Kind[]; publicIds: string[] }> {
  const rand = rng(SEED * 7919 + N_RECORDS);
  const bounds = (
    await db.query<{ lo: number; hi: number }>('SELECT min(id) AS lo, max(id) AS hi FROM credit_records')
  )[0];
  const ids = Array.from({ length: 40_000 }, () => intBetween(rand, bounds.lo, bounds.hi));
  const rows = await db.query<{
    public_id: string;
    party_name: string;
    decision_no: string;
    region_code: string;
    published: boolean;
  }>(
    `SELECT public_id, party_name, decision_no, region_code,
       item_code = 'ADMIN_PENALTY' AND is_public AND status = 'ACTIVE' AS published
     FROM credit_records WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const penalties = rows.filter((r) => r.published);
  if (!penalties.length) throw new Error('no published penalties to draw queries from');
  const departments = await db.query<{ id: number; region_code: string }>(
    'SELECT id, region_code FROM departments',
  );
  const cities = [
    ...new Set(
      departments.flatMap((d) =>
        regionLevel(d.region_code) === 'PROVINCE' ? [] : [cityOf(d.region_code)!.code],
      ),
    ),
  ];
  const counties = departments.map((d) => d.region_code).filter((c) => regionLevel(c) === 'COUNTY');
  /** A random run of `lo`–`hi` characters out of the party name of a random published penalty. */
  const fragment = (lo: number, hi: number, from = penalties) => {
    const chars = [
      ...pick(
        rand,
        from.filter((r) => [...r.party_name].length >= lo),
      ).party_name,
    ];
    const len = intBetween(rand, lo, Math.min(hi, chars.length));
    const start = intBetween(rand, 0, chars.length - len);
    return chars.slice(start, start + len).join('');
  };
  const initials = penalties.map((r) => pinyinInitials(r.party_name)).filter((s) => s.length >= 3);
  const inCity = penalties.filter(
    (r) => regionLevel(r.region_code) !== 'PROVINCE' && [...r.party_name].length >= 3,
  );
  const deepPage = () => intBetween(rand, 10, 50);
  const base = { item: 'ADMIN_PENALTY', published: true, pageSize: 20 } as const;
  const kinds: Kind[] = [
    { kind: 'list, no filter', make: () => ({ ...base, page: 1 }) },
    { kind: 'list, no filter, page 10-50', make: () => ({ ...base, page: deepPage() }) },
    { kind: 'city region', make: () => ({ ...base, region: pick(rand, cities), page: 1 }) },
    {
      kind: 'city region, page 10-50',
      make: () => ({ ...base, region: pick(rand, cities), page: deepPage() }),
    },
    { kind: 'county region', make: () => ({ ...base, region: pick(rand, counties), page: 1 }) },
    { kind: 'department', make: () => ({ ...base, department: pick(rand, departments).id, page: 1 }) },
    {
      kind: 'last 3 months',
      make: () => {
        const to = addDays(today, -intBetween(rand, 0, 30));
        return { ...base, from: addMonths(to, -3), to, page: 1 };
      },
    },
    {
      kind: 'a year (ending 0-24 months ago)',
      make: () => {
        const to = addDays(today, -intBetween(rand, 0, 730));
        return { ...base, from: addMonths(to, -12), to, page: 1 };
      },
    },
    { kind: 'kind 03 罚款', make: () => ({ ...base, kind: '03', page: 1 }) },
    { kind: 'kind 13 行政拘留 (rare)', make: () => ({ ...base, kind: '13', page: 1 }) },
    { kind: 'tier SERIOUS', make: () => ({ ...base, tier: 'SERIOUS', page: 1 }) },
    // Offered by the portal's filter, but minor-tier penalties are not published (PUBLISH_MINOR_PENALTIES off).
    { kind: 'tier MINOR (none published)', make: () => ({ ...base, tier: 'MINOR', page: 1 }) },
    { kind: 'q: name, 2 chars', make: () => ({ ...base, q: fragment(2, 2), page: 1 }) },
    { kind: 'q: name, 3-4 chars', make: () => ({ ...base, q: fragment(3, 4), page: 1 }) },
    {
      kind: 'q: pinyin initials, 3-6',
      make: () => {
        const s = pick(rand, initials);
        const len = intBetween(rand, 3, Math.min(6, s.length));
        const start = intBetween(rand, 0, s.length - len);
        return { ...base, q: s.slice(start, start + len), page: 1 };
      },
    },
    {
      kind: 'q: decision number, exact',
      make: () => ({ ...base, q: pick(rand, penalties).decision_no, page: 1 }),
    },
    {
      kind: 'q: name 3-4 chars + city',
      make: () => {
        const r = pick(rand, inCity);
        return { ...base, q: fragment(3, 4, [r]), region: cityOf(r.region_code)!.code, page: 1 };
      },
    },
    {
      kind: 'city + a year + kind 03',
      make: () => {
        const to = addDays(today, -intBetween(rand, 0, 365));
        return { ...base, region: pick(rand, cities), from: addMonths(to, -12), to, kind: '03', page: 1 };
      },
    },
  ];
  return { kinds, publicIds: rows.map((r) => r.public_id) };
}

// ---------- measuring ----------

interface Sample {
  ms: number;
  /** Time of each statement listRecords sent (they run in parallel on two pool connections). */
  listMs: number;
  countMs: number;
  total: number;
  query: RecordQuery | null;
}

interface KindResult {
  kind: string;
  summary: Summary;
  list: Summary;
  count: Summary;
  empty: number;
  meanTotal: number;
  slowest: RecordQuery | null;
}

const PK_SQL = `SELECT r.* FROM credit_records r WHERE r.public_id = $1`;

async function measure(db: Db, today: string) {
  const probe = instrument(db, (sql) => (/^\s*SELECT count\(\*\)/.test(sql) ? 'count' : 'list'));
  const deps = await benchDeps(probe.q);
  const { kinds, publicIds } = await queryKinds(db, today);
  const rand = rng(SEED + 17);
  const pkRun = async (): Promise<Sample> => {
    const t = now();
    const rows = await db.query(PK_SQL, [pick(rand, publicIds)]);
    return { ms: now() - t, listMs: 0, countMs: 0, total: rows.length, query: null };
  };
  const searchRun = (k: Kind) => async (): Promise<Sample> => {
    const query = k.make();
    const t = now();
    const page = await listRecords(deps, query, PUBLIC);
    const ms = now() - t;
    const [a, b] = probe.calls.slice(-2);
    const [list, count] = /count\(\*\)/.test(a.sql) ? [b, a] : [a, b];
    return { ms, listMs: list.ms, countMs: count.ms, total: page.total, query };
  };
  const runners = [...kinds.map((k) => ({ kind: k.kind, run: searchRun(k) })), { kind: 'PK', run: pkRun }];
  // Interleaved round robin: noise on the machine spreads evenly over all kinds.
  const started = now();
  for (let i = 0; i < WARMUP; i++) for (const r of runners) await r.run();
  const samples = new Map(runners.map((r) => [r.kind, [] as Sample[]]));
  for (let i = 0; i < QUERIES; i++) for (const r of runners) samples.get(r.kind)!.push(await r.run());
  console.log(`\nmeasured in ${fmtSec(now() - started)} s`);

  const results: KindResult[] = runners.map((r) => {
    const s = samples.get(r.kind)!;
    return {
      kind: r.kind,
      summary: summarize(s.map((x) => x.ms)),
      list: summarize(s.map((x) => x.listMs)),
      count: summarize(s.map((x) => x.countMs)),
      empty: s.filter((x) => x.total === 0).length,
      meanTotal: s.reduce((a, x) => a + x.total, 0) / s.length,
      slowest: s.reduce((a, x) => (x.ms > a.ms ? x : a)).query,
    };
  });
  const pk = results.find((r) => r.kind === 'PK')!;
  const searches = results.filter((r) => r !== pk);
  const overall = summarize(
    runners.filter((r) => r.kind !== 'PK').flatMap((r) => samples.get(r.kind)!.map((x) => x.ms)),
  );
  const row = (kind: string, s: Summary, r?: KindResult) => ({
    kind,
    p50: fmtMs(s.p50),
    p95: fmtMs(s.p95),
    p99: fmtMs(s.p99),
    max: fmtMs(s.max),
    'list p95': r ? fmtMs(r.list.p95) : '',
    'count p95': r ? fmtMs(r.count.p95) : '',
    'mean total': r ? fmtInt(r.meanTotal) : '',
    empty: r ? r.empty : '',
    'p95 / PK p95': (s.p95 / pk.summary.p95).toFixed(1),
  });
  printTable(
    `PostgreSQL, ${fmtInt(N_RECORDS)} records, ${fmtInt(N_SUBJECTS)} subjects: listRecords as the public, ${QUERIES} queries per kind after ${WARMUP} warm-up rounds (ms)`,
    [
      ...searches.map((r) => row(r.kind, r.summary, r)),
      row('all kinds', overall),
      { ...row('baseline: record by public_id', pk.summary), 'list p95': '', 'count p95': '' },
    ],
  );
  console.log('');
  for (const r of searches) printRatio(`${r.kind} p95 / PK p95`, r.summary.p95, pk.summary.p95);
  printRatio('all kinds p95 / PK p95', overall.p95, pk.summary.p95);
  const over = searches.filter((r) => r.summary.p95 > TARGET_P95_MS);
  for (const r of searches)
    printTarget(
      `${r.kind} p95 ≤ ${TARGET_P95_MS} ms`,
      r.summary.p95 <= TARGET_P95_MS,
      `${fmtMs(r.summary.p95)} ms`,
    );
  printTarget(
    `portal penalty search p95 ≤ ${TARGET_P95_MS} ms`,
    overall.p95 <= TARGET_P95_MS && over.length === 0,
    `all kinds ${fmtMs(overall.p95)} ms; ${over.length} of ${searches.length} kinds over: ${over.map((r) => r.kind).join(', ') || 'none'}`,
  );
  for (const r of searches)
    if ((r.summary.p95 > TARGET_P95_MS || args.explain) && r.slowest)
      await explainSlowest(db, r.kind, r.slowest);
}

/** Re-runs a query through the service, then EXPLAINs both statements it sent. */
async function explainSlowest(db: Db, kind: string, query: RecordQuery): Promise<void> {
  const probe = instrument(db);
  await listRecords(await benchDeps(probe.q), query, PUBLIC);
  console.log(`\n  EXPLAIN of the slowest ${kind} query ${JSON.stringify(query)}:`);
  for (const call of probe.calls) {
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${call.sql}`,
      call.params,
    );
    console.log(`\n  ${/count\(\*\)/.test(call.sql) ? 'count' : 'list'} (${fmtMs(call.ms)} ms when run):`);
    for (const r of plan) console.log(`    ${r['QUERY PLAN']}`);
  }
}

console.log(
  `publication search bench: PostgreSQL ${DB_NAME}, ${fmtInt(N_RECORDS)} records, ${fmtInt(N_SUBJECTS)} subjects`,
);
const db = await openKeptDatabase(DB_NAME, {
  fresh: !!args.fresh,
  meta: { records: N_RECORDS, subjects: N_SUBJECTS, seed: SEED },
  generate,
});
try {
  await describeData(db);
  await measure(db, shanghaiDate(systemClock.now()));
} finally {
  await db.close();
  if (args.drop || !args.keep) {
    await dropPgDatabase(DB_NAME);
    console.log(`\ndropped ${DB_NAME}`);
  } else console.log(`\nkept ${DB_NAME} (--keep); remove it with --drop`);
}
