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
  'catalogue:manage': '维护补充目录与节假日安排',
  'intake:submit': '报送信用信息、处理待纠错记录',
  'intake:stats': '查看归集质量与及时性统计',
  'records:read': '查看信用记录（含未公示，限管辖区域）',
  'records:withdraw': '撤销公示',
  'ledger:manage': '管理信用账本（检查点、密钥、见证方、审计）',
  'reports:self': '出具和下载本主体的信用报告',
  'reports:issue': '为他人出具信用报告（公务用途或经主体授权）',
  'lists:read': '查看信用名单（限管辖区域）',
  'lists:decide': '认定、告知、约谈、移出名单（限管辖区域）',
  'measures:manage': '维护联合奖惩措施清单',
  'sanctions:stats': '查看联合奖惩监督统计',
  'evaluation:read': '查看公共信用综合评价结果',
  'evaluation:manage': '管理评价模型与人工复核',
  'inspections:plan': '制定双随机抽查计划（限管辖区域）',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const API_SCOPES = {
  'subjects:read': '查询信用主体',
  'subjects:restricted': '查询受限信息（限本部门区域）',
  'intake:submit': '报送信用信息',
  'records:read': '查询信用记录（限本部门区域）',
  'records:withdraw': '撤销公示',
  reports: '出具和下载信用报告（须说明公务用途）',
  checks: '联合奖惩自动比对与反馈',
  inspections: '制定双随机抽查计划',
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
