// Issue 6 targets (公共信用综合评价, kept current):
//   1. Full recompute of 1,000,000 subjects with ~10,000,000 credit records on PostgreSQL: ≤ 60 s (fullRun).
//      Baseline, same run and Db: one SQL aggregate over the same records grouped by subject (the I/O floor).
//      The same figures on PGlite at 100,000 subjects with ~1,000,000 records.
//   2. Single-subject re-score after an event: p99 ≤ 50 ms (scoreSubjects for one subject, 500 subjects).
//      Baseline, same run and Db: the subject's active records read by subject_id.
//
//   npx tsx bench/evaluation.ts [--subjects 1000000] [--records 10000000] [--pglite-subjects 100000]
//                               [--pglite-records 1000000] [--quick] [--backend pg|pglite|both] [--rescores 500]
//                               [--seed 1] [--keep] [--fresh] [--drop]
//
// Data: migrated, catalogue and bundled models synced, 22 deciding departments, subjects through seedSubjects,
// then the records in SQL (generate_series joined to subjects, FK triggers off, secondary indexes built after
// loading): the item codes the models read (penalties in three tiers, licences, coercion, contract and
// commitment breaches, arrears, enforcement, honours, tax grade A, qualifications, volunteering) and
// inspections the models ignore, decided over the last five years, all ACTIVE, in intake order, spread over
// the subjects with a skew (a few subjects have hundreds, most have 5–10). No list entries.
// PostgreSQL `xy_bench_evaluation_<N>` is dropped after the run unless --keep (then reused when subjects,
// records and seed match, unless --fresh; --drop removes it even with --keep). PGlite is generated afresh
// under .bench-data/evaluation-pglite-<N>. `--quick`: 100,000 subjects / 1,000,000 records on PostgreSQL,
// 20,000 / 200,000 on PGlite.
//
// Each backend: results, history, runs and the ledger outbox are truncated; the floor aggregate is timed;
// fullRun is timed through a Db wrapper that splits its time (statements, transactions, JS); fullRun is
// timed again with nothing changed; then the single-subject re-scores, each after an event (a new serious
// penalty decided today, inserted untimed).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AppDeps } from '../src/app-deps.ts';
import type { Db, Queryable } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import { factsOf, type SubjectRow } from '../src/modules/evaluation/chunk-score.ts';
import { evaluate, type Facts, type Model } from '../src/modules/evaluation/score.ts';
import { fullRun, scoreSubjects, syncBundledModels } from '../src/modules/evaluation/service.ts';
import { compactResult } from '../src/modules/evaluation/stored-result.ts';
import { shanghaiDate, systemClock } from '../src/shared/clock.ts';
import {
  benchDepartmentsTable,
  benchDeps,
  bulkLoadCreditRecords,
  catalogueItems,
  dropPgDatabase,
  fmtInt,
  fmtMs,
  fmtSec,
  freshPgliteDir,
  insertDepartments,
  intBetween,
  now,
  openKeptDatabase,
  openMigrated,
  printRatio,
  printTable,
  printTarget,
  rng,
  type StageTimer,
  seedBenchSubjects,
  shareBounds,
  stageTimer,
  statementLabel,
  subjectRange,
  summarize,
  withBulkSession,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string' },
    records: { type: 'string' },
    'pglite-subjects': { type: 'string' },
    'pglite-records': { type: 'string' },
    quick: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'both' },
    rescores: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const SEED = Number(args.seed);
const RESCORES = Number(args.rescores);
const WARMUP = 20;
const N_SUBJECTS = Number(args.subjects ?? (args.quick ? 100_000 : 1_000_000));
const N_RECORDS = Number(args.records ?? N_SUBJECTS * 10);
const PGLITE_SUBJECTS = Number(args['pglite-subjects'] ?? (args.quick ? 20_000 : 100_000));
const PGLITE_RECORDS = Number(args['pglite-records'] ?? PGLITE_SUBJECTS * 10);
const BATCH = 500_000;
const TARGET_FULL_S = 60;
const TARGET_FULL_SUBJECTS = 1_000_000;
const TARGET_P99_MS = 50;
const DB_NAME = `xy_bench_evaluation_${N_SUBJECTS}`;
/** Records the bench inserts as events; removed before and after a run. */
const EVENT_PREFIX = 'EVT';

// ---------- the generated data ----------

