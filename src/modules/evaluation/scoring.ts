// The batch scoring path: facts loaded per chunk of subjects, scored by the pure `evaluate`, results
// and history stored, grade changes written to the credit log; full resumable runs and re-scoring
// from the credit log's leaves.
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { decodeEntry } from '../ledger/entry.ts';
import { type Evaluation, evaluate, type Facts, type Model } from './score.ts';

async function activeModels(q: Queryable): Promise<Map<string, { id: number; model: Model }>> {
  const rows = await q.query<{ id: number; subject_type: string; model: Model }>(
    `SELECT id, subject_type, model FROM evaluation_models WHERE status = 'ACTIVE'`,
  );
  return new Map(rows.map((r) => [r.subject_type, { id: r.id, model: r.model }]));
}

/** The facts each subject is scored on: registration date, valid records, list entries in force. */
export async function loadFacts(q: Queryable, ids: number[], today: string) {
  const [subjects, records, lists] = await Promise.all([
    q.query<{ id: string; type: string; established_on: string | null }>(
      'SELECT id, type, established_on::text AS established_on FROM subjects WHERE id = ANY($1::bigint[])',
      [ids],
    ),
    q.query<{
      subject_id: string;
      public_id: string;
      item_code: string;
      tier: string | null;
      decision_date: string;
    }>(
      `SELECT subject_id, public_id, item_code, tier, decision_date::text AS decision_date FROM credit_records
       WHERE subject_id = ANY($1::bigint[]) AND status = 'ACTIVE'`,
      [ids],
    ),
    q.query<{ subject_id: string; public_id: string; list_type: string }>(
      `SELECT subject_id, public_id, list_type FROM list_entries WHERE subject_id = ANY($1::bigint[])
         AND status = 'PUBLISHED' AND valid_from <= $2::date AND valid_to >= $2::date`,
      [ids, today],
    ),
  ]);
  const facts = new Map<number, { type: string; facts: Facts }>();
  for (const s of subjects)
    facts.set(Number(s.id), {
      type: s.type,
      facts: { establishedOn: s.established_on, records: [], lists: [] },
    });
  for (const r of records)
    facts.get(Number(r.subject_id))?.facts.records.push({
      id: r.public_id,
      itemCode: r.item_code,
      tier: r.tier,
      decisionDate: r.decision_date,
    });
  for (const l of lists)
    facts.get(Number(l.subject_id))?.facts.lists.push({ entryId: l.public_id, listType: l.list_type });
  return facts;
}

/** Scores the subjects and stores results; history gets a row when state, score or grade changed. */
export async function scoreSubjects(deps: AppDeps, ids: number[], at: Date): Promise<number> {
  const { db } = deps;
  if (!ids.length) return 0;
  const today = shanghaiDate(at);
  const models = await activeModels(db);
  const facts = await loadFacts(db, ids, today);
  const out: { id: number; modelId: number; e: Evaluation }[] = [];
  for (const [id, f] of facts) {
    const m = models.get(f.type);
    if (m) out.push({ id, modelId: m.id, e: evaluate(m.model, f.facts, today) });
  }
  if (!out.length) return 0;
  await db.transaction(async (tx) => {
    const changed = await tx.query<{
      public_id: string;
      state: string;
      score: number | null;
      grade: string | null;
      grade_changed: boolean;
    }>(
      `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::int[], $5::text[], $6::jsonb[])
           AS u(subject_id, model_id, state, score, grade, result)),
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
       SELECT s.public_id, d.state, d.score, d.grade, d.grade_changed FROM diff d JOIN subjects s ON s.id = d.subject_id`,
      [
        out.map((o) => o.id),
        out.map((o) => o.modelId),
        out.map((o) => o.e.state),
        out.map((o) => o.e.score),
        out.map((o) => o.e.grade),
        out.map((o) => JSON.stringify({ dimensions: o.e.dimensions, reasons: o.e.reasons })),
        at,
      ],
    );
    // A changed grade is a credit-state change: into the credit log, where other modules read it.
    await deps.ledger.append(
      tx,
      changed
        .filter((c) => c.grade_changed)
        .map((c) => ({
          type: 'evaluation.changed',
          subject: c.public_id,
          objectType: 'evaluation',
          objectId: c.public_id,
          version: Math.floor(at.getTime() / 1000),
          content: { subject: c.public_id, state: c.state, score: c.score, grade: c.grade },
          actor: 'system:evaluation',
        })),
    );
  });
  return out.length;
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

export async function continueRun(deps: AppDeps, runId: number, at: Date, chunk = 5_000): Promise<number> {
  const { db } = deps;
  const [run] = await db.query<{ last_subject_id: string; subject_type: string | null }>(
    'SELECT last_subject_id, subject_type FROM evaluation_runs WHERE id = $1',
    [runId],
  );
  // An interrupted run stays RUNNING: the next fullRun of the same scope continues from here.
  let after = Number(run.last_subject_id);
  let done = 0;
  for (;;) {
    const ids = (
      await db.query<{ id: string }>(
        'SELECT id FROM subjects WHERE id > $1 AND ($3::text IS NULL OR type = $3) ORDER BY id LIMIT $2',
        [after, chunk, run.subject_type],
      )
    ).map((r) => Number(r.id));
    if (!ids.length) break;
    await scoreSubjects(deps, ids, at);
    after = ids[ids.length - 1];
    done += ids.length;
    await db.query(
      'UPDATE evaluation_runs SET processed = processed + $2, last_subject_id = $3 WHERE id = $1',
      [runId, ids.length, after],
    );
  }
  await db.query(`UPDATE evaluation_runs SET status = 'DONE', finished_at = now() WHERE id = $1`, [runId]);
  return done;
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
