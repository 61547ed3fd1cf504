import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable } from '../db/db.ts';
import { copyRelations, copySubjects, reserveSubjectIdBlock } from '../modules/subjects/repository.ts';
import type { PiiVault } from '../shared/pii.ts';
import { generateDemoData } from './generator.ts';
import { type PreparedSeedBatch, prepareSeedBatch, type SeedStream } from './prepare.ts';
import type { SeedWorkerData } from './seed-worker.ts';

export interface SeedSubjectsOptions {
  subjects: number;
  seed: number;
  batchSize?: number;
  onBatch?: (done: number) => void;
  /**
   * Worker threads that prepare batches (pinyin, search terms, sealing) while the database stores
   * earlier ones. Default: one per core, at most 2, from {@link PARALLEL_MIN} subjects
   * on; 0 prepares on the calling thread.
   */
  workers?: number;
  /**
   * Into empty `subjects` and `subject_relations` tables, drop everything but their primary keys
   * (secondary indexes, unique constraints, foreign keys) before loading, and create the same again
   * afterwards, in the same transaction. Default: from {@link DEFER_INDEXES_MIN} subjects on. Never
   * done outside a transaction or when either table has rows.
   */
  deferIndexes?: boolean;
}

/** From this many subjects on, worker threads prepare batches by default. */
export const PARALLEL_MIN = 20_000;
/** From this many subjects on, secondary indexes are built after loading an empty table by default. */
export const DEFER_INDEXES_MIN = 20_000;

/** What a seed did besides inserting: for the CLI and the bench to report. */
export interface SeedReport {
  subjects: number;
  relations: number;
  workers: number;
  /** Indexes and foreign keys dropped before loading and created again afterwards (empty: none). */
  deferredIndexes: string[];
  /** Time spent creating them again. */
  indexBuildMs: number;
  /** Time the loading loop waited for prepared batches (generation, pinyin, sealing, JSON). */
  waitPrepareMs: number;
  /** Time it waited for the database to store a batch (beyond what overlapped with preparing). */
  waitStoreMs: number;
}

const isDb = (q: Queryable): q is Db => typeof (q as Partial<Db>).transaction === 'function';

/**
 * Streams generated subjects and their relations into the database; returns the number of subjects.
 * Given a `Db`, the whole seed is one transaction; given a transaction, it runs inside it (anything
 * else is refused: the block of ids the seed reserves needs a lock on `subjects` until it commits,
 * which makes other writers to `subjects` wait meanwhile).
 */
export async function seedSubjects(
  q: Queryable,
  vault: PiiVault,
  opts: SeedSubjectsOptions,
): Promise<number> {
  return (await seedSubjectsReport(q, vault, opts)).subjects;
}

/** {@link seedSubjects}, telling what it did. */
export async function seedSubjectsReport(
  q: Queryable,
  vault: PiiVault,
  opts: SeedSubjectsOptions,
): Promise<SeedReport> {
  if (isDb(q)) return q.transaction((tx) => seedInTransaction(tx, vault, opts));
  return seedInTransaction(q, vault, opts);
}

async function seedInTransaction(
  q: Queryable,
  vault: PiiVault,
  opts: SeedSubjectsOptions,
): Promise<SeedReport> {
  const batchSize = opts.batchSize ?? 1000;
  const workers = opts.workers ?? (opts.subjects >= PARALLEL_MIN ? defaultWorkers() : 0);
  const deferred =
    (opts.deferIndexes ?? opts.subjects >= DEFER_INDEXES_MIN) && opts.subjects > 0
      ? await dropSecondaryIndexesIfEmpty(q)
      : [];
  const report: SeedReport = {
    subjects: 0,
    relations: 0,
    workers,
    deferredIndexes: deferred.map((d) => d.name),
    indexBuildMs: 0,
    waitPrepareMs: 0,
    waitStoreMs: 0,
  };
  // One block of ids for the whole seed: the prepared rows carry them, relations included.
  const firstId = opts.subjects > 0 ? await reserveSubjectIdBlock(q, opts.subjects) : 0;
  const stream = { subjects: opts.subjects, seed: opts.seed, batchSize, firstId };
  const source = workers > 0 ? preparedInWorkers(vault, stream, workers) : preparedInThread(vault, stream);
  // One batch being stored while the next is prepared (or taken from a worker).
  let inflight: Promise<void> = Promise.resolve();
  let mark = performance.now();
  for await (const batch of source) {
    const prepared = performance.now();
    report.waitPrepareMs += prepared - mark;
    await inflight;
    mark = performance.now();
    report.waitStoreMs += mark - prepared;
    inflight = storeBatch(q, batch).then(() => {
      report.relations += batch.relations;
      report.subjects += batch.subjects;
      opts.onBatch?.(report.subjects);
    });
    // Awaited at the next batch or below; until then a failure must not count as unhandled.
    inflight.catch(() => {});
  }
  report.waitPrepareMs += performance.now() - mark;
  mark = performance.now();
  await inflight;
  report.waitStoreMs += performance.now() - mark;
  const started = performance.now();
  for (const d of deferred) await q.query(d.definition);
  report.indexBuildMs = performance.now() - started;
  return report;
}

/** The batch's subjects, then the relations of its organisations (their people are stored by then). */
async function storeBatch(q: Queryable, batch: PreparedSeedBatch): Promise<void> {
  await copySubjects(q, batch.subjectRows);
  if (batch.relations) await copyRelations(q, batch.relationRows);
}

/**
 * Two when the machine has two cores or more. Preparing costs more CPU per subject than PostgreSQL
 * spends loading it (indexes deferred), so two preparing threads share the cores with the server
 * better than one, which caps the load at one core's worth of preparation.
 */
