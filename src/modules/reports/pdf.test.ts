import crypto from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ReportContent,
  type ReportSection,
  SECTION_ORDER,
  SECTION_TITLES,
  sectionTitle,
} from './content.ts';
import { type ReportPdfInput, renderReportPdf } from './pdf.ts';
import { extractEmbeddedJson, sealPdf, unsealPdf } from './pdf-seal.ts';

const RECORD_COLUMNS = [
  { key: 'item', label: '信息项' },
  { key: 'decisionNo', label: '文书号/编号' },
  { key: 'authority', label: '决定（认定）机关' },
  { key: 'date', label: '决定日期' },
  { key: 'detail', label: '主要内容' },
];
const LONG_DETAIL = `许可内容：${'食品经营许可（预包装食品销售、散装食品销售、特殊食品销售、热食类食品制售）'.repeat(4)}经营场所：沈阳市和平区南京北街一段示例大厦十八层`;

function recordSection(code: ReportSection['code'], rows: ReportSection['rows']): ReportSection {
  return { code, title: SECTION_TITLES[code], columns: RECORD_COLUMNS, rows };
}

function registration(kind: ReportContent['kind'], pairs: [string, string][]): ReportSection {
  return {
    code: 'registration',
    title: sectionTitle('registration', kind),
    columns: [
      { key: 'label', label: '项目' },
      { key: 'value', label: '内容' },
    ],
    rows: pairs.map(([label, value]) => ({ cells: { label, value }, marks: [] })),
  };
}

const organisation: ReportContent = {
  schema: 'xinyong.credit-report/1',
  reportNo: 'XY20250601K7Q2M9XA',
  kind: 'ORGANISATION',
  issuer: { name: '辽宁省公共信用信息平台', origin: 'credit.ln.example/log' },
  issuedAt: '2025-06-01T02:03:04.567Z',
  validUntil: '2025-07-01',
  purpose: '招标投标',
  subject: {
    publicId: 'S7KQ2M9XA',
    name: '沈阳市示例科技有限公司',
    type: 'ENTERPRISE',
    typeLabel: '企业',
    code: '91210102MA0XK7Q2M9',
  },
  notes: [
    '本报告依据公共信用信息目录，汇集报告生成时依法公示的公共信用信息，不含未公示或已结束公示期的信息。',
    '报告内容经 SM2 数字签名并记入信用账本，可通过报告编号和验证码、二维码或离线验证工具核验真伪。',
  ],
  summary: [
    { label: '行政许可信息', value: '45 条' },
    { label: '行政处罚信息', value: '1 条' },
  ],
  sections: SECTION_ORDER.map((code) => {
    if (code === 'registration')
      return registration('ORGANISATION', [
        ['名称', '沈阳市示例科技有限公司'],
        ['统一社会信用代码', '91210102MA0XK7Q2M9'],
        ['法定代表人（负责人）', '王某某'],
        ['注册资本（万元）', '500'],
      ]);
    if (code === 'licensing')
      return recordSection(
        code,
        Array.from({ length: 45 }, (_, i) => ({
          cells: {
            item: '行政许可',
            decisionNo: `沈市监许〔2025〕第${1000 + i}号`,
            authority: '沈阳市市场监督管理局',
            date: '2025-03-01',
            detail: i === 3 ? LONG_DETAIL : '许可类别：普通；许可内容：食品经营',
          },
          marks: i === 5 ? ['UNDER_OBJECTION'] : [],
        })),
      );
    if (code === 'penalties')
      return recordSection(code, [
        {
          cells: {
            item: '行政处罚',
            decisionNo: '沈市监罚〔2025〕12号',
            authority: '沈阳市市场监督管理局',
            date: '2025-02-11',
            detail: '违法行为类型：虚假宣传；处罚类别：罚款；罚款金额（万元）：1.5',
          },
          marks: ['UNDER_REPAIR'],
        },
      ]);
    return recordSection(code, []);
  }),
  suggestions: ['该主体存在在公示期内的行政处罚或名单信息，请结合具体事项审慎评估。'],
};

