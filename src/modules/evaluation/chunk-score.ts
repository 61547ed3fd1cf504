// Scoring a chunk of subjects read by scoring.ts, without the database: what the full run's worker
// thread loads (src/modules/evaluation/chunk-worker.ts), so it imports only the pure rules.
import crypto from 'node:crypto';
import { evaluate, type Facts, type Model } from './score.ts';
import { compactResult } from './stored-result.ts';

/** The active model of each subject type, with its id. */
export type Models = Map<string, { id: number; model: Model }>;

/** A subject with its facts and its stored result, as one row: records and list entries packed into text. */
export interface SubjectRow {
  id: string;
  public_id: string;
  type: string;
  established_on: string | null;
  /** Active records: `public_id US item_code US tier US decision_date US kinds (comma-separated)`, separated by RS. */
  records: string | null;
  /** List entries in force: `public_id US list_type`, separated by RS. */
  lists: string | null;
  /** The stored result, if any: enough to tell whether a new one differs. */
  model_id: number | null;
  state: string | null;
  score: number | null;
  grade: string | null;
  /** md5 of the stored explanation (`json` keeps the text exactly as it was written). */
  hash: string | null;
}

export const US = '\x1f';
export const RS = '\x1e';
const NO_KINDS: string[] = [];

/** The facts packed into a subject's row, unpacked. */
export function factsOf(s: SubjectRow): Facts {
  const facts: Facts = { establishedOn: s.established_on, records: [], lists: [] };
  if (s.records)
    for (const r of s.records.split(RS)) {
      const [id, itemCode, tier, decisionDate, kinds] = r.split(US);
      facts.records.push({
        id,
        itemCode,
        tier: tier || null,
        kinds: kinds ? kinds.split(',') : NO_KINDS,
        decisionDate,
      });
    }
  if (s.lists)
    for (const l of s.lists.split(RS)) {
      const [entryId, listType] = l.split(US);
      facts.lists.push({ entryId, listType });
    }
  return facts;
}

/** Results to write: only those that differ from the stored ones (new, or any part changed). */
export interface Scored {
  /** Subjects scored (a subject type without an active model is not). */
  scored: number;
  ids: number[];
  modelIds: number[];
  states: string[];
  scores: (number | null)[];
  grades: (string | null)[];
  /** The explanations, JSON text each. */
  results: string[];
  publicIds: Map<number, string>;
}

export function scoreChunk(subjects: SubjectRow[], models: Models, today: string): Scored {
  const out: Scored = {
    scored: 0,
    ids: [],
    modelIds: [],
    states: [],
    scores: [],
    grades: [],
    results: [],
    publicIds: new Map(),
  };
  for (const s of subjects) {
    const m = models.get(s.type);
    if (!m) continue;
    out.scored++;
    const e = evaluate(m.model, factsOf(s), today);
    const result = JSON.stringify(compactResult(e));
    if (
      s.model_id === m.id &&
      s.state === e.state &&
      s.score === e.score &&
      s.grade === e.grade &&
      s.hash === crypto.hash('md5', result, 'hex')
    )
      continue;
    const id = Number(s.id);
    out.publicIds.set(id, s.public_id);
    out.ids.push(id);
    out.modelIds.push(m.id);
    out.states.push(e.state);
    out.scores.push(e.score);
    out.grades.push(e.grade);
    out.results.push(result);
  }
  return out;
}
