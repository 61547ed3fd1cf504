/**
 * The content of a credit report (信用报告, DOMAIN §11): the signed JSON and the source of the PDF.
 * Every value is a string — the signed content carries no floating point.
 */

export type ReportKind = 'ORGANISATION' | 'INDIVIDUAL';

export type RowMark = 'UNDER_REPAIR' | 'UNDER_OBJECTION';

export type SectionCode =
  | 'registration'
  | 'licensing'
  | 'penalties'
  | 'lists'
  | 'honours'
  | 'commitments'
  | 'evaluation'
  | 'judgments'
  | 'qualifications'
  | 'other';

/** One section's table; a section without rows is rendered as 暂无数据. */
export interface ReportSection {
  code: SectionCode;
  title: string;
  columns: { key: string; label: string }[];
  rows: { cells: Record<string, string>; marks: RowMark[] }[];
}

export interface ReportContent {
  schema: 'xinyong.credit-report/1';
  reportNo: string;
  kind: ReportKind;
  issuer: { name: string; origin: string };
  /** RFC 3339. */
  issuedAt: string;
  /** YYYY-MM-DD. */
  validUntil: string;
  purpose: string;
  /** `code`: the USCC, or the masked identity number of an individual. */
  subject: { publicId: string; name: string; type: string; typeLabel: string; code: string };
  notes: string[];
  summary: { label: string; value: string }[];
  sections: ReportSection[];
  suggestions: string[];
}

/** The national report standard's section order (DOMAIN §11); individual reports use the same codes. */
export const SECTION_ORDER: SectionCode[] = [
  'registration',
  'licensing',
  'penalties',
  'lists',
  'honours',
  'commitments',
  'evaluation',
  'judgments',
  'qualifications',
  'other',
];

/** Default section titles; an individual's registration section is titled 基本信息 instead. */
export const SECTION_TITLES: Record<SectionCode, string> = {
  registration: '登记注册信息',
  licensing: '行政许可信息',
  penalties: '行政处罚信息',
  lists: '严重失信主体名单及其他名单信息',
  honours: '诚实守信荣誉及激励信息',
  commitments: '信用承诺及履行信息',
  evaluation: '信用评价结果',
  judgments: '司法裁判信息',
  qualifications: '职称和职业资格信息',
  other: '其他信息',
};

/** A section's title in a report of the given kind. */
export function sectionTitle(code: SectionCode, kind: ReportKind): string {
  return code === 'registration' && kind === 'INDIVIDUAL' ? '基本信息' : SECTION_TITLES[code];
}

export const ROW_MARK_LABELS: Record<RowMark, string> = {
  UNDER_REPAIR: '修复中',
  UNDER_OBJECTION: '异议处理中',
};
