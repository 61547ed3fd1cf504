import { describe, expect, it } from 'vitest';
import { decayWeight, evaluate, type Facts, gradeOf, insufficient, type Model } from './score.ts';
import { compactResult, expandResult, type StoredResult } from './stored-result.ts';

const model: Model = {
  version: 't',
  subjectType: 'ENTERPRISE',
  thresholds: { A: 850, B: 700, C: 550 },
  dimensions: [
    {
      code: 'LAW',
      name: '遵纪守法',
      indicators: [
        {
          code: 'SERIOUS',
          name: '严重行政处罚',
          max: 300,
          base: 300,
          rule: {
            type: 'records',
            items: ['ADMIN_PENALTY'],
            tiers: ['SERIOUS'],
            points: -100,
            cap: -250,
            months: 12,
            decay: 'linear',
          },
        },
        {
          code: 'ANY',
          name: '行政强制',
          max: 100,
          base: 100,
          rule: {
            type: 'records',
            items: ['ADMIN_COERCION'],
            points: -40,
            cap: -100,
            months: 24,
            decay: 'none',
          },
        },
      ],
    },
    {
      code: 'HON',
      name: '资质荣誉',
      indicators: [
        {
          code: 'RED',
          name: '红名单',
          max: 100,
          base: 0,
          rule: { type: 'lists', listTypes: ['RED'], points: 100, cap: 100 },
        },
        {
          code: 'AGE',
          name: '经营年限',
          max: 100,
          base: 0,
          rule: { type: 'age', pointsPerYear: 10, cap: 100 },
        },
        {
          code: 'LIC',
          name: '许可',
          max: 400,
          base: 380,
          rule: { type: 'records', items: ['ADMIN_LICENSE'], points: 10, cap: 20, months: 60, decay: 'none' },
        },
      ],
    },
  ],
};
const TODAY = '2026-06-30';
const facts = (f: Partial<Facts> = {}): Facts => ({
  establishedOn: '2016-01-01',
  records: [],
  lists: [],
  ...f,
});
const penalty = (id: string, decisionDate: string, tier = 'SERIOUS') => ({
  id,
  itemCode: 'ADMIN_PENALTY',
  tier,
  decisionDate,
});

describe('evaluation rules', () => {
  it('decays linearly over the window and not at all outside it', () => {
    expect(decayWeight('linear', 0, 100)).toBe(1);
    expect(decayWeight('linear', 50, 100)).toBe(0.5);
    expect(decayWeight('linear', 100, 100)).toBe(0);
    expect(decayWeight('linear', 101, 100)).toBe(0);
    expect(decayWeight('none', 100, 100)).toBe(1);
    expect(decayWeight('none', -1, 100)).toBe(0);
  });

  it('deducts per record with decay, by tier only, and never beyond the cap', () => {
    const one = evaluate(model, facts({ records: [penalty('R1', TODAY)] }), TODAY);
    expect(one.dimensions[0].indicators[0]).toMatchObject({ points: 200, evidence: ['R1'] });
    const old = evaluate(model, facts({ records: [penalty('R1', '2026-01-01')] }), TODAY);
    expect(old.dimensions[0].indicators[0].points).toBeGreaterThan(200);
    expect(old.dimensions[0].indicators[0].points).toBeLessThan(300);
    const general = evaluate(model, facts({ records: [penalty('R1', TODAY, 'GENERAL')] }), TODAY);
    expect(general.dimensions[0].indicators[0]).toMatchObject({ points: 300, evidence: [] });
    const many = evaluate(
      model,
      facts({ records: ['a', 'b', 'c', 'd'].map((id) => penalty(id, TODAY)) }),
      TODAY,
    );
    expect(many.dimensions[0].indicators[0].points).toBe(50); // cap −250
    const coercion = evaluate(
      model,
      facts({
        records: ['x', 'y', 'z'].map((id) => ({
          id,
          itemCode: 'ADMIN_COERCION',
          tier: null,
          decisionDate: '2025-01-01',
        })),
      }),
      TODAY,
    );
    expect(coercion.dimensions[0].indicators[1].points).toBe(0); // 3 × −40, capped at −100
  });

  it('counts a record only when one of its kinds is named, when the rule names kinds', () => {
    const problems: Model = {
      ...model,
      dimensions: [
        {
          code: 'RISK',
          name: '监管风险',
          indicators: [
            {
              code: 'INSPECTION',
              name: '抽查发现问题',
              max: 1000,
              base: 1000,
              rule: {
                type: 'records',
                items: ['ADMIN_INSPECTION'],
                kinds: ['03', '08'],
                points: -10,
                cap: -20,
                months: 24,
                decay: 'none',
              },
            },
          ],
        },
      ],
    };
    const inspection = (id: string, kinds: string[] | undefined) => ({
      id,
      itemCode: 'ADMIN_INSPECTION',
      tier: null,
      kinds,
      decisionDate: '2026-01-01',
    });
    const e = evaluate(
      problems,
      facts({
        records: [inspection('OK', ['01']), inspection('BAD', ['08']), inspection('NONE', undefined)],
      }),
      TODAY,
    );
    expect(e.dimensions[0].indicators[0]).toMatchObject({ points: 990, evidence: ['BAD'] });
  });

  it('adds for lists, age and positive records up to the indicator maximum', () => {
    const e = evaluate(
      model,
      facts({
        lists: [{ entryId: 'L1', listType: 'RED' }],
        records: [1, 2, 3, 4].map((n) => ({
          id: `P${n}`,
          itemCode: 'ADMIN_LICENSE',
          tier: null,
          decisionDate: '2024-01-01',
        })),
      }),
      TODAY,
    );
    const hon = e.dimensions[1].indicators;
    expect(hon.map((i) => i.points)).toEqual([100, 100, 400]);
    expect(e.score).toBe(1000);
    expect(e.grade).toBe('A');
  });

  it('grades at the threshold edges', () => {
    const t = model.thresholds;
    expect(gradeOf(850, t)).toBe('A');
    expect(gradeOf(849, t)).toBe('B');
    expect(gradeOf(700, t)).toBe('B');
    expect(gradeOf(699, t)).toBe('C');
    expect(gradeOf(550, t)).toBe('C');
    expect(gradeOf(549, t)).toBe('D');
  });

  it('gives no grade on too little information', () => {
    expect(insufficient(facts({ establishedOn: '2026-01-01' }), TODAY)).toBe(true);
    expect(insufficient(facts({ establishedOn: null }), TODAY)).toBe(true);
    expect(insufficient(facts({ establishedOn: '2025-06-29' }), TODAY)).toBe(false);
    const e = evaluate(model, facts({ establishedOn: '2026-03-01' }), TODAY);
    expect(e).toMatchObject({ state: 'INSUFFICIENT', score: null, grade: null });
    expect(e.reasons[0]).toContain('信息不足');
  });

  it('explains the largest deductions in words', () => {
    const e = evaluate(
      model,
      facts({
        records: [
          penalty('R1', TODAY),
          { id: 'C1', itemCode: 'ADMIN_COERCION', tier: null, decisionDate: TODAY },
        ],
      }),
      TODAY,
    );
    expect(e.reasons).toEqual([
      '严重行政处罚：扣 100 分（依据 1 条信息）',
      '行政强制：扣 40 分（依据 1 条信息）',
    ]);
  });
});

