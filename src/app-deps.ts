import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import type { RateLimiter } from './modules/identity/rate-limit.ts';
import type { Ledger } from './modules/ledger/ledger.ts';
import type { SanctionsRuntime } from './modules/sanctions/service.ts';
import type { ArchiveRegistry } from './modules/subjects/archive.ts';
import type { Clock } from './shared/clock.ts';
import type { PiiVault } from './shared/pii.ts';

/** What the service's modules share, built once at start-up and passed explicitly. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  vault: PiiVault;
  archive: ArchiveRegistry;
  limiter: RateLimiter;
  /** The tamper-evident credit log every credit-state change appends to. */
  ledger: Ledger;
  /** The check index and the write-behind check recorder of this process. */
  sanctions: SanctionsRuntime;
}
