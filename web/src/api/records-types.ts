/** Types of the catalogue, intake and records API (docs/api-contract.md; the server's OpenAPI is authoritative). */

export type FieldType = 'text' | 'date' | 'amount' | 'enum' | 'enumList' | 'uscc' | 'idNumber';
export type Openness = 'PUBLIC' | 'SHARED' | 'AUTHORISED';

export interface FieldSpec {
  code: string;
  label: string;
  aliases?: string[];
  type: FieldType;
  dictionary?: string;
  required?: boolean | 'LEGAL_PERSON' | 'NATURAL_PERSON';
  maxLength?: number;
  public?: boolean;
}

export type PublicityRule =
  | { rule: 'PENALTY_TIERS' }
  | { rule: 'LICENCE' }
  | { rule: 'FIXED_MONTHS'; months: number }
  | { rule: 'NONE' };

export interface ItemRoles {
  partyName: string;
  partyClass: string;
  uscc: string;
  idType: string;
  idNumber: string;
  legalRepresentative?: string;
  decisionNo: string;
  decisionDate: string;
  validFrom?: string;
  validTo?: string;
  authorityName: string;
  authorityCode: string;
  sourceName?: string;
  sourceCode?: string;
  tier?: string;
  publicityEnd?: string;
  kinds?: string;
  amount?: string;
}

export interface CatalogueItemSpec {
  code: string;
  category: string;
  name: string;
  nameEn: string;
  legalBasis: string;
  providers: string[];
  openness: Openness;
  publicity: PublicityRule;
  subjectTypes: string[];
  since?: string;
  roles: ItemRoles;
  /** One decision names several parties: the party is part of the natural key. */
  keyIncludesParty?: boolean;
  fields: FieldSpec[];
}

export interface CatalogueItem extends CatalogueItemSpec {
  id: number;
  versionId: number;
  catalogue: 'NATIONAL' | 'JILIN';
  version: string;
}

export interface CatalogueVersion {
  id: number;
  catalogue: string;
  version: string;
  title: string;
  documentNo: string | null;
  publishedOn: string;
  createdBy: string;
  items: number;
  current: boolean;
}

export interface Dictionary {
  code: string;
  name: string;
  entries: { code: string; label: string; aliases?: string[] }[];
}

export interface CalendarDay {
  date: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
}

export interface CalendarYear {
  year: number;
  source: string;
  provisional: boolean;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
  days: CalendarDay[];
}

export interface RecordError {
  field: string | null;
  code: string;
  message: string;
}

export interface RowResult {
  index: number;
  status: 'accepted' | 'rejected' | 'duplicate' | 'updated';
  recordId?: string;
  quarantineId?: number;
  errors: RecordError[];
}

export interface Batch {
  id: number;
  item: string;
  departmentId: number;
  departmentName: string;
  channel: 'API' | 'FILE' | 'CLI';
  fileName: string | null;
  encoding: string | null;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  total: number;
  accepted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  openQuarantine: number;
  /** 0–1 share of the file read. */
  progress: number;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface QuarantineRow {
  id: number;
  batchId: number;
  item: string;
  departmentId: number;
  departmentName: string;
  rowNumber: number;
  row: Record<string, unknown>;
  errors: RecordError[];
  status: 'OPEN' | 'RESOLVED' | 'DISCARDED';
  recordId: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export type ViolationTier = 'MINOR' | 'GENERAL' | 'SERIOUS';

export interface RecordSummary {
  id: string;
  item: string;
  itemName: string;
  category: string;
  catalogue: string;
  catalogueVersion: string;
  subject: { id: string; name: string; type: string; maskedIdNumber: string | null };
  partyName: string;
  partyClass: string;
  partyClassName: string;
  decisionNo: string;
  decisionDate: string;
  authorityName: string;
  authorityCode: string;
  regionCode: string;
  regionName: string;
  departmentId: number;
  departmentName: string;
  tier: ViolationTier | null;
  tierName: string | null;
  kinds: string[];
  /** 万元, decimal string. */
  amount: string | null;
  validFrom: string | null;
  validTo: string | null;
  status: 'ACTIVE' | 'WITHDRAWN';
  published: boolean;
  publicUntil: string | null;
  intakeDate: string;
  workingDaysToIntake: number;
  late: boolean;
}

export interface FieldValue {
  code: string;
  label: string;
  value: string;
}

export interface RecordDetail extends RecordSummary {
  fields: FieldValue[];
  regime: string | null;
  minimumUntil: string | null;
  version: number;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  history: { version: number; status: string; replacedAt: string; fields: FieldValue[] }[];
}

export interface Rates {
  received: number;
  accepted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  acceptanceRate: number | null;
  records: number;
  late: number;
  timelinessRate: number | null;
  usccErrors: number;
  usccErrorRate: number | null;
  duplicateRate: number | null;
  corrections: number;
}

export interface IntakeStats {
  lateAfterWorkingDays: number;
  totals: Rates;
  volumes: {
    month: string;
    item: string;
    departmentId: number;
    received: number;
    accepted: number;
    updated: number;
    duplicate: number;
    rejected: number;
  }[];
  errorsByCode: { code: string; count: number }[];
  departments: ({ id: number; name: string } & Rates)[];
}