/** [item code, decision-number abbreviation, content, share of the records, years valid (licences)]. */
const ITEMS: [string, string, string, number, number][] = [
  ['ADMIN_PENALTY', '罚', '行政处罚决定', 30, 0],
  ['ADMIN_LICENSE', '许', '准予行政许可', 30, 3],
  ['ADMIN_INSPECTION', '检', '行政检查结果：未发现问题', 8, 0],
  ['ADMIN_COERCION', '强', '查封、扣押场所设施财物', 3, 0],
  ['CON_PERFORMANCE', '约', '合同履约失信', 3, 0],
  ['COM_FULFILMENT', '诺', '未履行信用承诺', 3, 0],
  ['LC_TAX_ARREARS', '税', '欠缴税款', 2, 0],
  ['LC_SOCIAL_INSURANCE', '社', '欠缴社会保险费', 1, 0],
  ['JUD_ENFORCEMENT', '执', '被执行人', 2, 0],
  ['JUD_CONSUMPTION_BAN', '限', '限制高消费', 1, 0],
  ['HON_HONOUR', '誉', '获得表彰奖励', 3, 0],
  ['EVAL_TAX_CREDIT_A', '评', '纳税信用A级', 6, 1],
  ['QUAL_PROFESSIONAL', '资', '专业资质', 5, 5],
  ['VOL_SELF_DECLARED', '自', '自愿申报信息', 2, 0],
  ['HON_VOLUNTEER', '志', '志愿服务', 1, 0],
];
/** Records per subject follow u^SKEW over the subjects (permuted): the busiest has about n^(1/SKEW - 1) of all. */
const SKEW = 1.5;

/**
 * One batch of records, in intake order (intake dates rise with g across five years; decision 0–45 days
 * earlier). $1 first g, $2 last g, $3 total records, $4 today, $5 first subject id, $6 subjects,
 * $7 department bucket bounds, $8 item bucket bounds.
 */
const INSERT_BATCH = `
INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
  decision_no, authority_code, authority_name, decision_date, valid_from, valid_to, tier, party_name, party_class,
  fields, content_hash, status, intake_date, working_days_to_intake, late, regime, public_until, minimum_until,
  is_public)
SELECT 'V' || substr(md5(x.g::text || ':evaluation'), 1, 15), i.id, i.code, i.category, s.id, d.id, d.region_code,
  a.decision_no, d.uscc, d.name, a.decision_date,
  CASE WHEN i.years > 0 THEN a.decision_date END, CASE WHEN i.years > 0 THEN a.decision_date + 365 * i.years END,
  a.tier, s.name,
  CASE WHEN s.type = 'INDIVIDUAL' THEN 'NATURAL_PERSON' WHEN s.sub_type = 'SOLE_TRADER' THEN 'SOLE_TRADER'
    ELSE 'LEGAL_PERSON' END,
  f.fields, encode(sha256(convert_to(f.fields::text, 'UTF8')), 'hex'), 'ACTIVE',
  x.intake_date, round(x.lag * 5 / 7.0)::int, round(x.lag * 5 / 7.0) > 7,
  CASE WHEN a.decision_date >= DATE '2026-04-01' THEN 'NEW' ELSE 'OLD' END,
  a.decision_date + 1095, a.decision_date + 90,
  a.decision_date + 1095 >= $4::date AND a.tier IS DISTINCT FROM 'MINOR'
FROM (
  SELECT g, width_bucket(random(), $7::float8[]) AS dep, width_bucket(random(), $8::float8[]) AS item,
    $5::bigint + (floor(power(random(), ${SKEW}) * $6::int)::bigint * 7919) % $6::int AS sid,
    ($4::date - 1826 + floor((g - 1) * 1826.0 / $3::bigint)::int) AS intake_date,
    floor(power(random(), 3) * 46)::int AS lag, random() AS r_tier
  FROM generate_series($1::bigint, $2::bigint) g
  OFFSET 0
) x
JOIN pg_temp.bench_items i ON i.bucket = x.item
JOIN pg_temp.bench_departments d ON d.bucket = x.dep
JOIN subjects s ON s.id = x.sid
CROSS JOIN LATERAL (
  SELECT x.intake_date - x.lag AS decision_date,
    CASE WHEN i.code <> 'ADMIN_PENALTY' THEN NULL WHEN x.r_tier < 0.08 THEN 'SERIOUS' WHEN x.r_tier < 0.18 THEN 'MINOR'
      ELSE 'GENERAL' END AS tier,
    d.abbr || i.abbr || '〔' || extract(year FROM x.intake_date - x.lag) || '〕' || x.g || '号' AS decision_no
) a
CROSS JOIN LATERAL (
  SELECT jsonb_strip_nulls(jsonb_build_object('XDR_MC', s.name, 'XDR_SHXYM', s.uscc, 'WSH', a.decision_no,
    'NR', '当事人' || s.name || i.content, 'JDRQ', a.decision_date::text, 'JG', d.name, 'JGDM', d.uscc,
    'tier', a.tier)) AS fields
) f
ORDER BY x.g`;

