// Target: seeding ≥ 20,000 subjects/s into PostgreSQL, with the ratio to a raw multi-row INSERT of the
// same rows. `npx tsx bench/seed.ts [--subjects 100000] [--pglite-subjects 20000] [--seed 1] [--workers W]`
//
// Per back end, each into its own fresh migrated database:
//   seedSubjects     the product path: generate → prepareSubject (pinyin, sealing) → COPY rows; per batch
//                    ids reserved from the sequence, then one COPY of subjects and one of relations (by
//                    id), batches prepared in worker threads while the database stores earlier ones; into
//                    empty tables the secondary indexes, unique constraints and the relations' foreign
//                    keys are created after loading, in the same transaction
//   raw VALUES       baseline: the same already-prepared rows as INSERT … VALUES (…),(…), 1,000 a statement,
//                    into the migrated tables with every index and foreign key in place
//   raw VALUES, deferred   diagnostic: the same baseline with the same indexes and constraints dropped
//                    before and created after, as seedSubjects does
// plus CPU-only stage rates (generate, prepareSubject, pinyinInitials) to show where the time goes.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db, Queryable } from '../src/db/db.ts';
import { prepareSubject, type StoredSubject } from '../src/modules/subjects/prepare.ts';
import { pinyinInitials } from '../src/modules/subjects/search-terms.ts';
import { type GeneratedRelation, type GeneratedSubject, generateDemoData } from '../src/seed/generator.ts';
import { prepareSeedBatch } from '../src/seed/prepare.ts';
import { dropSecondaryIndexesIfEmpty, type SeedReport, seedSubjectsReport } from '../src/seed/subjects.ts';
import {
  benchVault,
  createPgDatabase,
  dropPgDatabase,
  fmtInt,
  fmtSec,
  freshPgliteDir,
  instrument,
  now,
  openMigrated,
  printRatio,
  printTable,
  printTarget,
  statementLabel,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string', default: '100000' },
    'pglite-subjects': { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string' },
  },
});
const WORKERS = args.workers === undefined ? undefined : Number(args.workers);
const N = Number(args.subjects);
const N_LITE = Number(args['pglite-subjects']);
const SEED = Number(args.seed);
const ROWS_PER_STATEMENT = 1000;
const TARGET = 20_000;
const vault = benchVault();

// biome-ignore format: one list, mirrored by valuesRow
const COLUMNS = [
  'public_id', 'type', 'sub_type', 'name', 'former_names', 'uscc', 'id_number_enc', 'id_number_hash',
  'id_number_masked', 'region_code', 'address', 'phone', 'registration_authority', 'established_on', 'status',
  'legal_representative', 'industry', 'registered_capital', 'pinyin_initials', 'search_terms',
];

// biome-ignore format: mirrors COLUMNS
const valuesRow = (r: StoredSubject) => [
  r.publicId, r.type, r.subType, r.name, r.formerNames, r.uscc, r.idNumberEnc, r.idNumberHash,
  r.idNumberMasked, r.regionCode, r.address, r.phone, r.registrationAuthority, r.establishedOn, r.status,
  r.legalRepresentative, r.industry, r.registeredCapital, r.pinyinInitials, r.searchTerms,
];

