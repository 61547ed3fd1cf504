import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from './app-deps.ts';
import { appliedMigrationCount } from './db/migrate.ts';
import { registerAuth } from './http/auth.ts';
import { ErrorResponse } from './http/schemas.ts';
import { lazySerializers } from './http/serializers.ts';
import type { App } from './http/types.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { catalogueRoutes } from './modules/catalog/routes.ts';
import { registerEvaluationArchiveSection } from './modules/evaluation/archive-sections.ts';
import { evaluationRoutes } from './modules/evaluation/routes.ts';
import { identifierRoutes } from './modules/identifiers/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { runSequencerWithApp } from './modules/ledger/jobs.ts';
import { ledgerRoutes } from './modules/ledger/routes.ts';
import { ledgerHealth } from './modules/ledger/service.ts';
import { registerListArchiveSections } from './modules/lists/archive-sections.ts';
import { listRoutes } from './modules/lists/routes.ts';
import { registerRecordArchiveSections } from './modules/records/archive-sections.ts';
import { waitForImports } from './modules/records/intake-service.ts';
import { recordRoutes } from './modules/records/routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { sanctionsRoutes } from './modules/sanctions/routes.ts';
import { registerSubjectArchiveSections } from './modules/subjects/archive-sections.ts';
import { subjectRoutes } from './modules/subjects/routes.ts';
import { AppError } from './shared/errors.ts';

export interface BuildOptions {
  /** Where the JSON log goes (stdout by default); `null` silences it (tests). */
  logStream?: { write(line: string): void } | null;
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logStream !== null && {
      level: deps.config.logLevel,
      stream: opts.logStream ?? process.stdout,
      // Secrets and personal data never reach the log: the path without its query string (a search
      // may be an identity number), no bodies, no headers.
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          path: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
    },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    clientErrorHandler: rejectMalformedHttp,
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', allErrors: false } },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  setErrorHandling(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xinyong 信用 — public credit information platform API',
        version: '1',
        description:
          'Errors: `{"error": {"code", "message", "field", "requestId"}}` with stable codes. ' +
          'Department systems authenticate with `Authorization: Bearer <api key>`; console users with the session cookie plus `X-CSRF-Token` on writes.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'Department API key (xy_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'xy_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }, {}],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, deps);
  registerSubjectArchiveSections(deps.archive);
  registerRecordArchiveSections(deps.archive);
  registerListArchiveSections(deps.archive);
  registerEvaluationArchiveSection(deps.archive);
  identityRoutes(app, deps);
  auditRoutes(app, deps);
  subjectRoutes(app, deps);
  identifierRoutes(app);
  catalogueRoutes(app, deps);
  recordRoutes(app, deps);
  ledgerRoutes(app, deps);
  runSequencerWithApp(app, deps);
  reportRoutes(app, deps);
  listRoutes(app, deps);
  sanctionsRoutes(app, deps);
  evaluationRoutes(app, deps);
  app.addHook('onClose', async () => deps.sanctions.close());
  // File imports run after their 202 answer; closing waits for them to commit or fail cleanly.
  app.addHook('onClose', async () => waitForImports());
  operationsRoutes(app, deps);
  await serveWeb(app, deps.config.webDir);
  return app;
}

function operationsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/v1/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness, and what the last credit-log audit found (degraded when it found tampering)',
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
            ledger: Type.Object({
              treeSize: Type.Integer(),
              lastAudit: Type.Union([
                Type.Null(),
                Type.Object({ ok: Type.Boolean(), at: Type.String(), problems: Type.Integer() }),
              ]),
            }),
          }),
        },
      },
    },
    async () => {
      const ledger = await ledgerHealth(deps);
      return {
        status: ledger.lastAudit && !ledger.lastAudit.ok ? ('degraded' as const) : ('ok' as const),
        ledger,
      };
    },
  );
  app.get(
    '/api/v1/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database reachable and migrations applied',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            database: Type.String(),
            migrations: Type.Integer(),
          }),
          503: ErrorResponse,
        },
      },
    },
    async () => {
      try {
        return {
          status: 'ready' as const,
          database: deps.db.kind,
          migrations: await appliedMigrationCount(deps.db),
        };
      } catch {
        throw new AppError(503, 'NOT_READY', '数据库不可用或迁移未完成');
      }
    },
  );
}

const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', '请求体不是合法的 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', '请求体为空，应为 JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', '请求体过大'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    '不支持的 Content-Type，请使用 application/json',
  ],
};

function setErrorHandling(app: App) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const send = (status: number, code: string, message: string, field: string | null) =>
      reply.code(status).send({ error: { code, message, field, requestId: String(req.id) } });
    if (err instanceof AppError) {
      reply.headers(err.headers);
      return send(err.status, err.code, err.message, err.field);
    }
    if (err.validation) {
      const v = err.validation[0];
      const missing = (v.params as { missingProperty?: string })?.missingProperty;
      const field = [err.validationContext, ...`${v.instancePath ?? ''}`.split('/').filter(Boolean), missing]
        .filter(Boolean)
        .join('.');
      return send(
        400,
        'VALIDATION_FAILED',
        `参数校验失败：${field || '请求'} ${v.message ?? ''}`.trim(),
        field || null,
      );
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) return send(known[0], known[1], known[2], null);
    if (err.statusCode && err.statusCode < 500) return send(err.statusCode, 'BAD_REQUEST', '请求无效', null);
    req.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL_ERROR', '服务器内部错误，请稍后重试', null);
  });
}

/** Requests Node's HTTP parser refuses (e.g. raw non-ASCII in the URL) still get the one error format. */
function rejectMalformedHttp(_err: Error, socket: import('node:net').Socket) {
  if (!socket.writable) return socket.destroy();
  const body = JSON.stringify({
    error: {
      code: 'MALFORMED_REQUEST',
      message: '请求格式错误：URL 中的中文等字符须经 UTF-8 百分号编码',
      field: null,
      requestId: crypto.randomUUID(),
    },
  });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Portal and console assets from the built web app (looked up per request, so a rebuild needs no
 * restart). Unknown /api paths are JSON 404s; other paths without a file extension get the SPA.
 */
async function serveWeb(app: App, webDir: string) {
  const hasWeb = () => fs.existsSync(path.join(webDir, 'index.html'));
  const spa = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  await app.register(fastifyStatic, { root: webDir, index: false, list: false });
  app.get('/', { schema: { hide: true } }, (_req, reply) => (hasWeb() ? spa(reply) : reply.callNotFound()));
  app.setNotFoundHandler((req, reply) => {
    const pathname = req.url.split('?')[0];
    if (pathname.startsWith('/api/') || req.method !== 'GET' || !hasWeb()) {
      return reply.code(404).send({
        error: {
          code: 'ROUTE_NOT_FOUND',
          message: '请求的接口或页面不存在',
          field: null,
          requestId: String(req.id),
        },
      });
    }
    if (/\.[a-z0-9]+$/i.test(pathname)) return reply.code(404).type('text/plain').send('Not found');
    return spa(reply);
  });
}
