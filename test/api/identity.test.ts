import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 200 });
});
afterAll(() => t?.close());

const auditCount = async (action: string) =>
  (
    await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [
      action,
    ])
  )[0].n;

describe('login and sessions', () => {
  it('logs in with an HTTP-only cookie and answers /auth/me', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Xinyong2026' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'xy_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: `xy_session=${cookie.value}` },
    });
    expect(me.json().user).toMatchObject({
      username: 'admin',
      role: 'PLATFORM_ADMIN',
      regionCode: '220000',
      regionName: '吉林省',
    });
    expect(me.json().user.permissions).toContain('admin:users');
  });

  it('refuses a wrong password with a stable code and records it', async () => {
    const before = await auditCount('LOGIN_FAILED');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cc-reviewer', password: 'wrong-password1' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', field: null });
    expect(res.json().error.requestId).toBeTruthy();
    expect(await auditCount('LOGIN_FAILED')).toBe(before + 1);
  });

  it('locks the account after repeated failures, even for the right password, until an admin unlocks it', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'jilin-operator', password: `bad-password-${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'jilin-operator', password: 'bad-password-5' },
    });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'jilin-operator', password: 'Xinyong2026' },
    });
    expect(right.statusCode).toBe(423);

    const admin = await loginAs(t.app, 'admin');
    const users = await t.app.inject({ url: '/api/v1/users?q=jilin-operator', headers: admin });
    const id = users.json().items[0].id;
    expect(users.json().items[0].lockedUntil).not.toBeNull();
    const unlock = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: admin,
      payload: { unlock: true },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    await loginAs(t.app, 'jilin-operator');
  });

  it('rejects cookie-authenticated writes without the CSRF token', async () => {
    const { cookie } = await loginAs(t.app, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie },
      payload: { code: 'CSRF-TEST', name: '测试部门', regionCode: '220100' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const rows = await t.deps.db.query(`SELECT 1 FROM departments WHERE code = 'CSRF-TEST'`);
    expect(rows).toHaveLength(0);
  });

  it('logs out and the cookie stops working', async () => {
    const headers = await loginAs(t.app, 'cc-operator');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });
});

describe('administration', () => {
  it('creates a department with its audit row, and rejects bad input without writing anything', async () => {
    const admin = await loginAs(t.app, 'admin');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: admin,
      payload: {
        code: 'SP-SCJG',
        name: '四平市市场监督管理局',
        regionCode: '220300',
        parentId: null,
        uscc: null,
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ code: 'SP-SCJG', regionName: '四平市', parentId: null, uscc: null });
    const audit = await t.deps.db.query<{ target_id: string }>(
      `SELECT target_id FROM audit_log WHERE action = 'DEPARTMENT_CREATED'`,
    );
    expect(audit.map((a) => a.target_id)).toContain(String(ok.json().id));

    const badUscc = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: admin,
      payload: { code: 'BAD-1', name: '校验失败部门', regionCode: '220300', uscc: '91350100M000100Y44' },
    });
    expect(badUscc.statusCode).toBe(422);
    expect(badUscc.json().error).toMatchObject({ code: 'INVALID_USCC', field: 'uscc' });
    const badRegion = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: admin,
      payload: { code: 'BAD-2', name: '区域错误部门', regionCode: '990000' },
    });
    expect(badRegion.json().error).toMatchObject({ code: 'UNKNOWN_REGION', field: 'regionCode' });
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: admin,
      payload: { code: 'SP-SCJG', name: '重复', regionCode: '220300' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DEPARTMENT_EXISTS');
    const written = await t.deps.db.query(`SELECT code FROM departments WHERE code IN ('BAD-1', 'BAD-2')`);
    expect(written).toHaveLength(0);
  });

  it('validates request bodies with the offending field', async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.field).toMatch(/^body\./);
  });

  it('creates users with a strong password only, and enforces permissions', async () => {
    const admin = await loginAs(t.app, 'admin');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'weak-user',
        displayName: '弱口令',
        password: 'short',
        role: 'DEPT_OPERATOR',
        regionCode: '220100',
      },
    });
    expect(weak.json().error).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'siping-op',
        displayName: '四平经办',
        password: 'Siping2026ok',
        role: 'DEPT_OPERATOR',
        regionCode: '220300',
      },
    });
    expect(created.statusCode).toBe(201);
    await loginAs(t.app, 'siping-op', 'Siping2026ok');

    const operator = await loginAs(t.app, 'cc-operator');
    const denied = await t.app.inject({ url: '/api/v1/users', headers: operator });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect((await t.app.inject({ url: '/api/v1/users' })).statusCode).toBe(401);
  });

  it('manages roles and protects the administrator role', async () => {
    const admin = await loginAs(t.app, 'admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: admin,
      payload: { code: 'AUDITOR', name: '审计员', permissions: ['audit:read'] },
    });
    expect(created.statusCode).toBe(201);
    const unknown = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/roles/AUDITOR',
      headers: admin,
      payload: { permissions: ['audit:read', 'rockets:launch'] },
    });
    expect(unknown.json().error.code).toBe('UNKNOWN_PERMISSION');
    const strip = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/roles/PLATFORM_ADMIN',
      headers: admin,
      payload: { permissions: ['audit:read'] },
    });
    expect(strip.json().error.code).toBe('ADMIN_ROLE_PROTECTED');
    const roles = await t.app.inject({ url: '/api/v1/roles', headers: admin });
    expect(
      roles.json().items.find((r: { code: string }) => r.code === 'PLATFORM_ADMIN').permissions,
    ).toContain('admin:roles');
  });
});

describe('API clients', () => {
  it('issues a key shown once that authenticates, rate-limits, rotates and revokes', async () => {
    const admin = await loginAs(t.app, 'admin');
    const depts = await t.app.inject({ url: '/api/v1/departments?q=CC-SCJG', headers: admin });
    const departmentId = depts.json().items[0].id;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-clients',
      headers: admin,
      payload: { name: '审批系统', departmentId, scopes: ['subjects:read'], rateLimitPerMinute: 3 },
    });
    expect(created.statusCode).toBe(201);
    const { key, client } = created.json();
    expect(key).toMatch(/^xy_/);
    const stored = await t.deps.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_clients WHERE id = $1',
      [client.id],
    );
    expect(stored[0].key_hash).not.toContain(key);
    const listed = await t.app.inject({ url: '/api/v1/api-clients?pageSize=100', headers: admin });
    expect(JSON.stringify(listed.json())).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ url: '/api/v1/subjects?pageSize=1', headers: bearer })).statusCode).toBe(
        200,
      );
    const limited = await t.app.inject({ url: '/api/v1/subjects?pageSize=1', headers: bearer });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const rotated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/api-clients/${client.id}/rotate`,
      headers: admin,
    });
    expect(rotated.json().key).not.toBe(key);
    expect((await t.app.inject({ url: '/api/v1/subjects', headers: bearer })).json().error.code).toBe(
      'INVALID_API_KEY',
    );

    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/v1/api-clients/${client.id}/revoke`,
      headers: admin,
    });
    expect(revoke.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({
      url: '/api/v1/subjects',
      headers: { authorization: `Bearer ${rotated.json().key}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await t.app.inject({ url: '/api/v1/subjects', headers: { authorization: 'Basic abc' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_API_KEY', field: 'authorization' });
  });
});

describe('audit log', () => {
  it('is queryable by action and shows who, what, when and from where', async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await t.app.inject({ url: '/api/v1/audit?action=LOGIN&pageSize=5', headers: admin });
    expect(res.statusCode).toBe(200);
    const entry = res.json().items[0];
    expect(entry).toMatchObject({ action: 'LOGIN', actorType: 'USER', targetType: 'user' });
    expect(entry.ip).toBeTruthy();
    expect(Date.parse(entry.at)).not.toBeNaN();
  });
});
