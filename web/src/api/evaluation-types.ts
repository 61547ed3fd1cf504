/** Types of the credit evaluation (公共信用综合评价) and inspection planning API (docs/evaluation.md; the server's OpenAPI is authoritative). */

import type { SubjectTypeCode } from './types';

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
/** A grade, or no grade for lack of information. */
export type GradeOrInsufficient = Grade | 'INSUFFICIENT';
export const GRADES_AND_INSUFFICIENT: GradeOrInsufficient[] = [...GRADES, 'INSUFFICIENT'];

export interface IndicatorResult {
  code: string;
  name: string;
  points: number;
  max: number;
  /** Record or list entry ids. */
  evidence: string[];
}

export interface DimensionResult {
  code: string;
  name: string;
  points: number;
  max: number;
  indicators: IndicatorResult[];
}

/** `GET /subjects/{code}/evaluation`. */
export interface Evaluation {
  subject: string;
  state: 'RATED' | 'INSUFFICIENT';
  /** 0–1000, the exact sum of the indicator points; null when insufficient. */
  score: number | null;
  grade: Grade | null;
  gradeName: string | null;
  modelVersion: string;
  computedAt: string;
  dimensions: DimensionResult[];
  /** The factors that lowered the score most, in words. */
  reasons: string[];
}

/** One row of `GET /subjects/{code}/evaluation/history`. */
export interface EvaluationChange {
  state: 'RATED' | 'INSUFFICIENT';
  score: number | null;
  grade: Grade | null;
  modelVersion: string;
  computedAt: string;
}

/** `POST /subjects/{code}/evaluation/review`. */
export interface ReviewRequest {
  reviewId: number;
  status: string;
  createdAt: string;
}

/** One request of `GET /evaluation/reviews`. */
export interface Review {
  reviewId: number;
  subject: string;
  subjectName: string;
  reason: string;
  score: number | null;
  grade: Grade | null;
  status: string;
  createdAt: string;
}

/** One count of `GET /evaluation/distribution`. */
export interface DistributionItem {
  subjectType: SubjectTypeCode;
  grade: GradeOrInsufficient;
  count: number;
}

export type Rule =
  | {
      type: 'records';
      items: string[];
      tiers?: string[];
      points: number;
      cap: number;
      months: number;
      decay: 'linear' | 'none';
    }
  | { type: 'lists'; listTypes: string[]; points: number; cap: number }
  | { type: 'age'; pointsPerYear: number; cap: number };

export interface ModelIndicator {
  code: string;
  name: string;
  max: number;
  base: number;
  rule: Rule;
}

/** `GET /evaluation/models/active?subjectType=`. */
export interface EvaluationModel {
  id: number;
  version: string;
  subjectType: SubjectTypeCode;
  /** Lowest score of each grade; below C is D. */
  thresholds: { A: number; B: number; C: number };
  openness?: 'PUBLIC' | 'CONSOLE_ONLY';
  dimensions: { code: string; name: string; indicators: ModelIndicator[] }[];
}

/** `POST /evaluation/models/preview`: the grade distribution now and under the candidate. */
export interface ModelPreview {
  subjectType: SubjectTypeCode;
  before: Record<GradeOrInsufficient, number>;
  after: Record<GradeOrInsufficient, number>;
  /** Subjects whose grade (or state) would change. */
  moved: number;
  /** The largest moves, by region (a prefecture code), most subjects first. */
  moves: { from: GradeOrInsufficient; to: GradeOrInsufficient; region: string; count: number }[];
}

/** `POST /evaluation/models`: the stored version and the background re-scoring run. */
export interface ModelActivation {
  id: number;
  subjectType: SubjectTypeCode;
  version: string;
  runId: number;
}

/** One run of `GET /evaluation/runs`. */
export interface EvaluationRun {
  id: number;
  reason: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  total: number;
  processed: number;
  startedAt: string;
  finishedAt: string | null;
}

/** `POST /inspections/plans`. */
export interface NewPlan {
  name: string;
  matter: string;
  regionCode: string;
  subjectType: SubjectTypeCode;
  seed?: string;
}

export interface InspectionPlan {
  planId: string;
  name: string;
  matter: string;
  regionCode: string;
  subjectType: SubjectTypeCode;
  department: string;
  seed: string;
  ratios: Record<Grade, { range: [number, number]; rate: number }>;
  population: Record<Grade, number>;
  /** SM3 of the population as "publicId grade" lines in subject order. */
  populationHash: string;
  sampled: Record<Grade, number>;
  createdAt: string;
  draw: {
    subject: { publicId: string; name: string; code: string };
    grade: Grade | null;
    inspectors: string[];
    /** The filed 抽查检查结果 record; null until entered. */
    result: { code: string | null; completedOn: string | null; recordId: string } | null;
  }[];
}

export const evaluationPath = (subject: string, action = '') =>
  `/subjects/${encodeURIComponent(subject)}/evaluation${action ? `/${action}` : ''}`;

/** `POST /evaluation/backtest`: grades as of `asOf` against serious dishonesty up to `until`. */
export interface Backtest {
  subjectType: SubjectTypeCode;
  modelVersion: string;
  asOf: string;
  until: string;
  horizonMonths: number;
  outcome: string;
  population: number;
  scored: number;
  everyKth: number;
  /** Grades with fewer subjects are not compared. */
  minSubjects: number;
  grades: { grade: Grade; subjects: number; events: number; rate: number | null }[];
  insufficient: { subjects: number; events: number; rate: number | null };
  monotonic: boolean;
  violations: string[];
  lift: number | null;
}
