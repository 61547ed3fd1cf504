// SM2 signatures (GB/T 32918.2-2016) with SM3 (GB/T 32905-2016), DER-encoded as GB/T 35276 / GM/T 0009
// (SEQUENCE { r INTEGER, s INTEGER }). Node's crypto cannot make SM2 signatures, so the curve
// arithmetic comes from sm-crypto-v2; hashing (Z and e = SM3(Z ‖ M)), DER and key checks are ours.
import { sm2 } from 'sm-crypto-v2';
import { sm3, toHex } from './hash.ts';

/** GB/T 35276 default signer id; OpenSSL 3 needs it explicitly (`distid:1234567812345678`). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order n of the SM2 base point (GB/T 32918.5). */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

export interface Sm2KeyPair {
  /** 64 lowercase hex digits. */
  privateKey: string;
  /** 65 bytes: 0x04 ‖ x ‖ y. */
  publicKey: Buffer;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const kp = sm2.generateKeyPairHex();
  return { privateKey: kp.privateKey, publicKey: Buffer.from(kp.publicKey, 'hex') };
}

function checkPrivateKey(privateKeyHex: string): string {
  // d ∈ [1, n−2]: signing inverts (1 + d).
  if (!/^[0-9a-fA-F]{64}$/.test(privateKeyHex)) throw new Error('SM2 私钥必须是 64 位十六进制');
  const d = BigInt(`0x${privateKeyHex}`);
  if (d < 1n || d > N - 2n) throw new Error('SM2 私钥超出范围');
  return privateKeyHex.toLowerCase();
}

export function sm2PublicKeyFromPrivate(privateKeyHex: string): Buffer {
  return Buffer.from(sm2.getPublicKeyFromPrivateKey(checkPrivateKey(privateKeyHex)), 'hex');
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA); the library also checks the point is on the curve. */
function zValue(publicKeyHex: string, userId: string): Buffer {
  return Buffer.from(sm2.getZ(publicKeyHex, userId));
}

function publicKeyHex(publicKey: Uint8Array): string {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04)
    throw new Error('SM2 公钥必须是 65 字节未压缩点（04‖x‖y）');
  return toHex(publicKey);
}

/** True for a 65-byte uncompressed point on the SM2 curve. */
export function isSm2PublicKey(publicKey: Uint8Array): boolean {
  try {
    return sm2.verifyPublicKey(publicKeyHex(publicKey));
  } catch {
    return false;
  }
}

// ---- DER (GB/T 35276 §7.3): strict, so one signature has exactly one encoding.

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return Buffer.concat([Buffer.from([0x02, hex.length / 2]), Buffer.from(hex, 'hex')]);
}