// An individual report whose content lists only some sections: the others still appear, empty.
const individual: ReportContent = {
  ...organisation,
  reportNo: 'XY20250601P3R8T2WB',
  kind: 'INDIVIDUAL',
  purpose: '本人查询',
  subject: {
    publicId: 'S3R8T2WB',
    name: '李某某',
    type: 'INDIVIDUAL',
    typeLabel: '自然人',
    code: '210102********1234',
  },
  summary: [{ label: '司法裁判信息', value: '1 条' }],
  sections: [
    registration('INDIVIDUAL', [
      ['姓名', '李某某'],
      ['身份证件号码（脱敏）', '210102********1234'],
    ]),
    recordSection('judgments', [
      {
        cells: {
          item: '失信被执行人',
          decisionNo: '（2024）辽0102执123号',
          authority: '沈阳市和平区人民法院',
          date: '2024-11-20',
          detail: '履行情况：全部未履行',
        },
        marks: ['UNDER_REPAIR', 'UNDER_OBJECTION'],
      },
    ]),
  ],
  suggestions: ['符合条件的，主体可依法申请信用修复；对信息有异议的，可提出异议申请。'],
};

function input(content: ReportContent): ReportPdfInput {
  const reportJson = Buffer.from(
    JSON.stringify({ reportNo: content.reportNo, content, signatures: [] }, null, 2),
  );
  return {
    content,
    contentHash: crypto.createHash('sm3').update(JSON.stringify(content)).digest('hex'),
    verifyCode: 'K7Q2-9XPM',
    verifyUrl: `https://credit.ln.example/verify?no=${content.reportNo}&code=K7Q2-9XPM`,
    ledgerIndex: 1234,
    reportJson,
  };
}

const sm3 = (b: Buffer) => crypto.createHash('sm3').update(b).digest('hex');

/**
 * The text of every page as pdf.js (Mozilla's PDF engine, pure JavaScript) extracts it, without
 * whitespace (PDF engines space CJK and table cells their own way).
 */
async function text(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) out += item.str;
  }
  await doc.destroy();
  return out.replace(/\s+/g, '');
}

/** The names of the PDF's embedded files, as a PDF reader lists them. */
async function attachments(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const files = Object.keys((await doc.getAttachments()) ?? {});
  await doc.destroy();
  return files;
}

