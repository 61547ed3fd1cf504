import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';
import { rescoreFromLog } from '../../src/modules/evaluation/service.ts';
import { compactResult, type StoredResult } from '../../src/modules/evaluation/stored-result.ts';
import { shanghaiDate } from '../../src/shared/clock.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Record<string, string>;

interface Result {
  state: string;
  score: number | null;
  grade: string | null;
  dimensions: {
    points: number;
    max: number;
    indicators: { code: string; points: number; evidence: string[] }[];
  }[];
  reasons: string[];
}

const evaluation = async (code: string, headers = admin) => {
  const res = await t.app.inject({ url: `/api/v1/subjects/${code}/evaluation`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Result;
};

/** A serious penalty about the subject, through the intake API, shaped like a demo penalty. */
const postSeriousPenalty = async (subjectId: number, uscc: string, decided: string, no: string) => {
  const [template] = await t.deps.db.query<{ fields: Record<string, string> }>(
    `SELECT fields FROM credit_records WHERE item_code = 'ADMIN_PENALTY' AND tier = 'SERIOUS' LIMIT 1`,
  );
  expect(template).toBeTruthy();
  const [subject] = await t.deps.db.query<{ name: string }>('SELECT name FROM subjects WHERE id = $1', [
    subjectId,
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/intake/ADMIN_PENALTY',
    headers: { authorization: `Bearer ${t.credentials.apiClients[0].key}` },
    payload: {
      records: [
        { ...template.fields, CF_XDR_MC: subject.name, CF_XDR_SHXYM: uscc, CF_WSH: no, CF_JDRQ: decided },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  const row = res.json().results[0] as { status: string; recordId: string; errors: unknown[] };
  expect(row.status, JSON.stringify(row.errors)).toBe('accepted');
  return row;
};

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 300 });
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => t?.close());

describe('public credit evaluation', () => {
  it('scores every demo subject; points add up exactly; the grade follows the active thresholds', async () => {
    const [{ n, scored }] = await t.deps.db.query<{ n: number; scored: number }>(
      'SELECT (SELECT count(*)::int FROM subjects) AS n, (SELECT count(*)::int FROM subject_evaluations) AS scored',
    );
    expect(scored).toBe(n);
    const model = (
      await t.app.inject({ url: '/api/v1/evaluation/models/active?subjectType=ENTERPRISE', headers: admin })
    ).json();
    expect(model.dimensions.map((d: { name: string }) => d.name)).toEqual([
      '遵纪守法',
      '履约践诺',
      '资质荣誉',
      '社会责任',
      '监管风险',
    ]);
    const [s] = await t.deps.db.query<{ uscc: string }>(
      `SELECT s.uscc FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED' LIMIT 1`,
    );
    const r = await evaluation(s.uscc);
    const sum = r.dimensions.reduce((a, d) => a + d.indicators.reduce((b, i) => b + i.points, 0), 0);
    expect(r.score).toBe(sum);
    const { A, B, C } = model.thresholds;
    expect(r.grade).toBe(r.score! >= A ? 'A' : r.score! >= B ? 'B' : r.score! >= C ? 'C' : 'D');
  });

  it('migration 0019 turns explanations stored in full into the compact form, and they read the same', async () => {
    const rows = await t.deps.db.query<{ uscc: string; subject_id: number }>(
      `SELECT s.uscc, e.subject_id FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
       WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED' AND e.result::text LIKE '%"evidence":{"%' ORDER BY s.id LIMIT 5`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const before = new Map<number, Result>();
    for (const r of rows) {
      const read = await evaluation(r.uscc);
      before.set(r.subject_id, read);
      // As a result was stored before 0019: the whole explanation.
      await t.deps.db.query('UPDATE subject_evaluations SET result = $2::json WHERE subject_id = $1', [
        r.subject_id,
        JSON.stringify({ dimensions: read.dimensions, reasons: read.reasons }),
      ]);
    }
    await t.deps.db.exec(loadMigrations().find((m) => m.version === 19)!.sql);
    for (const r of rows) {
      const want = before.get(r.subject_id)!;
      expect(await evaluation(r.uscc)).toEqual(want);
      const [{ result }] = await t.deps.db.query<{ result: StoredResult }>(
        'SELECT result FROM subject_evaluations WHERE subject_id = $1',
        [r.subject_id],
      );
      expect(result).toEqual(compactResult(want));
    }
  });

  it('a new serious penalty lowers the score through the event feed; its withdrawal restores it', async () => {
    const [s] = await t.deps.db.query<{ id: number; uscc: string }>(
      `SELECT s.id, s.uscc FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
       WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED' AND s.uscc IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM credit_records r WHERE r.subject_id = s.id AND r.tier = 'SERIOUS') LIMIT 1`,
    );
    const before = await evaluation(s.uscc);
    const row = await postSeriousPenalty(
      s.id,
      s.uscc,
      new Date().toISOString().slice(0, 10),
      `吉测罚〔2026〕${s.id}号`,
    );
    await t.deps.ledger.flush();
    await rescoreFromLog(t.deps, t.deps.clock.now());
    const after = await evaluation(s.uscc);
    expect(after.score!).toBeLessThan(before.score!);
    expect(after.reasons.join()).toContain('严重行政处罚');
    const serious = after.dimensions[0].indicators.find((i) => i.code === 'LAW_PENALTY_SERIOUS')!;
    expect(serious.evidence).toContain(row.recordId);

    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/records/${row.recordId}/withdraw`,
      headers: admin,
      payload: { reason: '复议撤销' },
    });
    expect(withdrawn.statusCode).toBe(200);
    await t.deps.ledger.flush();
    await rescoreFromLog(t.deps, t.deps.clock.now());
    expect((await evaluation(s.uscc)).score).toBe(before.score);
    const history = (
      await t.app.inject({ url: `/api/v1/subjects/${s.uscc}/evaluation/history`, headers: admin })
    ).json();
    expect(history.items.length).toBeGreaterThanOrEqual(3);
  });

  it('is not public by default; the subject itself may see it and ask for a human review', async () => {
    const [own] = await t.deps.db.query<{ public_id: string }>(
      "SELECT s.public_id FROM users u JOIN subjects s ON s.id = u.subject_id WHERE u.username = 'subject-demo'",
    );
    expect((await t.app.inject({ url: `/api/v1/subjects/${own.public_id}/evaluation` })).statusCode).toBe(
      401,
    );
    const self = await loginAs(t.app, 'subject-demo');
    const mine = await evaluation(own.public_id, self);
    expect(['RATED', 'INSUFFICIENT']).toContain(mine.state);
    const bank = await loginAs(t.app, 'bank-demo');
    expect(
      (await t.app.inject({ url: `/api/v1/subjects/${own.public_id}/evaluation`, headers: bank })).statusCode,
    ).toBe(403);
    const review = await t.app.inject({
      method: 'POST',
      url: `/api/v1/subjects/${own.public_id}/evaluation/review`,
      headers: self,
      payload: { reason: '处罚已履行完毕，请求复核' },
    });
    expect(review.statusCode, review.body).toBe(200);
    const queue = (await t.app.inject({ url: '/api/v1/evaluation/reviews', headers: admin })).json();
    expect(queue.items[0]).toMatchObject({
      subject: own.public_id,
      status: 'OPEN',
      reason: '处罚已履行完毕，请求复核',
    });
    // A platform administrator of another city neither sees nor resolves it.
    const [{ region_code: ownRegion }] = await t.deps.db.query<{ region_code: string }>(
      'SELECT region_code FROM subjects WHERE public_id = $1',
      [own.public_id],
    );
    const elsewhere = ownRegion.startsWith('2202') ? '220300' : '220200';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'other-city-admin',
        displayName: '他市管理员',
        password: 'Other-City-Admin-2026',
        role: 'PLATFORM_ADMIN',
        regionCode: elsewhere,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const otherCity = await loginAs(t.app, 'other-city-admin', 'Other-City-Admin-2026');
    const theirQueue = (await t.app.inject({ url: '/api/v1/evaluation/reviews', headers: otherCity })).json();
    expect(theirQueue.items.map((r: { reviewId: number }) => r.reviewId)).not.toContain(
      queue.items[0].reviewId,
    );
    const notTheirs = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evaluation/reviews/${queue.items[0].reviewId}/resolve`,
      headers: otherCity,
      payload: { status: 'CORRECTED', resolution: '越权处理' },
    });
    expect(notTheirs.json().error.code).toBe('REVIEW_NOT_FOUND');
    const resolved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evaluation/reviews/${queue.items[0].reviewId}/resolve`,
      headers: admin,
      payload: { status: 'UPHELD', resolution: '经核查，评价依据的记录真实有效，维持原结果' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const mineReviews = (
      await t.app.inject({ url: '/api/v1/evaluation/reviews/mine', headers: self })
    ).json();
    expect(mineReviews.items[0]).toMatchObject({
      status: 'UPHELD',
      resolution: '经核查，评价依据的记录真实有效，维持原结果',
    });
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evaluation/reviews/${queue.items[0].reviewId}/resolve`,
      headers: admin,
      payload: { status: 'CORRECTED', resolution: '再次处理' },
    });
    expect(twice.json().error.code).toBe('REVIEW_NOT_FOUND');
  });

  it('gives individuals without records no grade', async () => {
    const [p] = await t.deps.db.query<{ public_id: string }>(
      `SELECT public_id FROM subjects s WHERE type = 'INDIVIDUAL'
         AND NOT EXISTS (SELECT 1 FROM credit_records r WHERE r.subject_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM list_entries l WHERE l.subject_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id) LIMIT 1`,
    );
    expect(await evaluation(p.public_id)).toMatchObject({ state: 'INSUFFICIENT', score: null, grade: null });
  });
});

