import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { type ReportContent, ROW_MARK_LABELS, type RowMark, SECTION_ORDER, sectionTitle } from './content.ts';

export interface ReportPdfInput {
  content: ReportContent;
  /** Hex SM3 of the canonical content. */
  contentHash: string;
  verifyCode: string;
  verifyUrl: string;
  ledgerIndex: number;
  /** The signed report JSON, attached to the PDF as `report.json` for offline verification. */
  reportJson: Uint8Array;
}

type Doc = PDFKit.PDFDocument;

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('node-source-han-sans-sc/package.json'));

/**
 * Each 17 MB OTF is read and parsed once per process. pdfkit accepts a parsed fontkit font, which
 * halves render time against passing the Buffer (fontkit re-parses the CFF tables per document).
 * fontkit is loaded from pdfkit's own dependency, so both agree on the version. Sharing the parsed
 * font between documents is safe: pdfkit uses it synchronously, from `new PDFDocument` to `end()`.
 */
let fonts: { regular: Buffer; bold: Buffer } | undefined;
export function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Buffer): unknown };
    // Typed as Buffer because @types/pdfkit does not list fontkit fonts among font sources.
    const parse = (file: string) => fontkit.create(readFileSync(path.join(FONT_DIR, file))) as Buffer;
    fonts = { regular: parse('SourceHanSansSC-Regular.otf'), bold: parse('SourceHanSansSC-Bold.otf') };
  }
  return fonts;
}

export const PAGE = { width: 595.28, height: 841.89, margin: 50, top: 60, bottom: 60 };
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
export const BOTTOM = PAGE.height - PAGE.bottom;
const CELL_PAD = 4;
const HEADING_HEIGHT = 24;
const EMPTY_HEIGHT = 24;
const QR_SIZE = 110;
export const COLORS = {
  text: '#1a1a1a',
  muted: '#666666',
  accent: '#1f3a68',
  border: '#9aa5b1',
  headerFill: '#e9eef5',
  markFill: '#fff4e5',
  mark: '#b35c00',
};
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * An A4 document in Chinese with both fonts registered and the text colour set. pdfkit derives the
 * trailer /ID from the info dictionary, so fixed dates make the output byte-for-byte reproducible.
 * `finish` ends the document and resolves to its bytes.
 */
export function newDocument(info: {
  Title: string;
  Author: string;
  Subject: string;
  Keywords?: string;
  CreationDate: Date;
}) {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { ...info, Creator: 'xinyong', ModDate: info.CreationDate },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.font('regular').fillColor(COLORS.text);
  const finish = async (): Promise<Buffer> => {
    doc.end();
    await ended;
    return Buffer.concat(chunks);
  };
  return { doc, finish };
}

/** The report as an A4 PDF in Chinese, with the signed report JSON attached as `report.json`. */
export async function renderReportPdf(input: ReportPdfInput): Promise<Buffer> {
  const { content } = input;
  // The QR code is made first: everything after it is synchronous (see loadFonts).
  const qr = await QRCode.toBuffer(input.verifyUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    scale: 4,
  });
  const issued = new Date(content.issuedAt);
  const { doc, finish } = newDocument({
    Title: `信用报告 ${content.reportNo}`,
    Author: content.issuer.name,
    Subject: content.subject.name,
    CreationDate: issued,
  });

  drawCover(doc, content);
  heading(doc, '报告说明');
  list(doc, content.notes);
  if (content.summary.length) {
    const summary = layoutTable(
      doc,
      ['项目', '内容'],
      content.summary.map((s) => ({ cells: [s.label, s.value], marks: [] })),
    );
    heading(doc, '信息概要', tableLead(summary));
    drawTable(doc, summary);
  } else {
    heading(doc, '信息概要', EMPTY_HEIGHT);
    empty(doc);
  }
  for (const [i, code] of SECTION_ORDER.entries()) {
    const section = content.sections.find((s) => s.code === code);
    const title = `${NUMERALS[i]}、${section?.title ?? sectionTitle(code, content.kind)}`;
    if (!section?.rows.length) {
      heading(doc, title, EMPTY_HEIGHT);
      empty(doc);
      continue;
    }
    const rows = section.rows.map((r) => ({
      cells: section.columns.map((c) => r.cells[c.key] ?? ''),
      marks: r.marks,
    }));
    const t = layoutTable(
      doc,
      section.columns.map((c) => c.label),
      rows,
    );
    heading(doc, title, tableLead(t));
    drawTable(doc, t, title);
  }
  heading(doc, '信用建议');
  list(doc, content.suggestions);
  drawVerification(doc, input, qr);
  drawPageFurniture(doc, content.reportNo, content.issuer.name);

  doc.file(Buffer.from(input.reportJson), {
    name: 'report.json',
    type: 'application/json',
    description: '信用报告数据（已签名），供离线验证',
    creationDate: issued,
    modifiedDate: issued,
  });
  return finish();
}

