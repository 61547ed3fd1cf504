// Worker thread of seedSubjects: runs the same deterministic generator as the main thread would and
// prepares every `workers`-th batch from `first + slot` on, sending each to the parent when it has credit.
import { parentPort, workerData } from 'node:worker_threads';
import { PiiVault, type PiiVaultKeys } from '../shared/pii.ts';
import { generateDemoData } from './generator.ts';
import { prepareSeedBatch, type SeedStream } from './prepare.ts';

export interface SeedWorkerData {
  stream: SeedStream;
  slot: number;
  workers: number;
  /** Batches before this one are prepared by the parent. */
  first: number;
  /** Batches prepared ahead of what the parent has taken. */
  credit: number;
  keys: PiiVaultKeys;
}

const data = workerData as SeedWorkerData;
const port = parentPort!;
const vault = PiiVault.fromKeys(data.keys);
let credit = data.credit;
let wake: (() => void) | null = null;
port.on('message', (m: { credit: number }) => {
  credit += m.credit;
  wake?.();
});

let index = 0;
for (const batch of generateDemoData(data.stream)) {
  if (index >= data.first && (index - data.first) % data.workers === data.slot) {
    const prepared = prepareSeedBatch(vault, batch, index, data.stream);
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    port.postMessage(prepared);
  }
  index++;
}
// Nothing more to wait for: let the thread end once the last batch is sent.
port.unref();