describe('graded random inspection plans', () => {
  it('draws by grade within the ranges, publishes the seed, repeats the draw from it, and avoids conflicts', async () => {
    const operator = await loginAs(t.app, 'cc-operator');
    const body = {
      name: '2026年第三季度食品经营抽查',
      matter: '食品经营',
      regionCode: '220100',
      subjectType: 'ENTERPRISE',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: operator,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan.seed).toMatch(/^[0-9a-f]{24}$/);
    const total = (Object.values(plan.population) as number[]).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    for (const g of ['A', 'B', 'C', 'D']) {
      const [lo, hi] = plan.ratios[g].range;
      if (plan.population[g] >= 20) {
        expect(plan.sampled[g] / plan.population[g]).toBeGreaterThanOrEqual(lo);
        expect(plan.sampled[g] / plan.population[g]).toBeLessThanOrEqual(hi);
      }
    }
    expect(plan.draw.length).toBe((Object.values(plan.sampled) as number[]).reduce((a, b) => a + b, 0));
    for (const d of plan.draw) expect(d.inspectors).toHaveLength(2);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: operator,
      payload: { ...body, seed: plan.seed },
    });
    expect(again.json().draw).toEqual(plan.draw);
    expect(again.json().populationHash).toBe(plan.populationHash);

    // A conflict of interest declared for every subject keeps that inspector out of any draw.
    const [dept] = await t.deps.db.query<{ department_id: number }>(
      "SELECT department_id FROM users WHERE username = 'cc-operator'",
    );
    const pool = await t.deps.db.query<{ id: number; name: string }>(
      'SELECT id, name FROM inspectors WHERE department_id = $1 ORDER BY id',
      [dept.department_id],
    );
    const busiest = pool
      .map((i) => ({
        ...i,
        n: plan.draw.filter((d: { inspectors: string[] }) => d.inspectors.includes(i.name)).length,
      }))
      .sort((a, b) => b.n - a.n)[0];
    expect(busiest.n).toBeGreaterThan(0);
    await t.deps.db.query(
      `INSERT INTO inspector_conflicts (inspector_id, subject_id, reason)
       SELECT $1, id, '测试：利害关系' FROM subjects ON CONFLICT DO NOTHING`,
      [busiest.id],
    );
    const avoided = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/inspections/plans',
        headers: operator,
        payload: { ...body, seed: plan.seed },
      })
    ).json();
    expect(avoided.draw.length).toBe(plan.draw.length);
    for (const d of avoided.draw) expect(d.inspectors).not.toContain(busiest.name);

    const county = await loginAs(t.app, 'nanguan-operator');
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: county,
      payload: body,
    });
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    const people = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: operator,
      payload: { ...body, subjectType: 'INDIVIDUAL' },
    });
    expect(people.statusCode).toBe(422);
    expect(people.json().error).toMatchObject({ code: 'PLAN_SUBJECT_TYPE', field: 'subjectType' });
    const read = await t.app.inject({ url: `/api/v1/inspections/plans/${plan.planId}`, headers: operator });
    expect(read.json().seed).toBe(plan.seed);
    const mine = (await t.app.inject({ url: '/api/v1/inspections/plans', headers: operator })).json();
    expect(mine.items.map((p: { planId: string }) => p.planId)).toContain(plan.planId);
    // A city sees the grades of its own region only.
    const count = async (headers: Record<string, string>) =>
      (
        (await t.app.inject({ url: '/api/v1/evaluation/distribution', headers })).json().items as {
          count: number;
        }[]
      ).reduce((n, r) => n + r.count, 0);
    const [{ n }] = await t.deps.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM subjects WHERE region_code LIKE '2201%'",
    );
    expect(await count(operator)).toBe(n);
    expect(await count(admin)).toBeGreaterThan(n);
  });
});

