import { Worker } from 'node:worker_threads';
import { type Models, type Scored, type SubjectRow, scoreChunk } from './chunk-score.ts';

export interface ChunkJob {
  id: number;
  subjects: SubjectRow[];
  models: Models;
  today: string;
}
export type ChunkReply = { id: number; scored: Scored } | { id: number; error: string };

/** Scores a run's chunks: in a worker thread for runs of several chunks, else on this thread. */
export interface ChunkScorer {
  score(subjects: SubjectRow[], models: Models, today: string): Promise<Scored>;
  close(): Promise<void>;
}

export const inThreadScorer: ChunkScorer = {
  score: async (subjects, models, today) => scoreChunk(subjects, models, today),
  close: async () => {},
};

/**
 * Scoring takes as long as the database takes to write a chunk; on the run's own thread it delays
 * the statements of the write in flight. In a worker thread the two overlap on two cores. Starting
 * the worker (loading tsx and the rules) costs a few hundred milliseconds: worth it from two chunks.
 */
export function workerScorer(): ChunkScorer {
  const worker = new Worker(new URL('./chunk-worker.mjs', import.meta.url));
  const pending = new Map<number, { resolve(s: Scored): void; reject(e: Error): void }>();
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (reply: ChunkReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) p?.reject(new Error(`evaluation worker: ${reply.error}`));
    else p?.resolve(reply.scored);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`evaluation worker exited with code ${code}`)));
  let next = 0;
  return {
    score(subjects, models, today) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<Scored>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, subjects, models, today } satisfies ChunkJob);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
