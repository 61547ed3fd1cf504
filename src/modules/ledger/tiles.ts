// The tree's stored form: C2SP tlog-tiles of height 8. Tile (L, n) holds the hashes at tree level
// 8·L with indexes 256·n … 256·n+255, concatenated; the right-edge tile of each level is partial.
// Any complete subtree's hash is one tile read plus at most 255 node hashes.
import { type HashSource, type LogHash, nodeHash, type SubtreeRef } from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;
export const HASH_SIZE = 32;

export interface TileRef {
  tileLevel: number;
  tileIndex: number;
}

export const tileKey = (tileLevel: number, tileIndex: number) => `${tileLevel}/${tileIndex}`;

/** The tile holding the level-8·L hashes a subtree is computed from. */
function tileOf(s: SubtreeRef): TileRef & { first: number; count: number } {
  const tileLevel = Math.floor(s.level / TILE_HEIGHT);
  const count = 2 ** (s.level % TILE_HEIGHT);
  const first = s.index * count;
  return { tileLevel, tileIndex: Math.floor(first / TILE_WIDTH), first: first % TILE_WIDTH, count };
}

/** The distinct tiles that hold the given subtrees. */
export function tilesFor(subtrees: SubtreeRef[]): TileRef[] {
  const seen = new Map<string, TileRef>();
  for (const s of subtrees) {
    const t = tileOf(s);
    seen.set(tileKey(t.tileLevel, t.tileIndex), { tileLevel: t.tileLevel, tileIndex: t.tileIndex });
  }
  return [...seen.values()];
}

/** The right-edge partial tiles of a tree of `size` leaves: what appending to it rewrites. */
export function partialTilesAt(size: number): TileRef[] {
  const out: TileRef[] = [];
  for (let level = 0, count = size; count > 0; level++, count = Math.floor(count / TILE_WIDTH))
    if (count % TILE_WIDTH) out.push({ tileLevel: level, tileIndex: Math.floor(count / TILE_WIDTH) });
  return out;
}

/** Root of 2^k hashes (k ≤ 8) laid side by side. */
export function perfectRoot(alg: LogHash, hashes: Buffer[]): Buffer {
  let level = hashes;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(alg, level[i], level[i + 1]));
    level = next;
  }
  return level[0];
}

function split(tile: Buffer, from: number, count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = from; i < from + count; i++) out.push(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return out;
}

/**
 * The interior hashes of full tiles. A full tile never changes, so its 255 interior hashes are
 * computed once per process and reused by every later proof (an LRU of `capacity` tiles, ~8 KB each).
 */
export class TileCache {
  private readonly pyramids = new Map<string, Buffer[][]>();

  constructor(private readonly capacity = 2048) {}

  pyramid(alg: LogHash, key: string, tile: Buffer): Buffer[][] {
    const hit = this.pyramids.get(key);
    if (hit) {
      this.pyramids.delete(key);
      this.pyramids.set(key, hit);
      return hit;
    }
    const levels = [split(tile, 0, TILE_WIDTH)];
    for (let r = 1; r <= TILE_HEIGHT; r++) {
      const below = levels[r - 1];
      const row: Buffer[] = [];
      for (let i = 0; i < below.length; i += 2) row.push(nodeHash(alg, below[i], below[i + 1]));
      levels.push(row);
    }
    this.pyramids.set(key, levels);
    if (this.pyramids.size > this.capacity) this.pyramids.delete(this.pyramids.keys().next().value!);
    return levels;
  }
}

/** Serves subtree hashes from a set of loaded tiles; a missing tile is a broken store, not a miss. */
export class TileHashSource implements HashSource {
  constructor(
    private readonly alg: LogHash,
    private readonly tiles: ReadonlyMap<string, Buffer>,
    private readonly cache?: TileCache,
  ) {}

  subtree(level: number, index: number): Buffer {
    const t = tileOf({ level, index });
    const key = tileKey(t.tileLevel, t.tileIndex);
    const tile = this.tiles.get(key);
    if (!tile || tile.length < (t.first + t.count) * HASH_SIZE)
      throw new Error(`账本树分片 ${t.tileLevel}/${t.tileIndex} 缺失或不完整`);
    if (t.count > 1 && this.cache && tile.length === TILE_WIDTH * HASH_SIZE)
      return this.cache.pyramid(this.alg, key, tile)[level % TILE_HEIGHT][t.first / t.count];
    const hashes = split(tile, t.first, t.count);
    return t.count === 1 ? Buffer.from(hashes[0]) : perfectRoot(this.alg, hashes);
  }
}

/**
 * Appends leaf hashes to a tree of `size` leaves and returns every tile that changed, in full.
 * `readTile` gives the current content of the right-edge partial tiles (see partialTilesAt).
 */
export function appendLeaves(
  alg: LogHash,
  size: number,
  leafHashes: Buffer[],
  readTile: (tileLevel: number, tileIndex: number) => Buffer | undefined,
): { tiles: Map<string, Buffer> } {
  const tiles = new Map<string, Buffer>();
  let level = 0;
  let oldCount = size;
  let added = leafHashes;
  while (added.length) {
    const start = Math.floor(oldCount / TILE_WIDTH);
    const kept = oldCount % TILE_WIDTH;
    let prefix: Buffer[] = [];
    if (kept) {
      const tile = readTile(level, start);
      if (!tile || tile.length < kept * HASH_SIZE)
        throw new Error(`账本树分片 ${level}/${start} 缺失或不完整`);
      prefix = split(tile, 0, kept);
    }
    const all = [...prefix, ...added];
    const up: Buffer[] = [];
    for (let i = 0; i < all.length; i += TILE_WIDTH) {
      const chunk = all.slice(i, i + TILE_WIDTH);
      tiles.set(tileKey(level, start + i / TILE_WIDTH), Buffer.concat(chunk));
      if (chunk.length === TILE_WIDTH) up.push(perfectRoot(alg, chunk));
    }
    added = up;
    oldCount = Math.floor(oldCount / TILE_WIDTH);
    level++;
  }
  return { tiles };
}
