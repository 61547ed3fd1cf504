import {
  BOTTOM,
  COLORS,
  CONTENT_WIDTH,
  drawTable,
  ensure,
  layoutTable,
  newDocument,
  PAGE,
  tableLead,
} from '../reports/pdf.ts';

export interface DecisionPdfInput {
  entryId: string;
  /** The list's Chinese name, e.g. 严重失信主体名单. */
  listTypeName: string;
  /** e.g. 吉市监信〔2026〕12号. */
  decisionNo: string;
  /** The deciding department's name. */
  department: string;
  /** ISO date-time; printed as the Beijing calendar date (2026年6月30日). */
  decidedAt: string;
  /** Already masked for individuals. */
  subject: { name: string; code: string; typeLabel: string };
  facts: string;
  basis: string;
  reason: string;
  /** The joint punishments (incentives) that follow; `action` is an action code (BLOCK, …) or a label. */
  measures: { code: string; name: string; action: string; legalBasis: string }[];
  /** YYYY-MM-DD. */
  validFrom: string;
  validTo: string;
  removalConditions: string;
  remedies: string;
  /** Already masked; `role` is already a Chinese label. */
  responsiblePersons: { name: string; role: string }[];
  /** The subject's 陈述申辩, if any. */
  defence: { statement: string; submittedAt: string } | null;
}

type Doc = PDFKit.PDFDocument;

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ACTION_LABELS: Record<string, string> = {
  BLOCK: '限制或禁止',
  REVIEW: '重点审查',
  PROMPT: '提示',
  FACILITATE: '便利服务',
};
const INDIVIDUAL_LABELS = new Set(['个人', '自然人', '居民']);
const BODY_SIZE = 11;
const BODY_GAP = 4;
const HEADING_SIZE = 12;

/**
 * The decision document (《列入…决定书》) as an A4 PDF in Chinese. The same input gives the same
 * bytes: the document's dates come from `decidedAt`.
 */
export async function renderDecisionPdf(input: DecisionPdfInput): Promise<Buffer> {
  const decidedMs = Date.parse(input.decidedAt);
  const decided = new Date(Number.isNaN(decidedMs) ? 0 : decidedMs);
  const title = `列入${input.listTypeName}决定书`;
  const { doc, finish } = newDocument({
    Title: `${title} ${input.decisionNo}`,
    Author: input.department,
    Subject: input.subject.name,
    Keywords: input.entryId,
    CreationDate: decided,
  });

  drawHead(doc, input, title);
  let n = 0;
  const section = (name: string, keep?: number) => heading(doc, `${NUMERALS[n++]}、${name}`, keep);

  section('认定事实');
  paragraphs(doc, input.facts);
  section('认定依据');
  paragraphs(doc, input.basis);
  section('列入理由');
  paragraphs(doc, input.reason);
  section('陈述申辩情况');
  if (input.defence) {
    paragraphs(doc, `当事人于${beijingDate(input.defence.submittedAt)}提出陈述申辩，主要内容如下：`);
    paragraphs(doc, input.defence.statement);
  } else paragraphs(doc, '当事人在规定期限内未提出陈述申辩。');

  const measuresTitle = '联合惩戒（激励）措施';
  if (input.measures.length) {
    const t = layoutTable(
      doc,
      ['措施编号', '措施名称', '措施类型', '法律依据'],
      input.measures.map((m) => ({
        cells: [m.code, m.name, ACTION_LABELS[m.action] ?? m.action, m.legalBasis],
        marks: [],
      })),
    );
    const caption = `${NUMERALS[n]}、${measuresTitle}`;
    section(measuresTitle, tableLead(t));
    drawTable(doc, t, caption);
  } else {
    section(measuresTitle);
    paragraphs(doc, '暂无。');
  }

  if (input.responsiblePersons.length) {
    section('相关责任人员');
    input.responsiblePersons.forEach((p, i) => {
      paragraphs(doc, `${i + 1}. ${p.role}：${p.name}`);
    });
  }
  section('有效期');
  paragraphs(doc, `有效期自 ${input.validFrom} 至 ${input.validTo} 止。`);
  section('移出条件和程序');
  paragraphs(doc, input.removalConditions);
  section('救济途径');
  paragraphs(doc, input.remedies);

  drawSignature(doc, input.department, beijingDate(input.decidedAt));
  drawPageFurniture(doc, input.decisionNo);
  return finish();
}

