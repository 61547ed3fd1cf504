import type { AppDeps } from '../../app-deps.ts';
import { detectCandidates } from './candidates.ts';
import { expireEntries } from './entries.ts';
import { syncMirroredLists } from './mirror.ts';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** List upkeep: expiry, mirrored lists, candidate detection. */
export async function runListJobs(deps: AppDeps, log: Log): Promise<void> {
  try {
    const expired = await expireEntries(deps);
    const mirrored = await syncMirroredLists(deps);
    const candidates = await detectCandidates(deps);
    if (expired || mirrored.added || mirrored.removed || candidates)
      log.info({ expired, mirrored, candidates }, 'list jobs');
  } catch (err) {
    log.error({ err: (err as Error).message }, 'list jobs failed');
  }
}
