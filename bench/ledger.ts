// Issue 5 targets (bench/README.md "Trust layer"):
//   1. ≥ 2,000 log appends/s sustained on PostgreSQL, each append committed with its business
//      transaction; ratio to the raw SM3 hashing rate of the same leaves (the physical limit).
//   2. Inclusion and consistency proofs at 10,000,000 leaves: p99 ≤ 5 ms; baseline: one tile by key.
//   3. Report generation: median ≤ 300 ms per PDF (issue → signed JSON + sealed PDF stored), and
//      reports/s with 2 worker processes.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import type { RequestContext } from '../src/modules/identity/viewer.ts';
import { Ledger } from '../src/modules/ledger/ledger.ts';
import { type LogHash, leafHash } from '../src/modules/ledger/merkle.ts';
import { appendLeaves } from '../src/modules/ledger/tiles.ts';
import { issueReport } from '../src/modules/reports/service.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { systemClock } from '../src/shared/clock.ts';
import {
  benchDeps,
  benchVault,
  createPgDatabase,
  dropPgDatabase,
  fmtInt,
  fmtMs,
  now,
  openMigrated,
  pgDatabaseExists,
  pgUrl,
  printRatio,
  printTable,
  printTarget,
  rng,
  summarize,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    appends: { type: 'string' },
    writers: { type: 'string', default: '8' },
    leaves: { type: 'string' },
    queries: { type: 'string', default: '2000' },
    reports: { type: 'string' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    'report-worker': { type: 'string' },
  },
});
const QUICK = values.quick;
const APPENDS = Number(values.appends ?? (QUICK ? 6_000 : 30_000));
const WRITERS = Number(values.writers);
const LEAVES = Number(values.leaves ?? (QUICK ? 1_000_000 : 10_000_000));
const QUERIES = Number(values.queries);
const REPORTS = Number(values.reports ?? (QUICK ? 12 : 40));
const ALG: LogHash = 'SM3';
const parts = new Set((values.only ?? 'appends,proofs,reports').split(','));

/** An API client acting for a department: entitled to reports for an official purpose. */
const DEPARTMENT_CLIENT: RequestContext = {
  viewer: {
    kind: 'API_CLIENT',
    id: 'bench',
    name: '基准测试部门系统',
    regionCode: '220000',
    permissions: new Set(['reports']),
    departmentId: 1,
  },
  ip: null,
  requestId: null,
};

if (values['report-worker']) {
  await reportWorker(values['report-worker'], Number(values.reports ?? 10));
  process.exit(0);
}

console.log(
  `bench/ledger.ts  ${QUICK ? '(quick) ' : ''}appends ${fmtInt(APPENDS)} × ${WRITERS} writers, ` +
    `tree ${fmtInt(LEAVES)} leaves, ${fmtInt(REPORTS)} reports`,
);
if (parts.has('appends')) await benchAppends();
if (parts.has('proofs')) await benchProofs();
if (parts.has('reports')) await benchReports();

// ---------- 1. appends ----------

async function benchAppends() {
  const name = 'xy_bench_ledger_appends';
  const db = await openMigrated({ databaseUrl: await createPgDatabase(name) });
  try {
    await db.query('CREATE TABLE bench_business (id bigserial PRIMARY KEY, payload text NOT NULL)');
    const ledger = await Ledger.open(db, benchVault(), systemClock, { origin: 'bench/ledger', hash: ALG });
    const event = (i: number) => ({
      type: 'record.published',
      subject: `S${String(i).padStart(15, '0')}`,
      objectType: 'credit_record',
      objectId: `R${String(i).padStart(15, '0')}`,
      version: 1,
      content: {
        item: 'ADMIN_PENALTY',
        decisionNo: `罚〔2026〕${i}号`,
        authority: '11220000MB0012345X',
        status: 'ACTIVE',
      },
      actor: 'client:bench',
    });
    // The physical limit: SM3 over the same leaves, hashed back to back in this process.
    const { encodeEntry } = await import('../src/modules/ledger/entry.ts');
    const entries = Array.from({ length: APPENDS }, (_, i) => encodeEntry(ALG, event(i), new Date()).entry);
    let t = now();
    for (const e of entries) leafHash(ALG, e);
    const hashRate = APPENDS / ((now() - t) / 1000);

    let next = 0;
    let sequencing = true;
    const sequencer = (async () => {
      while (sequencing) {
        await ledger.flush();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    t = now();
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = next++; i < APPENDS; i = next++) {
          const started = now();
          await db.transaction(async (tx) => {
            await tx.query('INSERT INTO bench_business (payload) VALUES ($1)', [`change ${i}`]);
            await ledger.append(tx, [event(i)]);
          });
          latencies.push(now() - started);
        }
      }),
    );
    const committed = now() - t;
    sequencing = false;
    await sequencer;
    await ledger.flush();
    const total = now() - t;
    const head = await ledger.head();
    if (head.size !== APPENDS) throw new Error(`tree has ${head.size} leaves, expected ${APPENDS}`);
    const rate = APPENDS / (total / 1000);
    const s = summarize(latencies);
    printTable(
      '1. log appends on PostgreSQL (business row + outbox entry per transaction, sequencer racing)',
      [
        { figure: 'appends committed and sequenced / s', value: fmtInt(rate) },
        { figure: 'business transactions committed / s', value: fmtInt(APPENDS / (committed / 1000)) },
        { figure: 'transaction p50 / p99 ms', value: `${fmtMs(s.p50)} / ${fmtMs(s.p99)}` },
        { figure: 'raw SM3 leaf hashes / s (same leaves)', value: fmtInt(hashRate) },
      ],
    );
    printRatio('appends/s ÷ raw SM3 leaf hashes/s', rate, hashRate);
    printTarget('≥ 2,000 log appends/s', rate >= 2000, `${fmtInt(rate)}/s`);
  } finally {
    await db.close();
    await dropPgDatabase(name);
  }
}

