import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { RequestContext } from '../identity/viewer.ts';
import type { LogHash } from './merkle.ts';
import { keys } from './service.ts';

/**
 * A platform whose signatures we accept: its origin, log hash and public keys, exactly the shape of
 * its `GET /api/v1/ledger/keys`. Our own platform is one; peers (异地互认) are imported by an admin.
 */
export interface TrustedPlatform {
  origin: string;
  hash: LogHash;
  keys: { name: string; algorithm: 'Ed25519' | 'SM2'; keyId: string; publicKey: string }[];
}

export const TrustedPlatformSchema = Type.Object({
  origin: Type.String({ minLength: 1, maxLength: 200 }),
  hash: Type.Union([Type.Literal('SM3'), Type.Literal('SHA-256')]),
  keys: Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 200 }),
      algorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2')]),
      keyId: Type.String({ pattern: '^[0-9a-f]{8}$' }),
      publicKey: Type.String({ minLength: 1, maxLength: 200 }),
    }),
    { minItems: 1, maxItems: 20 },
  ),
});

export async function trustedPlatforms(deps: AppDeps): Promise<TrustedPlatform[]> {
  const own = await keys(deps);
  const peers = await deps.db.query<{
    origin: string;
    hash_algorithm: LogHash;
    keys: TrustedPlatform['keys'];
  }>('SELECT origin, hash_algorithm, keys FROM ledger_peers ORDER BY origin');
  return [own, ...peers.map((p) => ({ origin: p.origin, hash: p.hash_algorithm, keys: p.keys }))];
}

export async function listPeers(deps: AppDeps) {
  const rows = await deps.db.query<{
    origin: string;
    hash_algorithm: LogHash;
    keys: TrustedPlatform['keys'];
    imported_at: Date;
  }>('SELECT origin, hash_algorithm, keys, imported_at FROM ledger_peers ORDER BY origin');
  return rows.map((r) => ({
    origin: r.origin,
    hash: r.hash_algorithm,
    keys: r.keys,
    importedAt: r.imported_at.toISOString(),
  }));
}

/**
 * Imports (or replaces) a peer platform's published keys. Each key must be well formed and its id
 * must be the one its name and public key give, so a mistyped file is refused rather than trusted.
 */
export async function importPeer(
  deps: AppDeps,
  peer: TrustedPlatform,
  keyIdOf: (k: TrustedPlatform['keys'][number]) => string | null,
  ctx: RequestContext,
) {
  if (peer.origin === deps.ledger.origin)
    throw Errors.invalid('PEER_IS_SELF', '不能把本平台导入为互认平台', 'origin');
  peer.keys.forEach((k, i) => {
    const expected = keyIdOf(k);
    if (expected === null)
      throw Errors.invalid('PEER_KEY_INVALID', `第 ${i + 1} 个公钥格式不正确`, `keys[${i}].publicKey`);
    if (expected !== k.keyId)
      throw Errors.invalid(
        'PEER_KEY_ID_MISMATCH',
        `第 ${i + 1} 个公钥的 keyId 应为 ${expected}`,
        `keys[${i}].keyId`,
      );
  });
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO ledger_peers (origin, hash_algorithm, keys, imported_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (origin) DO UPDATE SET hash_algorithm = EXCLUDED.hash_algorithm, keys = EXCLUDED.keys,
         imported_at = now(), imported_by = EXCLUDED.imported_by`,
      [
        peer.origin,
        peer.hash,
        JSON.stringify(peer.keys),
        ctx.viewer.kind === 'USER' ? Number(ctx.viewer.id) : null,
      ],
    );
    await recordAudit(tx, ctx, {
      action: 'ledger.peers.import',
      targetType: 'ledger_peer',
      targetId: peer.origin,
      detail: { keys: peer.keys.length },
    });
  });
  return listPeers(deps);
}

export async function removePeer(deps: AppDeps, origin: string, ctx: RequestContext) {
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query('DELETE FROM ledger_peers WHERE origin = $1 RETURNING origin', [origin]);
    if (!rows.length) throw Errors.notFound('PEER_NOT_FOUND', `互认平台不存在：${origin}`);
    await recordAudit(tx, ctx, {
      action: 'ledger.peers.remove',
      targetType: 'ledger_peer',
      targetId: origin,
    });
  });
  return listPeers(deps);
}
