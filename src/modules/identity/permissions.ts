/** Console permissions (granted through roles) and API scopes (granted to API clients). */
export const PERMISSIONS = {
  'admin:departments': '管理部门',
  'admin:users': '管理用户',
  'admin:roles': '管理角色与权限',
  'admin:api-clients': '管理接口客户端',
  'audit:read': '查询审计日志',
  'subjects:read': '浏览信用主体',
  'subjects:restricted': '查看受限信息（限管辖区域）',
  'subjects:authorisations': '登记主体授权',
  'stats:read': '查看统计',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const API_SCOPES = {
  'subjects:read': '查询信用主体',
  'subjects:restricted': '查询受限信息（限本部门区域）',
} as const;
export type ApiScope = keyof typeof API_SCOPES;

/** Permissions the built-in platform administrator can never lose (or nobody could repair roles). */
export const ADMIN_CORE_PERMISSIONS: Permission[] = ['admin:roles', 'admin:users'];

export const BUILT_IN_ROLES = [
  'PLATFORM_ADMIN',
  'DEPT_OPERATOR',
  'DEPT_REVIEWER',
  'BANK',
  'SUBJECT_USER',
  'PUBLIC',
];