function drawCover(doc: Doc, c: ReportContent) {
  doc.font('bold').fontSize(22).fillColor(COLORS.accent);
  doc.text('公共信用信息报告', PAGE.margin, PAGE.top + 10, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('regular').fontSize(12).fillColor(COLORS.muted);
  doc.text(c.kind === 'INDIVIDUAL' ? '（自然人）' : '（法人和非法人组织）', {
    width: CONTENT_WIDTH,
    align: 'center',
  });
  doc.fillColor(COLORS.text);
  doc.y += 18;
  const fields: [string, string][] = [
    ['报告编号', c.reportNo],
    ['主体名称', c.subject.name],
    [c.kind === 'INDIVIDUAL' ? '身份证号（脱敏）' : '统一社会信用代码', c.subject.code],
    ['主体类型', c.subject.typeLabel],
    ['报告生成时间', beijingTime(c.issuedAt)],
    ['出具机构', c.issuer.name],
    ['查询用途', c.purpose],
    ['有效期至', c.validUntil],
  ];
  const t = layoutTable(
    doc,
    null,
    fields.map((f) => ({ cells: f, marks: [] })),
    [130, CONTENT_WIDTH - 130],
  );
  drawTable(doc, t);
}

/** RFC 3339 → "YYYY-MM-DD HH:mm:ss（北京时间）"; the signed content keeps the exact instant. */
function beijingTime(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
}

/** A section heading; starts a new page unless `keep` points fit below it (no orphaned headings). */
function heading(doc: Doc, title: string, keep = 40) {
  doc.y += 14;
  ensure(doc, HEADING_HEIGHT + keep);
  const y = doc.y;
  doc.rect(PAGE.margin, y + 2, 3, 14).fill(COLORS.accent);
  doc
    .font('bold')
    .fontSize(12)
    .fillColor(COLORS.accent)
    .text(title, PAGE.margin + 9, y, { width: CONTENT_WIDTH - 9 });
  doc.font('regular').fillColor(COLORS.text);
  doc.y = y + HEADING_HEIGHT;
}

function list(doc: Doc, items: string[]) {
  doc.fontSize(9.5);
  if (!items.length) return empty(doc);
  items.forEach((text, i) => {
    const marker = `${i + 1}. `;
    const indent = doc.widthOfString('00. ');
    const width = CONTENT_WIDTH - indent;
    ensure(doc, Math.min(doc.heightOfString(text, { width }), 60));
    const y = doc.y;
    doc.text(marker, PAGE.margin, y, { width: indent, lineBreak: false });
    doc.text(text, PAGE.margin + indent, y, { width, lineGap: 2 });
    doc.y += 3;
  });
}

function empty(doc: Doc) {
  doc.fontSize(9.5);
  ensure(doc, EMPTY_HEIGHT);
  const y = doc.y;
  doc.rect(PAGE.margin, y, CONTENT_WIDTH, EMPTY_HEIGHT).lineWidth(0.5).stroke(COLORS.border);
  doc.fillColor(COLORS.muted).text('暂无数据', PAGE.margin, y + 6, { width: CONTENT_WIDTH, align: 'center' });
  doc.fillColor(COLORS.text);
  doc.y = y + EMPTY_HEIGHT;
}

export function ensure(doc: Doc, height: number) {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = PAGE.top;
  }
}

