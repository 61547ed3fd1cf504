import { describe, expect, it } from 'vitest';
import { type Candidate, DEFAULT_RANGES, draw, sampleSize, seededRandom } from './planner.ts';

const grades = ['A', 'B', 'C', 'D', null] as const;
const population: Candidate[] = Array.from({ length: 20_000 }, (_, i) => ({
  subjectId: i + 1,
  grade: grades[(i * 7919) % 5],
}));
const inspectors = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `检查员${i + 1}` }));

describe('graded random inspection draw', () => {
  it('keeps every grade inside its configured range over a large draw', () => {
    const { population: pop, sampled } = draw(population, {
      seed: 'plan-1',
      inspectors,
      conflicts: new Map(),
    });
    for (const g of ['A', 'B', 'C', 'D'] as const) {
      const [lo, hi] = DEFAULT_RANGES[g];
      expect(sampled[g] / pop[g]).toBeGreaterThanOrEqual(lo);
      expect(sampled[g] / pop[g]).toBeLessThanOrEqual(hi);
    }
    expect(pop.C).toBe(8_000); // grade C plus insufficient information
  });

  it('is reproducible from the seed and the population, whatever order it was read in', () => {
    const a = draw(population, { seed: '2026-07 市场监管双随机', inspectors, conflicts: new Map() });
    const b = draw([...population].reverse(), {
      seed: '2026-07 市场监管双随机',
      inspectors,
      conflicts: new Map(),
    });
    const c = draw(population, { seed: '2026-07 市场监管双随机 ', inspectors, conflicts: new Map() });
    expect(b.drawn).toEqual(a.drawn);
    expect(c.drawn).not.toEqual(a.drawn);
    expect(seededRandom('x')()).toBe(seededRandom('x')());
  });

  it('never assigns an inspector with a conflict of interest, and assigns two distinct ones', () => {
    const conflicts = new Map([
      [1, new Set(population.map((p) => p.subjectId))], // inspector 1 knows everyone
      [2, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])],
    ]);
    const { drawn } = draw(population, { seed: 'conflicts', inspectors, conflicts });
    for (const d of drawn) {
      expect(d.inspectors).toHaveLength(2);
      expect(new Set(d.inspectors.map((i) => i.id)).size).toBe(2);
      for (const i of d.inspectors) expect(conflicts.get(i.id)?.has(d.subjectId) ?? false).toBe(false);
    }
  });

  it('rounds within the range at small counts', () => {
    expect(sampleSize(10, 0.03, [0, 0.05])).toBe(0);
    expect(sampleSize(10, 0.8, [0.61, 1])).toBe(8);
    expect(sampleSize(3, 0.4, [0.21, 0.6])).toBe(1);
    expect(sampleSize(0, 0.4, [0.21, 0.6])).toBe(0);
  });
});