function derEncode(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function derDecode(sig: Uint8Array): [bigint, bigint] | null {
  if (sig.length < 8 || sig.length > 72 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return null;
  const out: bigint[] = [];
  let p = 2;
  for (let i = 0; i < 2; i++) {
    if (sig[p] !== 0x02) return null;
    const len = sig[p + 1];
    p += 2;
    if (len < 1 || len > 33 || p + len > sig.length) return null;
    const v = sig.subarray(p, p + len);
    if (v[0] & 0x80) return null; // negative
    if (len > 1 && v[0] === 0 && !(v[1] & 0x80)) return null; // not minimal
    out.push(BigInt(`0x${toHex(v)}`));
    p += len;
  }
  return p === sig.length ? [out[0], out[1]] : null;
}

const hex64 = (v: bigint) => v.toString(16).padStart(64, '0');

// ---- Signing and verification.

/** Signs `message` (SM3 with the Z value of `userId`); returns the DER signature. */
export function sm2Sign(privateKeyHex: string, message: Uint8Array, userId = SM2_DEFAULT_USER_ID): Buffer {
  const d = checkPrivateKey(privateKeyHex);
  const z = zValue(sm2.getPublicKeyFromPrivateKey(d), userId);
  return signDigest(d, sm3(Buffer.concat([z, message])));
}

function signDigest(d: string, e: Uint8Array): Buffer {
  const rs = sm2.doSignature(e, d, { der: false, hash: false });
  return derEncode(BigInt(`0x${rs.slice(0, 64)}`), BigInt(`0x${rs.slice(64)}`));
}

/** A signing function with the public key and Z computed once (for long-lived signers). */
export function sm2SignerFor(
  privateKeyHex: string,
  userId = SM2_DEFAULT_USER_ID,
): (message: Uint8Array) => Buffer {
  const d = checkPrivateKey(privateKeyHex);
  const z = zValue(sm2.getPublicKeyFromPrivateKey(d), userId);
  return (message) => signDigest(d, sm3(Buffer.concat([z, message])));
}

type Point = ReturnType<typeof sm2.precomputePublicKey>;
interface VerifyKey {
  hex: string;
  z: Buffer;
  point?: Point;
  uses: number;
}

// Verification keys by (user id, public key). Precomputing a point costs ~50 ms and makes each
// verification ~5× faster, so it is done on a key's second use; one-off checks skip it.
const verifyKeys = new Map<string, VerifyKey>();
const MAX_VERIFY_KEYS = 64;

function verifyKey(publicKey: Uint8Array, userId: string): VerifyKey {
  const hex = publicKeyHex(publicKey);
  const id = `${userId}\n${hex}`;
  let k = verifyKeys.get(id);
  if (!k) {
    k = { hex, z: zValue(hex, userId), uses: 0 };
    if (verifyKeys.size >= MAX_VERIFY_KEYS) verifyKeys.delete(verifyKeys.keys().next().value as string);
    verifyKeys.set(id, k);
  }
  if (++k.uses === 2) k.point = sm2.precomputePublicKey(hex);
  return k;
}

/** Never throws: malformed keys, signatures or encodings are just invalid signatures. */
export function sm2Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  userId = SM2_DEFAULT_USER_ID,
): boolean {
  try {
    const rs = derDecode(signature);
    if (!rs) return false;
    const [r, s] = rs;
    if (r < 1n || r >= N || s < 1n || s >= N) return false; // GB/T 32918.2 §7.1 B1, B2
    const k = verifyKey(publicKey, userId);
    const e = sm3(Buffer.concat([k.z, message]));
    return sm2.doVerifySignature(e, hex64(r) + hex64(s), k.point ?? k.hex, { der: false, hash: false });
  } catch {
    return false;
  }
}

// ---- PEM, as OpenSSL writes SM2 keys: id-ecPublicKey (1.2.840.10045.2.1) with the SM2 curve
// (1.2.156.10197.1.301) as parameters.

const ALGORITHM = '301306072a8648ce3d020106082a811ccf5501822d';
const SPKI_PREFIX = Buffer.from(`3059${ALGORITHM}034200`, 'hex');
// PKCS#8 { 0, algorithm, OCTET STRING ECPrivateKey { 1, d, [1] publicKey } } (RFC 5915, RFC 5208).
const PKCS8_PREFIX = Buffer.from(`308187020100${ALGORITHM}046d306b0201010420`, 'hex');
const PKCS8_PUBLIC = Buffer.from('a144034200', 'hex');

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function unpem(label: string, text: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  if (!m) throw new Error(`不是 PEM 格式的 ${label}`);
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/** SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`). */
export function sm2PublicKeyToPem(publicKey: Uint8Array): string {
  publicKeyHex(publicKey);
  return pem('PUBLIC KEY', Buffer.concat([SPKI_PREFIX, publicKey]));
}

export function sm2PublicKeyFromPem(text: string): Buffer {
  const der = unpem('PUBLIC KEY', text);
  if (der.length !== SPKI_PREFIX.length + 65 || !der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX))
    throw new Error('不是 SM2 公钥（SubjectPublicKeyInfo）');
  const pub = Buffer.from(der.subarray(SPKI_PREFIX.length));
  zValue(publicKeyHex(pub), SM2_DEFAULT_USER_ID); // rejects points off the curve
  return pub;
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), byte for byte what `openssl genpkey -algorithm SM2` writes. */
export function sm2PrivateKeyToPem(privateKeyHex: string): string {
  const d = checkPrivateKey(privateKeyHex);
  const pub = Buffer.from(sm2.getPublicKeyFromPrivateKey(d), 'hex');
  return pem('PRIVATE KEY', Buffer.concat([PKCS8_PREFIX, Buffer.from(d, 'hex'), PKCS8_PUBLIC, pub]));
}

/** Reads the PKCS#8 layout OpenSSL writes (with the public key, which must match); returns hex. */
export function sm2PrivateKeyFromPem(text: string): string {
  const der = unpem('PRIVATE KEY', text);
  const at = PKCS8_PREFIX.length;
  if (
    der.length !== at + 32 + PKCS8_PUBLIC.length + 65 ||
    !der.subarray(0, at).equals(PKCS8_PREFIX) ||
    !der.subarray(at + 32, at + 32 + PKCS8_PUBLIC.length).equals(PKCS8_PUBLIC)
  )
    throw new Error('不是 SM2 私钥（PKCS#8）');
  const d = checkPrivateKey(toHex(der.subarray(at, at + 32)));
  if (!sm2PublicKeyFromPrivate(d).equals(der.subarray(at + 32 + PKCS8_PUBLIC.length)))
    throw new Error('SM2 私钥与其中的公钥不符');
  return d;
}
