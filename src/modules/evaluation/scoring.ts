// The batch scoring path: facts loaded per chunk of subjects, scored by the pure `evaluate`
// (chunk-score.ts), results and history stored, grade changes written to the credit log; full
// resumable runs and re-scoring from the credit log's leaves.
//
// Speed (bench/evaluation.ts): one statement reads a chunk's subjects with their facts and stored
// results, each subject's records packed into one text value from an index-only scan of
// credit_records_subject_idx (it carries every column scoring reads); a chunk's explanations (compact,
// stored-result.ts) go to the server as one text value, separated by RS (JSON escapes control
// characters, so RS never occurs inside one), each parsed once, not as an array literal of 5,000
// escaped strings; a result whose model, state, score, grade and explanation are all unchanged is not
// written at all; and a full run reads the next chunk and scores it in a worker thread while the
// previous one is being written.
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { decodeEntry } from '../ledger/entry.ts';
import { factsOf, type Models, RS, type Scored, type SubjectRow, scoreChunk } from './chunk-score.ts';
import { inThreadScorer, workerScorer } from './chunk-scorer.ts';
import type { Facts, Model } from './score.ts';

/** Subjects a chunk: a full run reads, scores and writes this many at a time. */
const CHUNK = 5_000;

/** Parsed models by database and id: a stored model version never changes, so each is read once. */
const modelCaches = new WeakMap<Queryable, Map<number, Model>>();

/**
 * The active model of each subject type, read for every chunk (a model activated during a run applies
 * from the next chunk); only the ids are read unless a model is new to this database handle.
 */
async function activeModels(q: Queryable): Promise<Models> {
  const active = await q.query<{ id: number; subject_type: string }>(
    `SELECT id, subject_type FROM evaluation_models WHERE status = 'ACTIVE'`,
  );
  const modelCache = modelCaches.get(q) ?? new Map<number, Model>();
  modelCaches.set(q, modelCache);
  const missing = active.filter((m) => !modelCache.has(m.id)).map((m) => m.id);
  if (missing.length)
    for (const m of await q.query<{ id: number; model: Model }>(
      'SELECT id, model FROM evaluation_models WHERE id = ANY($1::int[])',
      [missing],
    ))
      modelCache.set(m.id, m.model);
  return new Map(active.map((m) => [m.subject_type, { id: m.id, model: modelCache.get(m.id) as Model }]));
}

interface Chunk {
  subjects: SubjectRow[];
  models: Models;
}

/**
 * The subjects matching `where` (in id order, at most `limit`), each with its facts — registration
 * date, active records, list entries in force on $2 — and its stored result, in one statement: the
 * records come from an index-only scan of credit_records_subject_idx per subject, packed into one text
 * value each (far cheaper to receive than a row a record). $1 and $3 are `where`'s; $4 the limit.
 * `stored` restricts the stored results the same way as `where` the subjects: the planner does not
 * carry a condition on s.id over to the outer join's side, and a merge join would otherwise read
 * every stored result from the first one on for each chunk (a full run quadratic in subjects).
 */
const READ = (where: string, stored: string) => `
  SELECT s.id, s.public_id, s.type, s.established_on::text AS established_on,
    (SELECT string_agg(r.public_id || E'\\x1f' || r.item_code || E'\\x1f' || coalesce(r.tier, '') || E'\\x1f'
         || r.decision_date::text || E'\\x1f' || array_to_string(r.kinds, ','), E'\\x1e')
       FROM credit_records r WHERE r.subject_id = s.id AND r.status = 'ACTIVE') AS records,
    (SELECT string_agg(l.public_id || E'\\x1f' || l.list_type, E'\\x1e')
       FROM list_entries l WHERE l.subject_id = s.id AND l.status = 'PUBLISHED'
         AND l.valid_from <= $2::date AND l.valid_to >= $2::date) AS lists,
    e.model_id, e.state, e.score, e.grade, md5(e.result::text) AS hash
  FROM subjects s LEFT JOIN subject_evaluations e ON e.subject_id = s.id AND ${stored}
  WHERE ${where} ORDER BY s.id LIMIT $4`;
const READ_IDS = READ('s.id = ANY($1::bigint[]) AND $3::text IS NULL', 'e.subject_id = ANY($1::bigint[])');
const READ_NEXT = READ(
  's.id > $1::bigint AND ($3::text IS NULL OR s.type = $3)',
  'e.subject_id > $1::bigint',
);