async function generate(
  db: Db,
  url: string | null,
  n: { subjects: number; records: number },
  stages: StageTimer,
): Promise<void> {
  const today = shanghaiDate(systemClock.now());
  await stages.stage('catalogue, models and departments', async () => {
    await syncBundledCatalogue(db);
    await syncBundledModels(db);
    await insertDepartments(db);
  });
  await stages.stage(`subjects (${fmtInt(n.subjects)}, seedSubjects)`, () =>
    seedBenchSubjects(db, n.subjects, SEED),
  );
  await withBulkSession(db, url, async (s) => {
    const items = await catalogueItems(
      s,
      ITEMS.map((i) => i[0]),
    );
    await s.query(
      `CREATE TEMP TABLE bench_items AS SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[],
         $6::int[], $7::int[]) AS t(code, id, category, abbr, content, years, bucket)`,
      [
        ITEMS.map((i) => i[0]),
        ITEMS.map((i) => items.get(i[0])!.id),
        ITEMS.map((i) => items.get(i[0])!.category),
        ITEMS.map((i) => i[1]),
        ITEMS.map((i) => i[2]),
        ITEMS.map((i) => i[4]),
        ITEMS.map((_, b) => b),
      ],
    );
    const departmentBounds = await benchDepartmentsTable(s);
    const itemBounds = shareBounds(ITEMS.map((i) => i[3]));
    const range = await subjectRange(s);
    await bulkLoadCreditRecords(
      s,
      stages,
      `credit_records (${fmtInt(n.records)}, INSERT … SELECT)`,
      async () => {
        const t = now();
        for (let lo = 1, batch = 0; lo <= n.records; lo += BATCH, batch++) {
          const hi = Math.min(n.records, lo + BATCH - 1);
          await s.query('SELECT setseed($1)', [((SEED * 7919 + batch) % 1000) / 1000]);
          await s.query(INSERT_BATCH, [
            lo,
            hi,
            n.records,
            today,
            range.lo,
            range.n,
            departmentBounds,
            itemBounds,
          ]);
          console.log(
            `  records ${fmtInt(hi)}/${fmtInt(n.records)} (${fmtInt((hi / (now() - t)) * 1000)}/s so far)`,
          );
        }
      },
    );
  });
  await db.exec(
    'CREATE TABLE bench_meta (subjects integer NOT NULL, records bigint NOT NULL, seed integer NOT NULL, generated_on date NOT NULL)',
  );
  await db.query('INSERT INTO bench_meta VALUES ($1, $2, $3, $4)', [n.subjects, n.records, SEED, today]);
}

async function describeData(db: Db, label: string): Promise<void> {
  const [d] = await db.query<Record<string, number | string>>(
    `SELECT (SELECT count(*)::int FROM subjects) AS subjects,
       (SELECT count(*)::int FROM subjects WHERE type = 'ENTERPRISE') AS enterprises,
       (SELECT count(*)::int FROM subjects WHERE type = 'INDIVIDUAL') AS individuals,
       count(*)::int AS records, count(DISTINCT subject_id)::int AS "subjects with records",
       count(*) FILTER (WHERE item_code = 'ADMIN_PENALTY')::int AS penalties,
       count(*) FILTER (WHERE tier = 'SERIOUS')::int AS serious,
       min(decision_date)::text AS "first decision", max(decision_date)::text AS "last decision"
     FROM credit_records`,
  );
  const [top] = await db.query<{ max: number; p50: number; p99: number }>(
    `SELECT max(n)::int AS max, percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS p50,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY n)::int AS p99
     FROM (SELECT count(*) AS n FROM credit_records GROUP BY subject_id) t`,
  );
  printTable(`${label}: data`, [
    {
      ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'number' ? fmtInt(v) : v])),
      'records/subject p50 / p99 / max': `${top.p50} / ${top.p99} / ${top.max}`,
    },
  ]);
  const [size] = await db.query<{ table: string; indexes: string }>(
    `SELECT pg_size_pretty(pg_table_size('credit_records')) AS table,
       pg_size_pretty(pg_indexes_size('credit_records')) AS indexes`,
  );
  console.log(`credit_records: table ${size.table}, indexes ${size.indexes}`);
}

// ---------- where fullRun's time goes ----------