describe('report PDF', () => {
  let orgPdf: Buffer;
  let indPdf: Buffer;
  beforeAll(async () => {
    orgPdf = await renderReportPdf(input(organisation));
    indPdf = await renderReportPdf(input(individual));
  });

  it('extracts as Chinese text with every section, markers and the verification block', async () => {
    const t = await text(orgPdf);
    for (const s of [
      '公共信用信息报告',
      '沈阳市示例科技有限公司',
      '91210102MA0XK7Q2M9',
      '2025-06-0110:03:04（北京时间）',
      '报告说明',
      '信息概要',
      ...SECTION_ORDER.map((c, i) => `${'一二三四五六七八九十'[i]}、${SECTION_TITLES[c]}`),
      '暂无数据',
      '「修复中」',
      '「异议处理中」',
      '经营场所：沈阳市和平区南京北街一段示例大厦十八层',
      '信用建议',
      '验证码：K7Q2-9XPM',
      `内容哈希（SM3）：${input(organisation).contentHash}`,
      '账本序号：1234',
    ])
      expect(t).toContain(s);
    // 45 licences run over pages: each continuation repeats the table header.
    const pages = Number(/共(\d+)页/.exec(t)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) expect(t).toContain(`第${p}页/共${pages}页`);
    expect(t.match(/文书号\/编号/g)!.length).toBeGreaterThanOrEqual(3);
    expect(t).toContain('二、行政许可信息（续）');
  });

  it('renders an individual report with the masked id and every section', async () => {
    const t = await text(indPdf);
    for (const s of [
      '（自然人）',
      '李某某',
      '身份证号（脱敏）',
      '210102********1234',
      '一、基本信息',
      '「修复中」「异议处理中」',
    ])
      expect(t).toContain(s);
    for (const [i, code] of SECTION_ORDER.entries())
      if (code !== 'registration')
        expect(t).toContain(`${'一二三四五六七八九十'[i]}、${SECTION_TITLES[code]}`);
    expect(t.match(/暂无数据/g)!.length).toBe(SECTION_ORDER.length - 2);
  });

  it('is reproducible byte for byte', async () => {
    expect((await renderReportPdf(input(organisation))).equals(orgPdf)).toBe(true);
  });

  it('attaches the signed report JSON as report.json and gives it back byte for byte', async () => {
    expect(await attachments(orgPdf)).toEqual(['report.json']);
    expect(extractEmbeddedJson(orgPdf)?.equals(input(organisation).reportJson)).toBe(true);
    expect(extractEmbeddedJson(indPdf)?.equals(input(individual).reportJson)).toBe(true);
    expect(extractEmbeddedJson(orgPdf, 'other.json')).toBeNull();
  });

  it('never throws on garbage', () => {
    const garbage = [
      Buffer.alloc(0),
      crypto.randomBytes(4096),
      orgPdf.subarray(0, orgPdf.length / 2),
      Buffer.from('%PDF-1.3\n(report.json) 9 0 R\n9 0 obj\n<< /Type /Filespec /EF << /F 9 0 R'),
      Buffer.from(
        '(report.json) 1 0 R 1 0 obj << /Type /Filespec /EF << /F 2 0 R >> >> 2 0 obj << /Type /EmbeddedFile /Length 99999 >> stream\n',
      ),
    ];
    for (const g of garbage) {
      expect(extractEmbeddedJson(g)).toBeNull();
      expect(unsealPdf(g)).toBeNull();
    }
    expect(unsealPdf(orgPdf)).toBeNull();
    expect(() => sealPdf(Buffer.from('not a pdf'), {})).toThrow();
  });

  describe('seal', () => {
    let sealed: Buffer;
    let block: { reportNo: string; pdfHash: string; signatures: { algorithm: string; value: string }[] };
    beforeAll(() => {
      block = {
        reportNo: organisation.reportNo,
        pdfHash: sm3(orgPdf),
        signatures: [{ algorithm: 'SM2', value: 'MEUCIQ…签名' }],
      };
      sealed = sealPdf(orgPdf, block);
    });

    it('round-trips: the exact PDF bytes and the block', () => {
      expect(sealed.subarray(orgPdf.length).toString('latin1')).toMatch(/^%XINYONG-SEAL [A-Za-z0-9+/=]+\n$/);
      const unsealed = unsealPdf(sealed)!;
      expect(unsealed.pdf.equals(orgPdf)).toBe(true);
      expect(unsealed.block).toEqual(block);
      expect(extractEmbeddedJson(unsealed.pdf)?.equals(input(organisation).reportJson)).toBe(true);
    });

    it('still opens as a PDF', async () => {
      expect(await text(sealed)).toContain('沈阳市示例科技有限公司');
      expect(await attachments(sealed)).toEqual(['report.json']);
    });

    it('notices a changed byte anywhere', () => {
      const sealLine = orgPdf.length;
      // Every byte of the seal line and the PDF's tail, and a spread over the rest.
      const positions = new Set<number>();
      for (let i = Math.max(0, sealLine - 512); i < sealed.length; i++) positions.add(i);
      for (let i = 0; i < sealLine; i += 97) positions.add(i);
      for (const i of positions) {
        const copy = Buffer.from(sealed);
        copy[i] ^= 0x01;
        const u = unsealPdf(copy);
        const detected =
          u === null || !u.pdf.equals(orgPdf) || JSON.stringify(u.block) !== JSON.stringify(block);
        if (!detected) throw new Error(`a change at byte ${i} went unnoticed`);
      }
    });
  });
});