/** The subjects (by ids, or the next `limit` after an id), their facts and stored results, and the active models. */
async function readChunk(
  q: Queryable,
  today: string,
  by: { ids: number[] } | { after: number; subjectType: string | null; limit: number },
): Promise<Chunk | null> {
  const [subjects, models] = await Promise.all([
    'ids' in by
      ? q.query<SubjectRow>(READ_IDS, [by.ids, today, null, by.ids.length])
      : q.query<SubjectRow>(READ_NEXT, [by.after, today, by.subjectType, by.limit]),
    activeModels(q),
  ]);
  return subjects.length ? { subjects, models } : null;
}

/** The facts each subject is scored on: registration date, valid records, list entries in force. */
export async function loadFacts(q: Queryable, ids: number[], today: string) {
  const facts = new Map<number, { type: string; facts: Facts }>();
  const c = await readChunk(q, today, { ids });
  for (const s of c?.subjects ?? []) facts.set(Number(s.id), { type: s.type, facts: factsOf(s) });
  return facts;
}

/**
 * Stores the changed results in one transaction: the result row, a history row when state, score or
 * grade changed, an `evaluation.changed` log entry when grade or state changed, and the run's progress.
 */
async function storeChunk(
  deps: AppDeps,
  s: Scored,
  at: Date,
  progress: { runId: number; processed: number; last: number } | null,
): Promise<void> {
  const advance = (q: Queryable) =>
    progress
      ? q.query('UPDATE evaluation_runs SET processed = processed + $2, last_subject_id = $3 WHERE id = $1', [
          progress.runId,
          progress.processed,
          progress.last,
        ])
      : Promise.resolve([]);
  if (!s.ids.length) {
    await advance(deps.db);
    return;
  }
  await deps.db.transaction(async (tx) => {
    const changed = await tx.query<{
      subject_id: string;
      state: string;
      score: number | null;
      grade: string | null;
      grade_changed: boolean;
    }>(
      `WITH input AS (
         SELECT u.subject_id, u.model_id, u.state, u.score, u.grade, r.result::json AS result
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY
           AS u(subject_id, model_id, state, score, grade, n)
         JOIN string_to_table($6::text, E'\\x1e') WITH ORDINALITY AS r(result, n) USING (n)),
       old AS (SELECT e.subject_id, e.state, e.score, e.grade FROM subject_evaluations e JOIN input i USING (subject_id)),
       up AS (
         INSERT INTO subject_evaluations (subject_id, model_id, state, score, grade, result, computed_at)
         SELECT subject_id, model_id, state, score, grade, result, $7 FROM input
         ON CONFLICT (subject_id) DO UPDATE SET model_id = EXCLUDED.model_id, state = EXCLUDED.state, score = EXCLUDED.score,
           grade = EXCLUDED.grade, result = EXCLUDED.result, computed_at = EXCLUDED.computed_at
         RETURNING subject_id),
       diff AS (
         SELECT i.subject_id, i.model_id, i.state, i.score, i.grade,
           (o.grade IS DISTINCT FROM i.grade OR o.state IS DISTINCT FROM i.state) AS grade_changed
         FROM input i LEFT JOIN old o USING (subject_id)
         WHERE o.subject_id IS NULL OR o.state IS DISTINCT FROM i.state OR o.score IS DISTINCT FROM i.score
           OR o.grade IS DISTINCT FROM i.grade),
       hist AS (
         INSERT INTO evaluation_history (subject_id, model_id, state, score, grade, computed_at)
         SELECT subject_id, model_id, state, score, grade, $7 FROM diff RETURNING subject_id)
       SELECT subject_id, state, score, grade, grade_changed FROM diff`,
      [s.ids, s.modelIds, s.states, s.scores, s.grades, s.results.join(RS), at],
    );
    // A changed grade is a credit-state change: into the credit log, where other modules read it.
    await deps.ledger.append(
      tx,
      changed
        .filter((c) => c.grade_changed)
        .map((c) => {
          const subject = s.publicIds.get(Number(c.subject_id)) as string;
          return {
            type: 'evaluation.changed',
            subject,
            objectType: 'evaluation',
            objectId: subject,
            version: Math.floor(at.getTime() / 1000),
            content: { subject, state: c.state, score: c.score, grade: c.grade },
            actor: 'system:evaluation',
          };
        }),
    );
    await advance(tx);
  });
}

/**
 * Scores the subjects and stores the results that changed; history gets a row when state, score or
 * grade changed. Returns how many subjects were scored.
 */
export async function scoreSubjects(deps: AppDeps, ids: number[], at: Date): Promise<number> {
  const today = shanghaiDate(at);
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const c = await readChunk(deps.db, today, { ids: ids.slice(i, i + CHUNK) });
    if (!c) continue;
    const s = scoreChunk(c.subjects, c.models, today);
    await storeChunk(deps, s, at, null);
    n += s.scored;
  }
  return n;
}