describe('evaluation properties (random record sets)', () => {
  // mulberry32: reproducible random facts.
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const randomFacts = (r: () => number): Facts => {
    const items = ['ADMIN_PENALTY', 'ADMIN_COERCION', 'ADMIN_LICENSE'];
    const tiers = ['MINOR', 'GENERAL', 'SERIOUS'];
    const n = Math.floor(r() * 12);
    return {
      establishedOn: r() < 0.1 ? null : `20${10 + Math.floor(r() * 16)}-0${1 + Math.floor(r() * 9)}-15`,
      records: Array.from({ length: n }, (_, i) => ({
        id: `R${i}`,
        itemCode: items[Math.floor(r() * 3)],
        tier: tiers[Math.floor(r() * 3)],
        decisionDate: `202${Math.floor(r() * 7)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`,
      })),
      lists: r() < 0.2 ? [{ entryId: 'L', listType: 'RED' }] : [],
    };
  };

  it('indicator points sum to the score, within bounds, and the grade follows the thresholds', () => {
    const r = rng(7);
    for (let k = 0; k < 500; k++) {
      const e = evaluate(model, randomFacts(r), TODAY);
      if (e.state === 'INSUFFICIENT') continue;
      const sum = e.dimensions.reduce((s, d) => s + d.indicators.reduce((t, i) => t + i.points, 0), 0);
      expect(e.score).toBe(sum);
      for (const d of e.dimensions)
        for (const i of d.indicators) expect(i.points >= 0 && i.points <= i.max).toBe(true);
      expect(e.grade).toBe(gradeOf(e.score!, model.thresholds));
    }
  });

  it('stores a compact explanation that the model version expands back exactly', () => {
    const r = rng(13);
    let withEvidence = 0;
    for (let k = 0; k < 300; k++) {
      const e = evaluate(model, randomFacts(r), TODAY);
      const stored = compactResult(e);
      // Through the database as JSON text and back.
      const read: StoredResult = JSON.parse(JSON.stringify(stored));
      expect(expandResult(model, read)).toEqual(e.dimensions);
      expect(read.reasons).toEqual(e.reasons);
      if (Object.keys(stored.evidence).length) withEvidence++;
      expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(e.dimensions).length);
    }
    expect(withEvidence).toBeGreaterThan(100);
  });

  it('removing a negative record never lowers the score', () => {
    const r = rng(11);
    for (let k = 0; k < 500; k++) {
      const f = randomFacts(r);
      const before = evaluate(model, f, TODAY);
      const negative = f.records.findIndex((x) => x.itemCode !== 'ADMIN_LICENSE');
      if (negative < 0 || before.state !== 'RATED') continue;
      const after = evaluate(model, { ...f, records: f.records.filter((_, i) => i !== negative) }, TODAY);
      if (after.state === 'RATED') expect(after.score!).toBeGreaterThanOrEqual(before.score!);
    }
  });
});
