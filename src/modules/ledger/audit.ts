import type { Queryable } from '../../db/db.ts';
import { openNote } from '../../shared/crypto/signed-note.ts';
import { contentHash, decodeEntry } from './entry.ts';
import { listKeys, verifierFor } from './keys.ts';
import type { Ledger } from './ledger.ts';
import { type LogHash, leafHash } from './merkle.ts';
import { perfectRoot, TILE_WIDTH } from './tiles.ts';

/** A version of an object the log recorded. */
export interface ObjectRef {
  objectId: string;
  version: number;
}

/** A version as a leaf names it, with the leaf's entry type (e.g. `list.removed`). */
export interface LoggedRef extends ObjectRef {
  type: string;
}

/**
 * How the audit recomputes what a leaf claims, for one object type: the content of each logged
 * version from the live rows (absent when the row is gone), and the current versions that have no
 * leaf at all.
 */
export interface LedgerSource {
  contents(q: Queryable, refs: LoggedRef[]): Promise<Map<string, unknown>>;
  unlogged(q: Queryable, limit: number): Promise<ObjectRef[]>;
}

export type AuditProblemCode =
  | 'LEAF_MISSING'
  | 'LEAF_ALTERED'
  | 'TILE_ALTERED'
  | 'ROOT_MISMATCH'
  | 'CHECKPOINT_INVALID'
  | 'OBJECT_MISSING'
  | 'CONTENT_MISMATCH'
  | 'CHANGE_NOT_LOGGED';

export interface AuditProblem {
  code: AuditProblemCode;
  message: string;
  leafIndex?: number;
  objectType?: string;
  objectId?: string;
}

export interface AuditResult {
  treeSize: number;
  leavesChecked: number;
  ok: boolean;
  problems: AuditProblem[];
  startedAt: Date;
  finishedAt: Date;
}

const PAGE = 8_192;
/** Enough to act on; a wholesale edit would otherwise flood the report. */
const MAX_PROBLEMS = 200;

export const refKey = (objectId: string, version: number) => `${objectId}@${version}`;

/**
 * Recomputes every leaf hash from the stored entries, every stored tile from the leaves, the root
 * from the tiles, checks the latest checkpoint's signatures and root, and asks each object type's
 * source whether the live rows still hash to what the log recorded.
 */