/**
 * Everyone (or every subject of one type), in subject order, resumable: an unfinished run is
 * continued from the last subject it finished rather than started again.
 */
export async function fullRun(
  deps: AppDeps,
  at: Date,
  reason: string,
  subjectType: string | null = null,
): Promise<number> {
  const { db } = deps;
  let [run] = await db.query<{ id: number }>(
    `SELECT id FROM evaluation_runs WHERE status = 'RUNNING' AND subject_type IS NOT DISTINCT FROM $1 ORDER BY id DESC LIMIT 1`,
    [subjectType],
  );
  run ??= await startRun(deps, reason, subjectType);
  return continueRun(deps, run.id, at);
}

export async function startRun(
  deps: AppDeps,
  reason: string,
  subjectType: string | null,
): Promise<{ id: number }> {
  const [run] = await deps.db.query<{ id: number }>(
    `INSERT INTO evaluation_runs (reason, subject_type, total)
     SELECT $1, $2, count(*) FROM subjects WHERE $2::text IS NULL OR type = $2 RETURNING id`,
    [reason, subjectType],
  );
  return run;
}

/** Never rejects unobserved: the promise is still awaited (and throws) where it is used. */
function observed<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Continues a run from its last finished subject. Chunks are written strictly in order, each with
 * the run's progress in the same transaction, so an interrupted run resumes exactly after the last
 * chunk stored. While one chunk is being written, the next is read and scored.
 */
export async function continueRun(deps: AppDeps, runId: number, at: Date, chunk = CHUNK): Promise<number> {
  const { db } = deps;
  const [run] = await db.query<{
    last_subject_id: string;
    subject_type: string | null;
    total: number;
    processed: number;
  }>('SELECT last_subject_id, subject_type, total, processed FROM evaluation_runs WHERE id = $1', [runId]);
  const today = shanghaiDate(at);
  const read = (after: number) =>
    readChunk(db, today, { after, subjectType: run.subject_type, limit: chunk });
  const scorer = run.total - run.processed > chunk ? workerScorer() : inThreadScorer;
  try {
    // An interrupted run stays RUNNING: the next fullRun of the same scope continues from here.
    let next = observed(read(Number(run.last_subject_id)));
    let writing: Promise<void> = Promise.resolve();
    let done = 0;
    for (;;) {
      const c = await next;
      if (!c) break;
      const last = Number(c.subjects[c.subjects.length - 1].id);
      next = observed(read(last));
      // Meanwhile this thread sends the previous chunk's write and receives the next chunk.
      const scored = await scorer.score(c.subjects, c.models, today);
      await writing;
      writing = observed(storeChunk(deps, scored, at, { runId, processed: c.subjects.length, last }));
      done += c.subjects.length;
    }
    await writing;
    await db.query(`UPDATE evaluation_runs SET status = 'DONE', finished_at = now() WHERE id = $1`, [runId]);
    return done;
  } finally {
    await scorer.close();
  }
}

/**
 * Re-scores the subjects named by credit-log leaves sequenced since the last call (records
 * accepted, updated, withdrawn, publication ended; list entries decided, removed, expired …).
 */
export async function rescoreFromLog(deps: AppDeps, at: Date): Promise<number> {
  const { db } = deps;
  const [{ ledger_idx }] = await db.query<{ ledger_idx: string }>(
    'SELECT ledger_idx FROM evaluation_cursor WHERE id = 1',
  );
  const leaves = await db.query<{ idx: string; entry: Uint8Array }>(
    'SELECT idx, entry FROM ledger_leaves WHERE idx >= $1 ORDER BY idx LIMIT 20000',
    [ledger_idx],
  );
  if (!leaves.length) return 0;
  // Its own grade changes are in the log too: they need no re-scoring.
  const publicIds = [
    ...new Set(
      leaves
        .map((l) => decodeEntry(l.entry))
        .filter((e) => e.objectType !== 'evaluation' && e.subject)
        .map((e) => e.subject as string),
    ),
  ];
  const ids = publicIds.length
    ? (
        await db.query<{ id: string }>('SELECT id FROM subjects WHERE public_id = ANY($1::text[])', [
          publicIds,
        ])
      ).map((r) => Number(r.id))
    : [];
  const n = await scoreSubjects(deps, ids, at);
  await db.query('UPDATE evaluation_cursor SET ledger_idx = $1 WHERE id = 1', [
    Number(leaves[leaves.length - 1].idx) + 1,
  ]);
  return n;
}