describe('inspection results', () => {
  it('files results as records: quarantined when wrong, idempotent, in the archive, and a problem lowers the score', async () => {
    const operator = await loginAs(t.app, 'cc-operator');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: operator,
      payload: { name: '结果录入测试', matter: '食品经营', regionCode: '220100', subjectType: 'ENTERPRISE' },
    });
    expect(created.statusCode, created.body).toBe(200);
    const plan = created.json() as {
      planId: string;
      draw: { subject: { publicId: string; code: string } }[];
    };
    const rated = new Set(
      (
        await t.deps.db.query<{ public_id: string }>(
          `SELECT s.public_id FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
           WHERE e.state = 'RATED' AND s.public_id = ANY($1::text[])`,
          [plan.draw.map((d) => d.subject.publicId)],
        )
      ).map((r) => r.public_id),
    );
    const [clean, faulty] = plan.draw.filter((d) => rated.has(d.subject.publicId));
    expect(faulty).toBeTruthy();
    const inspectionPoints = (e: Result) =>
      e.dimensions.flatMap((d) => d.indicators).find((i) => i.code === 'RISK_INSPECTION')!;
    const before = await evaluation(faulty.subject.code);
    expect(inspectionPoints(before)).toMatchObject({ points: 20, evidence: [] });

    const today = shanghaiDate(t.deps.clock.now());
    const results = [
      { subject: clean.subject.publicId, result: '01', completedOn: today },
      {
        subject: faulty.subject.code,
        result: '发现问题已责令改正',
        completedOn: today,
        findings: '食品储存温度不符合要求',
      },
    ];
    const post = (payload: object, headers: Record<string, string> = operator) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/inspections/plans/${plan.planId}/results`,
        headers,
        payload,
      });
    const first = await post({ results: [...results, { ...results[0], result: '99' }] });
    expect(first.statusCode, first.body).toBe(200);
    const outcome = first.json().results as {
      status: string;
      recordId?: string;
      errors: { field: string; code: string }[];
    }[];
    expect(outcome.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(outcome[2].errors[0]).toMatchObject({ field: 'JC_JGLB', code: 'UNKNOWN_VALUE' });
    const [{ n: quarantined }] = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM quarantine_rows WHERE batch_id = $1',
      [first.json().batchId],
    );
    expect(quarantined).toBe(1);

    const read = (
      await t.app.inject({ url: `/api/v1/inspections/plans/${plan.planId}`, headers: operator })
    ).json();
    const resultOf = (publicId: string) =>
      read.draw.find((d: { subject: { publicId: string } }) => d.subject.publicId === publicId).result;
    expect(resultOf(clean.subject.publicId)).toEqual({
      code: '01',
      completedOn: today,
      recordId: outcome[0].recordId,
    });
    expect(resultOf(faulty.subject.publicId)).toMatchObject({ code: '03', recordId: outcome[1].recordId });
    expect((await post({ results })).json().results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    const archive = await t.app.inject({
      url: `/api/v1/subjects/${faulty.subject.code}/archive`,
      headers: admin,
    });
    expect(archive.body).toContain(outcome[1].recordId!);
    const record = await t.app.inject({ url: `/api/v1/records/${outcome[1].recordId}`, headers: admin });
    expect(record.body).toContain('发现问题已责令改正：食品储存温度不符合要求');

    await t.deps.ledger.flush();
    await rescoreFromLog(t.deps, t.deps.clock.now());
    const after = await evaluation(faulty.subject.code);
    expect(inspectionPoints(after)).toMatchObject({ points: 10, evidence: [outcome[1].recordId] });
    expect(after.score).toBe(before.score! - 10);
    expect(inspectionPoints(await evaluation(clean.subject.code)).points).toBe(20);

    const notDrawn = await t.deps.db.query<{ public_id: string }>(
      `SELECT public_id FROM subjects WHERE type = 'ENTERPRISE' AND NOT (public_id = ANY($1::text[])) LIMIT 1`,
      [plan.draw.map((d) => d.subject.publicId)],
    );
    const refused = await post({ results: [{ ...results[0], subject: notDrawn[0].public_id }] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'SUBJECT_NOT_DRAWN', field: 'results[0].subject' });
    expect((await post({ results }, admin)).statusCode).toBe(403);
  });
});

describe('model governance', () => {
  it('backtests a model: grades as of a past date against serious dishonesty afterwards', async () => {
    interface Backtest {
      asOf: string;
      population: number;
      scored: number;
      grades: { grade: string; subjects: number; events: number; rate: number | null }[];
      insufficient: { subjects: number; events: number };
      monotonic: boolean;
    }
    const run = async (body: object = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/evaluation/backtest',
        headers: admin,
        payload: { subjectType: 'ENTERPRISE', horizonMonths: 6, minSubjects: 1, ...body },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Backtest;
    };
    const before = await run();
    expect(before.scored).toBe(before.population);
    expect(before.grades.reduce((n, g) => n + g.subjects, 0) + before.insufficient.subjects).toBe(
      before.scored,
    );
    const events = (b: Backtest) => b.grades.reduce((n, g) => n + g.events, 0) + b.insufficient.events;

    // An old, clean enterprise: two serious penalties known before the date, one more after it.
    const [s] = await t.deps.db.query<{ id: number; uscc: string }>(
      `SELECT s.id, s.uscc FROM subjects s WHERE s.type = 'ENTERPRISE' AND s.uscc IS NOT NULL
         AND s.established_on < $1::date - 400 AND NOT EXISTS (SELECT 1 FROM credit_records r WHERE r.subject_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM list_entries l WHERE l.subject_id = s.id)
       ORDER BY s.id LIMIT 1`,
      [before.asOf],
    );
    const day = (offset: number) =>
      new Date(Date.parse(before.asOf) + offset * 86_400_000).toISOString().slice(0, 10);
    const known = [
      await postSeriousPenalty(s.id, s.uscc, day(-40), `吉回测罚〔2026〕${s.id}-1号`),
      await postSeriousPenalty(s.id, s.uscc, day(-20), `吉回测罚〔2026〕${s.id}-2号`),
    ];
    // Received back then: what the platform knew on the date.
    await t.deps.db.query(
      'UPDATE credit_records SET intake_date = decision_date + 3 WHERE public_id = ANY($1::text[])',
      [known.map((r) => r.recordId)],
    );
    const middle = await run();
    await postSeriousPenalty(s.id, s.uscc, day(30), `吉回测罚〔2026〕${s.id}-3号`);
    const after = await run();

    // The known penalties moved the enterprise to a worse grade as of the date; no event yet.
    const moved = (a: Backtest, b: Backtest) => b.grades.map((g, i) => g.subjects - a.grades[i].subjects);
    const shift = moved(before, middle);
    expect(shift.filter((d) => d !== 0).sort()).toEqual([-1, 1]);
    expect(shift.indexOf(1)).toBeGreaterThan(shift.indexOf(-1));
    expect(events(middle)).toBe(events(before));
    // The later penalty is an outcome, counted in that worse grade, and leaves the grades alone.
    expect(moved(middle, after).every((d) => d === 0)).toBe(true);
    expect(events(after)).toBe(events(middle) + 1);
    expect(after.grades[shift.indexOf(1)].events).toBe(middle.grades[shift.indexOf(1)].events + 1);

    const open = await t.app.inject({
      method: 'POST',
      url: '/api/v1/evaluation/backtest',
      headers: admin,
      payload: { subjectType: 'ENTERPRISE', asOf: day(100), horizonMonths: 6 },
    });
    expect(open.statusCode).toBe(422);
    expect(open.json().error.code).toBe('BACKTEST_WINDOW_OPEN');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/evaluation/backtest',
          payload: { subjectType: 'ENTERPRISE' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('previews a stricter model, refuses a malformed one, activates it and re-scores in the background', async () => {
    const current = (
      await t.app.inject({ url: '/api/v1/evaluation/models/active?subjectType=ENTERPRISE', headers: admin })
    ).json();
    const stricter = { ...current, version: '2026.9', thresholds: { A: 950, B: 800, C: 650 } };
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/evaluation/models/preview',
      headers: admin,
      payload: { subjectType: 'ENTERPRISE', model: stricter },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    const total = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
    expect(total(p.after)).toBe(total(p.before));
    expect(p.after.A).toBeLessThanOrEqual(p.before.A);
    expect(p.moved).toBeGreaterThan(0);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/evaluation/models/preview',
      headers: admin,
      payload: { subjectType: 'ENTERPRISE', model: { ...stricter, thresholds: { A: 500, B: 600, C: 100 } } },
    });
    expect(bad.json().error).toMatchObject({ code: 'MODEL_INVALID', field: 'model' });
    const operator = await loginAs(t.app, 'cc-operator');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/evaluation/models',
      headers: operator,
      payload: { subjectType: 'ENTERPRISE', model: stricter },
    });
    expect(denied.statusCode).toBe(403);

    // An enterprise the stricter thresholds move, as a check answer shows its grade (context).
    const gradeOf = (score: number) => (score >= 950 ? 'A' : score >= 800 ? 'B' : score >= 650 ? 'C' : 'D');
    const rated = await t.deps.db.query<{ uscc: string; grade: string; score: number }>(
      `SELECT s.uscc, e.grade, e.score FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
       WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED' AND s.uscc IS NOT NULL ORDER BY s.id`,
    );
    const mover = rated.find((r) => gradeOf(r.score) !== r.grade)!;
    expect(mover).toBeDefined();
    const checkedGrade = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers: { authorization: `Bearer ${t.credentials.apiClients[0].key}` },
        payload: { subject: mover.uscc, matter: 'BIDDING', reference: 'EVAL-1' },
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { subject: { grade: string | null } }).subject.grade;
    };
    await t.deps.sanctions.index.poll();
    expect(await checkedGrade()).toBe(mover.grade);

    const activated = await t.app.inject({
      method: 'POST',
      url: '/api/v1/evaluation/models',
      headers: admin,
      payload: { subjectType: 'ENTERPRISE', model: stricter },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const { runId } = activated.json();
    let run: { id: number; status: string; processed: number; total: number } | undefined;
    for (let i = 0; i < 100 && run?.status !== 'DONE'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await t.app.inject({ url: '/api/v1/evaluation/runs', headers: admin }))
        .json()
        .items.find((r: { id: number }) => r.id === runId);
    }
    expect(run).toMatchObject({ status: 'DONE' });
    expect(run!.processed).toBe(run!.total);
    const dist = (await t.app.inject({ url: '/api/v1/evaluation/distribution', headers: admin })).json();
    const enterpriseA = dist.items.find(
      (d: { subjectType: string; grade: string }) => d.subjectType === 'ENTERPRISE' && d.grade === 'A',
    );
    expect(enterpriseA?.count ?? 0).toBe(p.after.A);
    const model = (
      await t.app.inject({ url: '/api/v1/evaluation/models/active?subjectType=ENTERPRISE', headers: admin })
    ).json();
    expect(model.version).toBe('2026.9');
    // Check answers carry the new grade from the next poll, not from the next reload of the directory.
    await t.deps.sanctions.index.poll();
    expect(await checkedGrade()).toBe(gradeOf(mover.score));
  });

  it("shows a type's results to the public, in the API and the archive, only while its model is public", async () => {
    const [s] = await t.deps.db.query<{ uscc: string }>(
      `SELECT s.uscc FROM subjects s JOIN subject_evaluations e ON e.subject_id = s.id
       WHERE s.type = 'ENTERPRISE' AND e.state = 'RATED' ORDER BY s.id LIMIT 1`,
    );
    const sections = async (headers?: Record<string, string>) => {
      const res = await t.app.inject({ url: `/api/v1/subjects/${s.uscc}/archive`, headers });
      expect(res.statusCode, res.body).toBe(200);
      const categories = res.json().categories as {
        code: string;
        sections: { key: string; rows: object[] }[];
      }[];
      return categories.flatMap((c) => c.sections.map((x) => ({ category: c.code, ...x })));
    };
    const publicEvaluation = () => t.app.inject({ url: `/api/v1/subjects/${s.uscc}/evaluation` });
    expect((await publicEvaluation()).statusCode).toBe(401);
    expect((await sections()).some((x) => x.key === 'evaluation')).toBe(false);
    const official = (await sections(admin)).find((x) => x.key === 'evaluation');
    expect(official).toMatchObject({ category: 'EVALUATION' });
    expect(official!.rows).toHaveLength(1);

    const setOpenness = async (openness: string, version: string) => {
      const current = (
        await t.app.inject({ url: '/api/v1/evaluation/models/active?subjectType=ENTERPRISE', headers: admin })
      ).json();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/evaluation/models',
        headers: admin,
        payload: { subjectType: 'ENTERPRISE', model: { ...current, version, openness } },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    // Takes effect at once, before the background re-scoring reaches the subject.
    await setOpenness('PUBLIC', '2026.2-public');
    const shown = await publicEvaluation();
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().score).toBe((await evaluation(s.uscc)).score);
    const row = (await sections()).find((x) => x.key === 'evaluation')!.rows[0] as Record<string, unknown>;
    expect(row.score).toBe(shown.json().score);
    expect(String(row.grade)).toContain(shown.json().grade);

    // Points stay; evidence the public may not see (a minor penalty is not published) is left out.
    const [restricted] = await t.deps.db.query<{ uscc: string; public_id: string }>(
      `SELECT s.uscc, r.public_id FROM credit_records r JOIN subjects s ON s.id = r.subject_id
       WHERE r.item_code = 'ADMIN_PENALTY' AND r.tier = 'MINOR' AND NOT r.is_public AND r.status = 'ACTIVE'
         AND s.type = 'ENTERPRISE' AND r.decision_date > now()::date - 300 ORDER BY r.id LIMIT 1`,
    );
    expect(restricted).toBeTruthy();
    const minor = (r: Result) =>
      r.dimensions.flatMap((d) => d.indicators).find((i) => i.code === 'LAW_PENALTY_MINOR')!;
    const officialView = await evaluation(restricted.uscc);
    expect(minor(officialView).evidence).toContain(restricted.public_id);
    const publicView = (
      await t.app.inject({ url: `/api/v1/subjects/${restricted.uscc}/evaluation` })
    ).json() as Result;
    expect(minor(publicView).evidence).not.toContain(restricted.public_id);
    expect(minor(publicView).points).toBe(minor(officialView).points);
    expect(publicView.score).toBe(officialView.score);

    await setOpenness('CONSOLE_ONLY', '2026.2-closed');
    expect((await publicEvaluation()).statusCode).toBe(401);
    expect((await sections()).some((x) => x.key === 'evaluation')).toBe(false);
  });
});