// ---------- 2. proofs ----------

async function benchProofs() {
  const name = `xy_bench_ledger_tree_${LEAVES}`;
  let db: Db;
  if (values.keep && (await pgDatabaseExists(name))) {
    db = await openMigrated({ databaseUrl: pgUrl(name) });
    console.log(`\nreusing ${name}`);
  } else {
    db = await openMigrated({ databaseUrl: await createPgDatabase(name) });
    await buildTree(db);
  }
  try {
    const ledger = await Ledger.open(db, benchVault(), systemClock, { origin: 'bench/ledger', hash: ALG });
    const size = (await ledger.head()).size;
    const rand = rng(5);
    const pick = (n: number) => Math.floor(rand() * n);
    const kinds: Record<string, () => Promise<unknown>> = {
      'inclusion (index, current size)': () => ledger.inclusionProof(pick(size), size),
      'inclusion (index, older size)': () => {
        const s = 1 + pick(size);
        return ledger.inclusionProof(pick(s), s);
      },
      'consistency (older → current)': () => ledger.consistencyProof(1 + pick(size - 1), size),
      'baseline: one tile by key': () =>
        db.query('SELECT hashes FROM ledger_tiles WHERE level = 0 AND idx = $1', [
          pick(Math.floor(size / 256)),
        ]),
    };
    for (let i = 0; i < 200; i++) for (const run of Object.values(kinds)) await run();
    const samples = new Map<string, number[]>(Object.keys(kinds).map((k) => [k, []]));
    for (let i = 0; i < QUERIES; i++)
      for (const [k, run] of Object.entries(kinds)) {
        const t = now();
        await run();
        samples.get(k)!.push(now() - t);
      }
    const rows = [...samples].map(([kind, xs]) => {
      const s = summarize(xs);
      return { kind, p50: fmtMs(s.p50), p95: fmtMs(s.p95), p99: fmtMs(s.p99) };
    });
    printTable(`2. proofs at ${fmtInt(size)} leaves on PostgreSQL (${QUERIES} each, ms)`, rows);
    const base = summarize(samples.get('baseline: one tile by key')!).p99;
    for (const k of Object.keys(kinds).slice(0, 3)) {
      const p99 = summarize(samples.get(k)!).p99;
      printRatio(`${k} p99 / baseline p99`, p99, base);
      printTarget(`${k} p99 ≤ 5 ms`, p99 <= 5, `${fmtMs(p99)} ms`);
    }
  } finally {
    await db.close();
    if (!values.keep) await dropPgDatabase(name);
  }
}

