// The write-behind recorder of checks (比对记录) on a real database: a value the database refuses is
// set aside alone and the rest of its batch is stored; a transient failure keeps the batch for the
// next flush; a full backlog refuses new checks instead of answering them unrecorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { CheckRecorder, type CheckRow, isTransient } from '../../src/modules/sanctions/recorder.ts';
import { AppError } from '../../src/shared/errors.ts';
import { freshDatabase } from '../support/db.ts';

let f: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  f = await freshDatabase();
  await migrate(f.db);
});
afterAll(async () => {
  await f?.drop();
});

let serial = 0;
function row(over: Partial<CheckRow> = {}): CheckRow {
  serial++;
  return {
    checkId: `CKTEST${serial}`,
    checkedAt: new Date('2026-11-29T08:00:00Z'),
    clientKind: 'API_CLIENT',
    clientId: 'c1',
    clientName: '测试业务系统',
    departmentId: null,
    regionCode: '220100',
    subjectKey: '91220101MA0000001X',
    subjectId: null,
    matter: 'GOV_PROCUREMENT',
    reference: `REF-${serial}`,
    result: 'CLEAR',
    hits: [],
    ...over,
  };
}

const stored = async (ids: string[]) =>
  (
    await f.db.query<{ check_id: string }>('SELECT check_id FROM checks WHERE check_id = ANY($1::text[])', [
      ids,
    ])
  ).map((r) => r.check_id);

describe('CheckRecorder', () => {
  it('sets a refused row aside and stores the rest of its batch; a full backlog refuses new checks', async () => {
    const errors: Error[] = [];
    const recorder = new CheckRecorder(f.db, (e) => errors.push(e), 3_600_000, 5);
    const rows = [row(), row(), row({ result: 'MAYBE' as never }), row(), row()];
    for (const r of rows) recorder.add(r);

    expect(() => recorder.admit()).toThrow(AppError);
    try {
      recorder.admit();
    } catch (err) {
      expect(err).toMatchObject({ status: 503, code: 'CHECK_RECORDER_BACKLOG' });
    }

    await recorder.flush();
    expect(recorder.backlog).toBe(0);
    const good = rows.filter((_, i) => i !== 2).map((r) => r.checkId);
    expect((await stored(good)).sort()).toEqual([...good].sort());
    expect(await stored([rows[2].checkId])).toEqual([]);
    const [aside] = await f.db.query<{ check_id: string; error_code: string; row: string }>(
      `SELECT check_id, error_code, convert_from(row_json, 'UTF8') AS row FROM check_write_failures`,
    );
    expect(aside).toMatchObject({ check_id: rows[2].checkId, error_code: '23514' });
    expect(JSON.parse(aside.row)).toMatchObject({ checkId: rows[2].checkId, result: 'MAYBE' });
    expect(errors.length).toBeGreaterThan(0);

    // The recorder goes on: the next checks are admitted and stored.
    recorder.admit(5);
    const next = row();
    recorder.add(next);
    await recorder.close();
    expect(await stored([next.checkId])).toEqual([next.checkId]);
  });

  it('keeps a batch that failed for a transient reason and stores it on the next flush', async () => {
    let failures = 1;
    const flaky: Db = {
      ...f.db,
      kind: f.db.kind,
      query: (sql, params) => f.db.query(sql, params),
      exec: (sql) => f.db.exec(sql),
      close: () => f.db.close(),
      transaction: (fn) => {
        if (failures-- > 0)
          return Promise.reject(Object.assign(new Error('terminating connection'), { code: '57P01' }));
        return f.db.transaction(fn);
      },
    };
    const recorder = new CheckRecorder(flaky, () => {}, 3_600_000);
    const rows = [row(), row()];
    for (const r of rows) recorder.add(r);
    await recorder.flush();
    expect(recorder.backlog).toBe(2);
    expect(await stored(rows.map((r) => r.checkId))).toEqual([]);
    await recorder.close();
    expect(recorder.backlog).toBe(0);
    expect((await stored(rows.map((r) => r.checkId))).length).toBe(2);
  });

  it('tells transient failures from refused values', () => {
    expect(isTransient(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: '40P01' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
  });
});