function defaultWorkers(): number {
  return Math.min(2, os.availableParallelism());
}

/**
 * When `subjects` and `subject_relations` are both empty: drops the secondary indexes of both tables
 * (those not backing a constraint), their unique constraints and the foreign keys of
 * `subject_relations`, and returns what to run after loading to get exactly the same objects back
 * (`pg_get_indexdef` / `pg_get_constraintdef`, so whatever the migrations created). A unique index
 * built from sorted rows costs a fraction of one filled in random key order, and re-adding a foreign
 * key checks every row in one pass instead of a trigger per row ("Populating a Database" in the
 * PostgreSQL manual); a duplicate fails the re-add and rolls the whole seed back. Only inside a transaction: the
 * SAVEPOINT fails outside one, and then nothing is dropped; an error or crash before the rebuild rolls
 * the drop back together with the load.
 */
export async function dropSecondaryIndexesIfEmpty(
  q: Queryable,
): Promise<{ name: string; definition: string }[]> {
  try {
    await q.query('SAVEPOINT seed_subjects_indexes');
  } catch {
    return [];
  }
  await q.query('RELEASE SAVEPOINT seed_subjects_indexes');
  await q.query('LOCK TABLE subjects, subject_relations IN ACCESS EXCLUSIVE MODE');
  const [{ empty }] = await q.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM subjects) AND NOT EXISTS (SELECT 1 FROM subject_relations) AS empty`,
  );
  if (!empty) return [];
  const indexes = await q.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid IN ('subjects'::regclass, 'subject_relations'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname`,
  );
  // Unique constraints first, then foreign keys (ORDER BY contype: 'f' < 'u', so reversed).
  const constraints = await q.query<{ name: string; tbl: string; definition: string }>(
    `SELECT conname AS name, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint
     WHERE conrelid IN ('subjects'::regclass, 'subject_relations'::regclass) AND contype IN ('u', 'f')
     ORDER BY contype DESC, conname`,
  );
  for (const ix of indexes) await q.query(`DROP INDEX ${quoteIdent(ix.name)}`);
  for (const c of [...constraints].reverse())
    await q.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${quoteIdent(c.name)}`);
  return [
    ...indexes,
    ...constraints.map((c) => ({
      name: c.name,
      definition: `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`,
    })),
  ];
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Prepares on the calling thread. The next batch is prepared while the database stores the current
 * one (on PostgreSQL the two run on different cores; on PGlite they take turns).
 */
async function* preparedInThread(vault: PiiVault, stream: SeedStream): AsyncGenerator<PreparedSeedBatch> {
  let index = 0;
  for (const batch of generateDemoData(stream)) yield prepareSeedBatch(vault, batch, index++, stream);
}

const WORKER_CREDIT = 4;
/** Batches prepared on the calling thread while the workers start. */
const IN_THREAD_FIRST = 6;

/**
 * Prepares the first IN_THREAD_FIRST batches here, then in `count` worker threads, each taking every
 * `count`-th batch after those; yields them in stream order.
 * Each worker keeps at most WORKER_CREDIT batches ahead of what has been taken.
 */
async function* preparedInWorkers(
  vault: PiiVault,
  stream: SeedStream,
  count: number,
): AsyncGenerator<PreparedSeedBatch> {
  const { subjects, batchSize } = stream;
  const batches = Math.ceil(subjects / batchSize);
  const keys = vault.workerKeys();
  let failure: Error | null = null;
  const queues: PreparedSeedBatch[][] = [];
  const waiting: ((() => void) | null)[] = [];
  const pool: Worker[] = [];
  const exited: boolean[] = [];
  const wakeAll = () => {
    for (const w of waiting) w?.();
  };
  try {
    for (let slot = 0; slot < count; slot++) {
      const data: SeedWorkerData = {
        stream,
        slot,
        workers: count,
        first: Math.min(IN_THREAD_FIRST, batches),
        credit: WORKER_CREDIT,
        keys,
      };
      const worker = new Worker(new URL('./seed-worker.mjs', import.meta.url), { workerData: data });
      queues.push([]);
      waiting.push(null);
      worker.on('message', (b: PreparedSeedBatch) => {
        queues[slot].push(b);
        waiting[slot]?.();
      });
      worker.on('error', (err) => {
        failure ??= err;
        wakeAll();
      });
      worker.on('exit', (code) => {
        exited[slot] = true;
        if (code !== 0) failure ??= new Error(`seed worker ${slot} exited with code ${code}`);
        wakeAll();
      });
      pool.push(worker);
    }
    // While the workers start (loading modules takes a few hundred ms), this thread prepares the
    // first batches itself, so the database has work from the start.
    const first = Math.min(IN_THREAD_FIRST, batches);
    let index = 0;
    for (const batch of generateDemoData({ ...stream, subjects: Math.min(first * batchSize, subjects) })) {
      yield prepareSeedBatch(vault, batch, index++, stream);
    }
    for (; index < batches; index++) {
      const slot = (index - first) % count;
      while (!queues[slot].length) {
        if (failure) throw failure;
        if (exited[slot]) throw new Error(`seed worker ${slot} ended before batch ${index}`);
        await new Promise<void>((resolve) => (waiting[slot] = resolve));
        waiting[slot] = null;
      }
      const batch = queues[slot].shift()!;
      if (batch.index !== index)
        throw new Error(`seed worker ${slot} sent batch ${batch.index}, expected ${index}`);
      pool[slot].postMessage({ credit: 1 });
      yield batch;
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
