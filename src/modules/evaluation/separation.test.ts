import { describe, expect, it } from 'vitest';
import type { Grade } from './score.ts';
import { separation } from './separation.ts';

const many = (grade: Grade | null, subjects: number, events: number) =>
  Array.from({ length: subjects }, (_, i) => ({ grade, event: i < events }));

describe('separation: event rate by grade', () => {
  it('counts subjects and events per grade and for the unrated', () => {
    const s = separation(
      [...many('A', 40, 1), ...many('B', 50, 5), ...many('D', 20, 8), ...many(null, 7, 2)],
      20,
    );
    expect(s.grades.map((g) => [g.grade, g.subjects, g.events])).toEqual([
      ['A', 40, 1],
      ['B', 50, 5],
      ['C', 0, 0],
      ['D', 20, 8],
    ]);
    expect(s.grades[1].rate).toBeCloseTo(0.1);
    expect(s.grades[2].rate).toBeNull();
    expect(s.insufficient).toEqual({ subjects: 7, events: 2, rate: 2 / 7 });
  });

  it('is monotonic when rates rise from A to D; lift is the worst grade over everyone rated', () => {
    const s = separation(
      [...many('A', 100, 1), ...many('B', 100, 2), ...many('C', 100, 2), ...many('D', 100, 11)],
      20,
    );
    expect(s.monotonic).toBe(true);
    expect(s.violations).toEqual([]);
    expect(s.lift).toBeCloseTo(0.11 / (16 / 400));
  });

  it('names each inversion between compared grades', () => {
    const s = separation(
      [...many('A', 100, 5), ...many('B', 100, 2), ...many('C', 100, 9), ...many('D', 100, 3)],
      20,
    );
    expect(s.monotonic).toBe(false);
    expect(s.violations).toEqual(['A>B', 'C>D']);
  });

  it('skips grades too small to compare, so one unlucky subject does not decide', () => {
    const s = separation([...many('A', 3, 3), ...many('B', 100, 2), ...many('C', 100, 6)], 20);
    expect(s.monotonic).toBe(true);
    expect(separation([...many('A', 3, 3), ...many('B', 100, 2)], 1).violations).toEqual(['A>B']);
  });

  it('has no lift without any event among the rated, or without a grade to compare', () => {
    expect(separation([...many('A', 50, 0), ...many('D', 50, 0), ...many(null, 5, 5)], 20).lift).toBeNull();
    expect(separation([...many('A', 5, 1), ...many('D', 5, 1)], 20).lift).toBeNull();
    expect(separation(many('B', 50, 5), 20).lift).toBeCloseTo(1);
  });
});