/** Wall time during which at least one of the tracked calls was in flight. */
class Busy {
  ms = 0;
  private inFlight = 0;
  private since = 0;
  enter() {
    if (this.inFlight++ === 0) this.since = now();
  }
  leave() {
    if (--this.inFlight === 0) this.ms += now() - this.since;
  }
}

const FACTS = {
  next: 'read: next chunk (subjects, records and lists packed, stored results)',
  ids: 'read: subjects by id (records and lists packed, stored results)',
  models: 'read: SELECT evaluation_models (active)',
};
const UPSERT = 'tx: upsert subject_evaluations + history (one CTE, one JSON document)';

function statementOf(sql: string): string {
  if (/INSERT INTO subject_evaluations/.test(sql)) return UPSERT.slice(4);
  if (/WHERE s\.id > \$1/.test(sql)) return FACTS.next;
  if (/WHERE s\.id = ANY/.test(sql)) return FACTS.ids;
  if (/FROM evaluation_models/.test(sql)) return FACTS.models;
  if (/INSERT INTO ledger_queue/.test(sql)) return 'INSERT ledger_queue';
  if (/UPDATE evaluation_runs/.test(sql)) return 'UPDATE evaluation_runs';
  return statementLabel(sql);
}

/**
 * Deps whose Db and ledger time every statement (inside transactions too, labelled `tx: `) by kind, how
 * long the transactions and the ledger's append took, when statements outside transactions were in
 * flight, and how busy the event loop was (the JS on the main thread). A full run reads the next chunk
 * while it writes the previous one, so these overlap: the parts do not add up to the wall time.
 * Keeps the rows of the last chunk read, so evaluate() can be timed alone on them.
 */
function tracing(deps: AppDeps) {
  const spent = new Map<string, { n: number; ms: number; rows: number }>();
  const outside = new Busy();
  const facts = new Busy();
  const inTx = new Busy();
  const last = new Map<string, unknown[]>();
  const lastCall = new Map<string, { sql: string; params?: unknown[] }>();
  const tx = { n: 0, ms: 0 };
  const append = { n: 0, ms: 0, events: 0 };
  let elu = performance.eventLoopUtilization();
  const add = (key: string, ms: number, rows: number) => {
    const s = spent.get(key) ?? { n: 0, ms: 0, rows: 0 };
    s.n++;
    s.ms += ms;
    s.rows += rows;
    spent.set(key, s);
  };
  const timed =
    (q: Queryable, busy: Busy | null) =>
    async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      const key = (busy ? '' : 'tx: ') + statementOf(sql);
      const isFacts = Object.values(FACTS).includes(key);
      busy?.enter();
      if (isFacts) facts.enter();
      const t = now();
      let rows: T[] = [];
      try {
        rows = await q.query<T>(sql, params);
        return rows;
      } finally {
        add(key, now() - t, rows.length);
        lastCall.set(key, { sql, params });
        busy?.leave();
        if (isFacts) {
          facts.leave();
          // The last chunk's rows (a full run ends with a read that finds no more subjects).
          if (rows.length) last.set(key, rows);
        }
      }
    };
  const db = Object.create(deps.db) as Db;
  db.query = timed(deps.db, outside);
  db.transaction = async <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => {
    const t = now();
    inTx.enter();
    try {
      return await deps.db.transaction((q) =>
        fn({ query: timed(q, null), copyFrom: (target, data) => q.copyFrom(target, data) }),
      );
    } finally {
      inTx.leave();
      tx.n++;
      tx.ms += now() - t;
    }
  };
  const ledger = Object.create(deps.ledger) as AppDeps['ledger'];
  ledger.append = async (q, events) => {
    const t = now();
    try {
      return await deps.ledger.append(q, events);
    } finally {
      append.n++;
      append.ms += now() - t;
      append.events += events.length;
    }
  };
  const reset = () => {
    spent.clear();
    outside.ms = facts.ms = inTx.ms = tx.n = tx.ms = append.n = append.ms = append.events = 0;
    elu = performance.eventLoopUtilization();
  };
  /** Milliseconds the event loop was busy (JS running) since the last reset. */
  const jsBusy = () => {
    const d = performance.eventLoopUtilization(elu);
    return d.active;
  };
  return {
    deps: { ...deps, db, ledger },
    spent,
    outside,
    facts,
    inTx,
    tx,
    append,
    last,
    lastCall,
    reset,
    jsBusy,
  };
}

type Trace = ReturnType<typeof tracing>;

