// C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
// witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1). SM2 note signatures use the
// out-of-spec type byte 0xff, as recorded in docs/ledger.md "SM2 in signed notes".
import {
  ed25519PrivateKeyObject,
  ed25519PublicKey,
  ed25519PublicKeyObject,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.ts';
import { sha256 } from './hash.ts';
import { isSm2PublicKey, sm2PublicKeyFromPrivate, sm2SignerFor, sm2Verify } from './sm2.ts';

export type NoteAlgorithm = 'Ed25519' | 'SM2' | 'cosignature/v1';

/** signed-note "Signature types". */
export const SIGNATURE_TYPE_ED25519 = Buffer.from([0x01]);
export const SIGNATURE_TYPE_COSIGNATURE_V1 = Buffer.from([0x04]);
/** 0xff ("types without an identifier byte assigned by this specification") + the SM2-with-SM3 OID. */
export const SIGNATURE_TYPE_SM2 = Buffer.concat([
  Buffer.from([0xff]),
  Buffer.from('1.2.156.10197.1.501', 'ascii'),
]);

export interface Signer {
  name: string;
  /** 4 bytes. */
  keyId: Buffer;
  sign(message: Uint8Array): Buffer;
}

export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  algorithm: NoteAlgorithm;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface VerifiedSignature {
  name: string;
  keyId: Buffer;
  algorithm: NoteAlgorithm;
  /** cosignature/v1 only: POSIX seconds the witness signed at. */
  timestamp?: number;
}

export interface OpenedNote {
  text: string;
  verified: VerifiedSignature[];
  unverified: { name: string; keyId: Buffer }[];
}

export type NoteErrorCode =
  | 'NOTE_MALFORMED'
  | 'NOTE_NO_VERIFIED_SIGNATURE'
  | 'NOTE_BAD_SIGNATURE'
  | 'NOTE_AMBIGUOUS_KEY'
  | 'CHECKPOINT_MALFORMED';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

const malformed = (why: string) => new NoteError('NOTE_MALFORMED', `签名笔记格式不正确：${why}`);

// ---- Key ids (signed-note "Signatures").

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4] */
export function computeKeyId(name: string, signatureType: Uint8Array, publicKey: Uint8Array): Buffer {
  return sha256(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), signatureType, publicKey])).subarray(0, 4);
}

export function keyIdHex(keyId: Uint8Array): string {
  if (keyId.length !== 4) throw new Error('密钥 ID 必须是 4 字节');
  return Buffer.from(keyId).toString('hex');
}

/** "Key names MUST be non-empty and MUST NOT contain any Unicode spaces or plus (U+002B)". */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+]/u.test(name) && wellFormed(name) && !CONTROL.test(name);
}

function checkName(name: string): void {
  if (!isValidKeyName(name)) throw new Error(`无效的签名密钥名称：${JSON.stringify(name)}`);
}

// ---- Format checks shared by notes and checkpoints ("Format").

// biome-ignore lint/suspicious/noControlCharactersInRegex: notes must not contain these (all below U+0020 but newline)
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 §4), padded and canonical; null otherwise. */
function strictBase64(s: string): Buffer | null {
  if (!BASE64.test(s)) return null;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : null;
}

/** Valid UTF-8, no control characters other than newline, ends with a newline. */
function checkText(text: string, what: string): void {
  if (!text.endsWith('\n')) throw malformed(`${what}必须以换行结尾`);
  if (CONTROL.test(text)) throw malformed(`${what}含有控制字符`);
  if (!wellFormed(text)) throw malformed(`${what}不是有效的 UTF-8`);
}

// ---- Checkpoints (tlog-checkpoint "Note text").

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

export function formatCheckpoint(cp: {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: string[];
}): string {
  const ext = cp.extensions ?? [];
  for (const line of [cp.origin, ...ext])
    if (!line || line.includes('\n') || CONTROL.test(line) || !wellFormed(line))
      throw new NoteError('CHECKPOINT_MALFORMED', '检查点的来源行和扩展行必须非空，且不含换行或控制字符');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0)
    throw new NoteError('CHECKPOINT_MALFORMED', '检查点的树大小必须是非负整数');
  if (!cp.rootHash.length) throw new NoteError('CHECKPOINT_MALFORMED', '检查点缺少树根哈希');
  return `${[cp.origin, String(cp.size), Buffer.from(cp.rootHash).toString('base64'), ...ext].join('\n')}\n`;
}

