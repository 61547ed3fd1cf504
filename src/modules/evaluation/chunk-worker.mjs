// Entry of the full evaluation run's worker thread: plain JavaScript that registers tsx's loader (a
// worker thread does not inherit it from `tsx` or vitest), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./chunk-worker.ts');
