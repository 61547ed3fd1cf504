// Merkle tree hashing, proofs and proof verification exactly as RFC 6962 / RFC 9162 §2.1, over a
// pluggable hash (SM3 by default, SHA-256 when a log is created so). Pure: the tree's stored hashes
// come in through a HashSource, so the same code serves the database, the bench and the verifier.
import crypto from 'node:crypto';
import { sha256, sm3 } from '../../shared/crypto/hash.ts';

export type LogHash = 'SM3' | 'SHA-256';
export const LOG_HASHES: LogHash[] = ['SM3', 'SHA-256'];

export function hashBytes(alg: LogHash, bytes: Uint8Array): Buffer {
  return alg === 'SM3' ? sm3(bytes) : sha256(bytes);
}

/** `hashBytes` of a text's UTF-8 bytes, as hex, without making the bytes or the digest a Buffer. */
export function hashTextHex(alg: LogHash, text: string): string {
  return crypto.hash(alg === 'SM3' ? 'sm3' : 'sha256', text, 'hex');
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH of one entry: H(0x00 ‖ entry). */
export function leafHash(alg: LogHash, entry: Uint8Array): Buffer {
  return hashBytes(alg, Buffer.concat([LEAF_PREFIX, entry]));
}

/** H(0x01 ‖ left ‖ right). */
export function nodeHash(alg: LogHash, left: Uint8Array, right: Uint8Array): Buffer {
  return hashBytes(alg, Buffer.concat([NODE_PREFIX, left, right]));
}

/** MTH({}) = H() — the root of the empty tree. */
export function emptyRoot(alg: LogHash): Buffer {
  return hashBytes(alg, new Uint8Array(0));
}

/**
 * The hash of the complete subtree at `level` (0 = leaves) and `index`, i.e. of leaves
 * [index·2^level, (index+1)·2^level). Only ever asked for subtrees inside the tree.
 */
export interface HashSource {
  subtree(level: number, index: number): Buffer;
}

export interface SubtreeRef {
  level: number;
  index: number;
}

/** Largest power of two strictly less than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * MTH(D[lo:hi]). RFC 6962's split keeps every power-of-two piece aligned to its size, so each is
 * one complete subtree of the source.
 */
function rangeHash(alg: LogHash, src: HashSource, lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (isPowerOfTwo(n)) return src.subtree(Math.log2(n), lo / n);
  const k = splitPoint(n);
  return nodeHash(alg, rangeHash(alg, src, lo, lo + k), rangeHash(alg, src, lo + k, hi));
}

export function treeRoot(alg: LogHash, src: HashSource, size: number): Buffer {
  return size === 0 ? emptyRoot(alg) : rangeHash(alg, src, 0, size);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, deepest sibling first. */
export function inclusionProof(alg: LogHash, src: HashSource, index: number, size: number): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`叶子序号 ${index} 不在大小为 ${size} 的树内`);
  const path: Buffer[] = [];
  const walk = (m: number, lo: number, hi: number) => {
    const n = hi - lo;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, lo, lo + k);
      path.push(rangeHash(alg, src, lo + k, hi));
    } else {
      walk(m - k, lo + k, hi);
      path.push(rangeHash(alg, src, lo, lo + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1. Empty when m is 0 or m equals n. */
export function consistencyProof(alg: LogHash, src: HashSource, from: number, to: number): Buffer[] {
  if (!(from >= 0 && from <= to)) throw new RangeError(`一致性证明要求 0 ≤ ${from} ≤ ${to}`);
  const proof: Buffer[] = [];
  if (from === 0 || from === to) return proof;
  const sub = (m: number, lo: number, hi: number, whole: boolean) => {
    const n = hi - lo;
    if (m === n) {
      if (!whole) proof.push(rangeHash(alg, src, lo, hi));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, lo, lo + k, whole);
      proof.push(rangeHash(alg, src, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      proof.push(rangeHash(alg, src, lo, lo + k));
    }
  };
  sub(from, 0, to, true);
  return proof;
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  alg: LogHash,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size))
    return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(alg, p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else {
      r = nodeHash(alg, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(Buffer.from(root));
}

/** Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  alg: LogHash,
  from: number,
  to: number,
  proof: Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return false;
  if (from === to) return proof.length === 0 && Buffer.from(fromRoot).equals(Buffer.from(toRoot));
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(alg, c, fr);
      sr = nodeHash(alg, c, sr);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else {
      sr = nodeHash(alg, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(Buffer.from(fromRoot)) && sr.equals(Buffer.from(toRoot));
}

const PLACEHOLDER = Buffer.alloc(32);

/**
 * The complete subtrees a root or proof computation reads — found by running it against a source
 * that only records, so the caller can fetch exactly those hashes in one query.
 */
export function neededSubtrees(kind: 'root', size: number): SubtreeRef[];
export function neededSubtrees(kind: 'inclusion' | 'consistency', a: number, b: number): SubtreeRef[];
export function neededSubtrees(kind: 'root' | 'inclusion' | 'consistency', a: number, b = 0): SubtreeRef[] {
  const refs: SubtreeRef[] = [];
  const recorder: HashSource = {
    subtree(level, index) {
      refs.push({ level, index });
      return PLACEHOLDER;
    },
  };
  // SHA-256 is as good as any hash for a dry run: only the addresses are kept.
  if (kind === 'root') treeRoot('SHA-256', recorder, a);
  else if (kind === 'inclusion') inclusionProof('SHA-256', recorder, a, b);
  else consistencyProof('SHA-256', recorder, a, b);
  return refs;
}

/** A source over an in-memory list of leaf hashes (tests, small trees, verifiers). */
export function leafListSource(alg: LogHash, leaves: Buffer[]): HashSource {
  const subtree = (level: number, index: number): Buffer =>
    level === 0
      ? leaves[index]
      : nodeHash(alg, subtree(level - 1, 2 * index), subtree(level - 1, 2 * index + 1));
  return { subtree };
}
