import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { AppError, Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { isKnownRegion, regionName } from '../identifiers/regions.ts';
import { validateUscc } from '../identifiers/uscc.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { ADMIN_CORE_PERMISSIONS, API_SCOPES, PERMISSIONS } from './permissions.ts';
import * as repo from './repository.ts';
import { apiKeyPrefix, newApiKey, randomToken, safeEqual, sha256 } from './tokens.ts';
import { type RequestContext, requirePermission, type Viewer } from './viewer.ts';

// ---------- presenters ----------

export function presentMe(u: repo.UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role_code,
    roleName: u.role_name,
    permissions: u.permissions,
    regionCode: u.region_code,
    regionName: regionName(u.region_code) ?? u.region_code,
    departmentId: u.department_id,
    departmentName: u.department_name,
    subject: u.subject_public_id ? { publicId: u.subject_public_id, name: u.subject_name ?? '' } : null,
  };
}

export function presentUser(u: repo.UserRow) {
  const { permissions: _p, ...me } = presentMe(u);
  return {
    ...me,
    disabled: u.disabled,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

export function presentDepartment(d: repo.DepartmentRow) {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    uscc: d.uscc,
    regionCode: d.region_code,
    regionName: regionName(d.region_code) ?? d.region_code,
    parentId: d.parent_id,
    parentName: d.parent_name,
    createdAt: d.created_at.toISOString(),
  };
}

export function presentApiClient(c: repo.ApiClientRow) {
  return {
    id: c.id,
    name: c.name,
    departmentId: c.department_id,
    departmentName: c.department_name,
    regionCode: c.region_code,
    scopes: c.scopes,
    keyPrefix: c.key_prefix,
    rateLimitPerMinute: c.rate_limit_per_minute,
    revokedAt: c.revoked_at ? c.revoked_at.toISOString() : null,
    lastUsedAt: c.last_used_at ? c.last_used_at.toISOString() : null,
    createdAt: c.created_at.toISOString(),
  };
}

export const presentRole = (r: repo.RoleRow) => ({
  code: r.code,
  name: r.name,
  permissions: r.permissions,
  builtIn: r.built_in,
});

export function userViewer(u: repo.UserRow): Viewer {
  return {
    kind: 'USER',
    id: String(u.id),
    name: u.display_name,
    regionCode: u.region_code,
    permissions: new Set(u.permissions),
    departmentId: u.department_id,
  };
}

// ---------- sessions ----------

export async function login(
  deps: AppDeps,
  input: { username: string; password: string },
  ctx: RequestContext,
) {
  const now = deps.clock.now();
  const user = await repo.findUserByUsername(deps.db, input.username.trim().toLowerCase());
  if (!user || user.disabled) {
    // Same answer as a wrong password, so usernames cannot be probed.
    await recordAudit(deps.db, ctx, {
      action: 'LOGIN_FAILED',
      targetType: 'user',
      detail: { username: input.username },
    });
    throw new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误');
  }
  const audit = { targetType: 'user', targetId: user.id, regionCode: user.region_code };
  if (user.locked_until && user.locked_until > now) {
    await recordAudit(deps.db, ctx, { action: 'LOGIN_REFUSED_LOCKED', ...audit });
    throw lockedError(user.locked_until, now);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_logins + 1;
    const lock = failures >= deps.config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + deps.config.loginLockMinutes * 60_000) : null;
    await deps.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1', [
        user.id,
        lock ? 0 : failures,
        lockedUntil,
      ]);
      await recordAudit(tx, ctx, {
        action: lock ? 'ACCOUNT_LOCKED' : 'LOGIN_FAILED',
        ...audit,
        detail: { failures },
      });
    });
    if (lockedUntil) throw lockedError(lockedUntil, now);
    throw new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误');
  }
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    await tx.query(
      'UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1',
      [user.id, now],
    );
    await tx.query(
      'INSERT INTO sessions (token_hash, user_id, csrf_token, ip, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [sha256(token), user.id, csrfToken, ctx.ip, expiresAt],
    );
    await recordAudit(tx, { ...ctx, viewer: userViewer(user) }, { action: 'LOGIN', ...audit });
  });
  return { token, csrfToken, expiresAt, user: presentMe(user) };
}