/** Strict: non-empty origin, decimal size without leading zeros, canonical base64 root of `hashSize` bytes. */
export function parseCheckpoint(text: string, hashSize = 32): Checkpoint {
  const bad = (why: string) => new NoteError('CHECKPOINT_MALFORMED', `检查点格式不正确：${why}`);
  if (!text.endsWith('\n') || CONTROL.test(text) || !wellFormed(text))
    throw bad('须为以换行结尾、无控制字符的文本');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('至少需要来源、树大小、树根三行');
  const [origin, size, root, ...extensions] = lines;
  if (!origin) throw bad('来源行为空');
  if (!/^(?:0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw bad(`树大小 ${JSON.stringify(size)} 无效`);
  const rootHash = strictBase64(root);
  if (!rootHash || rootHash.length !== hashSize) throw bad(`树根须为 ${hashSize} 字节的 base64`);
  if (extensions.some((l) => !l)) throw bad('扩展行不能为空');
  return { origin, size: Number(size), rootHash, extensions };
}

// ---- Signing and opening notes.

/** text ‖ "\n" ‖ one "— <name> base64(keyId ‖ signature)\n" line per signer. */
export function signNote(text: string, signers: Signer[]): string {
  checkText(text, '笔记正文');
  if (!signers.length) throw new Error('签名笔记至少需要一个签名');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => signatureLine(s, message));
  return `${text}\n${lines.join('')}`;
}

function signatureLine(s: Signer, message: Buffer): string {
  checkName(s.name);
  if (s.keyId.length !== 4) throw new Error('密钥 ID 必须是 4 字节');
  return `— ${s.name} ${Buffer.concat([s.keyId, s.sign(message)]).toString('base64')}\n`;
}

// Go's golang.org/x/mod/sumdb/note also stops at 100; the spec requires at least 16.
const MAX_SIGNATURES = 100;

/**
 * Verifies a signed note against the known keys (signed-note "Signatures"): signatures by unknown
 * keys are listed as unverified; a failing signature by a known key (same name AND key id) rejects
 * the note; at least one known key must have signed. Returns the note text only once verified.
 */
export function openNote(note: string | Uint8Array, verifiers: NoteVerifier[]): OpenedNote {
  const all = typeof note === 'string' ? note : decodeUtf8(note);
  if (CONTROL.test(all)) throw malformed('含有控制字符');
  if (!wellFormed(all)) throw malformed('不是有效的 UTF-8');
  const split = all.lastIndexOf('\n\n');
  if (split < 0) throw malformed('缺少正文与签名之间的空行');
  const text = all.slice(0, split + 1);
  const block = all.slice(split + 2);
  if (!block.endsWith('\n')) throw malformed('签名行必须以换行结尾');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`签名超过 ${MAX_SIGNATURES} 个`);

  const message = Buffer.from(text, 'utf8');
  const out: OpenedNote = { text, verified: [], unverified: [] };
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith('— ')) throw malformed('签名行须以“— ”开头');
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const raw = space < 0 ? null : strictBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !raw || raw.length < 5) throw malformed(`签名行无效：${line}`);
    const keyId = raw.subarray(0, 4);
    const sig = raw.subarray(4);
    const id = `${name}+${keyId.toString('hex')}`;
    const known = verifiers.filter((v) => v.name === name && v.keyId.equals(keyId));
    if (known.length > 1) throw new NoteError('NOTE_AMBIGUOUS_KEY', `有多个公钥对应签名密钥 ${id}`);
    if (!known.length) {
      if (!seen.has(line)) out.unverified.push({ name, keyId });
      seen.add(line);
      continue;
    }
    const v = known[0];
    if (!v.verify(message, sig))
      throw new NoteError('NOTE_BAD_SIGNATURE', `已知密钥 ${id}（${v.algorithm}）的签名验证失败`);
    if (seen.has(id)) continue;
    seen.add(id);
    const entry: VerifiedSignature = { name, keyId, algorithm: v.algorithm };
    if (v.algorithm === 'cosignature/v1') entry.timestamp = Number(sig.readBigUInt64BE(0));
    out.verified.push(entry);
  }
  if (!out.verified.length) throw new NoteError('NOTE_NO_VERIFIED_SIGNATURE', '没有任何受信任密钥的有效签名');
  return out;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('不是有效的 UTF-8');
  }
}

