// 双随机、一公开 with graded supervision (DOMAIN §10): a plan draws subjects at random within each
// grade, at the grade's rate, and assigns inspectors at random from the department's pool, never
// one with a conflict of interest. Pure and seeded: the published seed and population reproduce
// the draw exactly, so anyone can audit it.
import crypto from 'node:crypto';

export type Stratum = 'A' | 'B' | 'C' | 'D';
/** Default ranges of the share of each grade inspected (DOMAIN §10). */
export const DEFAULT_RANGES: Record<Stratum, [number, number]> = {
  A: [0, 0.05],
  B: [0.05, 0.2],
  C: [0.21, 0.6],
  D: [0.61, 1],
};
/** The rate used within each range unless a plan says otherwise. */
export const DEFAULT_RATES: Record<Stratum, number> = { A: 0.03, B: 0.12, C: 0.4, D: 0.8 };

export interface Candidate {
  subjectId: number;
  /** null: insufficient information — inspected at grade C's rate. */
  grade: Stratum | null;
}

export interface Inspector {
  id: number;
  name: string;
}

export interface Drawn {
  subjectId: number;
  grade: Stratum | null;
  inspectors: Inspector[];
}

/** xoshiro128** seeded from SHA-256 of the seed text: the same seed, the same sequence, anywhere. */
export function seededRandom(seed: string): () => number {
  const h = crypto.createHash('sha256').update(seed, 'utf8').digest();
  const s = [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  return () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 4294967296;
  };
}

/** How many of `count` to inspect at `rate`, kept inside the grade's range where whole numbers allow. */
export function sampleSize(count: number, rate: number, [lo, hi]: [number, number]): number {
  const k = Math.round(count * rate);
  return Math.max(Math.ceil(count * lo - 1e-9), Math.min(Math.floor(count * hi + 1e-9), k));
}

/** First `k` of a seeded Fisher–Yates shuffle. */
function pick<T>(items: T[], k: number, random: () => number): T[] {
  const a = [...items];
  for (let i = 0; i < Math.min(k, a.length); i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

export function draw(
  population: Candidate[],
  opts: {
    seed: string;
    rates?: Partial<Record<Stratum, number>>;
    ranges?: Record<Stratum, [number, number]>;
    inspectors: Inspector[];
    /** inspector id → subject ids it must not inspect */
    conflicts: Map<number, Set<number>>;
    inspectorsPerSubject?: number;
  },
): { drawn: Drawn[]; population: Record<Stratum, number>; sampled: Record<Stratum, number> } {
  const random = seededRandom(opts.seed);
  const ranges = opts.ranges ?? DEFAULT_RANGES;
  const rates = { ...DEFAULT_RATES, ...opts.rates };
  const per = opts.inspectorsPerSubject ?? 2;
  // Canonical order, so the draw does not depend on how the population was read.
  const sorted = [...population].sort((a, b) => a.subjectId - b.subjectId);
  const counts = { A: 0, B: 0, C: 0, D: 0 };
  const sampled = { A: 0, B: 0, C: 0, D: 0 };
  const drawn: Drawn[] = [];
  for (const g of ['A', 'B', 'C', 'D'] as Stratum[]) {
    const stratum = sorted.filter((c) => (c.grade ?? 'C') === g);
    counts[g] = stratum.length;
    const chosen = pick(stratum, sampleSize(stratum.length, rates[g], ranges[g]), random);
    sampled[g] = chosen.length;
    for (const c of chosen.sort((a, b) => a.subjectId - b.subjectId)) {
      const eligible = opts.inspectors.filter((i) => !opts.conflicts.get(i.id)?.has(c.subjectId));
      drawn.push({ subjectId: c.subjectId, grade: c.grade, inspectors: pick(eligible, per, random) });
    }
  }
  return { drawn, population: counts, sampled };
}