function lockedError(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    423,
    'ACCOUNT_LOCKED',
    `登录失败次数过多，账户已锁定，请约 ${minutes} 分钟后再试或联系管理员解锁`,
  );
}

export async function logout(deps: AppDeps, token: string, ctx: RequestContext) {
  await deps.db.transaction(async (tx) => {
    await tx.query('DELETE FROM sessions WHERE token_hash = $1', [sha256(token)]);
    await recordAudit(tx, ctx, { action: 'LOGOUT', targetType: 'user', targetId: ctx.viewer.id });
  });
}

export async function resolveSession(deps: AppDeps, token: string) {
  const found = await repo.findUserBySession(deps.db, sha256(token), deps.clock.now());
  return found ? { user: found.user, viewer: userViewer(found.user), csrfToken: found.csrfToken } : undefined;
}

/** Authenticates a department system's key and applies its rate limit. */
/**
 * Resolved API clients, per database, for API_CLIENT_CACHE_SECONDS: department systems call the API
 * at volume (checks), and a key lookup per request would cost a round trip each. A revocation or
 * rotation in this process clears the cache at once; other processes see it within the TTL.
 */
const clientCache = new WeakMap<object, Map<string, { row: repo.ApiClientRow | undefined; at: number }>>();
/** When each client's last-used stamp was last written from this process (one write a minute). */
const lastStamped = new Map<number, number>();

export function forgetApiClients(deps: AppDeps): void {
  clientCache.delete(deps.db);
}

async function findClient(deps: AppDeps, prefix: string): Promise<repo.ApiClientRow | undefined> {
  const ttl = deps.config.apiClientCacheSeconds * 1000;
  const cache = clientCache.get(deps.db) ?? new Map();
  clientCache.set(deps.db, cache);
  const now = Date.now();
  const hit = cache.get(prefix);
  if (hit && now - hit.at < ttl) return hit.row;
  const row = await repo.findApiClientByPrefix(deps.db, prefix);
  if (ttl > 0) cache.set(prefix, { row, at: now });
  return row;
}

export async function resolveApiKey(deps: AppDeps, key: string): Promise<Viewer> {
  const prefix = apiKeyPrefix(key);
  const client = prefix ? await findClient(deps, prefix) : undefined;
  if (!client || client.revoked_at || !safeEqual(client.key_hash, sha256(key))) {
    throw new AppError(401, 'INVALID_API_KEY', '接口密钥无效或已吊销');
  }
  const wait = deps.limiter.take(`api:${client.id}`, client.rate_limit_per_minute);
  if (wait > 0) {
    throw new AppError(429, 'RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后重试`, null, {
      'retry-after': String(wait),
    });
  }
  // Coarse last-used stamp: at most one write a minute per client and process, off the critical
  // path; noted before the write so that concurrent requests do not all issue it.
  const now = deps.clock.now().getTime();
  const stamped = Math.max(lastStamped.get(client.id) ?? 0, client.last_used_at?.getTime() ?? 0);
  if (now - stamped > 60_000) {
    lastStamped.set(client.id, now);
    deps.db
      .query('UPDATE api_clients SET last_used_at = $2 WHERE id = $1', [client.id, new Date(now)])
      .catch(() => {});
  }
  return {
    kind: 'API_CLIENT',
    id: String(client.id),
    name: `${client.department_name} · ${client.name}`,
    regionCode: client.region_code,
    permissions: new Set(client.scopes),
    departmentId: client.department_id,
  };
}

// ---------- administration ----------

function assertRegion(code: string, field = 'regionCode') {
  if (!isKnownRegion(code)) throw Errors.invalid('UNKNOWN_REGION', `未知的行政区划代码：${code}`, field);
}

async function assertDepartment(q: Queryable, id: number | null | undefined, field = 'departmentId') {
  if (id == null) return;
  if (!(await repo.findDepartment(q, id))) throw Errors.invalid('DEPARTMENT_NOT_FOUND', '部门不存在', field);
}

