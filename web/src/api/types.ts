/** Types of the v1 API as written in docs/api-contract.md (the server's OpenAPI is authoritative). */

export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalCapped: boolean;
}

export interface Items<T> {
  items: T[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; field: string | null; requestId?: string };
}

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parent: string | null;
}

export const SUBJECT_TYPE_CODES = [
  'ENTERPRISE',
  'INDIVIDUAL',
  'GOVERNMENT',
  'INSTITUTION',
  'SOCIAL_ORG',
] as const;
export type SubjectTypeCode = (typeof SUBJECT_TYPE_CODES)[number];

export interface SubjectType {
  code: SubjectTypeCode;
  name: string;
  nameEn: string;
}

/** Registration statuses accepted by the `status` filter of `/api/v1/subjects`. */
export const SUBJECT_STATUSES = ['ACTIVE', 'REVOKED', 'CANCELLED', 'DISSOLVED'] as const;
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number];

export interface SubjectSummary {
  id: string;
  code: string;
  name: string;
  type: SubjectTypeCode;
  typeName: string;
  /** Not in the contract draft, but sent by the server. */
  typeNameEn?: string;
  subType: string;
  subTypeName: string;
  regionCode: string;
  regionName: string;
  status: SubjectStatus;
  statusName: string;
  legalRepresentative: string | null;
  establishedOn: string | null;
}

export interface SubjectPublic extends SubjectSummary {
  formerNames: string[];
  address: string | null;
  registrationAuthority: string | null;
  industry: string | null;
  registeredCapital: string | null;
}

export interface ArchiveColumn {
  key: string;
  title: string;
}

export type ArchiveRow = Record<string, unknown>;

export interface ArchiveSection {
  key: string;
  title: string;
  columns: ArchiveColumn[];
  rows: ArchiveRow[];
  total: number;
}

export interface ArchiveCategory {
  code: string;
  name: string;
  /** Not in the contract draft, but sent by the server. */
  nameEn?: string;
  order: number;
  sections: ArchiveSection[];
}

export interface Archive {
  subject: SubjectPublic;
  categories: ArchiveCategory[];
  generatedAt: string;
}

export interface RestrictedRelation {
  role: string;
  roleName: string;
  subjectId: string;
  name: string;
  identityNumberMasked: string | null;
  since: string;
  until: string | null;
}

export interface Restricted {
  subject: SubjectPublic;
  identityNumber: string | null;
  address: string | null;
  phone: string | null;
  relations: RestrictedRelation[];
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleName: string;
  permissions: string[];
  regionCode: string;
  regionName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The subject a self-service account acts for. */
  subject: { publicId: string; name: string } | null;
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface Count {
  count: number;
}

export interface SubjectStats {
  total: number;
  byType: (Count & { type: SubjectTypeCode; typeName: string })[];
  byRegion: (Count & { regionCode: string; regionName: string })[];
  byStatus: (Count & { status: SubjectStatus; statusName: string })[];
}

export interface Department {
  id: number;
  code: string;
  name: string;
  uscc: string | null;
  regionCode: string;
  regionName: string;
  parentId: number | null;
  parentName: string | null;
  createdAt: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleName: string;
  regionCode: string;
  regionName: string;
  departmentId: number | null;
  departmentName: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Role {
  code: string;
  name: string;
  permissions: string[];
  builtIn: boolean;
}

export interface Permission {
  code: string;
  name: string;
}

export interface ApiClient {
  id: number;
  name: string;
  departmentId: number;
  departmentName: string;
  regionCode: string;
  scopes: string[];
  keyPrefix: string;
  rateLimitPerMinute: number;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface ApiClientWithKey {
  client: ApiClient;
  key: string;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actorType: 'USER' | 'API_CLIENT' | 'SYSTEM' | 'PUBLIC';
  actorId: string | number | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  ip: string | null;
  requestId: string | null;
  detail: unknown;
}

/** Permission strings of `Me.permissions`. */
export const PERMISSIONS = {
  departments: 'admin:departments',
  users: 'admin:users',
  roles: 'admin:roles',
  apiClients: 'admin:api-clients',
  audit: 'audit:read',
  subjects: 'subjects:read',
  restricted: 'subjects:restricted',
  stats: 'stats:read',
  /** Add supplementary catalogue items and maintain the holiday calendar. */
  catalogueManage: 'catalogue:manage',
  /** Run the credit ledger: checkpoints, signing keys, audits, witnesses and peer platforms. */
  ledger: 'ledger:manage',
  /** Issue and download the credit report of one's own subject (self-service). */
  reportsSelf: 'reports:self',
  /** Issue credit reports on other subjects (official purposes or with the subject's authorisation). */
  reportsIssue: 'reports:issue',
  /** Read the list entries (信用名单) and candidates of one's region. */
  lists: 'lists:read',
  /** Decide, notify, interview and remove list entries of one's region. */
  listsDecide: 'lists:decide',
  /** Maintain the measures (措施清单) of joint rewards and punishments. */
  measures: 'measures:manage',
  /** See the supervision statistics of joint rewards and punishments. */
  sanctionsStats: 'sanctions:stats',
  /** See credit evaluation results, the grade distribution and the active models. */
  evaluation: 'evaluation:read',
  /** Manage evaluation models and the human-review queue. */
  evaluationManage: 'evaluation:manage',
  /** Draw graded random inspection plans (双随机抽查) in one's region. */
  inspections: 'inspections:plan',
} as const;

/** Scopes an API client (department system) can be granted. */
export const API_SCOPES = ['subjects:read', 'subjects:restricted', 'identifiers:validate'] as const;
