// Target: search over 1,000,000 subjects with p95 ≤ 50 ms for name, pinyin-initial and code queries on
// PostgreSQL, and the same figures on PGlite at 100,000 subjects.
//
//   npx tsx bench/search.ts [--subjects 1000000] [--pglite-subjects 100000] [--quick] [--backend pg|pglite|both]
//                           [--queries 300] [--fresh] [--drop] [--explain]
//
// Queries go through the real service function searchSubjects (no HTTP). Baseline, same run and Db:
// a primary-key lookup. Seeded databases are kept (PostgreSQL `xy_bench_search_<N>`, PGlite
// `.bench-data/search-pglite-<N>`) and reused when N and seed match, unless --fresh; --drop removes them.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/db.ts';
import { pinyinInitials } from '../src/modules/subjects/search-terms.ts';
import { searchSubjects } from '../src/modules/subjects/service.ts';
import { seedSubjects } from '../src/seed/subjects.ts';
import {
  BENCH_DATA,
  benchDeps,
  benchVault,
  createPgDatabase,
  dropPgDatabase,
  fmtInt,
  fmtMs,
  instrument,
  intBetween,
  now,
  openMigrated,
  pgDatabaseExists,
  pgUrl,
  pick,
  printRatio,
  printTable,
  printTarget,
  ROOT,
  rng,
  type Summary,
  summarize,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string' },
    'pglite-subjects': { type: 'string' },
    quick: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'both' },
    queries: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const SEED = Number(args.seed);
const QUERIES = Number(args.queries);
const WARMUP = Number(args.warmup);
const TARGET_P95_MS = 50;
const vault = benchVault();

// ---------- the seeded databases ----------

async function alreadySeeded(db: Db, n: number): Promise<boolean> {
  const meta = await db
    .query<{ subjects: number; seed: number }>('SELECT subjects, seed FROM bench_meta')
    .catch(() => []);
  return meta[0]?.subjects === n && meta[0]?.seed === SEED;
}

async function seed(db: Db, n: number, label: string): Promise<void> {
  const started = now();
  let nextReport = n / 10;
  await seedSubjects(db, vault, {
    subjects: n,
    seed: SEED,
    onBatch: (done) => {
      if (done < nextReport && done < n) return;
      nextReport += n / 10;
      const rate = (done / (now() - started)) * 1000;
      console.log(`${label}: seeded ${fmtInt(done)}/${fmtInt(n)} (${fmtInt(rate)} subjects/s so far)`);
    },
  });
  // Written last: a run interrupted while seeding leaves no marker and is seeded afresh next time.
  await db.exec('CREATE TABLE bench_meta (subjects integer NOT NULL, seed integer NOT NULL)');
  await db.query('INSERT INTO bench_meta VALUES ($1, $2)', [n, SEED]);
  console.log(`${label}: seeding took ${((now() - started) / 1000).toFixed(1)} s`);
}

interface Store {
  label: string;
  exists(): Promise<boolean>;
  open(): Promise<Db>;
  /** Leaves an empty database (or none) behind. */
  remove(): Promise<void>;
}

/** Reuses a database seeded with the same N and seed; otherwise seeds a fresh one. */
async function openSeeded(n: number, store: Store): Promise<{ db: Db; done(): Promise<void> }> {
  let db: Db | undefined;
  if (!args.fresh && (await store.exists())) {
    db = await store.open();
    if (await alreadySeeded(db, n))
      console.log(`${store.label}: reusing ${fmtInt(n)} subjects (seed ${SEED})`);
    else {
      await db.close();
      db = undefined;
    }
  }
  if (!db) {
    await store.remove();
    db = await store.open();
    await seed(db, n, store.label);
  }
  const opened = db;
  return {
    db: opened,
    async done() {
      await opened.close();
      if (args.drop) await store.remove();
    },
  };
}