interface Row {
  cells: string[];
  marks: RowMark[];
}

const markerOf = (marks: RowMark[]) => marks.map((m) => `「${ROW_MARK_LABELS[m]}」`).join('');

interface Table {
  header: string[] | null;
  rows: Row[];
  cols: number[];
  headerHeight: number;
  heights: number[];
}

const TABLE_FONT_SIZE = 8.5;
type Font = 'regular' | 'bold';

/** Column widths and row heights; long cells wrap. */
export function layoutTable(doc: Doc, header: string[] | null, rows: Row[], widths?: number[]): Table {
  doc.fontSize(TABLE_FONT_SIZE);
  const cols = widths ?? columnWidths(doc, header ?? [], rows);
  // A row taller than a page is clipped (see drawTable) rather than overflowing the footer.
  const maxRow = BOTTOM - PAGE.top - 60;
  const cellHeight = (text: string, i: number, font: Font) =>
    text ? doc.font(font).heightOfString(text, { width: cols[i] - 2 * CELL_PAD }) : 0;
  const rowHeight = (cells: string[], font: Font, marker: string) => {
    const markerHeight = marker ? cellHeight(marker, 0, 'bold') : 0;
    const tallest = Math.max(...cells.map((c, i) => cellHeight(c, i, font) + (i === 0 ? markerHeight : 0)));
    return Math.min(maxRow, 2 * CELL_PAD + tallest);
  };
  const headerHeight = header ? rowHeight(header, 'bold', '') : 0;
  const heights = rows.map((r) => rowHeight(r.cells, 'regular', markerOf(r.marks)));
  doc.font('regular');
  return { header, rows, cols, headerHeight, heights };
}

/**
 * A bordered table; a row that does not fit moves to the next page, where the header is repeated
 * under "<caption>（续）". A marked row is shaded and its first cell starts with 「修复中」 etc.
 */
export function drawTable(doc: Doc, t: Table, caption?: string) {
  const drawRow = (cells: string[], font: Font, height: number, fill?: string, marker = '') => {
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((text, i) => {
      if (fill) doc.rect(x, y, t.cols[i], height).fill(fill);
      doc.rect(x, y, t.cols[i], height).lineWidth(0.5).stroke(COLORS.border);
      let ty = y + CELL_PAD;
      const width = t.cols[i] - 2 * CELL_PAD;
      if (i === 0 && marker) {
        doc
          .font('bold')
          .fillColor(COLORS.mark)
          .text(marker, x + CELL_PAD, ty, { width });
        ty = doc.y;
      }
      const room = y + height - CELL_PAD - ty;
      if (text && room > 0)
        doc
          .font(font)
          .fillColor(COLORS.text)
          .text(text, x + CELL_PAD, ty, { width, height: room, ellipsis: true });
      x += t.cols[i];
    });
    doc.font('regular').fillColor(COLORS.text);
    doc.y = y + height;
  };
  const drawHeader = () => t.header && drawRow(t.header, 'bold', t.headerHeight, COLORS.headerFill);

  doc.fontSize(TABLE_FONT_SIZE);
  drawHeader();
  t.rows.forEach((row, i) => {
    if (doc.y + t.heights[i] > BOTTOM) {
      doc.addPage();
      doc.y = PAGE.top;
      if (caption) {
        doc.fontSize(8).fillColor(COLORS.muted).text(`${caption}（续）`, PAGE.margin, doc.y);
        doc.fillColor(COLORS.text).fontSize(TABLE_FONT_SIZE);
        doc.y += 2;
      }
      drawHeader();
    }
    drawRow(
      row.cells,
      'regular',
      t.heights[i],
      row.marks.length ? COLORS.markFill : undefined,
      markerOf(row.marks),
    );
  });
  doc.x = PAGE.margin;
}

/** Space for a table's header and first row, so that a heading is not left alone at a page's foot. */
export const tableLead = (t: Table) => t.headerHeight + (t.heights[0] ?? 0);

