import {
  type NewSubject,
  prepareSubject,
  relationCopyRow,
  subjectCopyRow,
} from '../modules/subjects/prepare.ts';
import type { PiiVault } from '../shared/pii.ts';
import type { GeneratedBatch } from './generator.ts';

/** What a seed generates and where its ids start: the same for every thread that prepares batches. */
export interface SeedStream {
  subjects: number;
  seed: number;
  batchSize: number;
  /** Id of the subject at stream position 0 (the seed reserved `subjects` consecutive ids). */
  firstId: number;
}

/** A generated batch made ready to store: COPY rows of its subjects and relations, as UTF-8 bytes. */
export interface PreparedSeedBatch {
  /** Position of the batch in the generated stream (0, 1, 2, …). */
  index: number;
  subjects: number;
  relations: number;
  /** Rows for `copySubjects`, ids included. */
  subjectRows: Uint8Array;
  /** Rows for `copyRelations`. */
  relationRows: Uint8Array;
}

/**
 * prepareSubject (pinyin, search terms, sealing) for every subject, then the batch's COPY rows: the
 * subject at stream position p gets id `firstId + p` (the seed reserved them as one block), so the
 * relations, whose people are in this batch or an earlier one, are rows of ids too.
 */
export function prepareSeedBatch(
  vault: PiiVault,
  batch: GeneratedBatch,
  index: number,
  { batchSize, firstId }: SeedStream,
): PreparedSeedBatch {
  const base = firstId + index * batchSize;
  let subjects = '';
  batch.subjects.forEach((s, i) => {
    // The generated object is this batch's own: give it its public id rather than copying it.
    const subject: NewSubject = s;
    subject.publicId = s.key;
    subjects += `${base + i}\t${subjectCopyRow(prepareSubject(vault, subject))}\n`;
  });
  let relations = '';
  for (const r of batch.relations)
    relations += `${relationCopyRow(firstId + r.org, firstId + r.person, r)}\n`;
  return {
    index,
    subjects: batch.subjects.length,
    relations: batch.relations.length,
    subjectRows: Buffer.from(subjects),
    relationRows: Buffer.from(relations),
  };
}
