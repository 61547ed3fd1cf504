import type { Queryable } from '../../db/db.ts';
import type { LogHash, SubtreeRef } from './merkle.ts';
import { type TileCache, TileHashSource, type TileRef, tileKey, tilesFor } from './tiles.ts';

/** Reads the given tiles in one statement, keyed `level/index`. */
export async function loadTiles(q: Queryable, wanted: TileRef[]): Promise<Map<string, Buffer>> {
  const tiles = new Map<string, Buffer>();
  if (!wanted.length) return tiles;
  const rows = await q.query<{ level: number; idx: string; hashes: Uint8Array }>(
    `SELECT t.level, t.idx, t.hashes FROM ledger_tiles t
     JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON t.level = w.level AND t.idx = w.idx`,
    [wanted.map((t) => t.tileLevel), wanted.map((t) => t.tileIndex)],
  );
  for (const r of rows) tiles.set(tileKey(r.level, Number(r.idx)), Buffer.from(r.hashes));
  return tiles;
}

/** A hash source holding exactly the tiles that `subtrees` are computed from. */
export async function hashSource(
  q: Queryable,
  alg: LogHash,
  subtrees: SubtreeRef[],
  cache?: TileCache,
): Promise<TileHashSource> {
  return new TileHashSource(alg, await loadTiles(q, tilesFor(subtrees)), cache);
}