/** Facts as the scoring path unpacks them, from the rows the last chunk's read returned. */
function lastFacts(trace: Trace) {
  const facts = new Map<number, { type: string; facts: Facts }>();
  for (const s of (trace.last.get(FACTS.next) ?? []) as SubjectRow[])
    facts.set(Number(s.id), { type: s.type, facts: factsOf(s) });
  return facts;
}

/** evaluate() and the JSON of its result, alone, on the last chunk's facts (µs per subject). */
async function scoringAlone(db: Db, trace: Trace, today: string) {
  const models = new Map(
    (
      await db.query<{ subject_type: string; model: Model }>(
        `SELECT subject_type, model FROM evaluation_models WHERE status = 'ACTIVE'`,
      )
    ).map((m) => [m.subject_type, m.model]),
  );
  const facts = [...lastFacts(trace).values()];
  const rounds = 5;
  let evalMs = 0;
  let jsonMs = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    const t = now();
    const out = facts.map((f) => evaluate(models.get(f.type)!, f.facts, today));
    const t2 = now();
    for (const e of out) bytes += JSON.stringify(compactResult(e)).length;
    evalMs += t2 - t;
    jsonMs += now() - t2;
  }
  const per = facts.length * rounds;
  return {
    subjects: facts.length,
    records: facts.reduce((a, f) => a + f.facts.records.length, 0),
    evalUs: (evalMs / per) * 1000,
    jsonUs: (jsonMs / per) * 1000,
    resultBytes: bytes / per,
  };
}

function printSplit(title: string, trace: Trace, wall: number, chunks: number): void {
  const row = (what: string, ms: number, n?: number, rows?: number) => ({
    part: what,
    calls: n === undefined ? '' : fmtInt(n),
    'rows back': rows === undefined ? '' : fmtInt(rows),
    seconds: fmtSec(ms),
    'ms per chunk': fmtMs(ms / chunks),
    'of wall': `${((ms / wall) * 100).toFixed(1)} %`,
  });
  const s = (key: string) => trace.spent.get(key) ?? { n: 0, ms: 0, rows: 0 };
  const ledgerInsert = s('tx: INSERT ledger_queue');
  const encodeMs = trace.append.ms - ledgerInsert.ms;
  const rows = (inTx: boolean) =>
    [...trace.spent.entries()]
      .filter(([k]) => k.startsWith('tx: ') === inTx)
      .map(([k, v]) => row(`  ${k}`, v.ms, v.n, v.rows));
  printTable(title, [
    row('reads outside transactions in flight (wall)', trace.outside.ms),
    ...rows(false),
    row("  of which a chunk's read (subjects, facts, stored results) and models (wall)", trace.facts.ms),
    row('transactions in flight (wall)', trace.inTx.ms, trace.tx.n),
    ...rows(true),
    row(`  ledger entries encoded (JS; ${fmtInt(trace.append.events)} entries)`, encodeMs, trace.append.n),
    row(
      'JS busy on the run thread (rows parsed, ledger encoding; chunks scored in a worker)',
      trace.jsBusy(),
    ),
    row('fullRun (wall)', wall),
  ]);
  console.log(
    '  (reads of the next chunk overlap the write of the previous one: the parts overlap and do not add up)',
  );
}

