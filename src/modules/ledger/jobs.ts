import type { AppDeps } from '../../app-deps.ts';
import type { App } from '../../http/types.ts';

/** How often the sequencer looks for committed entries (this process's and other processes'). */
const SEQUENCE_MS = 250;

/**
 * The sequencer runs while the HTTP app runs: committed changes reach the tree within a fraction
 * of a second, and closing the app sequences what is left.
 */
export function runSequencerWithApp(app: App, deps: AppDeps): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      deps.ledger
        .flush()
        .catch((err: Error) => app.log.error({ err: err.message }, 'ledger sequencing failed'));
    }, SEQUENCE_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await deps.ledger.flush();
  });
}

interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Checkpoints at an interval (only when the tree grew) and the periodic audit. Returns a stop function. */
export function startLedgerJobs(deps: AppDeps, log: JobLog): () => void {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, job: () => Promise<unknown>, what: string) => {
    const t = setInterval(
      () => job().catch((err: Error) => log.error({ err: err.message }, `${what} failed`)),
      ms,
    );
    t.unref();
    timers.push(t);
  };
  every(deps.config.checkpointSeconds * 1000, () => deps.ledger.checkpoint(), 'ledger checkpoint');
  if (deps.config.ledgerAuditMinutes > 0)
    every(
      deps.config.ledgerAuditMinutes * 60_000,
      async () => {
        const r = await deps.ledger.audit();
        if (r.ok) log.info({ treeSize: r.treeSize }, 'ledger audit passed');
        else log.error({ treeSize: r.treeSize, problems: r.problems.length }, 'ledger audit found problems');
      },
      'ledger audit',
    );
  return () => timers.forEach(clearInterval);
}