function assertUscc(uscc: string | null | undefined) {
  if (!uscc) return;
  const v = validateUscc(uscc);
  if (!v.valid)
    throw Errors.invalid(
      'INVALID_USCC',
      `统一社会信用代码无效：${v.errors.map((e) => e.message).join('；')}`,
      'uscc',
    );
}

/** Maps unique-constraint violations to a stable conflict code. */
async function uniquely<T>(fn: () => Promise<T>, code: string, message: string, field: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw Errors.conflict(code, message, field);
    throw err;
  }
}

export async function createDepartment(
  deps: AppDeps,
  input: { code: string; name: string; uscc?: string | null; regionCode: string; parentId?: number | null },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:departments');
  assertRegion(input.regionCode);
  assertUscc(input.uscc);
  return uniquely(
    () =>
      deps.db.transaction(async (tx) => {
        await assertDepartment(tx, input.parentId, 'parentId');
        const [{ id }] = await tx.query<{ id: number }>(
          `INSERT INTO departments (code, name, uscc, region_code, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [input.code, input.name, input.uscc || null, input.regionCode, input.parentId ?? null],
        );
        await recordAudit(tx, ctx, {
          action: 'DEPARTMENT_CREATED',
          targetType: 'department',
          targetId: id,
          regionCode: input.regionCode,
          detail: { code: input.code, name: input.name },
        });
        return presentDepartment((await repo.findDepartment(tx, id))!);
      }),
    'DEPARTMENT_EXISTS',
    '部门编码或统一社会信用代码已存在',
    'code',
  );
}

export async function updateDepartment(
  deps: AppDeps,
  id: number,
  input: { name?: string; uscc?: string | null; regionCode?: string; parentId?: number | null },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:departments');
  if (input.regionCode) assertRegion(input.regionCode);
  assertUscc(input.uscc);
  if (input.parentId === id) throw Errors.invalid('INVALID_PARENT', '上级部门不能是自身', 'parentId');
  return uniquely(
    () =>
      deps.db.transaction(async (tx) => {
        const before = await repo.findDepartment(tx, id);
        if (!before) throw Errors.notFound('DEPARTMENT_NOT_FOUND', '部门不存在');
        await assertDepartment(tx, input.parentId, 'parentId');
        await tx.query(
          `UPDATE departments SET name = COALESCE($2, name), uscc = CASE WHEN $3::boolean THEN $4 ELSE uscc END,
             region_code = COALESCE($5, region_code), parent_id = CASE WHEN $6::boolean THEN $7::bigint ELSE parent_id END,
             updated_at = now() WHERE id = $1`,
          [
            id,
            input.name ?? null,
            input.uscc !== undefined,
            input.uscc || null,
            input.regionCode ?? null,
            input.parentId !== undefined,
            input.parentId ?? null,
          ],
        );
        await recordAudit(tx, ctx, {
          action: 'DEPARTMENT_UPDATED',
          targetType: 'department',
          targetId: id,
          regionCode: input.regionCode ?? before.region_code,
          detail: { changed: Object.keys(input) },
        });
        return presentDepartment((await repo.findDepartment(tx, id))!);
      }),
    'DEPARTMENT_EXISTS',
    '统一社会信用代码已被其他部门使用',
    'uscc',
  );
}

async function assertRole(q: Queryable, code: string) {
  if (!(await repo.findRole(q, code))) throw Errors.invalid('ROLE_NOT_FOUND', `角色不存在：${code}`, 'role');
}

function assertPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw Errors.invalid('WEAK_PASSWORD', problem, 'password');
}

export async function createUser(
  deps: AppDeps,
  input: {
    username: string;
    displayName: string;
    password: string;
    role: string;
    regionCode: string;
    departmentId?: number | null;
  },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:users');
  assertRegion(input.regionCode);
  assertPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return uniquely(
    () =>
      deps.db.transaction(async (tx) => {
        await assertRole(tx, input.role);
        await assertDepartment(tx, input.departmentId);
        const [{ id }] = await tx.query<{ id: number }>(
          `INSERT INTO users (username, display_name, password_hash, role_code, region_code, department_id)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            input.username.toLowerCase(),
            input.displayName,
            passwordHash,
            input.role,
            input.regionCode,
            input.departmentId ?? null,
          ],
        );
        await recordAudit(tx, ctx, {
          action: 'USER_CREATED',
          targetType: 'user',
          targetId: id,
          regionCode: input.regionCode,
          detail: { username: input.username, role: input.role },
        });
        return presentUser((await repo.findUserById(tx, id))!);
      }),
    'USERNAME_TAKEN',
    '用户名已存在',
    'username',
  );
}

