import { dimensionResult, type Evaluation, type IndicatorResult, type Model } from './score.ts';

/**
 * A subject's explanation as stored: the points of each indicator in model order, the evidence of
 * those that have any, and the reasons. Codes, names and maxima are the model version's own (a
 * version never changes), so they are rebuilt from it when read: a quarter of the bytes to make,
 * hash, send and write for each of a million subjects in a full run.
 */
export interface StoredResult {
  points: number[][];
  evidence: Record<string, string[]>;
  reasons: string[];
}

export function compactResult(e: {
  dimensions: { indicators: Pick<IndicatorResult, 'code' | 'points' | 'evidence'>[] }[];
  reasons: string[];
}): StoredResult {
  const evidence: Record<string, string[]> = {};
  const points = e.dimensions.map((d) =>
    d.indicators.map((i) => {
      if (i.evidence.length) evidence[i.code] = i.evidence;
      return i.points;
    }),
  );
  return { points, evidence, reasons: e.reasons };
}

/** The explanation of {@link Evaluation}: dimensions and indicators with names, points, maxima, evidence. */
export function expandResult(model: Model, stored: StoredResult): Evaluation['dimensions'] {
  return model.dimensions.map((d, di) =>
    dimensionResult(
      d,
      d.indicators.map((ind, ii) => ({
        code: ind.code,
        name: ind.name,
        points: stored.points[di][ii],
        max: ind.max,
        evidence: stored.evidence[ind.code] ?? [],
      })),
    ),
  );
}