export async function auditLedger(
  q: Queryable,
  ledger: Ledger,
  sources: ReadonlyMap<string, LedgerSource>,
  now: () => Date,
): Promise<AuditResult> {
  const startedAt = now();
  const problems: AuditProblem[] = [];
  const report = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  await ledger.flush();
  const head = await ledger.head(q);
  const tiles = new TileChecker(q, ledger.alg, report);
  let expected = 0;
  for (let start = 0; start < head.size; start += PAGE) {
    const rows = await q.query<{
      idx: string;
      object_type: string;
      object_id: string;
      version: number;
      entry: Uint8Array;
    }>(
      `SELECT idx, object_type, object_id, version, entry FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
      [start, Math.min(start + PAGE, head.size)],
    );
    const hashes: Buffer[] = [];
    const byType = new Map<string, { leaf: number; ref: LoggedRef; claimed: string }[]>();
    for (const r of rows) {
      const idx = Number(r.idx);
      for (; expected < idx; expected++) {
        report({ code: 'LEAF_MISSING', leafIndex: expected, message: `账本叶子 ${expected} 缺失` });
        hashes.push(Buffer.alloc(0));
      }
      expected = idx + 1;
      hashes.push(leafHash(ledger.alg, r.entry));
      const e = safeDecode(r.entry);
      if (!e || e.objectType !== r.object_type || e.objectId !== r.object_id || e.version !== r.version) {
        report({ code: 'LEAF_ALTERED', leafIndex: idx, message: `账本叶子 ${idx} 的内容与其索引列不一致` });
        continue;
      }
      const list = byType.get(e.objectType) ?? [];
      list.push({
        leaf: idx,
        ref: { objectId: e.objectId, version: e.version, type: e.type },
        claimed: e.contentHash,
      });
      byType.set(e.objectType, list);
    }
    const end = Math.min(start + PAGE, head.size);
    for (; expected < end; expected++) {
      report({ code: 'LEAF_MISSING', leafIndex: expected, message: `账本叶子 ${expected} 缺失` });
      hashes.push(Buffer.alloc(0));
    }
    await tiles.push(hashes);
    for (const [type, leaves] of byType) {
      const source = sources.get(type);
      if (!source) continue;
      const live = await source.contents(
        q,
        leaves.map((l) => l.ref),
      );
      for (const l of leaves) {
        const content = live.get(refKey(l.ref.objectId, l.ref.version));
        if (content === undefined)
          report({
            code: 'OBJECT_MISSING',
            leafIndex: l.leaf,
            objectType: type,
            objectId: l.ref.objectId,
            message: `账本叶子 ${l.leaf} 记录的 ${type} ${l.ref.objectId} 第 ${l.ref.version} 版已不存在`,
          });
        else if (contentHash(ledger.alg, content) !== l.claimed)
          report({
            code: 'CONTENT_MISMATCH',
            leafIndex: l.leaf,
            objectType: type,
            objectId: l.ref.objectId,
            message: `${type} ${l.ref.objectId} 第 ${l.ref.version} 版的现存数据与账本叶子 ${l.leaf} 不符（数据被绕过平台修改）`,
          });
      }
    }
  }
  await tiles.finish();

  const root = await ledger.rootAt(head.size, q);
  if (!root.equals(head.rootHash))
    report({ code: 'ROOT_MISMATCH', message: `由叶子重算的树根与记录的树根（大小 ${head.size}）不一致` });
  await checkLatestCheckpoint(q, ledger, report);
  for (const [type, source] of sources)
    for (const ref of await source.unlogged(q, 50))
      report({
        code: 'CHANGE_NOT_LOGGED',
        objectType: type,
        objectId: ref.objectId,
        message: `${type} ${ref.objectId} 第 ${ref.version} 版没有账本叶子（变更绕过了平台）`,
      });
  return {
    treeSize: head.size,
    leavesChecked: head.size,
    ok: problems.length === 0,
    problems,
    startedAt,
    finishedAt: now(),
  };
}

function safeDecode(entry: Uint8Array) {
  try {
    return decodeEntry(entry);
  } catch {
    return null;
  }
}

async function checkLatestCheckpoint(q: Queryable, ledger: Ledger, report: (p: AuditProblem) => void) {
  const cp = await ledger.latestCheckpoint(q);
  if (!cp) return;
  const verifiers = (await listKeys(q)).map(verifierFor);
  try {
    openNote(cp.note, verifiers);
  } catch (err) {
    report({
      code: 'CHECKPOINT_INVALID',
      message: `最新检查点（大小 ${cp.size}）签名无效：${(err as Error).message}`,
    });
  }
  if (!(await ledger.rootAt(cp.size, q)).equals(cp.rootHash))
    report({ code: 'CHECKPOINT_INVALID', message: `最新检查点（大小 ${cp.size}）的树根与账本不一致` });
}

/**
 * Streams recomputed hashes level by level and compares them with the stored tiles: 256 hashes at
 * tree level 8·L make tile (L, n) and, hashed into one, the next hash at level 8·(L+1).
 */
class TileChecker {
  private readonly pending: Buffer[][] = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly q: Queryable,
    private readonly alg: LogHash,
    private readonly report: (p: AuditProblem) => void,
  ) {}

  async push(hashes: Buffer[], level = 0): Promise<void> {
    this.pending[level] ??= [];
    const buf = this.pending[level];
    buf.push(...hashes);
    const full: Buffer[][] = [];
    while (buf.length >= TILE_WIDTH) full.push(buf.splice(0, TILE_WIDTH));
    if (!full.length) return;
    const first = this.counts[level] ?? 0;
    this.counts[level] = first + full.length;
    const stored = await this.load(level, first, full.length);
    const up: Buffer[] = [];
    full.forEach((tile, k) => {
      this.compare(level, first + k, tile, stored.get(first + k));
      up.push(perfectRoot(this.alg, tile));
    });
    await this.push(up, level + 1);
  }

  /** The right-edge tiles are partial: what is left over at each level must match them exactly. */
  async finish(): Promise<void> {
    for (let level = 0; level < this.pending.length; level++) {
      const buf = this.pending[level];
      if (!buf?.length) continue;
      const n = this.counts[level] ?? 0;
      this.compare(level, n, buf, (await this.load(level, n, 1)).get(n));
    }
  }

  private compare(level: number, idx: number, hashes: Buffer[], stored: Buffer | undefined) {
    const recomputed = Buffer.concat(hashes);
    if (!stored?.equals(recomputed) || hashes.some((h) => !h.length))
      this.report({
        code: level === 0 ? 'LEAF_ALTERED' : 'TILE_ALTERED',
        leafIndex: level === 0 ? idx * TILE_WIDTH : undefined,
        message:
          level === 0
            ? `叶子 ${idx * TILE_WIDTH}–${idx * TILE_WIDTH + hashes.length - 1} 的哈希与存储的树不一致（叶子被修改或删除）`
            : `存储的树分片 ${level}/${idx} 与由叶子重算的结果不一致`,
      });
  }

  private async load(level: number, from: number, count: number): Promise<Map<number, Buffer>> {
    const rows = await this.q.query<{ idx: string; hashes: Uint8Array }>(
      'SELECT idx, hashes FROM ledger_tiles WHERE level = $1 AND idx >= $2 AND idx < $3',
      [level, from, from + count],
    );
    return new Map(rows.map((r) => [Number(r.idx), Buffer.from(r.hashes)]));
  }
}