/** Writes the tiles of a synthetic LEAVES-leaf tree, as the sequencer would, in chunks. */
async function buildTree(db: Db) {
  const t = now();
  const CHUNK = 65_536;
  let current = new Map<string, Buffer>();
  for (let size = 0; size < LEAVES; size += CHUNK) {
    const n = Math.min(CHUNK, LEAVES - size);
    const hashes = Array.from({ length: n }, (_, i) => leafHash(ALG, Buffer.from(`{"bench":${size + i}}`)));
    const { tiles } = appendLeaves(ALG, size, hashes, (level, idx) => current.get(`${level}/${idx}`));
    const changed = [...tiles];
    await db.query(
      `INSERT INTO ledger_tiles (level, idx, hashes) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
       ON CONFLICT (level, idx) DO UPDATE SET hashes = EXCLUDED.hashes`,
      [
        changed.map(([k]) => Number(k.split('/')[0])),
        changed.map(([k]) => k.split('/')[1]),
        changed.map(([, v]) => v),
      ],
    );
    current = new Map(changed);
    if ((size / CHUNK) % 16 === 0) process.stdout.write(`\r  tree: ${fmtInt(size + n)} leaves`);
  }
  const ledger = await Ledger.open(db, benchVault(), systemClock, { origin: 'bench/ledger', hash: ALG });
  await db.query('UPDATE ledger_log SET tree_size = $1, root_hash = $2', [
    LEAVES,
    await ledger.rootAt(LEAVES),
  ]);
  await db.query('VACUUM ANALYZE ledger_tiles');
  // Flush the bulk load's dirty pages now rather than during the measurement.
  await db.query('CHECKPOINT');
  console.log(`\r  tree: ${fmtInt(LEAVES)} leaves built in ${((now() - t) / 1000).toFixed(1)} s`);
}

// ---------- 3. reports ----------

async function benchReports() {
  const name = 'xy_bench_ledger_reports';
  const url = await createPgDatabase(name);
  const db = await openMigrated({ databaseUrl: url });
  try {
    await db.transaction((tx) => syncBundledCatalogue(tx));
    const deps = await benchDeps(db);
    deps.config.demoSubjects = 2000;
    await seedDemo(deps);
    const subjects = await reportSubjects(db);
    const times: number[] = [];
    for (let i = 0; i < 3; i++)
      await issueReport(
        deps,
        { subject: subjects[i % subjects.length], purpose: '基准测试' },
        DEPARTMENT_CLIENT,
      );
    for (let i = 0; i < REPORTS; i++) {
      const t = now();
      await issueReport(
        deps,
        { subject: subjects[i % subjects.length], purpose: '基准测试' },
        DEPARTMENT_CLIENT,
      );
      times.push(now() - t);
    }
    const [{ pages }] = await db.query<{ pages: string }>(
      'SELECT round(avg(length(pdf)) / 1024) AS pages FROM credit_reports WHERE pdf IS NOT NULL',
    );
    const s = summarize(times);
    const perWorker = Math.max(4, Math.round(REPORTS / 2));
    const t = now();
    await Promise.all([0, 1].map(() => runWorker(url, perWorker)));
    const parallel = (2 * perWorker) / ((now() - t) / 1000);
    printTable(
      '3. credit reports on PostgreSQL (issue → content, SM2 + Ed25519 signatures, log entry, checkpoint, proof, PDF)',
      [
        { figure: 'median ms per report (one process)', value: fmtMs(s.p50) },
        { figure: 'p95 ms', value: fmtMs(s.p95) },
        { figure: 'reports / s, one process, sequential', value: (1000 / s.mean).toFixed(1) },
        { figure: 'reports / s, 2 worker processes', value: parallel.toFixed(1) },
        { figure: 'average sealed PDF, KB', value: pages },
      ],
    );
    printRatio('2 workers ÷ 1 process, reports/s', parallel, 1000 / s.mean);
    printTarget('report generation median ≤ 300 ms', s.p50 <= 300, `${fmtMs(s.p50)} ms`);
  } finally {
    await db.close();
    await dropPgDatabase(name);
  }
}

/** Subjects with the most published records: the heaviest reports of the demo data. */
async function reportSubjects(db: Db): Promise<string[]> {
  const rows = await db.query<{ public_id: string }>(
    `SELECT s.public_id FROM subjects s JOIN credit_records r ON r.subject_id = s.id AND r.is_public
     GROUP BY s.public_id ORDER BY count(*) DESC, s.public_id LIMIT 20`,
  );
  return rows.map((r) => r.public_id);
}

function runWorker(url: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/ledger.ts', '--report-worker', url, '--reports', String(count)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`report worker exited ${code}`))));
  });
}

async function reportWorker(url: string, count: number) {
  const db = await openMigrated({ databaseUrl: url });
  const deps = await benchDeps(db);
  const subjects = await reportSubjects(db);
  for (let i = 0; i < count; i++)
    await issueReport(
      deps,
      { subject: subjects[i % subjects.length], purpose: '基准测试（并行）' },
      DEPARTMENT_CLIENT,
    );
  await db.close();
}
