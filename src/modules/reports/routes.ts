import type { AppDeps } from '../../app-deps.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../shared/errors.ts';
import * as S from './schemas.ts';
import * as service from './service.ts';

const tags = ['reports'];
/** Public verification answers per client address and minute: enough for people, not for probing numbers. */
const VERIFY_PER_MINUTE = 30;

export function reportRoutes(app: App, deps: AppDeps): void {
  // A report PDF uploaded for verification arrives as its raw bytes.
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  const limit = (ip: string) => {
    const wait = deps.limiter.take(`verify:${ip}`, VERIFY_PER_MINUTE);
    if (wait > 0)
      throw new AppError(429, 'RATE_LIMITED', `验证请求过于频繁，请 ${wait} 秒后重试`, null, {
        'retry-after': String(wait),
      });
  };

  app.post(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary: '出具信用报告（主体本人；公务用途的部门系统或工作人员；经主体授权的第三方）',
        body: S.IssueBody,
        response: { 200: S.IssueResponse, ...errorResponses },
      },
    },
    async (req) => {
      const r = await service.issueReport(deps, req.body, req.ctx);
      return {
        reportNo: r.reportNo,
        verifyCode: r.verifyCode,
        issuedAt: r.document.issuedAt,
        contentHash: r.document.contentHash,
        ledgerIndex: r.document.ledger.index,
        pdfUrl: `/api/v1/reports/${r.reportNo}.pdf`,
        jsonUrl: `/api/v1/reports/${r.reportNo}.json`,
        verifyUrl: service.verifyUrl(deps, r.reportNo, r.verifyCode),
      };
    },
  );

  app.get(
    '/api/v1/reports/mine',
    {
      schema: {
        tags,
        summary: '本主体的信用报告，以及谁出具或查看过它们',
        response: { 200: S.MyReports, ...errorResponses },
      },
    },
    async (req) => service.myReports(deps, req.ctx),
  );

  app.get(
    '/api/v1/reports/:file',
    {
      schema: {
        tags,
        summary: '下载信用报告 <reportNo>.pdf 或 <reportNo>.json（与出具时逐字节一致；每次访问留痕）',
        params: S.FileParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const [reportNo, format] = req.params.file.split('.') as [string, 'pdf' | 'json'];
      const body = await service.getReportFile(deps, reportNo, format, req.ctx);
      return (
        reply
          .type(format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${req.params.file}"`)
          .header('cache-control', 'private, no-store')
          // Bytes as stored; the typed reply only knows the JSON response schemas.
          .send(body as never)
      );
    },
  );

  app.get(
    '/api/v1/reports/:reportNo/verify',
    {
      schema: {
        tags,
        summary: '以报告编号和验证码核验信用报告（公开）',
        params: S.ReportParams,
        querystring: S.VerifyQuery,
        response: { 200: S.VerifyResponse, ...errorResponses },
      },
    },
    async (req) => {
      limit(req.ip);
      return service.verifyByCode(deps, req.params.reportNo, req.query.code);
    },
  );

  app.get(
    '/api/v1/reports/:reportNo/bundle',
    {
      schema: {
        tags,
        summary: '离线证明包：报告在账本中的包含证明、最新签名检查点与平台公钥（公开，须验证码）',
        params: S.ReportParams,
        querystring: S.VerifyQuery,
        response: { 200: S.ProofBundle, ...errorResponses },
      },
    },
    async (req) => {
      limit(req.ip);
      return service.proofBundle(deps, req.params.reportNo, req.query.code);
    },
  );

  app.post(
    '/api/v1/reports/verify',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: '上传报告文件（PDF 或 JSON）核验：签名、内容哈希、账本包含证明与检查点（公开）',
        description:
          'Body: the report PDF (application/pdf or application/octet-stream) or its JSON (application/json).',
        response: { 200: S.VerifyFileResponse, ...errorResponses },
      },
    },
    async (req) => {
      limit(req.ip);
      return service.verifyUpload(deps, await bodyBytes(req.body));
    },
  );
}

const MAX_UPLOAD = 20 * 1024 * 1024;

/** The uploaded file's bytes: a buffer, the raw stream of application/octet-stream, or parsed JSON. */
async function bodyBytes(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (body && typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of body as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_UPLOAD) throw new AppError(413, 'FILE_TOO_LARGE', '报告文件不能超过 20 MB', 'body');
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  }
  return Buffer.from(JSON.stringify(body ?? null));
}
