import { Errors } from '../../shared/errors.ts';
import { PROVINCE_CODE } from '../identifiers/regions.ts';

/** Who is asking: the public, a console user, or a department's business system. */
export interface Viewer {
  kind: 'PUBLIC' | 'USER' | 'API_CLIENT' | 'SYSTEM';
  id: string | null;
  name: string;
  /** GB/T 2260 code of the region whose restricted data this viewer may read. */
  regionCode: string;
  /** Role permissions for users, scopes for API clients. */
  permissions: ReadonlySet<string>;
  departmentId: number | null;
}

export const PUBLIC_VIEWER: Viewer = {
  kind: 'PUBLIC',
  id: null,
  name: '社会公众',
  regionCode: PROVINCE_CODE,
  permissions: new Set(),
  departmentId: null,
};

/** Start-up jobs and demo seeding act as the platform itself. */
export const SYSTEM_CONTEXT: RequestContext = {
  viewer: { ...PUBLIC_VIEWER, kind: 'SYSTEM', id: 'system', name: '系统' },
  ip: null,
  requestId: null,
};

/** What every audited action records about its origin. */
export interface RequestContext {
  viewer: Viewer;
  ip: string | null;
  requestId: string | null;
}

export function requirePermission(viewer: Viewer, permission: string): void {
  if (viewer.kind === 'PUBLIC') throw Errors.unauthenticated();
  if (!viewer.permissions.has(permission)) throw Errors.forbidden(permission);
}
