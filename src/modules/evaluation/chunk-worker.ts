// Worker thread of a full evaluation run: scores each chunk the run has read (chunk-score.ts) while
// the main thread writes the previous chunk and receives the next one.
import { parentPort } from 'node:worker_threads';
import { scoreChunk } from './chunk-score.ts';
import type { ChunkJob, ChunkReply } from './chunk-scorer.ts';

const port = parentPort!;
port.on('message', (job: ChunkJob) => {
  let reply: ChunkReply;
  try {
    reply = { id: job.id, scored: scoreChunk(job.subjects, job.models, job.today) };
  } catch (err) {
    reply = { id: job.id, error: (err as Error).stack ?? String(err) };
  }
  port.postMessage(reply);
});
