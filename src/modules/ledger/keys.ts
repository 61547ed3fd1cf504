import type { Queryable } from '../../db/db.ts';
import { ed25519Generate, ed25519Sign } from '../../shared/crypto/ed25519.ts';
import {
  ed25519Signer,
  ed25519Verifier,
  keyIdHex,
  type NoteVerifier,
  type Signer,
  sm2Signer,
  sm2Verifier,
} from '../../shared/crypto/signed-note.ts';
import { generateSm2KeyPair, sm2Sign } from '../../shared/crypto/sm2.ts';
import type { PiiVault } from '../../shared/pii.ts';

export type KeyAlgorithm = 'Ed25519' | 'SM2';
export const KEY_ALGORITHMS: KeyAlgorithm[] = ['Ed25519', 'SM2'];

export interface PublicKeyRow {
  name: string;
  algorithm: KeyAlgorithm;
  key_id: string;
  public_key: Uint8Array;
  status: 'ACTIVE' | 'RETIRED';
  created_at: Date;
  retired_at: Date | null;
}

/** Every key the platform ever signed with: retired keys stay listed so old signatures verify. */
export async function listKeys(q: Queryable): Promise<PublicKeyRow[]> {
  return q.query<PublicKeyRow>(
    `SELECT name, algorithm, key_id, public_key, status, created_at, retired_at FROM ledger_keys ORDER BY id`,
  );
}

export function verifierFor(k: Pick<PublicKeyRow, 'name' | 'algorithm' | 'public_key'>): NoteVerifier {
  const pub = Buffer.from(k.public_key);
  return k.algorithm === 'Ed25519' ? ed25519Verifier(k.name, pub) : sm2Verifier(k.name, pub);
}

/** A new key for `algorithm`, named after the log's origin (C2SP: the key name is the origin). */
export async function createKey(q: Queryable, vault: PiiVault, origin: string, algorithm: KeyAlgorithm) {
  let publicKey: Buffer;
  let privateHex: string;
  let signer: Signer;
  if (algorithm === 'Ed25519') {
    const pair = ed25519Generate();
    publicKey = pair.publicKey;
    privateHex = pair.privateKey.toString('hex');
    signer = ed25519Signer(origin, pair.privateKey);
  } else {
    const pair = generateSm2KeyPair();
    publicKey = Buffer.from(pair.publicKey);
    privateHex = pair.privateKey;
    signer = sm2Signer(origin, pair.privateKey);
  }
  await q.query(
    `INSERT INTO ledger_keys (name, algorithm, key_id, public_key, private_key_sealed) VALUES ($1, $2, $3, $4, $5)`,
    [origin, algorithm, keyIdHex(signer.keyId), publicKey, vault.encrypt(privateHex)],
  );
}

/** Retires the active key of `algorithm` and creates its successor in the same transaction. */
export async function rotateKey(q: Queryable, vault: PiiVault, origin: string, algorithm: KeyAlgorithm) {
  await q.query(
    `UPDATE ledger_keys SET status = 'RETIRED', retired_at = now() WHERE algorithm = $1 AND status = 'ACTIVE'`,
    [algorithm],
  );
  await createKey(q, vault, origin, algorithm);
}

async function activeKeys(q: Queryable, vault: PiiVault) {
  const rows = await q.query<{
    name: string;
    algorithm: KeyAlgorithm;
    key_id: string;
    private_key_sealed: Uint8Array;
  }>(
    `SELECT name, algorithm, key_id, private_key_sealed FROM ledger_keys WHERE status = 'ACTIVE' ORDER BY algorithm`,
  );
  return rows.map((r) => ({ ...r, privateHex: vault.decrypt(r.private_key_sealed) }));
}

/** Note signers (checkpoints) from the active keys. */
export async function activeSigners(q: Queryable, vault: PiiVault): Promise<Signer[]> {
  return (await activeKeys(q, vault)).map((k) =>
    k.algorithm === 'Ed25519'
      ? ed25519Signer(k.name, Buffer.from(k.privateHex, 'hex'))
      : sm2Signer(k.name, k.privateHex),
  );
}

export interface ContentSigner {
  algorithm: KeyAlgorithm;
  keyIdHex: string;
  sign(message: Uint8Array): Buffer;
}

/** Signers of plain messages (a report's content hash): SM2 with SM3 and the default user id, and Ed25519. */
export async function contentSigners(q: Queryable, vault: PiiVault): Promise<ContentSigner[]> {
  return (await activeKeys(q, vault)).map((k) => ({
    algorithm: k.algorithm,
    keyIdHex: k.key_id,
    sign: (m: Uint8Array) =>
      k.algorithm === 'Ed25519' ? ed25519Sign(Buffer.from(k.privateHex, 'hex'), m) : sm2Sign(k.privateHex, m),
  }));
}

/** The key id a published key must carry (C2SP signed-note), or null when the public key is malformed. */
export function publishedKeyId(k: {
  name: string;
  algorithm: KeyAlgorithm;
  publicKey: string;
}): string | null {
  const pub = Buffer.from(k.publicKey, 'base64');
  if (k.algorithm === 'Ed25519' ? pub.length !== 32 : pub.length !== 65 || pub[0] !== 0x04) return null;
  try {
    return keyIdHex(verifierFor({ name: k.name, algorithm: k.algorithm, public_key: pub }).keyId);
  } catch {
    return null;
  }
}
