import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { requirePermission } from '../identity/viewer.ts';
import { publishedKeyId } from './keys.ts';
import { importPeer, listPeers, removePeer, TrustedPlatformSchema } from './peers.ts';
import * as S from './schemas.ts';
import * as service from './service.ts';
import {
  acceptCosignatures,
  addWitness,
  cosignatureLines,
  listWitnesses,
  removeWitness,
  WitnessBody,
} from './witnesses.ts';

const tags = ['ledger'];
const MAX_ENTRIES = 1000;

export function ledgerRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/ledger/checkpoint',
    {
      schema: {
        tags,
        summary: '最新签名检查点（C2SP tlog-checkpoint，signed note，text/plain；附见证平台联署）',
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (_req, reply) => {
      const cp = (await deps.ledger.latestCheckpoint()) ?? (await deps.ledger.checkpoint());
      // Witnesses' cosignatures travel with the checkpoint, so clients can require them.
      const note = cp.note + (await cosignatureLines(deps, cp.size)).map((l) => `${l}\n`).join('');
      return reply.type('text/plain; charset=utf-8').send(note);
    },
  );

  app.get(
    '/api/v1/ledger/entries',
    {
      schema: {
        tags,
        summary: '账本叶子（每次最多1000条）',
        querystring: S.EntriesQuery,
        response: { 200: S.EntriesResponse, ...errorResponses },
      },
    },
    async (req) => {
      const { start, end } = req.query;
      if (end <= start) throw Errors.invalid('LEDGER_RANGE_INVALID', 'end 必须大于 start', 'end');
      if (end - start > MAX_ENTRIES)
        throw Errors.invalid('LEDGER_RANGE_TOO_LARGE', `每次最多返回 ${MAX_ENTRIES} 条`, 'end');
      return service.entries(deps, start, end);
    },
  );

  app.get(
    '/api/v1/ledger/proof/inclusion',
    {
      schema: {
        tags,
        summary: '包含证明（RFC 6962 / RFC 9162 §2.1.3）',
        querystring: S.InclusionQuery,
        response: { 200: S.InclusionResponse, ...errorResponses },
      },
    },
    async (req) => service.inclusion(deps, req.query.index, req.query.size),
  );

  app.get(
    '/api/v1/ledger/proof/consistency',
    {
      schema: {
        tags,
        summary: '一致性证明（RFC 6962 / RFC 9162 §2.1.4）',
        querystring: S.ConsistencyQuery,
        response: { 200: S.ProofResponse, ...errorResponses },
      },
    },
    async (req) => service.consistency(deps, req.query.from, req.query.to),
  );

  app.get(
    '/api/v1/ledger/keys',
    { schema: { tags, summary: '平台公钥（含已轮换的历史密钥）', response: { 200: S.KeysResponse } } },
    async () => service.keys(deps),
  );

  app.get(
    '/api/v1/ledger/objects/:objectType/:objectId',
    {
      schema: {
        tags,
        summary: '某一对象（如信用记录）在账本中的叶子',
        params: S.ObjectParams,
        response: { 200: S.ObjectLeaves, ...errorResponses },
      },
    },
    async (req) => service.objectLeaves(deps, req.params.objectType, req.params.objectId),
  );

  app.get(
    '/api/v1/ledger/checkpoints',
    {
      schema: {
        tags,
        summary: '已签署的检查点（最近的在前）',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(S.CheckpointInfo) }) },
      },
    },
    async (req) => ({ items: await service.checkpoints(deps, req.query.limit ?? 20) }),
  );

  app.post(
    '/api/v1/ledger/checkpoints',
    {
      schema: {
        tags,
        summary: '立即签署检查点',
        response: { 200: S.CheckpointInfo, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      const cp = await deps.ledger.checkpoint();
      await recordAudit(deps.db, req.ctx, {
        action: 'ledger.checkpoint',
        targetType: 'ledger',
        targetId: cp.size,
      });
      return service.presentCheckpoint(cp);
    },
  );

  app.post(
    '/api/v1/ledger/keys/rotate',
    {
      schema: {
        tags,
        summary: '轮换签名密钥（旧密钥保留公布，用于验证历史签名）',
        body: S.RotateBody,
        response: { 200: S.KeysResponse, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return service.rotate(deps, req.body.algorithm, req.ctx);
    },
  );

  app.get(
    '/api/v1/ledger/audits',
    {
      schema: {
        tags,
        summary: '账本审计结果（最近的在前）',
        response: { 200: Type.Object({ items: Type.Array(S.AuditRun) }), ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return { items: await service.audits(deps, 20) };
    },
  );

  app.post(
    '/api/v1/ledger/audits',
    {
      schema: {
        tags,
        summary: '立即运行账本审计：由现存数据重算叶子、分片与树根',
        response: { 200: S.AuditRun, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      await deps.ledger.audit();
      await recordAudit(deps.db, req.ctx, { action: 'ledger.audit', targetType: 'ledger' });
      return (await service.audits(deps, 1))[0];
    },
  );

  app.get(
    '/api/v1/ledger/peers',
    {
      schema: {
        tags,
        summary: '互认平台（已导入公钥的其他省级平台）',
        response: { 200: Type.Array(S.Peer), ...errorResponses },
      },
    },
    async () => listPeers(deps),
  );

  app.post(
    '/api/v1/ledger/peers',
    {
      schema: {
        tags,
        summary: '导入互认平台的公钥（即对方 GET /api/v1/ledger/keys 的内容）',
        body: TrustedPlatformSchema,
        response: { 200: Type.Array(S.Peer), ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return importPeer(deps, req.body, publishedKeyId, req.ctx);
    },
  );

  app.delete(
    '/api/v1/ledger/peers/:origin',
    {
      schema: {
        tags,
        summary: '取消互认',
        params: Type.Object({ origin: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Array(S.Peer), ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return removePeer(deps, req.params.origin, req.ctx);
    },
  );

  app.get(
    '/api/v1/ledger/witnesses',
    {
      schema: {
        tags,
        summary: '见证平台及其最近联署的树大小（是否已见证当前检查点）',
        response: { 200: S.Witnesses, ...errorResponses },
      },
    },
    async () => listWitnesses(deps),
  );

  app.post(
    '/api/v1/ledger/witnesses',
    {
      schema: {
        tags,
        summary: '配置见证平台（Ed25519 cosignature/v1 公钥）',
        body: WitnessBody,
        response: { 200: S.Witnesses, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return addWitness(deps, req.body, req.ctx);
    },
  );

  app.delete(
    '/api/v1/ledger/witnesses/:name',
    {
      schema: {
        tags,
        summary: '停用见证平台（已收到的联署保留）',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: S.Witnesses, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'ledger:manage');
      return removeWitness(deps, req.params.name, req.ctx);
    },
  );

  app.post(
    '/api/v1/ledger/cosignatures',
    {
      schema: {
        tags,
        summary: '见证平台提交联署：本平台签署的检查点附上其 cosignature/v1 签名行（签名即凭证，无需登录）',
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 20_000 }) }),
        response: { 200: S.CosignatureReceipt, ...errorResponses },
      },
    },
    async (req) => acceptCosignatures(deps, req.body.note, req.ctx),
  );
}
