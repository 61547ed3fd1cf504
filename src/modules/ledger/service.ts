import type { AppDeps } from '../../app-deps.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { RequestContext } from '../identity/viewer.ts';
import type { AuditProblem } from './audit.ts';
import { decodeEntry } from './entry.ts';
import { type KeyAlgorithm, listKeys, rotateKey } from './keys.ts';
import type { Checkpoint } from './ledger.ts';
import { leafHash } from './merkle.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export function presentCheckpoint(cp: Checkpoint) {
  return { size: cp.size, rootHash: b64(cp.rootHash), note: cp.note, signedAt: cp.signedAt.toISOString() };
}

/** Proofs are given only for sizes the tree has reached. */
async function requireSize(deps: AppDeps, size: number, field: string) {
  const head = await deps.ledger.head();
  if (size > head.size)
    throw Errors.invalid('LEDGER_SIZE_TOO_LARGE', `树的当前大小为 ${head.size}，不能超过`, field);
}

export async function entries(deps: AppDeps, start: number, end: number) {
  const head = await deps.ledger.head();
  const rows = await deps.db.query<{ idx: string; entry: Uint8Array; sequenced_at: Date }>(
    'SELECT idx, entry, sequenced_at FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx',
    [start, Math.min(end, head.size)],
  );
  return {
    treeSize: head.size,
    entries: rows.map((r) => ({
      index: Number(r.idx),
      entry: b64(r.entry),
      decoded: decodeEntry(r.entry),
      sequencedAt: r.sequenced_at.toISOString(),
    })),
  };
}

export async function inclusion(deps: AppDeps, index: number, size: number) {
  if (index >= size) throw Errors.invalid('LEDGER_INDEX_OUT_OF_RANGE', 'index 必须小于 size', 'index');
  await requireSize(deps, size, 'size');
  const [leaf] = await deps.db.query<{ entry: Uint8Array }>(
    'SELECT entry FROM ledger_leaves WHERE idx = $1',
    [index],
  );
  if (!leaf) throw Errors.notFound('LEDGER_LEAF_NOT_FOUND', `账本叶子 ${index} 不存在`);
  const hashes = await deps.ledger.inclusionProof(index, size);
  return { index, size, leafHash: b64(leafHash(deps.ledger.alg, leaf.entry)), hashes: hashes.map(b64) };
}

export async function consistency(deps: AppDeps, from: number, to: number) {
  if (from > to) throw Errors.invalid('LEDGER_RANGE_INVALID', 'from 不能大于 to', 'from');
  await requireSize(deps, to, 'to');
  return { hashes: (await deps.ledger.consistencyProof(from, to)).map(b64) };
}

export async function keys(deps: AppDeps) {
  const rows = await listKeys(deps.db);
  return {
    origin: deps.ledger.origin,
    hash: deps.ledger.alg,
    keys: rows.map((k) => ({
      name: k.name,
      algorithm: k.algorithm,
      keyId: k.key_id,
      publicKey: b64(k.public_key),
      status: k.status,
      createdAt: k.created_at.toISOString(),
      retiredAt: k.retired_at?.toISOString() ?? null,
    })),
  };
}

export async function rotate(deps: AppDeps, algorithm: KeyAlgorithm, ctx: RequestContext) {
  await deps.db.transaction(async (tx) => {
    await rotateKey(tx, deps.vault, deps.ledger.origin, algorithm);
    await recordAudit(tx, ctx, {
      action: 'ledger.keys.rotate',
      targetType: 'ledger_key',
      detail: { algorithm },
    });
  });
  return keys(deps);
}

export async function objectLeaves(deps: AppDeps, objectType: string, objectId: string) {
  const rows = await deps.db.query<{ idx: string; entry_type: string; version: number; sequenced_at: Date }>(
    `SELECT idx, entry_type, version, sequenced_at FROM ledger_leaves
     WHERE object_type = $1 AND object_id = $2 ORDER BY idx`,
    [objectType, objectId],
  );
  const [queued] = await deps.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ledger_queue WHERE object_type = $1 AND object_id = $2',
    [objectType, objectId],
  );
  return {
    leaves: rows.map((r) => ({
      index: Number(r.idx),
      type: r.entry_type,
      version: r.version,
      sequencedAt: r.sequenced_at.toISOString(),
    })),
    queued: queued.n,
  };
}

export async function checkpoints(deps: AppDeps, limit: number) {
  const rows = await deps.db.query<{
    tree_size: string;
    root_hash: Uint8Array;
    note: string;
    signed_at: Date;
  }>(
    'SELECT tree_size, root_hash, note, signed_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) =>
    presentCheckpoint({
      size: Number(r.tree_size),
      rootHash: Buffer.from(r.root_hash),
      note: r.note,
      signedAt: r.signed_at,
    }),
  );
}

export async function audits(deps: AppDeps, limit: number) {
  const rows = await deps.db.query<{
    id: string;
    started_at: Date;
    finished_at: Date;
    tree_size: string;
    ok: boolean;
    problems: AuditProblem[];
  }>(
    'SELECT id, started_at, finished_at, tree_size, ok, problems FROM ledger_audits ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    treeSize: Number(r.tree_size),
    ok: r.ok,
    problems: r.problems,
  }));
}

/** For the health endpoint: the tree and what the last audit found. */
export async function ledgerHealth(deps: AppDeps) {
  const head = await deps.ledger.head();
  const [last] = await audits(deps, 1);
  return {
    treeSize: head.size,
    lastAudit: last ? { ok: last.ok, at: last.finishedAt, problems: last.problems.length } : null,
  };
}