function pgStore(n: number): Store {
  const name = `xy_bench_search_${n}`;
  return {
    label: `PostgreSQL ${name}`,
    exists: () => pgDatabaseExists(name),
    async open() {
      if (!(await pgDatabaseExists(name))) await createPgDatabase(name);
      return openMigrated({ databaseUrl: pgUrl(name) });
    },
    remove: () => dropPgDatabase(name),
  };
}

function pgliteStore(n: number): Store {
  const dir = path.join(BENCH_DATA, `search-pglite-${n}`);
  return {
    label: `PGlite ${path.relative(ROOT, dir)}`,
    exists: async () => fs.existsSync(dir),
    open: () => openMigrated({ dataDir: dir }),
    remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

// ---------- the query mix, drawn from real subjects ----------

interface Kind {
  kind: string;
  make: () => string;
}

async function queryKinds(db: Db, n: number): Promise<Kind[]> {
  const rand = rng(SEED * 7919 + n);
  const ids = Array.from({ length: 3000 }, () => intBetween(rand, 1, n));
  const rows = await db.query<{ name: string; uscc: string | null; id_number_enc: Uint8Array | null }>(
    'SELECT name, uscc, id_number_enc FROM subjects WHERE id = ANY($1::bigint[])',
    [ids],
  );
  const names = rows.map((r) => [...r.name]);
  const usccs = rows.flatMap((r) => (r.uscc ? [r.uscc] : []));
  const idNumbers = rows.flatMap((r) => (r.id_number_enc ? [vault.decrypt(r.id_number_enc)] : []));
  const initials = rows.map((r) => pinyinInitials(r.name)).filter((s) => s.length >= 3);
  /** A random run of `lo`–`hi` characters out of a random name at least `lo` long. */
  const part = (lo: number, hi: number) => () => {
    const chars = pick(
      rand,
      names.filter((c) => c.length >= lo),
    );
    const len = intBetween(rand, lo, Math.min(hi, chars.length));
    const start = intBetween(rand, 0, chars.length - len);
    return chars.slice(start, start + len).join('');
  };
  return [
    { kind: 'name, 2 chars', make: part(2, 2) },
    { kind: 'name, 3-4 chars', make: part(3, 4) },
    { kind: 'name, 6+ chars', make: part(6, 40) },
    {
      kind: 'pinyin initials, 3-6',
      make: () => {
        const s = pick(rand, initials);
        const len = intBetween(rand, 3, Math.min(6, s.length));
        const start = intBetween(rand, 0, s.length - len);
        return s.slice(start, start + len);
      },
    },
    { kind: 'USCC, exact', make: () => pick(rand, usccs) },
    { kind: 'identity number, exact', make: () => pick(rand, idNumbers) },
  ];
}

const PK_SQL = `SELECT s.id, s.public_id, s.type, s.sub_type, s.name, s.former_names, s.uscc, s.id_number_enc,
  s.id_number_masked, s.region_code, s.address, s.phone, s.registration_authority, s.established_on, s.status,
  s.legal_representative, s.industry, s.registered_capital FROM subjects s WHERE s.id = $1`;

// ---------- measuring ----------

interface KindResult {
  kind: string;
  summary: Summary;
  empty: number;
  meanTotal: number;
  slowest: string;
}

async function measure(db: Db, n: number, backend: string) {
  const deps = await benchDeps(db);
  const kinds = await queryKinds(db, n);
  const rand = rng(SEED + 17);
  const pkRun = async () => {
    const t = now();
    const rows = await db.query(PK_SQL, [intBetween(rand, 1, n)]);
    return { ms: now() - t, total: rows.length, q: '' };
  };
  const searchRun = (k: Kind) => async () => {
    const q = k.make();
    const t = now();
    const page = await searchSubjects(deps, { q, page: 1, pageSize: 20 });
    return { ms: now() - t, total: page.total, q };
  };
  const runners = [...kinds.map((k) => ({ kind: k.kind, run: searchRun(k) })), { kind: 'PK', run: pkRun }];
  // Interleaved round robin: noise on the machine spreads evenly over all kinds.
  for (let i = 0; i < WARMUP; i++) for (const r of runners) await r.run();
  const samples = new Map(runners.map((r) => [r.kind, [] as { ms: number; total: number; q: string }[]]));
  for (let i = 0; i < QUERIES; i++) for (const r of runners) samples.get(r.kind)!.push(await r.run());

  const results: KindResult[] = runners.map((r) => {
    const s = samples.get(r.kind)!;
    return {
      kind: r.kind,
      summary: summarize(s.map((x) => x.ms)),
      empty: s.filter((x) => x.total === 0).length,
      meanTotal: s.reduce((a, x) => a + x.total, 0) / s.length,
      slowest: s.reduce((a, x) => (x.ms > a.ms ? x : a)).q,
    };
  });
  const pk = results.find((r) => r.kind === 'PK')!;
  printTable(
    `${backend}, ${fmtInt(n)} subjects: ${QUERIES} queries per kind after ${WARMUP} warm-up rounds (ms)`,
    results.map((r) => ({
      kind: r.kind === 'PK' ? 'baseline: PK lookup' : r.kind,
      p50: fmtMs(r.summary.p50),
      p95: fmtMs(r.summary.p95),
      p99: fmtMs(r.summary.p99),
      max: fmtMs(r.summary.max),
      'mean total': fmtInt(r.meanTotal),
      empty: r.empty,
      'p95 / PK p95': (r.summary.p95 / pk.summary.p95).toFixed(1),
    })),
  );
  console.log('');
  for (const r of results.filter((x) => x !== pk))
    printRatio(`${backend} ${r.kind} p95 / PK p95`, r.summary.p95, pk.summary.p95);
  for (const r of results.filter((x) => x !== pk)) {
    const ok = r.summary.p95 <= TARGET_P95_MS;
    printTarget(`${backend} ${r.kind} p95 ≤ ${TARGET_P95_MS} ms`, ok, `${fmtMs(r.summary.p95)} ms`);
    if (!ok || args.explain) await explainSlowest(deps, r.kind, r.slowest);
  }
}

/** Re-runs a query through the service, then EXPLAINs the slowest statement it sent. */
async function explainSlowest(
  deps: Awaited<ReturnType<typeof benchDeps>>,
  kind: string,
  q: string,
): Promise<void> {
  const probe = instrument(deps.db);
  await searchSubjects({ ...deps, db: probe.q }, { q, page: 1, pageSize: 20 });
  const slow = probe.calls.reduce((a, c) => (c.ms > a.ms ? c : a));
  const plan = await deps.db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${slow.sql}`,
    slow.params,
  );
  console.log(`\n  EXPLAIN of the slowest ${kind} query "${q}" (${fmtMs(slow.ms)} ms):`);
  for (const r of plan) console.log(`    ${r['QUERY PLAN']}`);
}

const quick = args.quick;
const nPg = Number(args.subjects ?? (quick ? 50_000 : 1_000_000));
const nLite = Number(args['pglite-subjects'] ?? (quick ? 20_000 : 100_000));
const backends = args.backend === 'both' ? ['pg', 'pglite'] : [args.backend];
console.log(
  `search bench: ${backends.map((b) => (b === 'pg' ? `PostgreSQL ${fmtInt(nPg)}` : `PGlite ${fmtInt(nLite)}`)).join(', ')} subjects`,
);
for (const backend of backends) {
  const n = backend === 'pg' ? nPg : nLite;
  const { db, done } = await openSeeded(n, backend === 'pg' ? pgStore(n) : pgliteStore(n));
  try {
    // Steady state as autovacuum would leave it (it is off on the bench server): fresh statistics and
    // a set visibility map. Takes seconds on a reused database.
    await db.exec('VACUUM ANALYZE');
    await measure(db, n, backend === 'pg' ? 'PostgreSQL' : 'PGlite');
  } finally {
    await done();
  }
}