/** EXPLAIN (ANALYZE, BUFFERS) of the last chunk's statements, as sent, in a transaction rolled back. */
async function explainLastChunk(db: Db, trace: Trace, backend: string): Promise<void> {
  const keys = [FACTS.next, UPSERT];
  for (const key of keys) {
    const call = trace.lastCall.get(key);
    if (!call) continue;
    const rollback = new Error('rollback');
    await db
      .transaction(async (tx) => {
        const plan = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS${backend === 'PGlite' ? '' : ', WAL'}) ${call.sql}`,
          call.params,
        );
        console.log(`\n  ${backend}: EXPLAIN ANALYZE of the last chunk's ${key} (rolled back):`);
        for (const r of plan)
          console.log(
            `    ${r['QUERY PLAN'].length > 200 ? `${r['QUERY PLAN'].slice(0, 200)}…` : r['QUERY PLAN']}`,
          );
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
  }
}

/**
 * The last chunk's upsert, its parameter alone: the chunk's results as one JSON document, sent and parsed
 * by the server with a trivial statement (json_to_recordset, counted).
 */
async function upsertParameters(db: Db, trace: Trace) {
  const doc = trace.lastCall.get(UPSERT)?.params?.[0];
  if (typeof doc !== 'string') return null;
  const rounds = 3;
  const t = now();
  for (let i = 0; i < rounds; i++)
    await db.query(
      `SELECT count(*) FROM json_to_recordset($1::json)
         AS u(subject_id bigint, model_id int, state text, score int, grade text, result json)`,
      [doc],
    );
  return { bytes: Buffer.byteLength(doc), parsed: (now() - t) / rounds };
}

// ---------- measuring ----------

/** The I/O floor: one aggregate over the same records, grouped by subject, answered as one row. */
const FLOOR_SQL = `SELECT count(*)::int AS subjects, sum(n)::bigint AS records, sum(serious)::bigint AS serious
  FROM (SELECT subject_id, count(*) AS n, count(*) FILTER (WHERE tier = 'SERIOUS') AS serious,
          max(decision_date) AS last, min(item_code) AS item
        FROM credit_records WHERE status = 'ACTIVE' GROUP BY subject_id) t`;

async function floor(db: Db): Promise<number> {
  const t = now();
  await db.query(FLOOR_SQL);
  return now() - t;
}

async function reset(db: Db): Promise<void> {
  await db.exec('TRUNCATE subject_evaluations, evaluation_history, evaluation_runs, ledger_queue');
  await db.query(`DELETE FROM credit_records WHERE public_id LIKE '${EVENT_PREFIX}%'`);
}

async function counts(db: Db) {
  const [c] = await db.query<{ queued: number; history: number; rated: number; insufficient: number }>(
    `SELECT (SELECT count(*)::int FROM ledger_queue WHERE entry_type = 'evaluation.changed') AS queued,
       (SELECT count(*)::int FROM evaluation_history) AS history,
       (SELECT count(*)::int FROM subject_evaluations WHERE state = 'RATED') AS rated,
       (SELECT count(*)::int FROM subject_evaluations WHERE state = 'INSUFFICIENT') AS insufficient`,
  );
  return c;
}

/**
 * CPU seconds used so far by this process and by the database's server backends (PostgreSQL on this
 * machine: /proc of the backends connected to the database; parallel workers, short-lived, are missed).
 * On a machine shared with other benchmarks, wall times stretch with the load; CPU seconds hardly do.
 */
async function cpuNow(db: Db, backend: string): Promise<{ node: number; server: Map<number, number> }> {
  const node = process.cpuUsage();
  const server = new Map<number, number>();
  if (backend === 'PostgreSQL')
    for (const { pid } of await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    )) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        server.set(pid, (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // not on this machine, or gone
      }
    }
  return { node: (node.user + node.system) / 1e6, server };
}

function cpuSince(before: Awaited<ReturnType<typeof cpuNow>>, after: Awaited<ReturnType<typeof cpuNow>>) {
  let server = 0;
  for (const [pid, s] of after.server) server += s - (before.server.get(pid) ?? 0);
  return { node: after.node - before.node, server };
}

interface Figures {
  backend: string;
  subjects: number;
  records: number;
  full: number;
  again: number;
  floor: number;
  queued: number;
  cpu: { node: number; server: number };
  rescore: ReturnType<typeof summarize>;
  baseline: ReturnType<typeof summarize>;
}

