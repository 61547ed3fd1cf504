import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  leafListSource,
  neededSubtrees,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import { appendLeaves, partialTilesAt, TileCache, TileHashSource, tileKey, tilesFor } from './tiles.ts';

// The RFC 6962 reference test data (certificate-transparency / transparency-dev merkle testdata).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));
const leafHashes = LEAVES.map((l) => leafHash('SHA-256', l));
const rfc = leafListSource('SHA-256', leafHashes);
const root = (n: number) => treeRoot('SHA-256', rfc, n);

describe('RFC 6962 known answers (SHA-256)', () => {
  it('roots of the reference trees of 0 to 8 leaves', () => {
    expect(emptyRoot('SHA-256').toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let n = 1; n <= 8; n++) expect(root(n).toString('hex')).toBe(ROOTS[n - 1]);
  });

  it('inclusion proofs match the reference and verify', () => {
    for (const [index, size, want] of INCLUSION) {
      const proof = inclusionProof('SHA-256', rfc, index, size);
      expect(hex(proof)).toEqual(want);
      expect(verifyInclusion('SHA-256', index, size, leafHashes[index], proof, root(size))).toBe(true);
    }
  });

  it('consistency proofs match the reference and verify', () => {
    for (const [from, to, want] of CONSISTENCY) {
      const proof = consistencyProof('SHA-256', rfc, from, to);
      expect(hex(proof)).toEqual(want);
      expect(verifyConsistency('SHA-256', from, to, proof, root(from), root(to))).toBe(true);
    }
  });

  it('rejects wrong proofs, wrong indexes and wrong roots', () => {
    const proof = inclusionProof('SHA-256', rfc, 5, 8);
    expect(verifyInclusion('SHA-256', 4, 8, leafHashes[5], proof, root(8))).toBe(false);
    expect(verifyInclusion('SHA-256', 5, 7, leafHashes[5], proof, root(7))).toBe(false);
    expect(verifyInclusion('SHA-256', 5, 8, leafHashes[4], proof, root(8))).toBe(false);
    expect(verifyInclusion('SHA-256', 5, 8, leafHashes[5], proof.slice(1), root(8))).toBe(false);
    expect(verifyInclusion('SHA-256', 5, 8, leafHashes[5], [...proof, proof[0]], root(8))).toBe(false);
    expect(verifyInclusion('SHA-256', 8, 8, leafHashes[5], proof, root(8))).toBe(false);
    const cons = consistencyProof('SHA-256', rfc, 6, 8);
    expect(verifyConsistency('SHA-256', 6, 8, cons, root(5), root(8))).toBe(false);
    expect(verifyConsistency('SHA-256', 6, 8, cons, root(6), root(7))).toBe(false);
    expect(verifyConsistency('SHA-256', 5, 8, cons, root(6), root(8))).toBe(false);
    expect(verifyConsistency('SHA-256', 6, 8, [], root(6), root(8))).toBe(false);
    expect(verifyConsistency('SHA-256', 8, 6, cons, root(8), root(6))).toBe(false);
    expect(verifyConsistency('SHA-256', 8, 8, [], root(8), root(7))).toBe(false);
  });

  it('every proof in trees up to 40 leaves verifies (SM3 too)', () => {
    for (const alg of ['SHA-256', 'SM3'] as const) {
      const leaves = Array.from({ length: 40 }, (_, i) => leafHash(alg, Buffer.from(`entry ${i}`)));
      const src = leafListSource(alg, leaves);
      for (let size = 1; size <= 40; size++) {
        const r = treeRoot(alg, src, size);
        for (let i = 0; i < size; i++)
          expect(verifyInclusion(alg, i, size, leaves[i], inclusionProof(alg, src, i, size), r)).toBe(true);
        for (let m = 0; m <= size; m++)
          expect(
            verifyConsistency(alg, m, size, consistencyProof(alg, src, m, size), treeRoot(alg, src, m), r),
          ).toBe(true);
      }
    }
  });
});

describe('tiles', () => {
  // Crosses two tile levels: 70,000 leaves = 273 full level-0 tiles, a level-1 tile of 273 hashes.
  const N = 70_000;
  const leaves = Array.from({ length: N }, (_, i) => leafHash('SM3', Buffer.from(`leaf ${i}`)));
  const reference = leafListSource('SM3', leaves);

  /** Appends in uneven batches, as the sequencer does, reading back only the partial edge tiles. */
  function build(batches: number[]) {
    const store = new Map<string, Buffer>();
    let size = 0;
    for (const n of batches) {
      const edge = new Set(partialTilesAt(size).map((t) => tileKey(t.tileLevel, t.tileIndex)));
      const { tiles } = appendLeaves('SM3', size, leaves.slice(size, size + n), (l, i) => {
        const key = tileKey(l, i);
        expect(edge.has(key)).toBe(true);
        return store.get(key);
      });
      for (const [k, v] of tiles) store.set(k, v);
      size += n;
    }
    return { store, size };
  }

  it('appending in batches stores the same tree as the leaf list, and proofs read only the needed tiles', () => {
    const { store, size } = build([1, 255, 1, 300, 65_000, 3_000, 1_443]);
    expect(size).toBe(N);
    expect(store.get('1/1')?.length).toBe((273 - 256) * 32);
    const cache = new TileCache(2); // small enough to evict between sizes
    for (const s of [1, 255, 256, 257, 65_536, 65_537, N - 1, N]) {
      const only = (refs: ReturnType<typeof neededSubtrees>) =>
        new TileHashSource(
          'SM3',
          new Map(
            tilesFor(refs).map((t) => [
              tileKey(t.tileLevel, t.tileIndex),
              store.get(tileKey(t.tileLevel, t.tileIndex))!,
            ]),
          ),
        );
      const r = treeRoot('SM3', only(neededSubtrees('root', s)), s);
      expect(r.equals(treeRoot('SM3', reference, s))).toBe(true);
      for (const i of [0, s - 1, Math.floor(s / 2)]) {
        const p = inclusionProof('SM3', only(neededSubtrees('inclusion', i, s)), i, s);
        expect(hex(p)).toEqual(hex(inclusionProof('SM3', reference, i, s)));
        const cached = inclusionProof('SM3', new TileHashSource('SM3', store, cache), i, s);
        expect(hex(cached)).toEqual(hex(p));
      }
      const from = Math.max(1, Math.floor(s / 3));
      const c = consistencyProof('SM3', only(neededSubtrees('consistency', from, s)), from, s);
      expect(verifyConsistency('SM3', from, s, c, treeRoot('SM3', reference, from), r)).toBe(true);
    }
  });

  it('a missing edge tile is an error, not a silently different tree', () => {
    const { store } = build([300]);
    store.delete('0/1');
    expect(() =>
      appendLeaves('SM3', 300, leaves.slice(300, 301), (l, i) => store.get(tileKey(l, i))),
    ).toThrow(/分片 0\/1/);
    expect(() => new TileHashSource('SM3', store).subtree(0, 299)).toThrow(/分片 0\/1/);
  });
});
