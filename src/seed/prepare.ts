import { relationsJson, subjectsJson } from '../modules/subjects/repository.ts';
import { type NewSubject, prepareSubject } from '../modules/subjects/service.ts';
import type { PiiVault } from '../shared/pii.ts';
import type { GeneratedBatch } from './generator.ts';

/** A generated batch made ready to store: the payloads of `insertSubjectsWithRelations`. */
export interface PreparedSeedBatch {
  /** Position of the batch in the generated stream (0, 1, 2, …). */
  index: number;
  /** Subjects in the batch. */
  count: number;
  subjects: string;
  relations: string;
}

/** prepareSubject (pinyin, search terms, sealing) for every subject, then both payloads as JSON. */
export function prepareSeedBatch(vault: PiiVault, batch: GeneratedBatch, index: number): PreparedSeedBatch {
  return {
    index,
    count: batch.subjects.length,
    subjects: subjectsJson(
      batch.subjects.map((s) => {
        // The generated object is this batch's own: give it its public id rather than copying it.
        const subject: NewSubject = s;
        subject.publicId = s.key;
        return prepareSubject(vault, subject);
      }),
    ),
    relations: relationsJson(
      batch.relations.map((r) => ({
        orgPublicId: r.orgKey,
        personPublicId: r.personKey,
        role: r.role,
        since: r.since,
        until: r.until,
      })),
    ),
  };
}
