import type { Queryable } from '../db/db.ts';
import { insertRelations } from '../modules/subjects/repository.ts';
import { insertSubjects } from '../modules/subjects/service.ts';
import type { PiiVault } from '../shared/pii.ts';
import { generateDemoData } from './generator.ts';

/** Streams generated subjects and relations into the database batch by batch; returns the count. */
export async function seedSubjects(
  q: Queryable,
  vault: PiiVault,
  opts: { subjects: number; seed: number; batchSize?: number; onBatch?: (done: number) => void },
): Promise<number> {
  let done = 0;
  for (const batch of generateDemoData({
    subjects: opts.subjects,
    seed: opts.seed,
    batchSize: opts.batchSize,
  })) {
    await insertSubjects(
      q,
      vault,
      batch.subjects.map((s) => ({ ...s, publicId: s.key })),
    );
    await insertRelations(
      q,
      batch.relations.map((r) => ({
        orgPublicId: r.orgKey,
        personPublicId: r.personKey,
        role: r.role,
        since: r.since,
        until: r.until,
      })),
    );
    done += batch.subjects.length;
    opts.onBatch?.(done);
  }
  return done;
}
