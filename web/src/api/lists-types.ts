/** Types of the lists and joint rewards and punishments (联合奖惩) API (docs/lists.md; the server's OpenAPI is authoritative). */

import type { SubjectTypeCode } from './types';

/** Lists decided on this platform. */
export const DECIDED_LIST_TYPES = ['RED', 'SERIOUS_DISHONESTY', 'KEY_ATTENTION'] as const;
export type DecidedListType = (typeof DECIDED_LIST_TYPES)[number];
/** Every list: the decided ones and those mirrored from intake (经营异常名录, 失信被执行人). */
export const LIST_TYPES = [...DECIDED_LIST_TYPES, 'ABNORMAL_OPERATION', 'DISHONEST_DEBTOR'] as const;
export type ListType = (typeof LIST_TYPES)[number];

export const ENTRY_STATUSES = [
  'DRAFT',
  'NOTICED',
  'DECIDED',
  'PUBLISHED',
  'EXPIRED',
  'REMOVED',
  'REVOKED',
  'CANCELLED',
] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const MEASURE_ACTIONS = ['BLOCK', 'REVIEW', 'PROMPT', 'FACILITATE'] as const;
export type MeasureAction = (typeof MEASURE_ACTIONS)[number];

export const FEEDBACK_ACTIONS = ['RESTRICTED', 'REFUSED', 'REVIEWED', 'FACILITATED', 'NOT_APPLIED'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

export const MEASURE_LISTS = ['NATIONAL', 'JILIN'] as const;
export type MeasureList = (typeof MEASURE_LISTS)[number];

/** The 事项 codes of the contract; `GET /measures/matters` names them. */
export const MATTERS = [
  'BIDDING',
  'GOV_PROCUREMENT',
  'FISCAL_FUNDS',
  'ADMIN_LICENSE',
  'HONORS',
  'LEGAL_REP',
  'MARKET_ACCESS',
  'SUBSIDY',
  'FINANCING',
  'INSPECTION',
] as const;

/** Longest validity of a decided entry, in years. */
export const MAX_VALIDITY_YEARS: Record<DecidedListType, number> = {
  RED: 3,
  SERIOUS_DISHONESTY: 3,
  KEY_ATTENTION: 2,
};

export const REMOVAL_KINDS = ['REPAIR', 'REVOCATION'] as const;
export type RemovalKind = (typeof REMOVAL_KINDS)[number];

export type GroupBy = 'department' | 'measure' | 'listType' | 'region' | 'month';
export const GROUP_BYS: GroupBy[] = ['department', 'measure', 'listType', 'region', 'month'];

export interface Matter {
  code: string;
  name: string;
}

export interface Measure {
  code: string;
  version: number;
  list: MeasureList;
  class: 1 | 2 | 3;
  name: string;
  legalBasis: string;
  implementingDepartments: string[];
  listTypes: ListType[];
  subjectTypes: SubjectTypeCode[];
  matters: string[];
  action: MeasureAction;
  extendsToResponsible: boolean;
  status: 'ACTIVE' | 'RETIRED';
  createdAt: string;
}

/** `POST /measures`: a new code, or a new version of an existing one. */
export type MeasureInput = Omit<Measure, 'version' | 'status' | 'createdAt'>;

export interface ListSubject {
  publicId: string;
  /** USCC, or the masked identity number of an individual. */
  code: string;
  /** Masked for individuals. */
  name: string;
  type: SubjectTypeCode;
}

export interface DecidedBy {
  departmentId: number | null;
  name: string;
}

/** The deciding department's name: the console sends `{departmentId, name}`, the public lists the name. */
export const departmentName = (decidedBy: DecidedBy | string) =>
  typeof decidedBy === 'string' ? decidedBy : decidedBy.name;

export interface Interview {
  id: number | string;
  scheduledAt: string;
  place: string;
  status: 'SCHEDULED' | 'DONE' | 'MISSED';
  record: string | null;
  conductedAt: string | null;
}

export interface ResponsiblePerson {
  publicId: string;
  name: string;
  role: 'LEGAL_REPRESENTATIVE' | 'PRINCIPAL' | 'DIRECTLY_RESPONSIBLE';
}

export interface ListEntry {
  entryId: string;
  listType: ListType;
  status: EntryStatus;
  source: 'DECIDED' | 'MIRRORED';
  subject: ListSubject;
  decidedBy: DecidedBy;
  regionCode: string;
  facts: string;
  basis: string;
  reason: string;
  measures: { code: string; name: string; action: MeasureAction }[];
  notice: null | { noticedAt: string; defenceDeadline: string; text: string };
  defence: null | { statement: string; submittedAt: string };
  decision: null | { decisionNo: string; decidedAt: string; removalConditions: string; remedies: string };
  validFrom: string;
  validTo: string;
  publishedAt: string | null;
  removal: null | { kind: 'EXPIRY' | RemovalKind; reason: string; at: string };
  responsiblePersons: ResponsiblePerson[];
  interviews: Interview[];
  createdAt: string;
  updatedAt: string;
}

/** `POST /lists/entries`. */
export interface NewEntry {
  listType: DecidedListType;
  subject: string;
  facts: string;
  basis: string;
  reason: string;
  validFrom: string;
  validTo: string;
}

export interface Evidence {
  recordId: string;
  item: string;
  decisionNo: string;
  decisionDate: string;
  authority: string;
}

export type CandidateStatus = 'OPEN' | 'DISMISSED' | 'PROMOTED';
export const CANDIDATE_STATUSES: CandidateStatus[] = ['OPEN', 'DISMISSED', 'PROMOTED'];

export interface Candidate {
  id: number | string;
  rule: string;
  ruleName: string;
  listType: ListType;
  subject: ListSubject;
  evidence: Evidence[];
  status: CandidateStatus;
  detectedAt: string;
  /** The draft it was promoted to. */
  entryId?: string | null;
}

/** `POST /lists/candidates/{id}/promote`: the validity of the draft. */
export interface PromoteBody {
  validFrom: string;
  validTo: string;
}

/** An entry in force on a public list (`GET /lists/{listType}/entries`). */
export interface PublicEntry {
  entryId: string;
  listType: ListType;
  subject: ListSubject;
  decidedBy: DecidedBy | string;
  decisionNo: string | null;
  validFrom: string;
  validTo: string;
  reason: string;
}

/** `GET /lists/public/{entryId}`. */
export interface PublicEntryDetail extends PublicEntry {
  basis: string;
  measures: ListEntry['measures'];
}

export interface CheckHit {
  listType: ListType;
  entryId: string;
  measureCode: string;
  measureName: string;
  action: MeasureAction;
  legalBasis: string;
  decidedBy: DecidedBy | string;
  validTo: string;
  via: 'SELF' | 'RESPONSIBLE_PERSON';
  viaSubject?: { code: string; name: string };
  underReview: boolean;
}

/** `POST /checks` (department business systems). */
export interface CheckResult {
  checkId: string;
  result: 'CLEAR' | 'HIT';
  checkedAt: string;
  subject: { code: string; known: boolean; name: string | null; type: SubjectTypeCode | null };
  hits: CheckHit[];
}

export interface Feedback {
  /** Not in the loop's feedback (which is per entry already). */
  entryId?: string | null;
  actionTaken: FeedbackAction;
  handler: string;
  matterId: string;
  reason?: string | null;
  at: string;
}

export type ActionCounts = Partial<Record<FeedbackAction, number>>;

export interface StatsRow {
  key: string;
  label: string;
  checks: number;
  hits: number;
  feedback: number;
  /** 0–1, or null when there is nothing to divide by. */
  feedbackRate: number | null;
  actions: ActionCounts;
}

export interface SanctionStats {
  rows: StatsRow[];
  /** Null when nothing was checked in the period. */
  totals: Omit<StatsRow, 'key' | 'label'> | null;
}

export interface OverdueCheck {
  checkId: string;
  checkedAt: string;
  checkedBy: string;
  /** In docs/lists.md; the server does not send it (yet). */
  subject?: { code: string; name: string | null };
  matter: string;
  hits: CheckHit[];
  dueAt: string;
}

/** A check answered but not recorded: the database refused its row (GET /sanctions/recorder-failures). */
export interface RecorderFailure {
  checkId: string;
  checkedAt: string;
  checkedBy: string;
  matter: string;
  result: string;
  failedAt: string;
  errorCode: string | null;
  errorMessage: string;
}

/** One check that hit an entry, with what the checking department reported back. */
export interface LoopCheck {
  checkId: string;
  checkedAt: string;
  checkedBy: string;
  matter: string;
  /** Codes of the entry's measures the check applied. */
  measures: string[];
  feedback: Feedback[];
}

/** `GET /sanctions/entries/{entryId}/loop`. */
export interface EntryLoop {
  entry: ListEntry;
  checks: LoopCheck[];
}

/** `GET /checks/mine`: who checked the user's own subject. */
export interface MyCheck {
  checkId: string;
  checkedAt: string;
  checkedBy: string;
  matter: string;
  matterName?: string;
  result: 'CLEAR' | 'HIT';
}

/** The decision document (PDF) of a decided entry (session cookie). */
export const decisionPdfUrl = (entryId: string) =>
  `/api/v1/lists/entries/${encodeURIComponent(entryId)}/decision.pdf`;

/** The public page of an entry in force. */
export const publicEntryPath = (entryId: string) => `/lists/entries/${encodeURIComponent(entryId)}`;

/** The console view of a check loop. */
export const loopPath = (entryId: string) =>
  `/console/sanctions?tab=loop&entry=${encodeURIComponent(entryId)}`;

/** Whether `value` is a list type decided here (a public list page). */
export const isDecidedListType = (value: string | undefined): value is DecidedListType =>
  (DECIDED_LIST_TYPES as readonly string[]).includes(value ?? '');

/** A local calendar date as YYYY-MM-DD, `years` years on. */
export function isoDate(date = new Date(), years = 0): string {
  const shifted = new Date(date.getFullYear() + years, date.getMonth(), date.getDate());
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${shifted.getFullYear()}-${pad(shifted.getMonth() + 1)}-${pad(shifted.getDate())}`;
}