/**
 * Column widths: columns narrower than an even share of what is left keep their natural width
 * (dates, short labels); the wide ones share the rest in proportion to their content, capped so
 * one long column cannot squeeze the others.
 */
function columnWidths(doc: Doc, header: string[], rows: Row[]): number[] {
  const n = Math.max(header.length, rows[0]?.cells.length ?? 0);
  // Summing per-character widths (cached by pdfkit) estimates a cell's width without shaping every
  // long string, which took ~20 ms for a 45-row table; kerning makes the estimate a little wide.
  const width = (text: string) => [...text].reduce((sum, ch) => sum + doc.widthOfString(ch), 0);
  const natural = Array.from({ length: n }, (_, i) => {
    const texts = [
      header[i] ?? '',
      ...rows.map((r) => r.cells[i] ?? ''),
      ...(i === 0 ? rows.map((r) => markerOf(r.marks)) : []),
    ];
    const widest = Math.max(...texts.map(width));
    return Math.min(widest + 2 * CELL_PAD + 1, CONTENT_WIDTH / 2);
  });
  const widths: (number | undefined)[] = new Array(n).fill(undefined);
  let left = CONTENT_WIDTH;
  for (let fixed = true; fixed; ) {
    fixed = false;
    const open = widths.flatMap((w, i) => (w === undefined ? [i] : []));
    for (const i of open)
      if (natural[i] <= left / open.length) {
        widths[i] = natural[i];
        left -= natural[i];
        fixed = true;
      }
  }
  const open = widths.flatMap((w, i) => (w === undefined ? [i] : []));
  const total = open.reduce((sum, i) => sum + natural[i], 0);
  for (const i of open) widths[i] = (left * natural[i]) / total;
  // When every column fits, the last one takes the slack so the table spans the page.
  if (!open.length) widths[n - 1]! += left;
  return widths as number[];
}

function drawVerification(doc: Doc, input: ReportPdfInput, qr: Buffer) {
  heading(doc, '报告验证', QR_SIZE);
  const y = doc.y;
  const x = PAGE.margin + QR_SIZE + 16;
  const width = CONTENT_WIDTH - QR_SIZE - 16;
  doc.image(qr, PAGE.margin, y, { width: QR_SIZE, height: QR_SIZE });
  doc.fontSize(9.5).text('', x, y);
  const line = (label: string, value: string) => {
    doc.font('bold').text(`${label}：`, x, doc.y, { width, continued: true });
    doc.font('regular').text(value, { width });
    doc.y += 3;
  };
  line('报告编号', input.content.reportNo);
  line('验证码', input.verifyCode);
  line('内容哈希（SM3）', input.contentHash);
  line('账本序号', String(input.ledgerIndex));
  doc.fontSize(8).fillColor(COLORS.muted);
  doc.text(
    `扫描二维码，或访问 ${input.verifyUrl} 核验本报告。本 PDF 内附已签名的报告数据（report.json），可使用离线验证工具核验签名及账本收录证明。`,
    x,
    doc.y + 2,
    { width },
  );
  doc.fillColor(COLORS.text);
  doc.y = Math.max(doc.y, y + QR_SIZE);
}

/** Running header and "第 x 页 / 共 y 页" footer, drawn once the page count is known. */
function drawPageFurniture(doc: Doc, reportNo: string, issuer: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the margins would make pdfkit start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    doc.font('regular').fontSize(8).fillColor(COLORS.muted);
    doc.text(issuer, PAGE.margin, 30, { width: CONTENT_WIDTH / 2, lineBreak: false });
    doc.text(`报告编号：${reportNo}`, PAGE.margin + CONTENT_WIDTH / 2, 30, {
      width: CONTENT_WIDTH / 2,
      align: 'right',
      lineBreak: false,
    });
    doc
      .moveTo(PAGE.margin, 44)
      .lineTo(PAGE.width - PAGE.margin, 44)
      .lineWidth(0.5)
      .stroke(COLORS.border);
    doc.text(`第 ${i + 1} 页 / 共 ${count} 页`, PAGE.margin, PAGE.height - 40, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}