export async function updateUser(
  deps: AppDeps,
  id: number,
  input: {
    displayName?: string;
    role?: string;
    regionCode?: string;
    departmentId?: number | null;
    disabled?: boolean;
    password?: string;
    unlock?: boolean;
  },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:users');
  if (input.regionCode) assertRegion(input.regionCode);
  if (input.password !== undefined) assertPassword(input.password);
  if (String(id) === ctx.viewer.id && (input.disabled || (input.role && input.role !== 'PLATFORM_ADMIN'))) {
    throw Errors.invalid('CANNOT_DEMOTE_SELF', '不能停用自己的账户或取消自己的管理员角色', 'role');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return deps.db.transaction(async (tx) => {
    const before = await repo.findUserById(tx, id);
    if (!before) throw Errors.notFound('USER_NOT_FOUND', '用户不存在');
    if (input.role) await assertRole(tx, input.role);
    await assertDepartment(tx, input.departmentId);
    await tx.query(
      `UPDATE users SET display_name = COALESCE($2, display_name), role_code = COALESCE($3, role_code),
         region_code = COALESCE($4, region_code),
         department_id = CASE WHEN $5::boolean THEN $6::bigint ELSE department_id END,
         disabled = COALESCE($7, disabled), password_hash = COALESCE($8, password_hash),
         failed_logins = CASE WHEN $9::boolean THEN 0 ELSE failed_logins END,
         locked_until = CASE WHEN $9::boolean THEN NULL ELSE locked_until END,
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        input.displayName ?? null,
        input.role ?? null,
        input.regionCode ?? null,
        input.departmentId !== undefined,
        input.departmentId ?? null,
        input.disabled ?? null,
        passwordHash,
        input.unlock === true,
      ],
    );
    // A changed password, role, scope or a disabled account ends existing sessions.
    if (passwordHash || input.role || input.regionCode || input.disabled) {
      await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    }
    const changed = Object.keys(input).filter((k) => k !== 'password');
    if (input.password !== undefined) changed.push('passwordReset');
    await recordAudit(tx, ctx, {
      action: 'USER_UPDATED',
      targetType: 'user',
      targetId: id,
      regionCode: input.regionCode ?? before.region_code,
      detail: { changed },
    });
    return presentUser((await repo.findUserById(tx, id))!);
  });
}

function assertPermissions(permissions: string[]) {
  const unknown = permissions.filter((p) => !(p in PERMISSIONS));
  if (unknown.length)
    throw Errors.invalid('UNKNOWN_PERMISSION', `未知的权限：${unknown.join(', ')}`, 'permissions');
}

export async function createRole(
  deps: AppDeps,
  input: { code: string; name: string; permissions: string[] },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:roles');
  assertPermissions(input.permissions);
  return uniquely(
    () =>
      deps.db.transaction(async (tx) => {
        await tx.query('INSERT INTO roles (code, name, permissions) VALUES ($1, $2, $3)', [
          input.code,
          input.name,
          [...new Set(input.permissions)],
        ]);
        await recordAudit(tx, ctx, {
          action: 'ROLE_CREATED',
          targetType: 'role',
          targetId: input.code,
          detail: input,
        });
        return presentRole((await repo.findRole(tx, input.code))!);
      }),
    'ROLE_EXISTS',
    '角色编码已存在',
    'code',
  );
}

export async function updateRole(
  deps: AppDeps,
  code: string,
  input: { name?: string; permissions?: string[] },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:roles');
  if (input.permissions) assertPermissions(input.permissions);
  if (
    code === 'PLATFORM_ADMIN' &&
    input.permissions &&
    !ADMIN_CORE_PERMISSIONS.every((p) => input.permissions!.includes(p))
  ) {
    throw Errors.invalid('ADMIN_ROLE_PROTECTED', '平台管理员角色必须保留用户与角色管理权限', 'permissions');
  }
  return deps.db.transaction(async (tx) => {
    const before = await repo.findRole(tx, code);
    if (!before) throw Errors.notFound('ROLE_NOT_FOUND', '角色不存在');
    await tx.query(
      'UPDATE roles SET name = COALESCE($2, name), permissions = COALESCE($3, permissions) WHERE code = $1',
      [code, input.name ?? null, input.permissions ? [...new Set(input.permissions)] : null],
    );
    await recordAudit(tx, ctx, {
      action: 'ROLE_UPDATED',
      targetType: 'role',
      targetId: code,
      detail: { before: presentRole(before), after: input },
    });
    return presentRole((await repo.findRole(tx, code))!);
  });
}

function assertScopes(scopes: string[]) {
  const unknown = scopes.filter((s) => !(s in API_SCOPES));
  if (unknown.length)
    throw Errors.invalid('UNKNOWN_SCOPE', `未知的接口权限范围：${unknown.join(', ')}`, 'scopes');
}

export async function createApiClient(
  deps: AppDeps,
  input: { name: string; departmentId: number; scopes: string[]; rateLimitPerMinute?: number },
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'admin:api-clients');
  assertScopes(input.scopes);
  const secret = newApiKey();
  return deps.db.transaction(async (tx) => {
    await assertDepartment(tx, input.departmentId);
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO api_clients (name, department_id, scopes, key_prefix, key_hash, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        input.name,
        input.departmentId,
        [...new Set(input.scopes)],
        secret.prefix,
        secret.hash,
        input.rateLimitPerMinute ?? 600,
      ],
    );
    const client = (await repo.findApiClient(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'API_CLIENT_CREATED',
      targetType: 'api_client',
      targetId: id,
      regionCode: client.region_code,
      detail: { name: input.name, scopes: input.scopes, keyPrefix: secret.prefix },
    });
    return { client: presentApiClient(client), key: secret.key };
  });
}

export async function rotateApiClient(deps: AppDeps, id: number, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'admin:api-clients');
  const secret = newApiKey();
  const result = await deps.db.transaction(async (tx) => {
    const client = await repo.findApiClient(tx, id);
    if (!client) throw Errors.notFound('API_CLIENT_NOT_FOUND', '接口客户端不存在');
    if (client.revoked_at) throw Errors.conflict('API_CLIENT_REVOKED', '接口客户端已吊销，不能轮换密钥');
    await tx.query('UPDATE api_clients SET key_prefix = $2, key_hash = $3 WHERE id = $1', [
      id,
      secret.prefix,
      secret.hash,
    ]);
    await recordAudit(tx, ctx, {
      action: 'API_CLIENT_KEY_ROTATED',
      targetType: 'api_client',
      targetId: id,
      regionCode: client.region_code,
      detail: { oldPrefix: client.key_prefix, keyPrefix: secret.prefix },
    });
    return { client: presentApiClient((await repo.findApiClient(tx, id))!), key: secret.key };
  });
  // After the commit: a request in between must not cache the old row again.
  forgetApiClients(deps);
  return result;
}

export async function revokeApiClient(deps: AppDeps, id: number, ctx: RequestContext) {
  requirePermission(ctx.viewer, 'admin:api-clients');
  const result = await deps.db.transaction(async (tx) => {
    const client = await repo.findApiClient(tx, id);
    if (!client) throw Errors.notFound('API_CLIENT_NOT_FOUND', '接口客户端不存在');
    await tx.query('UPDATE api_clients SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1', [
      id,
      deps.clock.now(),
    ]);
    await recordAudit(tx, ctx, {
      action: 'API_CLIENT_REVOKED',
      targetType: 'api_client',
      targetId: id,
      regionCode: client.region_code,
    });
    return presentApiClient((await repo.findApiClient(tx, id))!);
  });
  forgetApiClients(deps);
  return result;
}
