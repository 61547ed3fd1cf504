import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DecisionPdfInput, renderDecisionPdf } from './decision-pdf.ts';

const base: DecisionPdfInput = {
  entryId: 'L7K2M9XA3Q',
  listTypeName: '严重失信主体名单',
  decisionNo: '吉市监信〔2026〕12号',
  department: '吉林市市场监督管理局',
  // 17:30 UTC on 29 June is 30 June in Beijing.
  decidedAt: '2026-06-29T17:30:00.000Z',
  subject: { name: '吉林市示例食品有限公司', code: '91220201MA0XK7Q2M9', typeLabel: '企业' },
  facts: '当事人于2025年3月至2025年9月期间，多次生产销售不符合食品安全标准的食品，情节严重。',
  basis: '《市场监督管理严重违法失信名单管理办法》第九条第一款第（一）项。',
  reason: '当事人因食品安全违法行为受到较重行政处罚，符合列入严重失信主体名单的情形。',
  measures: [
    {
      code: 'N1-01',
      name: '限制参与政府采购活动',
      action: 'BLOCK',
      legalBasis: '《中华人民共和国政府采购法》第二十二条、第七十七条',
    },
    {
      code: 'JL-03',
      name: '列为重点监管对象，提高抽查比例和频次',
      action: 'REVIEW',
      legalBasis: '《吉林省社会信用条例》第三十三条',
    },
  ],
  validFrom: '2026-07-01',
  validTo: '2029-06-30',
  removalConditions: '列入期满三年且未再发生相关违法行为的，自动移出；符合信用修复条件的，可申请提前移出。',
  remedies: '如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。',
  responsiblePersons: [
    { name: '王**', role: '法定代表人' },
    { name: '李**', role: '直接责任人员' },
  ],
  defence: { statement: '当事人称已全面整改，申请从轻处理。', submittedAt: '2026-06-20T02:00:00.000Z' },
};

// No defence, no measures, no responsible persons, and facts long enough to run over pages.
const longFacts = Array.from(
  { length: 40 },
  (_, i) =>
    `第${i + 1}项：${'当事人在经营活动中存在未按规定履行食品安全主体责任、未建立进货查验记录制度等违法行为。'.repeat(3)}`,
).join('\n');
const long: DecisionPdfInput = {
  ...base,
  decisionNo: '吉市监信〔2026〕13号',
  subject: { name: '张**', code: '220102********1234', typeLabel: '个人' },
  facts: `${longFacts}\n长文本结束标记`,
  measures: [],
  responsiblePersons: [],
  defence: null,
};

/** The text of every page as pdf.js extracts it, without whitespace (as in reports/pdf.test.ts). */
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

async function pageCount(pdf: Buffer): Promise<number> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

const strip = (s: string) => s.replace(/\s+/g, '');

describe('list decision PDF', () => {
  let pdf: Buffer;
  let longPdf: Buffer;
  beforeAll(async () => {
    pdf = await renderDecisionPdf(base);
    longPdf = await renderDecisionPdf(long);
  });

  it('has the title, number, addressee, every section in order and the key values', async () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const t = await text(pdf);
    const titles = [
      '一、认定事实',
      '二、认定依据',
      '三、列入理由',
      '四、陈述申辩情况',
      '五、联合惩戒（激励）措施',
      '六、相关责任人员',
      '七、有效期',
      '八、移出条件和程序',
      '九、救济途径',
    ];
    for (const s of [
      '列入严重失信主体名单决定书',
      '吉市监信〔2026〕12号',
      '当事人：吉林市示例食品有限公司',
      '统一社会信用代码：91220201MA0XK7Q2M9',
      ...titles,
      base.facts,
      base.basis,
      base.reason,
      '当事人于2026年6月20日提出陈述申辩',
      base.defence!.statement,
      '措施编号',
      '法律依据',
      'N1-01',
      '限制参与政府采购活动',
      '限制或禁止',
      '《中华人民共和国政府采购法》第二十二条、第七十七条',
      'JL-03',
      '重点审查',
      '法定代表人：王**',
      '直接责任人员：李**',
      '2026-07-01至2029-06-30',
      base.removalConditions,
      base.remedies,
      '吉林市市场监督管理局2026年6月30日',
    ])
      expect(t).toContain(strip(s));
    const positions = titles.map((s) => t.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(t).not.toContain('未提出陈述申辩');
    const pages = await pageCount(pdf);
    for (let p = 1; p <= pages; p++) expect(t).toContain(`第${p}页/共${pages}页`);
    // The department and date close the document.
    expect(t.indexOf('2026年6月30日')).toBeGreaterThan(t.indexOf(strip(base.remedies)));
  });

  it('falls back when there is no defence, no measure and no responsible person', async () => {
    const t = await text(longPdf);
    expect(t).toContain('当事人在规定期限内未提出陈述申辩');
    expect(t).toContain('五、联合惩戒（激励）措施暂无');
    expect(t).not.toContain('相关责任人员');
    expect(t).not.toContain('措施编号');
    // Sections after the omitted one are numbered on without a gap.
    for (const s of ['六、有效期', '七、移出条件和程序', '八、救济途径']) expect(t).toContain(s);
    expect(t).not.toContain('九、');
    expect(t).toContain('当事人：张**');
    expect(t).toContain('身份证件号码：220102********1234');
  });

  it('wraps long text over several pages and numbers them', async () => {
    const pages = await pageCount(longPdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const t = await text(longPdf);
    for (let p = 1; p <= pages; p++) expect(t).toContain(`第${p}页/共${pages}页`);
    // Without the page furniture (drawn after each page's text), every paragraph of the facts is
    // there, whole and in order, including the ones broken across pages.
    const body = t.replace(/第\d+页\/共\d+页/g, '').replaceAll(strip(long.decisionNo), '');
    let at = 0;
    for (const line of long.facts.split('\n')) {
      const i = body.indexOf(strip(line), at);
      expect(i, line).toBeGreaterThanOrEqual(at);
      at = i + line.length;
    }
    expect(body.indexOf('二、认定依据')).toBeGreaterThanOrEqual(at);
    expect(body).toContain(strip(long.remedies));
  });

  it('is reproducible byte for byte', async () => {
    expect((await renderDecisionPdf(base)).equals(pdf)).toBe(true);
    expect((await renderDecisionPdf(structuredClone(long))).equals(longPdf)).toBe(true);
    const other = await renderDecisionPdf({ ...base, decisionNo: '吉市监信〔2026〕14号' });
    expect(other.equals(pdf)).toBe(false);
  });
});
