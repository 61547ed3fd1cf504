// Issue 4 targets (联合奖惩 check API), with 1,000,000 subjects and 50,000 list entries in force on PostgreSQL:
//   1. POST /api/v1/checks: ≥ 5,000 checks/s with p99 ≤ 20 ms from one server process, HTTP over loopback,
//      load from a second process (90 % clean subjects, 10 % listed ones). Ratio to a bare Fastify route
//      returning a body of the size of a CLEAR answer, same load generator, same run (aim ≥ 0.5).
//   2. POST /api/v1/checks/batch with 1,000 subjects: ≤ 100 ms (p50 / p95 of several calls).
//
//   npx tsx bench/checks.ts [--subjects 1000000] [--entries 50000] [--quick] [--duration 10] [--warmup 2]
//                           [--concurrency 32] [--rounds 2] [--batches 20] [--seed 1] [--keep] [--fresh] [--drop]
//
// The servers (the real app from buildApp, and the bare Fastify baseline) run in this process; the load
// generator is a child process (`--load`; spec in, phase marks and figures out over the IPC channel) with a
// keep-alive http.Agent and a fixed number of requests in flight. Rounds alternate baseline and checks.
// Diagnostics, not targets: the statements the server sent per check, one round with the API-key lookup
// answered from memory in the bench's Db wrapper, check() and checkBatch() called in process, and whether
// the write-behind recorder stored every check answered. Database `xy_bench_checks_<N>`: subjects through
// seedSubjects, list entries in SQL; dropped after the run unless --keep (then reused when N, entries and
// seed match, unless --fresh; --drop removes it even with --keep).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import type { Db, Queryable } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import { newApiKey } from '../src/modules/identity/tokens.ts';
import type { RequestContext } from '../src/modules/identity/viewer.ts';
import { syncBundledMeasures } from '../src/modules/lists/measures.ts';
import { type CheckInput, check, checkBatch } from '../src/modules/sanctions/service.ts';
import { seedSubjects } from '../src/seed/subjects.ts';
import { shanghaiDate, systemClock } from '../src/shared/clock.ts';
import {
  benchDeps,
  benchVault,
  dropPgDatabase,
  fmtInt,
  fmtMs,
  fmtSec,
  intBetween,
  now,
  openKeptDatabase,
  pick,
  printRatio,
  printTable,
  printTarget,
  ROOT,
  rng,
  summarize,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string' },
    entries: { type: 'string' },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    batches: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    load: { type: 'boolean', default: false },
  },
});

// ---------- the load generator (child process) ----------

interface LoadSpec {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
  concurrency: number;
  /** Either a time window (ms) or a number of requests, for the warm-up and for the measured phase. */
  warmupMs?: number;
  durationMs?: number;
  warmupRequests?: number;
  requests?: number;
}

interface LoadResult {
  /** Latency of each measured request, ms (two decimals). */
  latencies: number[];
  /** From the first measured request's start to the last measured response. */
  elapsedMs: number;
  statuses: Record<string, number>;
  /** Answers with `"result":"HIT"` (single checks) or HIT results counted in batch answers. */
  hits: number;
  answers: number;
  meanResponseBytes: number;
  /** CPU time of the load generator process during the measured phase. */
  cpuMs: number;
  /** Checks answered during the warm-up (not measured, but recorded by the server). */
  warmupAnswers: number;
}

