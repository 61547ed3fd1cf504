import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';

const Base64 = Type.String({ description: 'base64 (RFC 4648 §4)' });

export const EntriesQuery = Type.Object({
  start: Type.Integer({ minimum: 0, description: 'first leaf index' }),
  end: Type.Integer({ minimum: 1, description: 'one past the last leaf index; at most start + 1000' }),
});

export const EntryFields = Type.Object({
  v: Type.Integer(),
  type: Type.String(),
  subject: Nullable(Type.String()),
  objectType: Type.String(),
  objectId: Type.String(),
  version: Type.Integer(),
  contentHash: Type.String(),
  time: Type.String(),
  actor: Type.String(),
});

export const EntriesResponse = Type.Object({
  treeSize: Type.Integer(),
  entries: Type.Array(
    Type.Object({
      index: Type.Integer(),
      entry: Type.String({ description: 'base64 of the exact bytes hashed as the leaf' }),
      decoded: EntryFields,
      sequencedAt: Type.String(),
    }),
  ),
});

export const InclusionQuery = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  size: Type.Integer({ minimum: 1, description: 'tree size of the checkpoint to prove against' }),
});

export const ConsistencyQuery = Type.Object({
  from: Type.Integer({ minimum: 1 }),
  to: Type.Integer({ minimum: 1 }),
});

export const ProofResponse = Type.Object({
  hashes: Type.Array(Base64, { description: 'RFC 6962 / RFC 9162 order' }),
});

export const InclusionResponse = Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leafHash: Base64,
  hashes: Type.Array(Base64),
});

export const KeysResponse = Type.Object({
  origin: Type.String(),
  hash: Type.Union([Type.Literal('SM3'), Type.Literal('SHA-256')]),
  keys: Type.Array(
    Type.Object({
      name: Type.String(),
      algorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2')]),
      keyId: Type.String({ description: '8 hex digits' }),
      publicKey: Type.String({
        description: 'base64: Ed25519 raw 32 bytes; SM2 uncompressed point 04‖x‖y, 65 bytes',
      }),
      status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('RETIRED')]),
      createdAt: Type.String(),
      retiredAt: Nullable(Type.String()),
    }),
  ),
});

export const CheckpointInfo = Type.Object({
  size: Type.Integer(),
  rootHash: Base64,
  note: Type.String(),
  signedAt: Type.String(),
});

export const RotateBody = Type.Object({
  algorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2')]),
});

export const AuditProblem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  leafIndex: Type.Optional(Type.Integer()),
  objectType: Type.Optional(Type.String()),
  objectId: Type.Optional(Type.String()),
});

export const AuditRun = Type.Object({
  id: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  treeSize: Type.Integer(),
  ok: Type.Boolean(),
  problems: Type.Array(AuditProblem),
});

export const ObjectParams = Type.Object({
  objectType: Type.String({ maxLength: 40 }),
  objectId: Type.String({ maxLength: 64 }),
});

export const ObjectLeaves = Type.Object({
  leaves: Type.Array(
    Type.Object({
      index: Type.Integer(),
      type: Type.String(),
      version: Type.Integer(),
      sequencedAt: Type.String(),
    }),
  ),
  queued: Type.Integer({ description: 'changes committed but not yet in the tree' }),
});

export const Peer = Type.Object({
  origin: Type.String(),
  hash: Type.Union([Type.Literal('SM3'), Type.Literal('SHA-256')]),
  keys: Type.Array(
    Type.Object({
      name: Type.String(),
      algorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('SM2')]),
      keyId: Type.String(),
      publicKey: Type.String(),
    }),
  ),
  importedAt: Type.String(),
});

export const Witnesses = Type.Object({
  treeSize: Type.Integer({ description: 'size of the latest signed checkpoint' }),
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      keyId: Type.String(),
      publicKey: Type.String(),
      description: Type.String(),
      active: Type.Boolean(),
      lastCosigned: Nullable(Type.Object({ treeSize: Type.Integer(), cosignedAt: Type.String() })),
    }),
  ),
});

export const CosignatureReceipt = Type.Object({
  treeSize: Type.Integer(),
  accepted: Type.Array(Type.String(), { description: 'witnesses whose cosignatures were kept' }),
});