// ---- Ed25519 (signed-note "Ed25519 signatures").

/** `privateKey`: 32-byte seed or PKCS#8 DER. */
export function ed25519Signer(name: string, privateKey: Uint8Array): Signer {
  checkName(name);
  const key = ed25519PrivateKeyObject(privateKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, ed25519PublicKey(privateKey)),
    sign: (m) => ed25519Sign(key, m),
  };
}

/** `publicKey`: the raw 32-byte key. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  checkName(name);
  const key = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    algorithm: 'Ed25519',
    verify: (m, sig) => ed25519Verify(key, m, sig),
  };
}

// ---- SM2: DER signature over the note text, SM3 with the default user id (docs/ledger.md).

export function sm2Signer(name: string, privateKeyHex: string): Signer {
  checkName(name);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_SM2, sm2PublicKeyFromPrivate(privateKeyHex)),
    sign: sm2SignerFor(privateKeyHex),
  };
}

/** `publicKey`: 65 bytes 0x04 ‖ x ‖ y. */
export function sm2Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  checkName(name);
  if (!isSm2PublicKey(publicKey)) throw new Error('不是有效的 SM2 公钥（65 字节未压缩点）');
  const pub = Buffer.from(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_SM2, pub),
    algorithm: 'SM2',
    verify: (m, sig) => sm2Verify(pub, m, sig),
  };
}

// ---- Witness cosignatures (tlog-cosignature, Ed25519 "cosignature/v1", type 0x04).

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** "cosignature/v1\ntime <t>\n" ‖ checkpoint note text (with extension lines, without signatures). */
function cosignedMessage(timestamp: bigint, text: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${timestamp}\n`, 'utf8'), text]);
}

function posixSeconds(time: Date | number): bigint {
  const t = typeof time === 'number' ? time : Math.floor(time.getTime() / 1000);
  if (!Number.isSafeInteger(t) || t < 0) throw new Error('联署时间必须是非负整数秒（POSIX 时间）');
  return BigInt(t);
}

/** A witness signing at `time` (a Date, or POSIX seconds). Signature = u64 timestamp ‖ Ed25519. */
export function cosignatureSigner(name: string, privateKey: Uint8Array, time: Date | number): Signer {
  checkName(name);
  const key = ed25519PrivateKeyObject(privateKey);
  const ts = posixSeconds(time);
  const tsBytes = Buffer.alloc(8);
  tsBytes.writeBigUInt64BE(ts);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, ed25519PublicKey(privateKey)),
    sign: (m) => Buffer.concat([tsBytes, ed25519Sign(key, cosignedMessage(ts, m))]),
  };
}

export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  checkName(name);
  const key = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey),
    algorithm: 'cosignature/v1',
    verify: (m, sig) => {
      if (sig.length !== 72) return false;
      const ts = Buffer.from(sig).readBigUInt64BE(0);
      if (ts > MAX_TIMESTAMP) return false;
      // A cosignature covers a checkpoint: at least origin, size and root lines.
      if (Buffer.from(m).toString('utf8').split('\n').length < 4) return false;
      return ed25519Verify(key, cosignedMessage(ts, m), sig.subarray(8));
    },
  };
}

/**
 * Adds a witness cosignature to a checkpoint (a signed note, or bare checkpoint text). For tests and
 * demo witnesses: a real witness first verifies the log's signature and the consistency proof.
 */
export function cosign(
  checkpoint: string,
  name: string,
  privateKey: Uint8Array,
  time: Date | number,
): string {
  const signer = cosignatureSigner(name, privateKey, time);
  const split = checkpoint.lastIndexOf('\n\n');
  const text = split < 0 ? checkpoint : checkpoint.slice(0, split + 1);
  parseCheckpoint(text);
  if (split < 0) return signNote(text, [signer]);
  if (!checkpoint.endsWith('\n')) throw malformed('签名行必须以换行结尾');
  return checkpoint + signatureLine(signer, Buffer.from(text, 'utf8'));
}
