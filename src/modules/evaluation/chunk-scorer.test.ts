import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type Models, RS, type SubjectRow, US } from './chunk-score.ts';
import { inThreadScorer, workerScorer } from './chunk-scorer.ts';
import type { Model } from './score.ts';

const bundle = JSON.parse(fs.readFileSync(new URL('./data/models.json', import.meta.url), 'utf8'));
const models: Models = new Map(
  Object.entries(bundle.models as Record<string, Pick<Model, 'dimensions'>>).map(([type, m], i) => [
    type,
    {
      id: i + 1,
      model: {
        version: bundle.version,
        subjectType: type,
        thresholds: bundle.thresholds,
        dimensions: m.dimensions,
      },
    },
  ]),
);

/** Subjects of every type with packed records and list entries, as a full run reads them. */
function rows(n: number): SubjectRow[] {
  const types = [...models.keys()];
  const items = ['ADMIN_PENALTY', 'ADMIN_LICENSE', 'ADMIN_COERCION', 'JUD_ENFORCEMENT'];
  const tiers = ['MINOR', 'GENERAL', 'SERIOUS', ''];
  return Array.from({ length: n }, (_, i) => {
    const records = Array.from({ length: i % 7 }, (_, k) =>
      [
        `V${i}-${k}`,
        items[(i + k) % 4],
        tiers[(i * k) % 4],
        `202${(i + k) % 6}-0${1 + (k % 9)}-1${k % 10}`,
        '',
      ].join(US),
    ).join(RS);
    return {
      id: String(i + 1),
      public_id: `S${i}`,
      type: types[i % types.length],
      established_on: i % 5 ? `20${10 + (i % 15)}-03-01` : null,
      records: records || null,
      lists: i % 11 === 0 ? `L${i}${US}SERIOUS_DISHONESTY` : null,
      model_id: null,
      state: null,
      score: null,
      grade: null,
      hash: null,
    };
  });
}

const worker = workerScorer();
afterAll(() => worker.close());

describe('chunk scoring in a worker thread', () => {
  it('gives what scoring on the calling thread gives, chunk after chunk', async () => {
    for (const chunk of [rows(400), rows(37)]) {
      const here = await inThreadScorer.score(chunk, models, '2026-11-29');
      const there = await worker.score(chunk, models, '2026-11-29');
      expect(there).toEqual(here);
      expect(there.scored).toBe(chunk.length);
      expect(new Set(there.grades).size).toBeGreaterThan(1);
    }
  });

  it('reports a failure in the worker as a rejected chunk', async () => {
    const broken = rows(3);
    broken[1].records = 'not packed';
    const failing = workerScorer();
    try {
      await expect(
        failing.score(broken, new Map([[broken[1].type, { id: 1, model: null as never }]]), '2026-11-29'),
      ).rejects.toThrow(/evaluation worker/);
    } finally {
      await failing.close();
    }
  });
});
