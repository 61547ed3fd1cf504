import { type NewSubject, prepareSubject, subjectCopyRow } from '../modules/subjects/prepare.ts';
import type { PiiVault } from '../shared/pii.ts';
import type { GeneratedBatch, GeneratedRelation } from './generator.ts';

/** A generated batch made ready to store: its subjects' COPY rows (without ids) and its relations. */
export interface PreparedSeedBatch {
  /** Position of the batch in the generated stream (0, 1, 2, …). */
  index: number;
  /** {@link subjectCopyRow} of each subject, in stream order. */
  subjects: string[];
  /** Relations by the stream positions of their ends. */
  relations: GeneratedRelation[];
}

/** prepareSubject (pinyin, search terms, sealing) for every subject, then its COPY row. */
export function prepareSeedBatch(vault: PiiVault, batch: GeneratedBatch, index: number): PreparedSeedBatch {
  return {
    index,
    subjects: batch.subjects.map((s) => {
      // The generated object is this batch's own: give it its public id rather than copying it.
      const subject: NewSubject = s;
      subject.publicId = s.key;
      return subjectCopyRow(prepareSubject(vault, subject));
    }),
    relations: batch.relations,
  };
}