async function measure(db: Db, backend: string, records: number): Promise<Figures> {
  await reset(db);
  const base = await benchDeps(db);
  const trace = tracing(base);
  const at = new Date();
  const today = shanghaiDate(at);
  const [{ n: subjects }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects');
  const chunks = Math.ceil(subjects / 5_000);

  const floor1 = await floor(db);
  console.log(`\n${backend}: floor aggregate ${fmtSec(floor1)} s`);
  const cpu0 = await cpuNow(db, backend);
  let t = now();
  const done = await fullRun(trace.deps, at, 'bench');
  const full = now() - t;
  const cpu = cpuSince(cpu0, await cpuNow(db, backend));
  const after = await counts(db);
  console.log(
    `${backend}: fullRun ${fmtInt(done)} subjects in ${fmtSec(full)} s (${fmtInt((done / full) * 1000)}/s); ` +
      `${fmtInt(after.rated)} rated, ${fmtInt(after.insufficient)} insufficient; ${fmtInt(after.history)} history rows; ` +
      `${fmtInt(after.queued)} evaluation.changed entries queued in ledger_queue`,
  );
  console.log(
    `${backend}: fullRun CPU ${cpu.node.toFixed(1)} s in this process` +
      (backend === 'PostgreSQL'
        ? `, ${cpu.server.toFixed(1)} s in its server backends`
        : ' (PGlite included)'),
  );
  printSplit(
    `${backend}: where fullRun's time goes (${fmtInt(chunks)} chunks of 5,000)`,
    trace,
    full,
    chunks,
  );
  if (args.explain) await explainLastChunk(db, trace, backend);
  const upsert = trace.spent.get(UPSERT);
  const parts = backend === 'PostgreSQL' && upsert ? await upsertParameters(db, trace) : null;
  if (upsert && parts)
    console.log(
      `\nthe upsert statement took ${fmtMs(upsert.ms / upsert.n)} ms per chunk from the client; its parameters alone, ` +
        `last chunk: one JSON document of ${(parts.bytes / 1e6).toFixed(1)} MB, sent and parsed by the server ` +
        `in a trivial statement (json_to_recordset) ${fmtMs(parts.parsed)} ms`,
    );
  const alone = await scoringAlone(db, trace, today);
  console.log(
    `\nevaluate() alone on the last chunk's facts (${fmtInt(alone.subjects)} subjects, ${fmtInt(alone.records)} records): ` +
      `${alone.evalUs.toFixed(1)} µs/subject; JSON.stringify of the result ${alone.jsonUs.toFixed(1)} µs/subject ` +
      `(${fmtInt(alone.resultBytes)} bytes) → ${fmtSec(((alone.evalUs + alone.jsonUs) * subjects) / 1000)} s for all subjects`,
  );

  // The same run again: nothing changed, so no history rows and no ledger entries; every row is still upserted.
  trace.reset();
  t = now();
  await fullRun(trace.deps, at, 'bench, nothing changed');
  const again = now() - t;
  const after2 = await counts(db);
  console.log(
    `\n${backend}: fullRun again, nothing changed: ${fmtSec(again)} s; ` +
      `${fmtInt(after2.history - after.history)} history rows, ${fmtInt(after2.queued - after.queued)} entries queued`,
  );
  printSplit(`${backend}: where the second fullRun's time goes`, trace, again, chunks);
  const floor2 = await floor(db);
  const floorMs = (floor1 + floor2) / 2;
  console.log(`${backend}: floor aggregate again ${fmtSec(floor2)} s`);

  // Single-subject re-scores, each after an event: a serious penalty decided today (inserted, not timed).
  const rand = rng(SEED * 31 + subjects);
  const [{ lo, hi }] = await db.query<{ lo: string; hi: string }>(
    'SELECT min(id) AS lo, max(id) AS hi FROM subjects',
  );
  const [template] = await db.query<{ id: string }>(
    `SELECT id FROM credit_records WHERE item_code = 'ADMIN_PENALTY' AND tier = 'SERIOUS' LIMIT 1`,
  );
  const before = await counts(db);
  const rescores: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < WARMUP + RESCORES; i++) {
    const id = intBetween(rand, Number(lo), Number(hi));
    await db.query(
      `INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
         decision_no, authority_code, authority_name, decision_date, tier, party_name, party_class, kinds, fields,
         content_hash, status, intake_date, working_days_to_intake, late, regime, public_until, minimum_until, is_public)
       SELECT $1, item_id, item_code, category, $2, department_id, region_code, $1, authority_code, authority_name,
         $3::date, 'SERIOUS', party_name, party_class, kinds, fields, content_hash, 'ACTIVE', $3::date, 0, false, regime,
         public_until, minimum_until, is_public FROM credit_records WHERE id = $4`,
      [`${EVENT_PREFIX}${i}`, id, today, template.id],
    );
    t = now();
    await db.query(
      `SELECT subject_id, public_id, item_code, tier, decision_date FROM credit_records
       WHERE subject_id = $1 AND status = 'ACTIVE'`,
      [id],
    );
    const b = now() - t;
    t = now();
    await scoreSubjects(base, [id], new Date());
    const ms = now() - t;
    if (i >= WARMUP) {
      rescores.push(ms);
      baseline.push(b);
    }
  }
  const end = await counts(db);
  console.log(
    `\n${backend}: ${WARMUP + RESCORES} re-scores after an event: ${fmtInt(end.history - before.history)} history rows, ` +
      `${fmtInt(end.queued - before.queued)} evaluation.changed entries queued (grade changed)`,
  );
  await db.query(`DELETE FROM credit_records WHERE public_id LIKE '${EVENT_PREFIX}%'`);
  await base.sanctions.close();
  return {
    backend,
    subjects,
    records,
    full,
    again,
    floor: floorMs,
    queued: after.queued,
    cpu,
    rescore: summarize(rescores),
    baseline: summarize(baseline),
  };
}

