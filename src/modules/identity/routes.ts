import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { errorResponses, pageWindow, toPage } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { Errors } from '../../shared/errors.ts';
import { API_SCOPES, PERMISSIONS } from './permissions.ts';
import * as repo from './repository.ts';
import * as S from './schemas.ts';
import * as service from './service.ts';
import { requirePermission } from './viewer.ts';

const tags = ['identity'];

export function identityRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: '控制台登录 Console login',
        body: S.LoginBody,
        response: { 200: S.SessionResponse, 423: errorResponses[401], ...errorResponses },
      },
    },
    async (req, reply) => {
      const session = await service.login(deps, req.body, req.ctx);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        expires: session.expiresAt,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: '退出登录 Logout', response: { 204: Type.Null() } } },
    async (req, reply) => {
      if (req.sessionToken) await service.logout(deps, req.sessionToken, req.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: '当前用户 Current user',
        response: { 200: S.SessionResponse, ...errorResponses },
      },
    },
    async (req) => {
      if (req.ctx.viewer.kind !== 'USER' || !req.csrfToken) throw Errors.unauthenticated();
      const user = await repo.findUserById(deps.db, Number(req.ctx.viewer.id));
      return { user: service.presentMe(user!), csrfToken: req.csrfToken };
    },
  );

  // ---- departments ----
  app.get(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '部门列表',
        querystring: S.DepartmentQuery,
        response: { 200: S.DepartmentPage, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'admin:departments');
      const w = pageWindow(req.query);
      const { rows, total } = await repo.listDepartments(deps.db, req.query.q, w.pageSize, w.offset);
      return toPage(w, rows, total, service.presentDepartment);
    },
  );
  app.post(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '新建部门',
        body: S.CreateDepartmentBody,
        response: { 201: S.Department, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createDepartment(deps, req.body, req.ctx);
    },
  );
  app.patch(
    '/api/v1/departments/:id',
    {
      schema: {
        tags,
        summary: '修改部门',
        params: S.IdParams,
        body: S.UpdateDepartmentBody,
        response: { 200: S.Department, ...errorResponses },
      },
    },
    async (req) => service.updateDepartment(deps, req.params.id, req.body, req.ctx),
  );

  // ---- users ----
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: '用户列表',
        querystring: S.UserQuery,
        response: { 200: S.UserPage, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'admin:users');
      const w = pageWindow(req.query);
      const { rows, total } = await repo.listUsers(deps.db, req.query, w.pageSize, w.offset);
      return toPage(w, rows, total, service.presentUser);
    },
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: '新建用户',
        body: S.CreateUserBody,
        response: { 201: S.User, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createUser(deps, req.body, req.ctx);
    },
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户（角色、区域、停用、重置密码、解锁）',
        params: S.IdParams,
        body: S.UpdateUserBody,
        response: { 200: S.User, ...errorResponses },
      },
    },
    async (req) => service.updateUser(deps, req.params.id, req.body, req.ctx),
  );

  // ---- roles and permissions ----
  app.get(
    '/api/v1/roles',
    { schema: { tags, summary: '角色列表', response: { 200: S.RoleList, ...errorResponses } } },
    async (req) => {
      requirePermission(req.ctx.viewer, 'admin:roles');
      return { items: (await repo.listRoles(deps.db)).map(service.presentRole) };
    },
  );
  app.post(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: '新建角色',
        body: S.CreateRoleBody,
        response: { 201: S.Role, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createRole(deps, req.body, req.ctx);
    },
  );
  app.patch(
    '/api/v1/roles/:code',
    {
      schema: {
        tags,
        summary: '修改角色',
        params: S.RoleParams,
        body: S.UpdateRoleBody,
        response: { 200: S.Role, ...errorResponses },
      },
    },
    async (req) => service.updateRole(deps, req.params.code, req.body, req.ctx),
  );
  app.get(
    '/api/v1/permissions',
    { schema: { tags, summary: '可分配的权限', response: { 200: S.CodeNameList } } },
    async () => ({
      items: Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name })),
    }),
  );
  app.get(
    '/api/v1/api-scopes',
    { schema: { tags, summary: '接口权限范围', response: { 200: S.CodeNameList } } },
    async () => ({
      items: Object.entries(API_SCOPES).map(([code, name]) => ({ code, name })),
    }),
  );

  // ---- API clients ----
  app.get(
    '/api/v1/api-clients',
    {
      schema: {
        tags,
        summary: '接口客户端列表',
        querystring: S.PageOnly,
        response: { 200: S.ApiClientPage, ...errorResponses },
      },
    },
    async (req) => {
      requirePermission(req.ctx.viewer, 'admin:api-clients');
      const w = pageWindow(req.query);
      const { rows, total } = await repo.listApiClients(deps.db, w.pageSize, w.offset);
      return toPage(w, rows, total, service.presentApiClient);
    },
  );
  app.post(
    '/api/v1/api-clients',
    {
      schema: {
        tags,
        summary: '新建接口客户端（密钥仅显示一次）',
        body: S.CreateApiClientBody,
        response: { 201: S.ApiClientWithKey, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.createApiClient(deps, req.body, req.ctx);
    },
  );
  app.post(
    '/api/v1/api-clients/:id/rotate',
    {
      schema: {
        tags,
        summary: '轮换密钥',
        params: S.IdParams,
        response: { 200: S.ApiClientWithKey, ...errorResponses },
      },
    },
    async (req) => service.rotateApiClient(deps, req.params.id, req.ctx),
  );
  app.post(
    '/api/v1/api-clients/:id/revoke',
    {
      schema: {
        tags,
        summary: '吊销接口客户端',
        params: S.IdParams,
        response: { 200: S.ApiClient, ...errorResponses },
      },
    },
    async (req) => service.revokeApiClient(deps, req.params.id, req.ctx),
  );
}
