import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { AppError, Errors } from '../../shared/errors.ts';
import { requirePermission } from '../identity/viewer.ts';
import * as intake from './intake-service.ts';
import * as S from './schemas.ts';
import * as service from './service.ts';
import { intakeStats, statsCsv } from './stats.ts';

const tags = ['records'];
const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
];

export function recordRoutes(app: App, deps: AppDeps): void {
  // Uploads arrive as the raw file body and are streamed to disk, never buffered.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.post(
    '/api/v1/intake/:itemCode',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['intake'],
        summary: '报送信用信息（每次最多1000条；逐条返回结果）',
        params: S.ItemParams,
        body: S.IntakeBody,
        response: { 200: S.IntakeResponse, ...errorResponses },
      },
    },
    async (req) => intake.submitRecords(deps, req.params.itemCode, req.body.records, req.ctx),
  );

  app.post(
    '/api/v1/intake/:itemCode/files',
    {
      schema: {
        tags: ['intake'],
        summary: '上传CSV/XLSX文件报送（异步处理，返回批次）',
        description:
          'Body: the file itself (Content-Type application/octet-stream, text/csv or the XLSX type).',
        params: S.ItemParams,
        querystring: S.UploadQuery,
        response: { 202: S.Batch, ...errorResponses },
      },
    },
    async (req, reply) => {
      requirePermission(req.ctx.viewer, 'intake:submit');
      if (req.ctx.viewer.departmentId === null)
        throw Errors.invalid(
          'DEPARTMENT_REQUIRED',
          '报送须以部门身份进行：该账号未归属任何部门',
          'department',
        );
      const file = await saveUpload(deps, req.body as NodeJS.ReadableStream);
      let job: Awaited<ReturnType<typeof intake.beginImport>>;
      try {
        job = await intake.beginImport(
          deps,
          {
            itemCode: req.params.itemCode,
            departmentId: req.ctx.viewer.departmentId,
            path: file,
            fileName: req.query.fileName,
            channel: 'FILE',
          },
          req.ctx,
        );
      } catch (err) {
        intake.removeQuietly(file);
        throw err;
      }
      intake.runInBackground(deps, job, req.ctx, file, req.log);
      reply.code(202);
      return intake.getBatch(deps, job.batchId, req.ctx.viewer);
    },
  );

  app.get(
    '/api/v1/intake/batches',
    {
      schema: {
        tags: ['intake'],
        summary: '报送批次（管辖区域内）',
        querystring: S.BatchQuery,
        response: { 200: S.BatchPage, ...errorResponses },
      },
    },
    async (req) => intake.listBatches(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/intake/batches/:id',
    {
      schema: {
        tags: ['intake'],
        summary: '报送批次及进度',
        params: S.IdParams,
        response: { 200: S.Batch, ...errorResponses },
      },
    },
    async (req) => intake.getBatch(deps, req.params.id, req.ctx.viewer),
  );
  app.get(
    '/api/v1/intake/batches/:id/error-report',
    {
      schema: {
        tags: ['intake'],
        summary: '错误报告下载（原始行 + 错误列，CSV）',
        params: S.IdParams,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const lines = intake.errorReport(deps, req.params.id, req.ctx);
      // Pull the first line before answering, so scope and not-found errors become proper responses.
      const first = await lines.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* lines;
      }
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="batch-${req.params.id}-errors.csv"`);
      // A stream body; the typed reply only knows the JSON response schemas.
      return reply.send(Readable.from(all()) as never);
    },
  );

  app.get(
    '/api/v1/intake/quarantine',
    {
      schema: {
        tags: ['intake'],
        summary: '待纠错记录（被拒收的行）',
        querystring: S.QuarantineQuery,
        response: { 200: S.QuarantinePage, ...errorResponses },
      },
    },
    async (req) => intake.listQuarantine(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/intake/quarantine/:id',
    {
      schema: {
        tags: ['intake'],
        summary: '待纠错记录原文（留痕）',
        params: S.IdParams,
        response: { 200: S.QuarantineRowSchema, ...errorResponses },
      },
    },
    async (req) => intake.getQuarantineRow(deps, req.params.id, req.ctx),
  );
  app.post(
    '/api/v1/intake/quarantine/:id/correct',
    {
      schema: {
        tags: ['intake'],
        summary: '更正并重新提交',
        params: S.IdParams,
        body: S.CorrectBody,
        response: { 200: S.CorrectResponse, ...errorResponses },
      },
    },
    async (req) => intake.correctQuarantineRow(deps, req.params.id, req.body.record, req.ctx),
  );
  app.post(
    '/api/v1/intake/quarantine/:id/discard',
    {
      schema: {
        tags: ['intake'],
        summary: '放弃该行（说明理由）',
        params: S.IdParams,
        body: S.ReasonBody,
        response: { 200: S.QuarantineRowSchema, ...errorResponses },
      },
    },
    async (req) => intake.discardQuarantineRow(deps, req.params.id, req.body.reason, req.ctx),
  );

  app.get(
    '/api/v1/intake/stats',
    {
      schema: {
        tags: ['intake'],
        summary: '归集质量与及时性统计（可导出CSV）',
        querystring: S.StatsQuery,
        response: { 200: S.IntakeStats, ...errorResponses },
      },
    },
    async (req, reply) => {
      const stats = await intakeStats(deps, req.query, req.ctx.viewer);
      if (req.query.format !== 'csv') return stats;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="intake-stats.csv"')
        .send(statsCsv(stats) as never);
    },
  );

  app.get(
    '/api/v1/records',
    {
      schema: {
        tags,
        summary: '信用记录查询（公众：仅当前公示；工作人员：管辖区域内全部，留痕）',
        querystring: S.RecordQuery,
        response: { 200: S.RecordPage, ...errorResponses },
      },
    },
    async (req) => service.listRecords(deps, req.query, req.ctx),
  );
  app.get(
    '/api/v1/records/:id',
    {
      schema: {
        tags,
        summary: '信用记录详情',
        params: S.RecordParams,
        response: { 200: S.RecordDetail, ...errorResponses },
      },
    },
    async (req) => service.getRecord(deps, req.params.id, req.ctx),
  );
  app.post(
    '/api/v1/records/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤销公示（决定被撤销或变更）',
        params: S.RecordParams,
        body: S.ReasonBody,
        response: { 200: S.RecordDetail, ...errorResponses },
      },
    },
    async (req) => service.withdrawRecord(deps, req.params.id, req.body.reason, req.ctx),
  );

  app.get(
    '/api/v1/publication/departments',
    {
      schema: {
        tags,
        summary: '公示部门（筛选用）',
        response: { 200: S.PublicDepartments },
      },
    },
    async () => {
      const rows = await deps.db.query<{ id: number; name: string; region_code: string }>(
        'SELECT id, name, region_code FROM departments ORDER BY region_code, id',
      );
      return { items: rows.map((d) => ({ id: d.id, name: d.name, regionCode: d.region_code })) };
    },
  );
}

/** Streams the request body to a file under DATA_DIR/uploads, refusing more than UPLOAD_LIMIT_BYTES. */
async function saveUpload(deps: AppDeps, body: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!body || typeof (body as NodeJS.ReadableStream).pipe !== 'function')
    throw Errors.invalid('FILE_REQUIRED', '请求体应为文件内容（CSV 或 XLSX）', 'file');
  const dir = path.join(deps.config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${crypto.randomBytes(12).toString('hex')}.upload`);
  let bytes = 0;
  const limit = deps.config.uploadLimitBytes;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > limit)
        cb(new AppError(413, 'PAYLOAD_TOO_LARGE', `文件超过上限 ${Math.floor(limit / 1048576)} MB`, 'file'));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(file));
  } catch (err) {
    intake.removeQuietly(file);
    throw err;
  }
  if (bytes === 0) {
    intake.removeQuietly(file);
    throw Errors.invalid('FILE_EMPTY', '文件为空', 'file');
  }
  return file;
}