async function runLoad(spec: LoadSpec, onMeasuring: (measuring: boolean) => void): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const send = (body: string) =>
    new Promise<{ status: number; text: string; bytes: number }>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: spec.path,
          method: 'POST',
          headers: {
            ...spec.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, text: raw.toString(), bytes: raw.length });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  let next = 0;
  const phase = async (ms: number | undefined, count: number | undefined, measure: boolean) => {
    const out: LoadResult = {
      latencies: [],
      elapsedMs: 0,
      statuses: {},
      hits: 0,
      answers: 0,
      meanResponseBytes: 0,
      cpuMs: 0,
      warmupAnswers: 0,
    };
    const started = now();
    const cpu = process.cpuUsage();
    const end = ms === undefined ? Number.POSITIVE_INFINITY : started + ms;
    let issued = 0;
    let bytes = 0;
    let lastDone = started;
    const worker = async () => {
      while (now() < end && (count === undefined || issued < count)) {
        issued++;
        const body = spec.bodies[next++ % spec.bodies.length];
        const t = now();
        const res = await send(body);
        lastDone = now();
        if (measure) out.latencies.push(Math.round((lastDone - t) * 100) / 100);
        out.statuses[res.status] = (out.statuses[res.status] ?? 0) + 1;
        bytes += res.bytes;
        if (res.status !== 200) continue;
        if (spec.path.endsWith('/batch')) {
          const { results } = JSON.parse(res.text) as { results: { result?: string }[] };
          out.answers += results.length;
          out.hits += results.filter((r) => r.result === 'HIT').length;
        } else {
          out.answers++;
          if (res.text.includes('"result":"HIT"')) out.hits++;
        }
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
    const used = process.cpuUsage(cpu);
    out.cpuMs = (used.user + used.system) / 1000;
    out.elapsedMs = lastDone - started;
    out.meanResponseBytes = bytes / (issued || 1);
    return out;
  };
  const warm = await phase(spec.warmupMs, spec.warmupRequests, false);
  onMeasuring(true);
  const result = await phase(spec.durationMs, spec.requests, true);
  onMeasuring(false);
  agent.destroy();
  return { ...result, warmupAnswers: warm.answers };
}

if (args.load) {
  // Spec in and figures out over the IPC channel; the parent is told when the measured phase starts and ends.
  const spec = await new Promise<LoadSpec>((resolve) =>
    process.once('message', (m) => resolve(m as LoadSpec)),
  );
  const send = (m: object) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  const result = await runLoad(spec, (measuring) => void send({ kind: measuring ? 'start' : 'end' }));
  await send({ kind: 'result', result });
  process.exit(0);
}

/** Busy and total jiffies of all cores (Linux), for how busy the whole machine was. */
function machineCpu(): { busy: number; total: number } {
  try {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - n[3] - n[4], total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU ticks (1/100 s) of each PostgreSQL backend connected to the bench database (Linux /proc). */
function postgresTicks(): Map<string, number> {
  const out = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${DB_NAME} `)) continue;
      // Fields after the parenthesised command name: utime and stime are the 14th and 15th fields.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

type Measured = LoadResult & {
  /** CPU time of this process (both servers, the check recorder) during the measured phase. */
  serverCpuMs: number;
  /** CPU time of the PostgreSQL backends of the bench database during it. */
  postgresCpuMs: number;
  /** Cores busy on the whole machine (PostgreSQL, both processes, anything else) during it. */
  machineCores: number;
};

/** Runs the load generator in a second process. */
function loadFromChild(spec: LoadSpec, hooks?: { start(): void; end(): void }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/checks.ts', '--load'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let cpu = process.cpuUsage();
    let machine = machineCpu();
    let serverCpuMs = 0;
    let pgTicks = new Map<string, number>();
    let postgresCpuMs = 0;
    let machineCores = 0;
    let result: LoadResult | undefined;
    child.on('message', (m: { kind: string; result?: LoadResult }) => {
      if (m.kind === 'start') {
        hooks?.start();
        cpu = process.cpuUsage();
        machine = machineCpu();
        pgTicks = postgresTicks();
      } else if (m.kind === 'end') {
        for (const [pid, ticks] of postgresTicks()) postgresCpuMs += (ticks - (pgTicks.get(pid) ?? 0)) * 10;
        const used = process.cpuUsage(cpu);
        const after = machineCpu();
        serverCpuMs = (used.user + used.system) / 1000;
        machineCores = ((after.busy - machine.busy) / (after.total - machine.total || 1)) * os.cpus().length;
        hooks?.end();
      } else if (m.kind === 'result') result = m.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || !result) return reject(new Error(`load generator exited ${code}`));
      resolve({ ...result, serverCpuMs, postgresCpuMs, machineCores });
    });
    child.send(spec);
  });
}

// ---------- the bench database ----------

const QUICK = args.quick;
const SEED = Number(args.seed);
const N_SUBJECTS = Number(args.subjects ?? (QUICK ? 100_000 : 1_000_000));
const N_ENTRIES = Number(args.entries ?? (QUICK ? 5_000 : 50_000));
const DURATION_MS = Number(args.duration ?? (QUICK ? 4 : 10)) * 1000;
const WARMUP_MS = Number(args.warmup ?? (QUICK ? 1 : 2)) * 1000;
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);
const BATCHES = Number(args.batches);
const BATCH_SIZE = 1_000;
const HIT_SHARE = 0.1;
const MATTER = 'GOV_PROCUREMENT';
const DB_NAME = `xy_bench_checks_${N_SUBJECTS}`;
const DEPARTMENT_CODE = 'BENCH_CHECKS';
const CLIENT_NAME = '基准测试业务系统';
const TARGET_RATE = 5_000;
const TARGET_P99_MS = 20;
const TARGET_BATCH_MS = 100;

/**
 * The list entries, in SQL: PUBLISHED, in force today, on distinct random enterprises; list types about
 * 60 % serious dishonesty, 20 % key attention, 20 % red. Deterministic for a seed (setseed).
 */
const INSERT_ENTRIES = `
INSERT INTO list_entries (public_id, list_type, source, status, subject_id, department_id, decided_by_name,
  region_code, facts, basis, reason, noticed_at, defence_deadline, decision_no, decided_at, removal_conditions,
  remedies, valid_from, valid_to, published_at, created_by)
SELECT 'L' || upper(substr(md5('bench-entry-' || s.id), 1, 15)),
  CASE WHEN s.r < 0.6 THEN 'SERIOUS_DISHONESTY' WHEN s.r < 0.8 THEN 'KEY_ATTENTION' ELSE 'RED' END,
  'DECIDED', 'PUBLISHED', s.id, $2::bigint, $3, s.region_code,
  '基准测试认定事实', '《吉林省社会信用条例》', '基准测试认定理由',
  CASE WHEN s.r < 0.8 THEN (f.valid_from - 20)::timestamptz END,
  CASE WHEN s.r < 0.8 THEN f.valid_from - 10 END,
  '吉信认〔' || extract(year FROM f.valid_from) || '〕' || s.n || '号',
  (f.valid_from - 1)::timestamptz, '履行义务并完成信用修复', '申请行政复议或提起行政诉讼',
  f.valid_from, f.valid_from + 365 + floor(s.r2 * 700)::int, f.valid_from::timestamptz, 'bench'
FROM (
  SELECT id, region_code, random() AS r, random() AS r2, random() AS r3, row_number() OVER () AS n
  FROM (SELECT id, region_code FROM subjects WHERE type = 'ENTERPRISE' AND uscc IS NOT NULL ORDER BY random() LIMIT $1) x
) s
CROSS JOIN LATERAL (SELECT $4::date - 1 - floor(s.r3 * 330)::int AS valid_from) f`;

async function generate(db: Db, url: string): Promise<void> {
  const stages: Record<string, string | number>[] = [];
  const stage = async (name: string, fn: () => Promise<unknown>) => {
    const t = now();
    await fn();
    stages.push({ stage: name, seconds: fmtSec(now() - t) });
  };
  const started = now();
  await stage('catalogue, matters and measures, a deciding department', async () => {
    await syncBundledCatalogue(db);
    await syncBundledMeasures(db);
    await db.query('INSERT INTO departments (code, name, region_code) VALUES ($1, $2, $3)', [
      DEPARTMENT_CODE,
      '吉林省基准测试认定局',
      '220000',
    ]);
  });
  await stage(`subjects (${fmtInt(N_SUBJECTS)}, seedSubjects)`, async () => {
    let nextReport = N_SUBJECTS / 5;
    const t = now();
    await seedSubjects(db, benchVault(), {
      subjects: N_SUBJECTS,
      seed: SEED,
      onBatch: (done) => {
        if (done < nextReport && done < N_SUBJECTS) return;
        nextReport += N_SUBJECTS / 5;
        console.log(
          `  subjects ${fmtInt(done)}/${fmtInt(N_SUBJECTS)} (${fmtInt((done / (now() - t)) * 1000)}/s)`,
        );
      },
    });
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await stage(`list entries (${fmtInt(N_ENTRIES)}, INSERT … SELECT)`, async () => {
      const [dept] = (
        await client.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE code = $1', [
          DEPARTMENT_CODE,
        ])
      ).rows;
      await client.query('BEGIN');
      await client.query('SELECT setseed($1)', [(SEED % 1000) / 1000]);
      const { rowCount } = await client.query(INSERT_ENTRIES, [
        N_ENTRIES,
        dept.id,
        dept.name,
        shanghaiDate(systemClock.now()),
      ]);
      await client.query('COMMIT');
      if (rowCount !== N_ENTRIES) throw new Error(`only ${rowCount} enterprises to list`);
    });
    await stage('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
  } finally {
    await client.end();
  }
  await db.exec(
    'CREATE TABLE bench_meta (subjects integer NOT NULL, entries integer NOT NULL, seed integer NOT NULL, generated_on date NOT NULL)',
  );
  await db.query('INSERT INTO bench_meta VALUES ($1, $2, $3, $4)', [
    N_SUBJECTS,
    N_ENTRIES,
    SEED,
    shanghaiDate(systemClock.now()),
  ]);
  stages.push({ stage: 'total', seconds: fmtSec(now() - started) });
  printTable(`generation of ${DB_NAME}`, stages);
}

/** A fresh key for the bench client each run (only its hash is stored), with a rate limit out of the way. */
async function benchApiKey(db: Db): Promise<string> {
  const key = newApiKey();
  await db.query('DELETE FROM api_clients WHERE name = $1', [CLIENT_NAME]);
  await db.query(
    `INSERT INTO api_clients (name, department_id, scopes, key_prefix, key_hash, rate_limit_per_minute)
     SELECT $1, d.id, ARRAY['checks'], $2, $3, 2000000000 FROM departments d WHERE d.code = $4`,
    [CLIENT_NAME, key.prefix, key.hash, DEPARTMENT_CODE],
  );
  return key.key;
}

// ---------- the request mix ----------

/** Codes of listed subjects and of clean ones, drawn with the rng from the database. */
async function subjectPools(db: Db) {
  const rand = rng(SEED * 7919 + N_SUBJECTS);
  const listed = (
    await db.query<{ uscc: string }>(
      `SELECT s.uscc FROM list_entries e JOIN subjects s ON s.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND s.uscc IS NOT NULL ORDER BY e.id`,
    )
  ).map((r) => r.uscc);
  const [{ lo, hi }] = await db.query<{ lo: string; hi: string }>(
    'SELECT min(id) AS lo, max(id) AS hi FROM subjects',
  );
  const ids = Array.from({ length: 40_000 }, () => intBetween(rand, Number(lo), Number(hi)));
  const clean = (
    await db.query<{ uscc: string }>(
      `SELECT s.uscc FROM subjects s WHERE s.id = ANY($1::bigint[]) AND s.uscc IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM list_entry_persons p WHERE p.person_id = s.id)`,
      [ids],
    )
  ).map((r) => r.uscc);
  const mixed = () => (rand() < HIT_SHARE ? pick(rand, listed) : pick(rand, clean));
  return { listed, clean, mixed };
}

// ---------- measuring ----------

/** 'SELECT … FROM api_clients c JOIN …' → 'SELECT api_clients'. */
const statementKind = (sql: string) =>
  `${/^\s*(\w+)/.exec(sql)?.[1].toUpperCase() ?? '?'} ${/\b(?:FROM|INTO|UPDATE)\s+(\w+)/i.exec(sql)?.[1] ?? ''}`.trim();

type Counts = Map<string, { n: number; ms: number }>;

interface Counted {
  db: Db;
  counts: Counts;
  /** Diagnostic only: when set, the API-key lookup is answered from this map instead of the database. */
  keyCache: Map<string, unknown[]> | null;
}

/** Wraps the server's Db so that statements (and transactions) are counted and timed by kind. */
function counting(db: Db): Counted {
  const counts: Counts = new Map();
  const add = (kind: string, ms: number) => {
    const c = counts.get(kind) ?? { n: 0, ms: 0 };
    c.n++;
    c.ms += ms;
    counts.set(kind, c);
  };
  const wrapped = Object.create(db) as Db;
  const out: Counted = { db: wrapped, counts, keyCache: null };
  wrapped.query = async <T>(sql: string, params?: unknown[]) => {
    const t = now();
    const cache = out.keyCache;
    if (cache && sql.includes('FROM api_clients c') && sql.includes('c.key_prefix = $1')) {
      const cached = cache.get(String(params?.[0]));
      if (cached) return cached as T[];
      // With a stale last_used_at, resolveApiKey would write it on every request.
      const rows = await db.query<Record<string, unknown>>(sql, params);
      cache.set(
        String(params?.[0]),
        rows.map((r) => ({ ...r, last_used_at: new Date() })),
      );
      return rows as T[];
    }
    try {
      return await db.query<T>(sql, params);
    } finally {
      add(statementKind(sql), now() - t);
    }
  };
  wrapped.transaction = async <T>(fn: (tx: Queryable) => Promise<T>) => {
    const t = now();
    try {
      return await db.transaction(fn);
    } finally {
      add('transaction (its statements not counted)', now() - t);
    }
  };
  return out;
}

const snapshot = (c: Counts): Counts => new Map([...c].map(([k, v]) => [k, { ...v }]));

interface Figures {
  label: string;
  requests: number;
  perSecond: number;
  latencies: number[];
  errors: number;
  hitShare: number;
  meanBytes: number;
  serverCpu: number;
  loadCpu: number;
  postgresCpu: number;
  machineCores: number;
}

function figures(label: string, runs: Measured[]): Figures {
  const requests = runs.reduce((a, r) => a + r.latencies.length, 0);
  const elapsed = runs.reduce((a, r) => a + r.elapsedMs, 0);
  const errors = runs.reduce((a, r) => a + r.latencies.length - (r.statuses['200'] ?? 0), 0);
  const answers = runs.reduce((a, r) => a + r.answers, 0);
  return {
    label,
    requests,
    perSecond: (requests / elapsed) * 1000,
    latencies: runs.flatMap((r) => r.latencies),
    errors,
    hitShare: answers ? runs.reduce((a, r) => a + r.hits, 0) / answers : 0,
    meanBytes: runs.reduce((a, r) => a + r.meanResponseBytes * r.latencies.length, 0) / (requests || 1),
    serverCpu: runs.reduce((a, r) => a + r.serverCpuMs, 0) / elapsed,
    loadCpu: runs.reduce((a, r) => a + r.cpuMs, 0) / elapsed,
    postgresCpu: runs.reduce((a, r) => a + r.postgresCpuMs, 0) / elapsed,
    machineCores: runs.reduce((a, r) => a + r.machineCores * r.elapsedMs, 0) / elapsed,
  };
}

const row = (f: Figures) => {
  const s = summarize(f.latencies);
  return {
    route: f.label,
    requests: fmtInt(f.requests),
    'req/s': fmtInt(f.perSecond),
    p50: fmtMs(s.p50),
    p95: fmtMs(s.p95),
    p99: fmtMs(s.p99),
    max: fmtMs(s.max),
    errors: f.errors,
    'HIT share': f.hitShare ? `${(f.hitShare * 100).toFixed(1)} %` : '-',
    'body bytes': fmtInt(f.meanBytes),
    'server CPU': `${(f.serverCpu * 100).toFixed(0)} %`,
    'load gen CPU': `${(f.loadCpu * 100).toFixed(0)} %`,
    'PG CPU': `${(f.postgresCpu * 100).toFixed(0)} %`,
    'machine busy': `${f.machineCores.toFixed(2)}/${os.cpus().length}`,
  };
};

async function measure(db: Db): Promise<void> {
  const key = await benchApiKey(db);
  const t0 = now();
  const counted = counting(db);
  const deps = await benchDeps(counted.db);
  const indexMs = now() - t0;
  // As in the server (CHECK_INDEX_POLL_MS, 250 ms by default): benchDeps starts the index without polling.
  const poller = setInterval(() => void deps.sanctions.index.poll().catch(() => {}), 250);
  poller.unref();
  while (!deps.sanctions.index.known.ready) await new Promise((r) => setTimeout(r, 50));
  const directoryMs = now() - t0;
  console.log(
    `check index: ${fmtInt(deps.sanctions.index.size)} subjects with entries (${fmtSec(indexMs)} s with the ledger), ` +
      `directory of all subject keys ready after ${fmtSec(directoryMs)} s`,
  );

  const app = await buildApp(deps, { logStream: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const bare = Fastify({ logger: false });
  try {
    const pools = await subjectPools(db);
    const headers = { authorization: `Bearer ${key}` };
    // One answer of each kind, to check the wiring and to size the baseline's body.
    const ask = async (subject: string) => {
      const res = await fetch(`${appUrl}/api/v1/checks`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ subject, matter: MATTER, reference: 'BENCH-PROBE' }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`check answered ${res.status}: ${text}`);
      return text;
    };
    const clear = await ask(pools.clean[0]);
    const hit = await ask(pools.listed[0]);
    if (!clear.includes('"result":"CLEAR"') || !clear.includes('"known":true'))
      throw new Error(`a clean known subject did not answer CLEAR/known: ${clear}`);
    if (!hit.includes('"result":"HIT"')) throw new Error(`a listed subject did not answer HIT: ${hit}`);
    console.log(
      `a CLEAR answer is ${Buffer.byteLength(clear)} bytes, a HIT answer ${Buffer.byteLength(hit)} bytes`,
    );

    const bareAnswer = JSON.parse(clear) as object;
    bare.post('/bare', async () => bareAnswer);
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;

    const bodies = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ subject: pools.mixed(), matter: MATTER, reference: `BENCH-${i}` }),
    );
    const common = {
      headers,
      bodies,
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
    };
    const checkRuns: Measured[] = [];
    const bareRuns: Measured[] = [];
    // What the server sent to the database during the measured check rounds.
    const during: Counts = new Map();
    let before: Counts = new Map();
    const hooks = {
      start: () => {
        before = snapshot(counted.counts);
      },
      end: () => {
        for (const [k, v] of counted.counts) {
          const b = before.get(k) ?? { n: 0, ms: 0 };
          const d = during.get(k) ?? { n: 0, ms: 0 };
          during.set(k, { n: d.n + v.n - b.n, ms: d.ms + v.ms - b.ms });
        }
      },
    };
    // Diagnostic, not a target: a run with the key lookup answered from memory in the bench's Db wrapper,
    // which is what a per-process cache of API clients would give.
    const whatIfRuns: Measured[] = [];
    const withKeyCache = async () => {
      counted.keyCache = new Map();
      try {
        return await loadFromChild({ ...common, url: appUrl, path: '/api/v1/checks' });
      } finally {
        counted.keyCache = null;
      }
    };
    // Alternating rounds: drift on the shared machine spreads over all three.
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await loadFromChild({ ...common, url: bareUrl, path: '/bare' }));
      checkRuns.push(await loadFromChild({ ...common, url: appUrl, path: '/api/v1/checks' }, hooks));
      whatIfRuns.push(await withKeyCache());
    }
    const whatIf = figures('diagnostic: checks, key lookup from memory', whatIfRuns);
    const checks = figures('POST /api/v1/checks', checkRuns);
    const base = figures('baseline: bare Fastify POST', bareRuns);
    printTable(
      `HTTP over loopback, ${CONCURRENCY} requests in flight, ${ROUNDS} × ${fmtSec(DURATION_MS)} s after ${fmtSec(WARMUP_MS)} s ` +
        `warm-up each (ms; CPU as a share of one core)`,
      [
        ...checkRuns.map((r, i) => row(figures(`checks, round ${i + 1}`, [r]))),
        ...bareRuns.map((r, i) => row(figures(`bare, round ${i + 1}`, [r]))),
        ...whatIfRuns.map((r, i) => row(figures(`diagnostic, round ${i + 1}`, [r]))),
        row(checks),
        row(base),
        row(whatIf),
      ],
    );
    printTable(
      'database work of the server during the measured check rounds (statements by kind; pool of 10 connections)',
      [...during]
        .filter(([, v]) => v.n > 0)
        .sort((a, b) => b[1].n - a[1].n)
        .map(([kind, v]) => ({
          statement: kind,
          count: fmtInt(v.n),
          'per check': (v.n / checks.requests).toFixed(3),
          'mean ms': fmtMs(v.ms / v.n),
        })),
    );

    // The same mix through the service function in this process: no HTTP, no key lookup (diagnostic).
    const ctx: RequestContext = {
      viewer: {
        kind: 'API_CLIENT',
        id: 'bench-in-process',
        name: CLIENT_NAME,
        regionCode: '220000',
        permissions: new Set(['checks']),
        departmentId: null,
      },
      ip: null,
      requestId: null,
    };
    const inputs = bodies.map((b) => JSON.parse(b) as CheckInput);
    for (const input of inputs.slice(0, 2_000)) await check(deps, input, ctx);
    const inProcessCalls = 2_000 + inputs.length;
    const tIn = now();
    for (const input of inputs) await check(deps, input, ctx);
    const inProcess = (inputs.length / (now() - tIn)) * 1000;
    console.log(
      `\nin-process check(): ${fmtInt(inProcess)} checks/s sequentially (${fmtInt(inputs.length)} calls, the same mix; ` +
        'no HTTP, no key lookup)',
    );

    // Batches: one at a time, 1,000 subjects each, the same mix.
    const batchBodies = Array.from({ length: BATCHES + 2 }, () =>
      JSON.stringify({ matter: MATTER, subjects: Array.from({ length: BATCH_SIZE }, pools.mixed) }),
    );
    const batch = await loadFromChild({
      url: appUrl,
      path: '/api/v1/checks/batch',
      headers,
      bodies: batchBodies,
      concurrency: 1,
      warmupRequests: 2,
      requests: BATCHES,
    });
    const bs = summarize(batch.latencies);
    const batchErrors = batch.latencies.length - (batch.statuses['200'] ?? 0);
    // The same batches through the service function (no HTTP, no key lookup, no serialisation): diagnostic.
    const inProcessBatch: number[] = [];
    for (const body of batchBodies.slice(0, BATCHES)) {
      const t = now();
      await checkBatch(deps, JSON.parse(body) as { matter: string; subjects: string[] }, ctx);
      inProcessBatch.push(now() - t);
    }
    const ib = summarize(inProcessBatch);
    printTable(
      `batches of ${fmtInt(BATCH_SIZE)} subjects, ${BATCHES} calls one at a time, the same mix (ms)`,
      [
        {
          path: 'POST /api/v1/checks/batch',
          p50: fmtMs(bs.p50),
          p95: fmtMs(bs.p95),
          max: fmtMs(bs.max),
          'subjects/s': fmtInt((batch.answers / batch.elapsedMs) * 1000),
          errors: batchErrors,
          'HIT share': `${((batch.hits / (batch.answers || 1)) * 100).toFixed(1)} %`,
          'body KB': fmtInt(batch.meanResponseBytes / 1024),
        },
        {
          path: 'diagnostic: checkBatch() in process',
          p50: fmtMs(ib.p50),
          p95: fmtMs(ib.p95),
          max: fmtMs(ib.max),
          'subjects/s': fmtInt(((BATCHES * BATCH_SIZE) / inProcessBatch.reduce((a, b) => a + b, 0)) * 1000),
          errors: '',
          'HIT share': '',
          'body KB': '',
        },
      ],
    );

    // Every answered check is recorded behind the answer: flush and count.
    await deps.sanctions.recorder.flush();
    const [{ n, hits }] = await db.query<{ n: number; hits: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE result = 'HIT')::int AS hits FROM checks`,
    );
    // Probes, rounds with their warm-ups, batches with theirs, the in-process calls and batches.
    const answered =
      2 +
      [...checkRuns, ...whatIfRuns, batch].reduce((a, r) => a + r.answers + r.warmupAnswers, 0) +
      inProcessCalls +
      BATCHES * BATCH_SIZE;
    console.log(
      `\nchecks recorded by the write-behind recorder: ${fmtInt(n)} (${fmtInt(hits)} HIT) of ${fmtInt(answered)} answered` +
        (n === answered ? ': all' : `: ${fmtInt(answered - n)} MISSING`),
    );

    console.log('');
    const cs = summarize(checks.latencies);
    printRatio('checks/s ÷ bare Fastify req/s', checks.perSecond, base.perSecond, 'aim ≥ 0.5');
    printRatio(
      'diagnostic checks/s with the key lookup from memory ÷ bare Fastify req/s',
      whatIf.perSecond,
      base.perSecond,
      `p99 ${fmtMs(summarize(whatIf.latencies).p99)} ms; not a target figure`,
    );
    printTarget(
      `≥ ${fmtInt(TARGET_RATE)} checks/s`,
      checks.perSecond >= TARGET_RATE && checks.errors === 0,
      `${fmtInt(checks.perSecond)}/s, ${checks.errors} errors`,
    );
    printTarget(`check p99 ≤ ${TARGET_P99_MS} ms`, cs.p99 <= TARGET_P99_MS, `${fmtMs(cs.p99)} ms`);
    printTarget(
      `batch of ${fmtInt(BATCH_SIZE)} ≤ ${TARGET_BATCH_MS} ms (p95)`,
      bs.p95 <= TARGET_BATCH_MS && batchErrors === 0,
      `p50 ${fmtMs(bs.p50)} ms, p95 ${fmtMs(bs.p95)} ms`,
    );
  } finally {
    clearInterval(poller);
    await bare.close();
    await app.close();
  }
}

console.log(
  `checks bench: PostgreSQL ${DB_NAME}, ${fmtInt(N_SUBJECTS)} subjects, ${fmtInt(N_ENTRIES)} list entries in force`,
);
const db = await openKeptDatabase(DB_NAME, {
  fresh: !!args.fresh,
  meta: { subjects: N_SUBJECTS, entries: N_ENTRIES, seed: SEED },
  generate,
  // Entries were generated in force on generated_on; the validity windows are at least a year long.
  onReuse: (db) => db.exec('TRUNCATE check_feedback, check_hits, checks'),
});
try {
  await measure(db);
} finally {
  await db.close();
  if (args.drop || !args.keep) {
    await dropPgDatabase(DB_NAME);
    console.log(`\ndropped ${DB_NAME}`);
  } else console.log(`\nkept ${DB_NAME} (--keep); remove it with --drop`);
}
