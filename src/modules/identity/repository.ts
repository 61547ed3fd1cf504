import type { Queryable } from '../../db/db.ts';
import { escapeLike, SqlParams } from '../../db/sql.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role_code: string;
  role_name: string;
  permissions: string[];
  region_code: string;
  department_id: number | null;
  department_name: string | null;
  /** The subject a self-service account acts for. */
  subject_public_id: string | null;
  subject_name: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.password_hash, u.role_code, r.name AS role_name, r.permissions,
  u.region_code, u.department_id, d.name AS department_name, su.public_id AS subject_public_id,
  su.name AS subject_name, u.disabled, u.failed_logins, u.locked_until, u.last_login_at, u.created_at`;
const USER_FROM =
  'users u JOIN roles r ON r.code = u.role_code LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN subjects su ON su.id = u.subject_id';
const USER_SELECT = `SELECT ${USER_COLUMNS} FROM ${USER_FROM}`;

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  return (await q.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [username]))[0];
}

export async function findUserById(q: Queryable, id: number): Promise<UserRow | undefined> {
  return (await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]))[0];
}

/** The user behind a live session, with the session's CSRF token: one query on every console request. */
export async function findUserBySession(q: Queryable, tokenHash: string, now: Date) {
  const rows = await q.query<UserRow & { csrf_token: string }>(
    `SELECT ${USER_COLUMNS}, s.csrf_token FROM ${USER_FROM} JOIN sessions s ON s.user_id = u.id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
    [tokenHash, now],
  );
  return rows[0] && { user: rows[0], csrfToken: rows[0].csrf_token };
}

export async function listUsers(
  q: Queryable,
  f: { q?: string; role?: string },
  limit: number,
  offset: number,
) {
  const p = new SqlParams();
  const where: string[] = [];
  if (f.q) {
    const like = p.add(`%${escapeLike(f.q)}%`);
    where.push(`(u.username ILIKE ${like} OR u.display_name ILIKE ${like})`);
  }
  if (f.role) where.push(`u.role_code = ${p.add(f.role)}`);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u ${cond}`, p.values);
  const rows = await q.query<UserRow>(
    `${USER_SELECT} ${cond} ORDER BY u.id LIMIT ${limit} OFFSET ${offset}`,
    p.values,
  );
  return { rows, total: total[0].n };
}

export interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  uscc: string | null;
  region_code: string;
  parent_id: number | null;
  parent_name: string | null;
  created_at: Date;
}

const DEPARTMENT_SELECT = `
  SELECT d.id, d.code, d.name, d.uscc, d.region_code, d.parent_id, p.name AS parent_name, d.created_at
  FROM departments d LEFT JOIN departments p ON p.id = d.parent_id`;

export async function findDepartment(q: Queryable, id: number): Promise<DepartmentRow | undefined> {
  return (await q.query<DepartmentRow>(`${DEPARTMENT_SELECT} WHERE d.id = $1`, [id]))[0];
}

export async function listDepartments(q: Queryable, text: string | undefined, limit: number, offset: number) {
  const params = text ? [`%${escapeLike(text)}%`] : [];
  const cond = text ? 'WHERE d.name ILIKE $1 OR d.code ILIKE $1 OR d.uscc ILIKE $1' : '';
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM departments d ${cond}`, params);
  const rows = await q.query<DepartmentRow>(
    `${DEPARTMENT_SELECT} ${cond} ORDER BY d.region_code, d.id LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { rows, total: total[0].n };
}

export interface RoleRow {
  code: string;
  name: string;
  permissions: string[];
  built_in: boolean;
}

export async function listRoles(q: Queryable): Promise<RoleRow[]> {
  return q.query<RoleRow>('SELECT code, name, permissions, built_in FROM roles ORDER BY built_in DESC, code');
}

export async function findRole(q: Queryable, code: string): Promise<RoleRow | undefined> {
  return (
    await q.query<RoleRow>('SELECT code, name, permissions, built_in FROM roles WHERE code = $1', [code])
  )[0];
}

export interface ApiClientRow {
  id: number;
  name: string;
  department_id: number;
  department_name: string;
  region_code: string;
  scopes: string[];
  key_prefix: string;
  key_hash: string;
  rate_limit_per_minute: number;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

const API_CLIENT_SELECT = `
  SELECT c.id, c.name, c.department_id, d.name AS department_name, d.region_code, c.scopes, c.key_prefix, c.key_hash,
         c.rate_limit_per_minute, c.revoked_at, c.last_used_at, c.created_at
  FROM api_clients c JOIN departments d ON d.id = c.department_id`;

export async function findApiClient(q: Queryable, id: number): Promise<ApiClientRow | undefined> {
  return (await q.query<ApiClientRow>(`${API_CLIENT_SELECT} WHERE c.id = $1`, [id]))[0];
}

export async function findApiClientByPrefix(q: Queryable, prefix: string): Promise<ApiClientRow | undefined> {
  return (await q.query<ApiClientRow>(`${API_CLIENT_SELECT} WHERE c.key_prefix = $1`, [prefix]))[0];
}

export async function listApiClients(q: Queryable, limit: number, offset: number) {
  const total = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM api_clients');
  const rows = await q.query<ApiClientRow>(
    `${API_CLIENT_SELECT} ORDER BY c.id LIMIT ${limit} OFFSET ${offset}`,
  );
  return { rows, total: total[0].n };
}
