// Witnesses (见证平台): peer platforms, e.g. the other north-east provinces, that check our log only
// grows and cosign our checkpoints (C2SP tlog-cosignature, cosignature/v1). A cosignature is its
// own credential: anyone may deliver one, and it is kept only if a configured witness key made it
// over a checkpoint we signed.
import { type Static, Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import {
  cosignatureVerifier,
  keyIdHex,
  NoteError,
  openNote,
  parseCheckpoint,
} from '../../shared/crypto/signed-note.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { RequestContext } from '../identity/viewer.ts';
import { listKeys, verifierFor } from './keys.ts';

export const WitnessBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'the witness key name (C2SP key name)' }),
  publicKey: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Ed25519 public key, raw 32 bytes, base64',
  }),
  description: Type.Optional(Type.String({ maxLength: 200 })),
});
export type WitnessInput = Static<typeof WitnessBody>;

interface WitnessRow {
  id: number;
  name: string;
  key_id: string;
  public_key: Uint8Array;
  description: string;
  active: boolean;
  last_size: string | null;
  last_at: Date | null;
}

export async function listWitnesses(deps: AppDeps) {
  const latest = await deps.ledger.latestCheckpoint();
  const rows = await deps.db.query<WitnessRow>(
    `SELECT w.id, w.name, w.key_id, w.public_key, w.description, w.active, c.tree_size AS last_size, c.cosigned_at AS last_at
     FROM ledger_witnesses w
     LEFT JOIN LATERAL (SELECT tree_size, cosigned_at FROM ledger_cosignatures
                        WHERE witness_id = w.id ORDER BY tree_size DESC LIMIT 1) c ON true
     ORDER BY w.name`,
  );
  return {
    treeSize: latest?.size ?? 0,
    items: rows.map((r) => ({
      name: r.name,
      keyId: r.key_id,
      publicKey: Buffer.from(r.public_key).toString('base64'),
      description: r.description,
      active: r.active,
      lastCosigned: r.last_size
        ? { treeSize: Number(r.last_size), cosignedAt: r.last_at!.toISOString() }
        : null,
    })),
  };
}

/** Adds a witness, or re-activates a removed one with the same key. */
export async function addWitness(deps: AppDeps, input: WitnessInput, ctx: RequestContext) {
  const publicKey = Buffer.from(input.publicKey, 'base64');
  if (publicKey.length !== 32 || publicKey.toString('base64') !== input.publicKey.trim())
    throw Errors.invalid(
      'WITNESS_KEY_INVALID',
      '见证公钥须为 32 字节 Ed25519 公钥的 Base64 编码',
      'publicKey',
    );
  let keyId: string;
  try {
    keyId = keyIdHex(cosignatureVerifier(input.name, publicKey).keyId);
  } catch (err) {
    throw Errors.invalid('WITNESS_NAME_INVALID', `见证名称无效：${(err as Error).message}`, 'name');
  }
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.query<{ key_id: string }>(
      'SELECT key_id FROM ledger_witnesses WHERE name = $1',
      [input.name],
    );
    if (existing && existing.key_id !== keyId)
      throw Errors.conflict('WITNESS_EXISTS', `见证平台 ${input.name} 已配置了另一个公钥`, 'name');
    await tx.query(
      `INSERT INTO ledger_witnesses (name, key_id, public_key, description) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET active = true, description = EXCLUDED.description`,
      [input.name, keyId, publicKey, input.description ?? ''],
    );
    await recordAudit(tx, ctx, {
      action: 'ledger.witnesses.add',
      targetType: 'ledger_witness',
      targetId: input.name,
    });
  });
  return listWitnesses(deps);
}

/** Stops accepting a witness's cosignatures; those already received stay on record. */
export async function removeWitness(deps: AppDeps, name: string, ctx: RequestContext) {
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE ledger_witnesses SET active = false WHERE name = $1 AND active RETURNING id',
      [name],
    );
    if (!rows.length) throw Errors.notFound('WITNESS_NOT_FOUND', `见证平台不存在：${name}`);
    await recordAudit(tx, ctx, {
      action: 'ledger.witnesses.remove',
      targetType: 'ledger_witness',
      targetId: name,
    });
  });
  return listWitnesses(deps);
}

