// Digest helpers. The log's Merkle hashing (and `LogHash`) lives in src/modules/ledger/merkle.ts;
// these are the plain digests it and the signature code build on.
import crypto from 'node:crypto';

// One-shot crypto.hash skips the Hash object: about a third faster on the 65-byte inputs of
// Merkle nodes, which proofs and the sequencer hash by the hundred.

/** SM3 (GB/T 32905-2016): Node's OpenSSL implements it natively. */
export function sm3(bytes: Uint8Array): Buffer {
  return crypto.hash('sm3', bytes, 'buffer');
}

export function sha256(bytes: Uint8Array): Buffer {
  return crypto.hash('sha256', bytes, 'buffer');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict hex decoding (Buffer.from silently stops at the first bad digit). */
export function fromHex(hex: string): Buffer {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error('不是有效的十六进制字符串');
  return Buffer.from(hex, 'hex');
}
