// 公共信用综合评价 (DOMAIN §10, GB/T 45255-2025): a model is dimensions → indicators → one rule
// each. Pure: facts in, an explained score out. Every indicator starts at its base points and its
// rule moves it within [0, max]; the score is the exact sum of indicator points, so it explains
// itself to the point (PIPL Art. 24).
import { daysBetween } from '../../shared/dates.ts';

export type Grade = 'A' | 'B' | 'C' | 'D';
export const GRADE_NAMES: Record<Grade, string> = { A: '优', B: '良', C: '中', D: '差' };

export type Rule =
  | {
      type: 'records';
      items: string[];
      /** Penalty tiers that count (all when absent). */
      tiers?: string[];
      /** Record kinds that count, any of them (all when absent): e.g. inspection result classes. */
      kinds?: string[];
      /** Per record, before decay: negative for deductions. */
      points: number;
      /** The most the rule moves the indicator, same sign as `points`. */
      cap: number;
      /** Look-back window from the decision date. */
      months: number;
      /** linear: full weight at the decision date, none at the end of the window. */
      decay: 'linear' | 'none';
    }
  | { type: 'lists'; listTypes: string[]; points: number; cap: number }
  | { type: 'age'; pointsPerYear: number; cap: number };

export interface Indicator {
  code: string;
  name: string;
  max: number;
  base: number;
  rule: Rule;
}

export interface Dimension {
  code: string;
  name: string;
  indicators: Indicator[];
}

export interface Model {
  version: string;
  subjectType: string;
  /** Lowest score of each grade; below C is D. */
  thresholds: { A: number; B: number; C: number };
  dimensions: Dimension[];
}

export interface Facts {
  establishedOn: string | null;
  records: { id: string; itemCode: string; tier: string | null; kinds?: string[]; decisionDate: string }[];
  /** List entries in force today. */
  lists: { entryId: string; listType: string }[];
}

export interface IndicatorResult {
  code: string;
  name: string;
  points: number;
  max: number;
  evidence: string[];
}

export interface Evaluation {
  state: 'RATED' | 'INSUFFICIENT';
  score: number | null;
  grade: Grade | null;
  dimensions: { code: string; name: string; points: number; max: number; indicators: IndicatorResult[] }[];
  reasons: string[];
}

/** Whole points only: a score must add up exactly from its parts. */
const round = (x: number) => Math.round(x);

function monthsToDays(months: number) {
  return Math.round(months * 30.4375);
}

/** The weight of a record `ageDays` old in a window of `windowDays`: 1 → 0 (linear) or 1. */
export function decayWeight(decay: 'linear' | 'none', ageDays: number, windowDays: number): number {
  if (ageDays < 0 || ageDays > windowDays) return 0;
  return decay === 'none' ? 1 : 1 - ageDays / windowDays;
}

function clampToCap(total: number, cap: number): number {
  return cap < 0 ? Math.max(total, cap) : Math.min(total, cap);
}

/** `ages[k]`: days from the decision of `facts.records[k]` to today, computed once per evaluation. */
function applyRule(ind: Indicator, facts: Facts, ages: number[], today: string): IndicatorResult {
  const r = ind.rule;
  let delta = 0;
  let evidence: string[] = [];
  if (r.type === 'records') {
    const window = monthsToDays(r.months);
    let total = 0;
    for (let k = 0; k < facts.records.length; k++) {
      const x = facts.records[k];
      if (!r.items.includes(x.itemCode)) continue;
      if (r.tiers && (x.tier === null || !r.tiers.includes(x.tier))) continue;
      if (r.kinds && !(x.kinds ?? []).some((kind) => r.kinds!.includes(kind))) continue;
      const weight = decayWeight(r.decay, ages[k], window);
      if (weight <= 0) continue;
      evidence.push(x.id);
      total += r.points * weight;
    }
    delta = clampToCap(total, r.cap);
  } else if (r.type === 'lists') {
    const matching = facts.lists.filter((l) => r.listTypes.includes(l.listType));
    evidence = matching.map((l) => l.entryId);
    delta = clampToCap(matching.length * r.points, r.cap);
  } else if (facts.establishedOn) {
    const years = Math.max(0, daysBetween(facts.establishedOn, today) / 365.25);
    delta = clampToCap(Math.floor(years) * r.pointsPerYear, r.cap);
  }
  return {
    code: ind.code,
    name: ind.name,
    points: Math.min(ind.max, Math.max(0, round(ind.base + delta))),
    max: ind.max,
    evidence,
  };
}

export function gradeOf(score: number, t: Model['thresholds']): Grade {
  if (score >= t.A) return 'A';
  if (score >= t.B) return 'B';
  if (score >= t.C) return 'C';
  return 'D';
}

/**
 * Too little to judge: no record, no list entry, and not established at least a year ago (or no
 * establishment date at all). Such a subject gets no grade rather than one made up from defaults.
 */
export function insufficient(facts: Facts, today: string): boolean {
  if (facts.records.length || facts.lists.length) return false;
  return !facts.establishedOn || daysBetween(facts.establishedOn, today) < 365;
}

/** A dimension's result: its indicators' points and maxima added up. */
export function dimensionResult(
  d: Dimension,
  indicators: IndicatorResult[],
): Evaluation['dimensions'][number] {
  return {
    code: d.code,
    name: d.name,
    points: indicators.reduce((s, i) => s + i.points, 0),
    max: indicators.reduce((s, i) => s + i.max, 0),
    indicators,
  };
}

export function evaluate(model: Model, facts: Facts, today: string): Evaluation {
  const ages = facts.records.map((x) => daysBetween(x.decisionDate, today));
  const dimensions = model.dimensions.map((d) =>
    dimensionResult(
      d,
      d.indicators.map((i) => applyRule(i, facts, ages, today)),
    ),
  );
  // The factors that cost the most points against their base, in words.
  const lost = model.dimensions
    .flatMap((d, di) => d.indicators.map((ind, ii) => ({ base: ind.base, r: dimensions[di].indicators[ii] })))
    .filter(({ base, r }) => r.points < base)
    .sort((a, b) => b.base - b.r.points - (a.base - a.r.points))
    .slice(0, 3)
    .map(({ base, r }) => `${r.name}：扣 ${base - r.points} 分（依据 ${r.evidence.length} 条信息）`);
  if (insufficient(facts, today))
    return {
      state: 'INSUFFICIENT',
      score: null,
      grade: null,
      dimensions,
      reasons: ['信息不足：暂无信用记录且成立不满一年，不予评级'],
    };
  const score = dimensions.reduce((s, d) => s + d.points, 0);
  return { state: 'RATED', score, grade: gradeOf(score, model.thresholds), dimensions, reasons: lost };
}