/**
 * Accepts a checkpoint note carrying witness cosignatures. The note text must be exactly a
 * checkpoint we signed: a witness that cosigned a different root for the same size has seen a
 * split view, which is refused loudly.
 */
export async function acceptCosignatures(deps: AppDeps, note: string, ctx: RequestContext) {
  const split = note.lastIndexOf('\n\n');
  let size: number;
  try {
    size = parseCheckpoint(split < 0 ? note : note.slice(0, split + 1)).size;
  } catch (err) {
    throw Errors.invalid('CHECKPOINT_MALFORMED', `检查点格式不正确：${(err as Error).message}`, 'note');
  }
  const [ours] = await deps.db.query<{ note: string }>(
    'SELECT note FROM ledger_checkpoints WHERE tree_size = $1',
    [size],
  );
  if (!ours) throw Errors.notFound('CHECKPOINT_NOT_FOUND', `本平台没有签署过大小为 ${size} 的检查点`);
  if (ours.note.slice(0, ours.note.lastIndexOf('\n\n')) !== note.slice(0, split))
    throw Errors.conflict(
      'CHECKPOINT_MISMATCH',
      `联署的检查点与本平台签署的大小为 ${size} 的检查点不一致`,
      'note',
    );

  const witnesses = await deps.db.query<{ id: number; name: string; public_key: Uint8Array }>(
    'SELECT id, name, public_key FROM ledger_witnesses WHERE active',
  );
  const byKey = new Map(
    witnesses.map((w) => {
      const v = cosignatureVerifier(w.name, w.public_key);
      return [`${w.name}+${keyIdHex(v.keyId)}`, { id: w.id, verifier: v }];
    }),
  );
  const ownVerifiers = (await listKeys(deps.db)).map(verifierFor);
  let opened: ReturnType<typeof openNote>;
  try {
    opened = openNote(note, [...ownVerifiers, ...[...byKey.values()].map((w) => w.verifier)]);
  } catch (err) {
    if (err instanceof NoteError)
      throw Errors.invalid('COSIGNATURE_INVALID', `联署签名无效：${err.message}`, 'note');
    throw err;
  }
  const accepted = opened.verified.filter((v) => v.algorithm === 'cosignature/v1');
  if (!accepted.length)
    throw Errors.invalid('COSIGNATURE_INVALID', '没有来自已配置见证平台的有效联署签名', 'note');
  const lines = signatureLines(note.slice(split + 2));
  await deps.db.transaction(async (tx) => {
    for (const v of accepted) {
      const key = `${v.name}+${keyIdHex(v.keyId)}`;
      await tx.query(
        `INSERT INTO ledger_cosignatures (tree_size, witness_id, signature_line, cosigned_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tree_size, witness_id) DO NOTHING`,
        [size, byKey.get(key)!.id, lines.get(key), new Date(v.timestamp! * 1000)],
      );
    }
    await recordAudit(tx, ctx, {
      action: 'ledger.cosignatures.accept',
      targetType: 'ledger_checkpoint',
      targetId: size,
      detail: { witnesses: accepted.map((v) => v.name) },
    });
  });
  return { treeSize: size, accepted: accepted.map((v) => v.name) };
}

/** Signature lines keyed `name+keyid`; openNote has already checked their form. */
function signatureLines(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split('\n')) {
    const [, name, sig] = line.split(' ');
    if (!sig) continue;
    out.set(`${name}+${Buffer.from(sig, 'base64').subarray(0, 4).toString('hex')}`, line);
  }
  return out;
}

/** The stored cosignature lines of a checkpoint, to serve them with it. */
export async function cosignatureLines(deps: AppDeps, size: number): Promise<string[]> {
  const rows = await deps.db.query<{ signature_line: string }>(
    `SELECT c.signature_line FROM ledger_cosignatures c JOIN ledger_witnesses w ON w.id = c.witness_id
     WHERE c.tree_size = $1 AND w.active ORDER BY w.name`,
    [size],
  );
  return rows.map((r) => r.signature_line);
}
