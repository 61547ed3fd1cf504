// Full runs of the evaluation: a result that did not change is not written again (no history row, no
// log entry, computed_at kept); a changed one is, with its history row and, on a grade change, its
// evaluation.changed log entry; a new model version is stored on every result of its type without
// history rows when nothing else changed; an interrupted run resumes after the last subject stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continueRun, startRun } from '../../src/modules/evaluation/scoring.ts';
import { fullRun } from '../../src/modules/evaluation/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
/** The demo seeding's full run: later runs score as of the same day, so nothing decays in between. */
let at: Date;

interface Snapshot {
  results: Map<string, string>;
  history: number;
  changed: number;
}

async function snapshot(): Promise<Snapshot> {
  const rows = await t.deps.db.query<{ subject_id: string; row: string }>(
    `SELECT subject_id::text, concat_ws('|', model_id, state, score, grade, computed_at, md5(result::text)) AS row
     FROM subject_evaluations`,
  );
  const [c] = await t.deps.db.query<{ history: number; changed: number }>(
    `SELECT (SELECT count(*)::int FROM evaluation_history) AS history,
       (SELECT count(*)::int FROM ledger_queue WHERE entry_type = 'evaluation.changed')
         + (SELECT count(*)::int FROM ledger_leaves WHERE convert_from(entry, 'UTF8') LIKE '%"evaluation.changed"%') AS changed`,
  );
  return { results: new Map(rows.map((r) => [r.subject_id, r.row])), ...c };
}

const runs = () =>
  t.deps.db.query<{ status: string; total: number; processed: number }>(
    'SELECT status, total, processed FROM evaluation_runs ORDER BY id',
  );

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 300 });
  const [r] = await t.deps.db.query<{ at: Date }>('SELECT max(computed_at) AS at FROM subject_evaluations');
  at = r.at;
});
afterAll(async () => t?.close());

describe('full evaluation runs', () => {
  it('leave unchanged results, their history and the credit log alone', async () => {
    const before = await snapshot();
    expect(before.results.size).toBeGreaterThan(0);
    expect(before.history).toBeGreaterThanOrEqual(before.results.size);
    const n = await fullRun(t.deps, at, 'test: nothing changed');
    expect(n).toBe(before.results.size);
    const after = await snapshot();
    expect(after.history).toBe(before.history);
    expect(after.changed).toBe(before.changed);
    expect(after.results).toEqual(before.results);
    expect((await runs()).at(-1)).toMatchObject({ status: 'DONE', processed: n, total: n });
  });

  it('score in a worker thread exactly as on the calling thread (a run of several chunks)', async () => {
    const before = await snapshot();
    const run = await startRun(t.deps, 'test: worker thread', null);
    // 40 subjects a chunk: more than one chunk to go, so the chunks are scored in the worker thread.
    const n = await continueRun(t.deps, run.id, at, 40);
    expect(n).toBe(before.results.size);
    expect(n).toBeGreaterThan(40 * 3);
    const after = await snapshot();
    expect(after.results).toEqual(before.results);
    expect(after.history).toBe(before.history);
    expect(after.changed).toBe(before.changed);
    expect((await runs()).at(-1)).toMatchObject({ status: 'DONE', processed: n, total: n });
  });

  it('write a changed result with its history row and log entry, and nothing else', async () => {
    const [s] = await t.deps.db.query<{ id: string; public_id: string; score: number; grade: string }>(
      `SELECT s.id::text, s.public_id, e.score, e.grade FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
       WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED'
         AND NOT EXISTS (SELECT 1 FROM credit_records r WHERE r.subject_id = s.id AND r.tier = 'SERIOUS')
       ORDER BY s.id LIMIT 1`,
    );
    // A serious penalty decided that day, written directly: only this subject's facts change.
    await t.deps.db.query(
      `INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
         decision_no, authority_code, authority_name, decision_date, tier, party_name, party_class, kinds, fields,
         content_hash, status, intake_date, working_days_to_intake, late, regime, public_until, minimum_until, is_public)
       SELECT 'TESTRUN1', item_id, item_code, category, $1, department_id, region_code, 'TESTRUN1', authority_code,
         authority_name, $2::date, 'SERIOUS', party_name, party_class, kinds, fields, content_hash, 'ACTIVE', $2::date, 0,
         false, regime, public_until, minimum_until, is_public
       FROM credit_records WHERE item_code = 'ADMIN_PENALTY' AND tier = 'SERIOUS' ORDER BY id LIMIT 1`,
      [s.id, at.toISOString().slice(0, 10)],
    );
    const before = await snapshot();
    await fullRun(t.deps, at, 'test: one subject changed');
    const after = await snapshot();
    const moved = [...after.results].filter(([id, row]) => before.results.get(id) !== row).map(([id]) => id);
    expect(moved).toEqual([s.id]);
    expect(after.history).toBe(before.history + 1);
    const [now] = await t.deps.db.query<{ score: number; grade: string }>(
      'SELECT score, grade FROM subject_evaluations WHERE subject_id = $1',
      [s.id],
    );
    expect(now.score).toBeLessThan(s.score);
    expect(after.changed).toBe(before.changed + (now.grade === s.grade ? 0 : 1));
  });

  it('store a new model version on every result of its type, without history rows', async () => {
    await t.deps.db.query(
      `WITH old AS (UPDATE evaluation_models SET status = 'RETIRED' WHERE subject_type = 'ENTERPRISE' AND status = 'ACTIVE'
         RETURNING model)
       INSERT INTO evaluation_models (subject_type, version, model, status, activated_at, created_by)
       SELECT 'ENTERPRISE', 'test-same', model, 'ACTIVE', now(), 'test' FROM old`,
    );
    const before = await snapshot();
    await fullRun(t.deps, at, 'test: same model, new version', 'ENTERPRISE');
    const after = await snapshot();
    expect(after.history).toBe(before.history);
    expect(after.changed).toBe(before.changed);
    const [c] = await t.deps.db.query<{ stale: number; current: number }>(
      `SELECT count(*) FILTER (WHERE m.version <> 'test-same')::int AS stale,
         count(*) FILTER (WHERE m.version = 'test-same')::int AS current
       FROM subject_evaluations e JOIN subjects s ON s.id = e.subject_id JOIN evaluation_models m ON m.id = e.model_id
       WHERE s.type = 'ENTERPRISE'`,
    );
    expect(c).toMatchObject({ stale: 0 });
    expect(c.current).toBeGreaterThan(0);
  });

  it('resume an interrupted run after the last subject it stored', async () => {
    const ids = (await t.deps.db.query<{ id: string }>('SELECT id FROM subjects ORDER BY id')).map((r) =>
      Number(r.id),
    );
    const half = ids[Math.floor(ids.length / 2)];
    // As an interrupted run leaves it: RUNNING, progress up to `half`.
    await t.deps.db.query(
      `INSERT INTO evaluation_runs (reason, total, processed, last_subject_id) VALUES ('test: interrupted', $1, $2, $3)`,
      [ids.length, ids.indexOf(half) + 1, half],
    );
    const rest = ids.filter((id) => id > half).length;
    expect(await fullRun(t.deps, at, 'test: must not start a new run')).toBe(rest);
    const last = (await runs()).at(-1);
    expect(last).toMatchObject({ status: 'DONE', total: ids.length, processed: ids.length });
  });
});
