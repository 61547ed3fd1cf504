// Ed25519 (RFC 8032) with node:crypto. Keys travel as raw bytes: the 32-byte public key and the
// 32-byte private seed; DER wrappers are only how node:crypto wants them.
import crypto, { type KeyObject } from 'node:crypto';

// Fixed DER prefixes: SPKI and PKCS#8 for OID 1.3.101.112 (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Ed25519KeyPair {
  /** 32-byte RFC 8032 public key. */
  publicKey: Buffer;
  /** 32-byte private seed. */
  privateKey: Buffer;
}

export function ed25519Generate(): Ed25519KeyPair {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return { publicKey: ed25519PublicKey(seed), privateKey: Buffer.from(seed) };
}

/** Accepts a 32-byte seed or a PKCS#8 DER private key. */
export function ed25519PrivateKeyObject(privateKey: Uint8Array): KeyObject {
  const der = privateKey.length === 32 ? Buffer.concat([PKCS8_PREFIX, privateKey]) : Buffer.from(privateKey);
  const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('不是 Ed25519 私钥');
  return key;
}

export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new Error('Ed25519 公钥必须是 32 字节');
  return crypto.createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

/** The raw 32-byte public key of a private key (seed or PKCS#8). */
export function ed25519PublicKey(privateKey: Uint8Array): Buffer {
  const spki = crypto
    .createPublicKey(ed25519PrivateKeyObject(privateKey))
    .export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(SPKI_PREFIX.length));
}

export function ed25519Sign(privateKey: Uint8Array | KeyObject, message: Uint8Array): Buffer {
  const key = privateKey instanceof Uint8Array ? ed25519PrivateKeyObject(privateKey) : privateKey;
  return crypto.sign(null, message, key);
}

/** Never throws: a malformed key or signature is simply not a valid signature. */
export function ed25519Verify(
  publicKey: Uint8Array | KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (signature.length !== 64) return false;
    const key = publicKey instanceof Uint8Array ? ed25519PublicKeyObject(publicKey) : publicKey;
    return crypto.verify(null, message, key, signature);
  } catch {
    return false;
  }
}
