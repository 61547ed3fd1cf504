import type { Queryable } from '../../db/db.ts';
import { SqlParams } from '../../db/sql.ts';
import { type CatalogueItem, dictionaries, itemById } from '../catalog/service.ts';
import { regionName } from '../identifiers/regions.ts';
import { canonicalDecimal } from '../records/normalize.ts';
import { publishedNow, RECORD_COLUMNS, RECORD_JOINS, type RecordRow } from '../records/repository.ts';
import { SUBJECT_TYPES } from '../subjects/subject-types.ts';
import {
  type ReportContent,
  type ReportKind,
  type ReportSection,
  SECTION_ORDER,
  type SectionCode,
  sectionTitle,
} from './content.ts';

/** Where each catalogue category appears in a report (DOMAIN §11 section order). */
const SECTION_OF_CATEGORY: Record<string, SectionCode> = {
  REGISTRATION: 'registration',
  ABNORMAL_OPERATION: 'lists',
  SERIOUS_DISHONESTY: 'lists',
  HONOUR: 'honours',
  COMMITMENT: 'commitments',
  EVALUATION: 'evaluation',
  JUDICIAL: 'judgments',
  QUALIFICATION: 'qualifications',
};
const SECTION_OF_ITEM: Record<string, SectionCode> = {
  ADMIN_LICENSE: 'licensing',
  ADMIN_PENALTY: 'penalties',
};

/** Most rows per section; a report says when it lists only the latest. */
const ROWS_PER_SECTION = 200;

const RECORD_COLUMNS_OF_SECTION = [
  { key: 'item', label: '信息项' },
  { key: 'decisionNo', label: '文书号/编号' },
  { key: 'authority', label: '决定（认定）机关' },
  { key: 'date', label: '决定日期' },
  { key: 'detail', label: '主要内容' },
];

export interface ReportMeta {
  reportNo: string;
  issuedAt: string;
  validUntil: string;
  purpose: string;
  issuer: { name: string; origin: string };
  today: string;
}

interface SubjectRow {
  id: number;
  public_id: string;
  type: string;
  name: string;
  uscc: string | null;
  id_number_masked: string | null;
  region_code: string;
  legal_representative: string | null;
  established_on: string | null;
  status: string;
  registration_authority: string | null;
  industry: string | null;
  registered_capital: string | null;
}

const STATUS_NAMES: Record<string, string> = {
  ACTIVE: '存续',
  REVOKED: '吊销',
  CANCELLED: '注销',
  DISSOLVED: '解散',
};

/**
 * The report's content from the subject's archive: only records published today (a public report),
 * personal data masked. Every value is a string: the signed content carries no floating point.
 */
