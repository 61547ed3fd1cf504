// Does a model's grade separate the subjects that later became seriously dishonest? Pure: one
// (grade, outcome) pair per subject in, the event rate per grade and a monotonicity verdict out.
import type { Grade } from './score.ts';

export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];

export interface GradeRate {
  grade: Grade;
  subjects: number;
  events: number;
  /** events / subjects; null for an empty grade. */
  rate: number | null;
}

export interface Separation {
  grades: GradeRate[];
  insufficient: { subjects: number; events: number; rate: number | null };
  /** Rates never fall from a better grade to a worse one (grades with fewer than `minSubjects` skipped). */
  monotonic: boolean;
  /** Adjacent compared grades where the better grade had the higher rate, e.g. "B>C". */
  violations: string[];
  /** Rate of the worst compared grade over the rate of everyone rated (null when no event at all). */
  lift: number | null;
}

const rateOf = (events: number, subjects: number) => (subjects ? events / subjects : null);

export function separation(
  outcomes: Iterable<{ grade: Grade | null; event: boolean }>,
  minSubjects: number,
): Separation {
  const n = { A: [0, 0], B: [0, 0], C: [0, 0], D: [0, 0], none: [0, 0] } as Record<Grade | 'none', number[]>;
  for (const o of outcomes) {
    const c = n[o.grade ?? 'none'];
    c[0]++;
    if (o.event) c[1]++;
  }
  const grades = GRADES.map((g) => ({
    grade: g,
    subjects: n[g][0],
    events: n[g][1],
    rate: rateOf(n[g][1], n[g][0]),
  }));
  const compared = grades.filter((g) => g.subjects >= minSubjects);
  const violations: string[] = [];
  for (let i = 1; i < compared.length; i++)
    if ((compared[i - 1].rate ?? 0) > (compared[i].rate ?? 0))
      violations.push(`${compared[i - 1].grade}>${compared[i].grade}`);
  const rated = grades.reduce((a, g) => [a[0] + g.subjects, a[1] + g.events], [0, 0]);
  const overall = rateOf(rated[1], rated[0]);
  const worst = compared[compared.length - 1]?.rate;
  return {
    grades,
    insufficient: { subjects: n.none[0], events: n.none[1], rate: rateOf(n.none[1], n.none[0]) },
    monotonic: violations.length === 0,
    violations,
    lift: overall && worst !== undefined ? (worst ?? 0) / overall : null,
  };
}
