import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { resolveApiKey, resolveSession } from '../modules/identity/service.ts';
import { safeEqual } from '../modules/identity/tokens.ts';
import { PUBLIC_VIEWER, type RequestContext } from '../modules/identity/viewer.ts';
import { AppError } from '../shared/errors.ts';

export const SESSION_COOKIE = 'xy_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** The session token from the cookie, when the caller is a logged-in user. */
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling before any route runs: a Bearer API key, a session cookie, or the
 * public. Cookie-authenticated writes must carry the session's CSRF token (synchroniser token).
 */
export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (req) => {
    req.ctx = { viewer: PUBLIC_VIEWER, ip: req.ip, requestId: String(req.id) };
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m)
        throw new AppError(
          401,
          'INVALID_API_KEY',
          'Authorization 头格式应为 Bearer <接口密钥>',
          'authorization',
        );
      req.ctx.viewer = await resolveApiKey(deps, m[1]);
      return;
    }
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(deps, token);
    if (!session) return; // an expired cookie is just an anonymous request
    req.ctx.viewer = session.viewer;
    req.sessionToken = token;
    req.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(req.method) && !isCsrfExempt(req)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new AppError(
          403,
          'CSRF_TOKEN_INVALID',
          '缺少或错误的 CSRF 令牌，请刷新页面后重试',
          CSRF_HEADER,
        );
      }
    }
  });
}

// Logging in again while holding an old cookie must work without that session's token.
function isCsrfExempt(req: FastifyRequest): boolean {
  return req.method === 'POST' && req.url.split('?')[0] === '/api/v1/auth/login';
}