function report(all: Figures[]): void {
  printTable(
    'full recompute (fullRun, everyone, from empty results)',
    all.map((f) => ({
      backend: f.backend,
      subjects: fmtInt(f.subjects),
      records: fmtInt(f.records),
      'fullRun s': fmtSec(f.full),
      'subjects/s': fmtInt((f.subjects / f.full) * 1000),
      'entries queued': fmtInt(f.queued),
      'again, nothing changed s': fmtSec(f.again),
      'floor aggregate s': fmtSec(f.floor),
      'fullRun / floor': (f.full / f.floor).toFixed(1),
      'fullRun CPU s: node / server backends': `${f.cpu.node.toFixed(1)} / ${f.backend === 'PostgreSQL' ? f.cpu.server.toFixed(1) : '(in node)'}`,
    })),
  );
  printTable(
    `single-subject re-score after an event (scoreSubjects, ${RESCORES} subjects, ms)`,
    all.flatMap((f) => [
      {
        backend: f.backend,
        what: 'scoreSubjects(deps, [id], now)',
        p50: fmtMs(f.rescore.p50),
        p95: fmtMs(f.rescore.p95),
        p99: fmtMs(f.rescore.p99),
        max: fmtMs(f.rescore.max),
      },
      {
        backend: f.backend,
        what: "baseline: the subject's records by subject_id",
        p50: fmtMs(f.baseline.p50),
        p95: fmtMs(f.baseline.p95),
        p99: fmtMs(f.baseline.p99),
        max: fmtMs(f.baseline.max),
      },
    ]),
  );
  console.log('');
  for (const f of all) {
    printRatio(`${f.backend} fullRun / floor aggregate`, f.full, f.floor);
    printRatio(`${f.backend} re-score p99 / baseline p99`, f.rescore.p99, f.baseline.p99);
  }
  const pg = all.find((f) => f.backend.startsWith('PostgreSQL'));
  if (pg) {
    const scaled = (pg.full * TARGET_FULL_SUBJECTS) / pg.subjects;
    printTarget(
      `full recompute of ${fmtInt(TARGET_FULL_SUBJECTS)} subjects ≤ ${TARGET_FULL_S} s`,
      pg.subjects >= TARGET_FULL_SUBJECTS && pg.full <= TARGET_FULL_S * 1000,
      pg.subjects >= TARGET_FULL_SUBJECTS
        ? `${fmtSec(pg.full)} s`
        : `measured at ${fmtInt(pg.subjects)}: ${fmtSec(pg.full)} s, about ${fmtSec(scaled)} s scaled linearly — not the target size`,
    );
    printTarget(
      `single-subject re-score p99 ≤ ${TARGET_P99_MS} ms`,
      pg.rescore.p99 <= TARGET_P99_MS,
      `${fmtMs(pg.rescore.p99)} ms`,
    );
  }
}

// ---------- main ----------

const all: Figures[] = [];
if (args.backend !== 'pglite') {
  console.log(
    `evaluation bench: PostgreSQL ${DB_NAME}, ${fmtInt(N_SUBJECTS)} subjects, ${fmtInt(N_RECORDS)} records`,
  );
  const db = await openKeptDatabase(DB_NAME, {
    fresh: !!args.fresh,
    meta: { subjects: N_SUBJECTS, records: N_RECORDS, seed: SEED },
    generate: async (db, url) => {
      const stages = stageTimer();
      await generate(db, url, { subjects: N_SUBJECTS, records: N_RECORDS }, stages);
      stages.print(`generation of ${DB_NAME}`);
    },
    onReuse: async (db) => {
      await syncBundledModels(db);
      await reset(db);
    },
  });
  try {
    await describeData(db, 'PostgreSQL');
    all.push(await measure(db, 'PostgreSQL', N_RECORDS));
  } finally {
    await db.close();
    if (args.drop || !args.keep) {
      await dropPgDatabase(DB_NAME);
      console.log(`\ndropped ${DB_NAME}`);
    } else console.log(`\nkept ${DB_NAME} (--keep); remove it with --drop`);
  }
}
if (args.backend !== 'pg') {
  const dir = freshPgliteDir(`evaluation-pglite-${PGLITE_SUBJECTS}`);
  console.log(`\nPGlite ${dir}: ${fmtInt(PGLITE_SUBJECTS)} subjects, ${fmtInt(PGLITE_RECORDS)} records`);
  const db = await openMigrated({ dataDir: dir });
  try {
    const stages = stageTimer();
    await generate(db, null, { subjects: PGLITE_SUBJECTS, records: PGLITE_RECORDS }, stages);
    stages.print('generation (PGlite)');
    await describeData(db, 'PGlite');
    all.push(await measure(db, 'PGlite', PGLITE_RECORDS));
  } finally {
    await db.close();
  }
}
report(all);