function drawHead(doc: Doc, input: DecisionPdfInput, title: string) {
  doc.font('bold').fontSize(20).fillColor(COLORS.text);
  doc.text(title, PAGE.margin, PAGE.top + 10, { width: CONTENT_WIDTH, align: 'center' });
  doc.y += 6;
  doc.font('regular').fontSize(BODY_SIZE);
  doc.text(input.decisionNo, PAGE.margin, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.y += 6;
  doc
    .moveTo(PAGE.margin, doc.y)
    .lineTo(PAGE.width - PAGE.margin, doc.y)
    .lineWidth(1)
    .stroke(COLORS.text);
  doc.y += 14;
  const individual = INDIVIDUAL_LABELS.has(input.subject.typeLabel) || input.subject.code.includes('*');
  field(doc, '当事人', input.subject.name);
  field(doc, individual ? '身份证件号码' : '统一社会信用代码', input.subject.code);
  field(doc, '主体类型', input.subject.typeLabel);
  doc.y += 6;
  paragraphs(doc, `经依法认定，本机关决定将当事人列入${input.listTypeName}。有关事项如下：`);
}

/** "label：value" on one line, wrapping under the value. */
function field(doc: Doc, label: string, value: string) {
  doc.fontSize(BODY_SIZE);
  const labelWidth = doc.font('bold').widthOfString(`${label}：`);
  const y = doc.y;
  doc.text(`${label}：`, PAGE.margin, y, { width: labelWidth, lineBreak: false });
  doc.font('regular').text(value || '—', PAGE.margin + labelWidth, y, {
    width: CONTENT_WIDTH - labelWidth,
    lineGap: BODY_GAP,
  });
}

/** A numbered section heading; starts a new page unless `keep` points fit below it. */
function heading(doc: Doc, title: string, keep = 3 * (BODY_SIZE + BODY_GAP)) {
  doc.y += 8;
  doc.font('bold').fontSize(HEADING_SIZE);
  const height = doc.heightOfString(title, { width: CONTENT_WIDTH }) + 4;
  ensure(doc, height + keep);
  doc.fillColor(COLORS.text).text(title, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.y += 4;
  doc.font('regular').fontSize(BODY_SIZE);
}

/**
 * Body text: one paragraph per line of `text`, first line indented by two characters. Long text
 * wraps and flows on to new pages (pdfkit breaks pages at the bottom margin).
 */
function paragraphs(doc: Doc, text: string) {
  doc.font('regular').fontSize(BODY_SIZE).fillColor(COLORS.text);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines.length ? lines : ['—']) {
    doc.text(line, PAGE.margin, doc.y, {
      width: CONTENT_WIDTH,
      indent: 2 * BODY_SIZE,
      lineGap: BODY_GAP,
    });
    doc.y += 2;
  }
  doc.x = PAGE.margin;
}

/** The department's name and the date, at the bottom right of the text. */
function drawSignature(doc: Doc, department: string, date: string) {
  doc.font('regular').fontSize(BODY_SIZE);
  const width = Math.min(
    CONTENT_WIDTH,
    Math.max(doc.widthOfString(department), doc.widthOfString(date)) + 2 * BODY_SIZE,
  );
  const x = PAGE.width - PAGE.margin - width;
  const gap = 24;
  const height = gap + doc.heightOfString(`${department}\n${date}`, { width, lineGap: BODY_GAP });
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = PAGE.top;
  } else doc.y += gap;
  doc.text(department, x, doc.y, { width, align: 'center', lineGap: BODY_GAP });
  doc.text(date, x, doc.y, { width, align: 'center', lineGap: BODY_GAP });
  doc.x = PAGE.margin;
}

/** ISO date-time → the Beijing calendar date, "2026年6月30日". */
function beijingDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The "第 x 页 / 共 y 页" footer and, from the second page on, the document number at the top. */
function drawPageFurniture(doc: Doc, decisionNo: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the margins would make pdfkit start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    doc.font('regular').fontSize(8).fillColor(COLORS.muted);
    if (i > start)
      doc.text(decisionNo, PAGE.margin, 30, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    doc.text(`第 ${i + 1} 页 / 共 ${count} 页`, PAGE.margin, PAGE.height - 40, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}