export async function buildReportContent(
  q: Queryable,
  subjectId: number,
  meta: ReportMeta,
): Promise<ReportContent> {
  const [s] = await q.query<SubjectRow>(
    `SELECT id, public_id, type, name, uscc, id_number_masked, region_code, legal_representative,
       to_char(established_on, 'YYYY-MM-DD') AS established_on, status, registration_authority, industry,
       registered_capital::text AS registered_capital
     FROM subjects WHERE id = $1`,
    [subjectId],
  );
  const kind: ReportKind = s.type === 'INDIVIDUAL' ? 'INDIVIDUAL' : 'ORGANISATION';
  const p = new SqlParams();
  const records = await q.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM credit_records r ${RECORD_JOINS}
     WHERE r.subject_id = ${p.add(subjectId)} AND ${publishedNow(p, meta.today)}
     ORDER BY r.decision_date DESC, r.id DESC LIMIT 2000`,
    p.values,
  );
  const labels = await labelLookup(q);
  const items = new Map<number, CatalogueItem>();
  const bySection = new Map<SectionCode, ReportSection['rows']>();
  for (const r of records) {
    let item = items.get(r.item_id);
    if (!item) {
      item = await itemById(q, r.item_id);
      items.set(r.item_id, item);
    }
    const code = SECTION_OF_ITEM[r.item_code] ?? SECTION_OF_CATEGORY[r.category] ?? 'other';
    const rows = bySection.get(code) ?? [];
    rows.push({
      cells: {
        item: r.item_name,
        decisionNo: r.decision_no,
        authority: r.authority_name,
        date: r.decision_date,
        detail: recordDetail(item, r, labels),
      },
      // Repair and objection arrive with their own module; until then no row is under either.
      marks: [],
    });
    bySection.set(code, rows);
  }

  const sections: ReportSection[] = SECTION_ORDER.map((code) => {
    const rows = bySection.get(code) ?? [];
    if (code === 'registration')
      return {
        code,
        title: sectionTitle(code, kind),
        columns: [
          { key: 'label', label: '项目' },
          { key: 'value', label: '内容' },
        ],
        rows: registrationRows(s).map((cells) => ({ cells, marks: [] })),
      };
    return {
      code,
      title: sectionTitle(code, kind),
      columns: RECORD_COLUMNS_OF_SECTION,
      rows: rows.slice(0, ROWS_PER_SECTION),
    };
  });
  const count = (code: SectionCode) => String(bySection.get(code)?.length ?? 0);
  const truncated = SECTION_ORDER.filter((c) => (bySection.get(c)?.length ?? 0) > ROWS_PER_SECTION);
  return {
    schema: 'xinyong.credit-report/1',
    reportNo: meta.reportNo,
    kind,
    issuer: meta.issuer,
    issuedAt: meta.issuedAt,
    validUntil: meta.validUntil,
    purpose: meta.purpose,
    subject: {
      publicId: s.public_id,
      name: s.name,
      type: s.type,
      typeLabel: SUBJECT_TYPES[s.type as keyof typeof SUBJECT_TYPES]?.name ?? s.type,
      code: s.uscc ?? s.id_number_masked ?? '',
    },
    notes: [
      '本报告依据公共信用信息目录，汇集报告生成时依法公示的公共信用信息，不含未公示或已结束公示期的信息。',
      '行政处罚信息仅列示仍在公示期内的决定；已修复或撤销的信息不再列示。',
      '个人身份证件号码等个人信息已脱敏显示。',
      '报告内容经 SM2 数字签名并记入信用账本，可通过报告编号和验证码、二维码或离线验证工具核验真伪。',
      ...(truncated.length ? [`记录较多的栏目仅列示最近 ${ROWS_PER_SECTION} 条。`] : []),
    ],
    summary: [
      { label: '行政许可信息', value: `${count('licensing')} 条` },
      { label: '行政处罚信息', value: `${count('penalties')} 条` },
      { label: '名单信息', value: `${count('lists')} 条` },
      { label: '荣誉及激励信息', value: `${count('honours')} 条` },
      { label: '信用承诺信息', value: `${count('commitments')} 条` },
      { label: '司法裁判信息', value: `${count('judgments')} 条` },
    ],
    sections,
    suggestions:
      Number(count('penalties')) + Number(count('lists')) > 0
        ? [
            '该主体存在在公示期内的行政处罚或名单信息，请结合具体事项审慎评估。',
            '符合条件的，主体可依法申请信用修复；对信息有异议的，可提出异议申请。',
          ]
        : ['报告期内未发现该主体在公示期内的失信信息。'],
  };
}

function registrationRows(s: SubjectRow): Record<string, string>[] {
  const rows: [string, string | null][] =
    s.type === 'INDIVIDUAL'
      ? [
          ['姓名', s.name],
          ['身份证件号码（脱敏）', s.id_number_masked],
          ['所在地区', regionName(s.region_code) ?? s.region_code],
        ]
      : [
          ['名称', s.name],
          ['统一社会信用代码', s.uscc],
          ['主体类型', SUBJECT_TYPES[s.type as keyof typeof SUBJECT_TYPES]?.name ?? s.type],
          ['法定代表人（负责人）', s.legal_representative],
          ['成立日期', s.established_on],
          ['登记机关', s.registration_authority],
          ['登记状态', STATUS_NAMES[s.status] ?? s.status],
          ['所属行业', s.industry],
          ['注册资本（万元）', s.registered_capital === null ? null : canonicalDecimal(s.registered_capital)],
          ['所在地区', regionName(s.region_code) ?? s.region_code],
        ];
  return rows.filter((r): r is [string, string] => !!r[1]).map(([label, value]) => ({ label, value }));
}

type Labels = (dictionary: string | undefined, code: string) => string;

async function labelLookup(q: Queryable): Promise<Labels> {
  const dicts = new Map(
    (await dictionaries(q)).map((d) => [d.code, new Map(d.entries.map((e) => [e.code, e.label]))]),
  );
  return (dictionary, code) => (dictionary && dicts.get(dictionary)?.get(code)) || code;
}

/** The record's public content fields, labelled; party, identity and authority fields have their own columns. */
function recordDetail(item: CatalogueItem, r: RecordRow, label: Labels): string {
  const roles = item.roles as Record<string, string | undefined>;
  const own = new Set(
    [
      'partyName',
      'partyClass',
      'uscc',
      'idType',
      'idNumber',
      'legalRepresentative',
      'decisionNo',
      'decisionDate',
      'authorityName',
      'authorityCode',
      'sourceName',
      'sourceCode',
    ].map((k) => roles[k]),
  );
  const parts: string[] = [];
  for (const f of item.fields) {
    if (own.has(f.code) || f.public === false || f.type === 'idNumber') continue;
    const v = r.fields[f.code];
    if (!v) continue;
    const value =
      f.type === 'enumList'
        ? v
            .split(/[；;、,]/)
            .map((c) => label(f.dictionary, c.trim()))
            .join('、')
        : f.type === 'enum'
          ? label(f.dictionary, v)
          : v;
    parts.push(`${f.label}：${value}`);
  }
  return parts.join('；');
}