/** `($1,…,$k),($k+1,…)` for `rows` rows of `width` parameters. */
function placeholders(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(',')})`,
  ).join(',');
}

interface Prepared {
  subjects: StoredSubject[];
  relations: GeneratedRelation[];
}

/** Generates and prepares all rows up front, timing each CPU stage on its own. */
function prepareAll(n: number) {
  let t = now();
  const generated: GeneratedSubject[] = [];
  const relations: GeneratedRelation[] = [];
  for (const b of generateDemoData({ subjects: n, seed: SEED, batchSize: ROWS_PER_STATEMENT })) {
    generated.push(...b.subjects);
    relations.push(...b.relations);
  }
  const generateMs = now() - t;
  t = now();
  for (const s of generated) pinyinInitials(s.name);
  const pinyinMs = now() - t;
  t = now();
  const subjects = generated.map((s) => prepareSubject(vault, { ...s, publicId: s.key }));
  const prepareMs = now() - t;
  t = now();
  for (let i = 0; i * ROWS_PER_STATEMENT < n; i++) {
    const slice = (a: GeneratedSubject[] | GeneratedRelation[]) =>
      a.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT);
    // Relations are sliced by count, not by organisation: the payload cost is what is measured here.
    prepareSeedBatch(
      vault,
      {
        subjects: slice(generated) as GeneratedSubject[],
        relations: slice(relations) as GeneratedRelation[],
      },
      i,
      { subjects: n, seed: SEED, batchSize: ROWS_PER_STATEMENT, firstId: 1 },
    );
  }
  const seedBatchMs = now() - t;
  return { prepared: { subjects, relations } as Prepared, generateMs, pinyinMs, prepareMs, seedBatchMs };
}

/** Baseline: plain multi-row INSERT … VALUES of prepared rows; relations by the ids the rows got. */
async function rawInsert(q: Queryable, p: Prepared): Promise<void> {
  const sqlFor = new Map<number, string>();
  const sql = (table: string, cols: string[], rows: number) => {
    const key = rows * (table === 'subjects' ? 1 : -1);
    if (!sqlFor.has(key))
      sqlFor.set(key, `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${placeholders(rows, cols.length)}`);
    return sqlFor.get(key)!;
  };
  for (let i = 0; i < p.subjects.length; i += ROWS_PER_STATEMENT) {
    const rows = p.subjects.slice(i, i + ROWS_PER_STATEMENT);
    await q.query(sql('subjects', COLUMNS, rows.length), rows.flatMap(valuesRow));
  }
  // A fresh table and one writer: the i-th row inserted got id i + 1 (checked after the run).
  const idOf = new Map(p.subjects.map((s, i) => [s.publicId, i + 1]));
  const relCols = ['org_id', 'person_id', 'role', 'since', 'until'];
  for (let i = 0; i < p.relations.length; i += ROWS_PER_STATEMENT) {
    const rows = p.relations.slice(i, i + ROWS_PER_STATEMENT);
    await q.query(
      sql('subject_relations', relCols, rows.length),
      rows.flatMap((r) => [idOf.get(r.orgKey), idOf.get(r.personKey), r.role, r.since, r.until]),
    );
  }
}

async function checkLoaded(db: Db, p: Prepared, label: string): Promise<void> {
  const [c] = await db.query<{ s: number; r: number }>(
    'SELECT (SELECT count(*) FROM subjects)::int AS s, (SELECT count(*) FROM subject_relations)::int AS r',
  );
  const probe = [0, Math.floor(p.subjects.length / 2), p.subjects.length - 1];
  const ids = await db.query<{ id: number; public_id: string }>(
    'SELECT id, public_id FROM subjects WHERE id = ANY($1::bigint[])',
    [probe.map((i) => i + 1)],
  );
  const idsOk = probe.every((i) => ids.find((r) => r.id === i + 1)?.public_id === p.subjects[i].publicId);
  if (c.s !== p.subjects.length || c.r !== p.relations.length || !idsOk)
    throw new Error(
      `${label}: loaded ${c.s} subjects / ${c.r} relations, expected ${p.subjects.length} / ${p.relations.length}`,
    );
}

interface Run {
  ms: number;
  /** Time inside INSERT statements, per table (raw VALUES only). */
  spent: Map<string, number>;
  /** Indexes and foreign keys dropped before loading and created after, and how long creating took. */
  deferred: string[];
  buildMs: number;
  /** seedSubjects only: what it reported. */
  report?: SeedReport;
  /** CPU time of this process (main thread and worker threads), ms. */
  cpuMs: number;
}

interface BackendResult {
  backend: string;
  n: number;
  seed: Run;
  raw: Run;
  rawDeferred: Run;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function seedRun(db: Db, n: number): Promise<Run> {
  const cpu = cpuNow();
  const t = now();
  const report = await seedSubjectsReport(db, vault, {
    subjects: n,
    seed: SEED,
    batchSize: ROWS_PER_STATEMENT,
    workers: WORKERS,
  });
  return {
    ms: now() - t,
    spent: new Map(),
    deferred: report.deferredIndexes,
    buildMs: report.indexBuildMs,
    report,
    cpuMs: cpuNow() - cpu,
  };
}

/** The baseline in one transaction; `defer`: with seedSubjects' drop-and-create of indexes and foreign keys. */
async function rawRun(db: Db, p: Prepared, defer: boolean): Promise<Run> {
  const cpu = cpuNow();
  const t = now();
  return db.transaction(async (tx) => {
    const deferred = defer ? await dropSecondaryIndexesIfEmpty(tx) : [];
    const probe = instrument(tx, statementLabel);
    await rawInsert(probe.q, p);
    const built = now();
    for (const d of deferred) await tx.query(d.definition);
    const buildMs = now() - built;
    return {
      ms: now() - t,
      spent: probe.spent,
      deferred: deferred.map((d) => d.name),
      buildMs,
      cpuMs: cpuNow() - cpu,
    };
  });
}

/** One back end: seedSubjects, raw VALUES and raw VALUES with deferred indexes, each into a fresh database. */
async function runBackend(
  backend: string,
  n: number,
  open: (which: string) => Promise<{ db: Db; drop(): Promise<void> }>,
  prepared: Prepared,
): Promise<BackendResult> {
  const one = async (which: string, label: string, fn: (db: Db) => Promise<Run>) => {
    const { db, drop } = await open(which);
    try {
      const run = await fn(db);
      await checkLoaded(db, prepared, `${backend} ${label}`);
      return run;
    } finally {
      await drop();
    }
  };
  const seed = await one('seed', 'seedSubjects', (db) => seedRun(db, n));
  const raw = await one('raw', 'raw VALUES', (db) => rawRun(db, prepared, false));
  const rawDeferred = await one('rawdef', 'raw VALUES deferred', (db) => rawRun(db, prepared, true));
  return { backend, n, seed, raw, rawDeferred };
}

const openPg = async (which: string) => {
  const name = `xy_bench_seed_${which}_${process.pid}`;
  const db = await openMigrated({ databaseUrl: await createPgDatabase(name) });
  return {
    db,
    async drop() {
      await db.close();
      await dropPgDatabase(name);
    },
  };
};

const openLite = async (which: string) => {
  const dir = freshPgliteDir(`seed-${which}-${process.pid}`);
  const db = await openMigrated({ dataDir: dir });
  return {
    db,
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

console.log(`seed bench: PostgreSQL ${fmtInt(N)} subjects, PGlite ${fmtInt(N_LITE)} subjects, seed ${SEED}`);
const stages = prepareAll(N);
const results = [await runBackend('PostgreSQL', N, openPg, stages.prepared)];
if (N_LITE > 0) {
  const lite = N_LITE === N ? stages.prepared : prepareAll(N_LITE).prepared;
  results.push(await runBackend('PGlite', N_LITE, openLite, lite));
}

const rate = (n: number, ms: number) => (n / ms) * 1000;
printTable(
  'CPU stages (no database), PostgreSQL-sized run, one thread',
  [
    ['generateDemoData', stages.generateMs],
    ['pinyinInitials alone', stages.pinyinMs],
    ['prepareSubject (pinyin + terms + sealing)', stages.prepareMs],
    ['prepareSeedBatch (prepareSubject + COPY rows)', stages.seedBatchMs],
  ].map(([stage, ms]) => ({
    stage: stage as string,
    'time s': fmtSec(ms as number),
    'subjects/s': fmtInt(rate(N, ms as number)),
  })),
);
const insertRow = (r: BackendResult, method: string, run: Run) => {
  const subjectsMs = run.spent.get('INSERT subjects') ?? 0;
  const relationsMs = run.spent.get('INSERT subject_relations') ?? 0;
  return {
    backend: r.backend,
    method,
    subjects: fmtInt(r.n),
    'total s': fmtSec(run.ms),
    'subjects/s': fmtInt(rate(r.n, run.ms)),
    'waiting for prepared s': run.report ? fmtSec(run.report.waitPrepareMs) : '',
    'waiting for INSERTs s': run.report ? fmtSec(run.report.waitStoreMs) : fmtSec(subjectsMs + relationsMs),
    'creating indexes, FKs s': run.deferred.length ? fmtSec(run.buildMs) : '',
    'process CPU s': fmtSec(run.cpuMs),
  };
};
printTable(
  'Inserts (fresh migrated database each, one transaction each; relations included)',
  results.flatMap((r) => [
    insertRow(r, `seedSubjects (${r.seed.report?.workers ?? 0} worker threads)`, r.seed),
    insertRow(r, `raw VALUES x${ROWS_PER_STATEMENT} (prepared)`, r.raw),
    insertRow(r, 'raw VALUES, deferred (diagnostic)', r.rawDeferred),
  ]),
);
console.log('');
for (const r of results) {
  const d = r.seed.deferred;
  console.log(
    `${r.backend} seedSubjects: ${
      d.length
        ? `tables empty at start, so ${d.length} secondary indexes and foreign keys were dropped and created again after loading, in the same transaction (${d.join(', ')})`
        : 'indexes and foreign keys maintained row by row'
    }`,
  );
}
console.log(
  '"waiting for prepared": the loading loop waited for worker threads (generate, pinyin, sealing, COPY rows); "waiting for INSERTs": for the database beyond what overlapped.',
);
console.log('');
for (const r of results) {
  printRatio(
    `${r.backend} seedSubjects / raw VALUES (rate)`,
    rate(r.n, r.seed.ms),
    rate(r.n, r.raw.ms),
    '1.00 = as fast as inserting prepared rows',
  );
  printRatio(
    `${r.backend} seedSubjects / raw VALUES deferred (rate)`,
    rate(r.n, r.seed.ms),
    rate(r.n, r.rawDeferred.ms),
    'diagnostic: the same deferred index build on both sides',
  );
}
const pg0 = results[0];
const baselineRate = rate(pg0.n, pg0.raw.ms);
if (baselineRate < TARGET)
  console.log(
    `note: the baseline itself inserts ${fmtInt(baselineRate)} subjects/s here (${fmtInt(rate(pg0.n, pg0.rawDeferred.ms))} with the indexes and foreign keys created after loading)`,
  );
printTarget(
  'PostgreSQL seeding ≥ 20,000 subjects/s',
  rate(pg0.n, pg0.seed.ms) >= TARGET,
  `${fmtInt(rate(pg0.n, pg0.seed.ms))} subjects/s`,
);
