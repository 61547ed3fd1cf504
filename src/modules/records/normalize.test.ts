import { describe, expect, it } from 'vitest';
import { bundledCatalogues } from '../catalog/bundled.ts';
import { usccCheckChar } from '../identifiers/uscc.ts';
import {
  canonicalDecimal,
  columnFields,
  compileItem,
  normalizeCells,
  normalizeRecord,
  parseDate,
  RECORD_ERROR_CODES,
} from './normalize.ts';

const catalogues = bundledCatalogues();
const dictionaries = catalogues.flatMap((c) => c.dictionaries ?? []);
const item = (code: string) => {
  const spec = catalogues.flatMap((c) => c.items).find((i) => i.code === code);
  if (!spec) throw new Error(code);
  return compileItem(spec, dictionaries);
};
const penalty = item('ADMIN_PENALTY');
const licence = item('ADMIN_LICENSE');

const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const AUTHORITY = withCheck('11220100MB0000001'); // 长春市 agency
const PARTY = withCheck('91220101MA0000001'); // 长春市市辖区 enterprise
const opts = { today: '2026-06-30', scopeRegion: '220100' };

const goodPenalty = {
  CF_XDR_MC: '长春市某某商贸有限公司',
  CF_XDR_LB: '法人及非法人组织',
  CF_XDR_SHXYM: PARTY,
  CF_WSH: '长市监罚〔2026〕1号',
  CF_WFXW: '虚假宣传',
  CF_SY: '经查……',
  CF_YJ: '《反不正当竞争法》第二十条',
  CF_CFLB: '警告；罚款',
  CF_NR: '罚款2万元',
  CF_NR_FK: '2.50',
  CF_JDRQ: '2026-06-20',
  CF_CFJG: '长春市市场监督管理局',
  CF_CFJGDM: AUTHORITY,
  CF_SJLY: '长春市市场监督管理局',
  CF_SJLYDM: AUTHORITY,
};

const codesOf = (raw: Record<string, unknown>, o = opts) =>
  normalizeRecord(penalty, raw, o).errors.map((e) => `${e.field}:${e.code}`);

describe('normalizeRecord', () => {
  it('accepts a good penalty and normalises it', () => {
    const { record, errors } = normalizeRecord(penalty, goodPenalty, opts);
    expect(errors).toEqual([]);
    expect(record).toMatchObject({
      partyClass: 'LEGAL_PERSON',
      uscc: PARTY,
      decisionNo: '长市监罚〔2026〕1号',
      decisionDate: '2026-06-20',
      authorityRegion: '220100',
      tier: 'GENERAL', // absent → general
      kinds: ['01', '03'],
      amount: '2.5',
    });
    expect(record?.values.CF_CFLB).toBe('警告；罚款');
  });

  it('accepts Chinese labels as keys and tier labels or codes', () => {
    const byLabel = {
      行政相对人名称: goodPenalty.CF_XDR_MC,
      行政相对人类别: '法人及非法人组织',
      统一社会信用代码: PARTY,
      行政处罚决定书文号: goodPenalty.CF_WSH,
      违法行为类型: goodPenalty.CF_WFXW,
      违法事实: goodPenalty.CF_SY,
      处罚依据: goodPenalty.CF_YJ,
      处罚类别: '罚款',
      处罚内容: goodPenalty.CF_NR,
      处罚决定日期: '2026年6月20日',
      处罚机关: goodPenalty.CF_CFJG,
      处罚机关统一社会信用代码: AUTHORITY,
      数据来源单位: goodPenalty.CF_SJLY,
      数据来源单位统一社会信用代码: AUTHORITY,
      失信程度: '严重',
    };
    const { record, errors } = normalizeRecord(penalty, byLabel, opts);
    expect(errors).toEqual([]);
    expect(record?.tier).toBe('SERIOUS');
    expect(record?.decisionDate).toBe('2026-06-20');
    expect(normalizeRecord(penalty, { ...goodPenalty, tier: 'MINOR' }, opts).record?.tier).toBe('MINOR');
  });

  it('reports every validation code with its field', () => {
    expect(codesOf({ ...goodPenalty, CF_FOO: 'x' })).toEqual(['CF_FOO:UNKNOWN_FIELD']);
    expect(codesOf({ ...goodPenalty, 处罚决定日期: '2026-06-21' })).toEqual(['CF_JDRQ:DUPLICATE_FIELD']);
    expect(codesOf({ ...goodPenalty, CF_NR: { text: 'x' } })).toEqual(['CF_NR:INVALID_TYPE']);
    expect(codesOf({ ...goodPenalty, CF_WSH: ' ' })).toEqual(['CF_WSH:REQUIRED']);
    expect(codesOf({ ...goodPenalty, CF_XDR_MC: '某'.repeat(201) })).toEqual(['CF_XDR_MC:TOO_LONG']);
    expect(codesOf({ ...goodPenalty, CF_JDRQ: '2026-02-30' })).toEqual(['CF_JDRQ:INVALID_DATE']);
    expect(codesOf({ ...goodPenalty, CF_JDRQ: '2026-07-01' })).toEqual(['CF_JDRQ:DATE_IN_FUTURE']);
    expect(codesOf({ ...goodPenalty, CF_NR_FK: '1.2.3' })).toEqual(['CF_NR_FK:INVALID_AMOUNT']);
    expect(codesOf({ ...goodPenalty, CF_NR_FK: '0.1234567' })).toEqual(['CF_NR_FK:INVALID_AMOUNT']);
    expect(codesOf({ ...goodPenalty, CF_NR_FK: '-3' })).toEqual(['CF_NR_FK:NEGATIVE_AMOUNT']);
    expect(codesOf({ ...goodPenalty, CF_CFLB: '警告；打板子' })).toEqual(['CF_CFLB:UNKNOWN_VALUE']);
    expect(
      codesOf({ ...goodPenalty, CF_XDR_SHXYM: `${PARTY.slice(0, 17)}${PARTY[17] === '0' ? '1' : '0'}` }),
    ).toEqual(['CF_XDR_SHXYM:INVALID_USCC']);
    expect(codesOf({ ...goodPenalty, CF_CFJGDM: withCheck('11220200MB0000001') })).toEqual([
      'CF_CFJGDM:AUTHORITY_OUT_OF_SCOPE',
    ]);
    // A province-level submitter may report for any authority in the province.
    expect(
      codesOf(
        { ...goodPenalty, CF_CFJGDM: withCheck('11220200MB0000001') },
        { ...opts, scopeRegion: '220000' },
      ),
    ).toEqual([]);
    const periodErrors = normalizeRecord(
      licence,
      {
        XK_XDR_MC: '某公司',
        XK_XDR_LB: '法人及非法人组织',
        XK_XDR_SHXYM: PARTY,
        XK_XKWS: '食品经营许可决定书',
        XK_WSH: '长市监许〔2026〕1号',
        XK_XKLB: '普通',
        XK_NR: '准予许可',
        XK_JDRQ: '2026-06-01',
        XK_YXQZ: '2026-06-01',
        XK_YXQZI: '2026-05-31',
        XK_XKJG: '长春市市场监督管理局',
        XK_XKJGDM: AUTHORITY,
        XK_LYDW: '长春市市场监督管理局',
        XK_LYDWDM: AUTHORITY,
      },
      opts,
    ).errors;
    expect(periodErrors.map((e) => `${e.field}:${e.code}`)).toEqual(['XK_YXQZI:INVALID_PERIOD']);
    // Every code the API documents is produced somewhere above or in the pipeline (RECORD_WITHDRAWN,
    // EXTRA_CELLS for file rows).
    expect(Object.keys(RECORD_ERROR_CODES)).toHaveLength(16);
  });

  it('requires id type and number for natural persons, and never echoes the number in messages', () => {
    const person = {
      ...goodPenalty,
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: undefined,
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: '220102199003070011',
    };
    const bad = normalizeRecord(penalty, { ...person, CF_XDR_ZJHM: '220102199003070012' }, opts);
    expect(bad.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['CF_XDR_ZJHM:INVALID_ID_NUMBER']);
    expect(bad.errors[0].message).not.toContain('220102199003070012');
    expect(codesOf({ ...person, CF_XDR_ZJLX: undefined, CF_XDR_ZJHM: undefined })).toEqual([
      'CF_XDR_ZJLX:REQUIRED',
      'CF_XDR_ZJHM:REQUIRED',
    ]);
    const legal = codesOf({ ...goodPenalty, CF_XDR_SHXYM: undefined });
    expect(legal).toEqual(['CF_XDR_SHXYM:REQUIRED']);
  });

  it('keeps identity numbers out of the public values', () => {
    const { record } = normalizeRecord(
      penalty,
      { ...goodPenalty, CF_XDR_LB: '自然人', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: ricOf('22010219900307001') },
      opts,
    );
    expect(record?.idNumber).toBe(ricOf('22010219900307001'));
    expect(record?.uscc).toBeNull();
    expect(Object.keys(record?.values ?? {})).not.toContain('CF_XDR_ZJHM');
    expect(record?.secrets.CF_XDR_ZJHM).toBe(ricOf('22010219900307001'));
  });
});

describe('parseDate and canonicalDecimal', () => {
  it('accepts office date spellings', () => {
    expect(parseDate('2026/6/5')).toBe('2026-06-05');
    expect(parseDate('20260605')).toBe('2026-06-05');
    expect(parseDate('2026-06-05 00:00:00')).toBe('2026-06-05');
    expect(parseDate('2026.6.5')).toBe('2026-06-05');
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('June 5')).toBeNull();
  });
  it('spells an amount one way', () => {
    expect(canonicalDecimal('+012.500')).toBe('12.5');
    expect(canonicalDecimal('0.000')).toBe('0');
    expect(canonicalDecimal('-0')).toBe('0');
  });
});

function ricOf(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('normalizeCells', () => {
  it('reads a corrected error report: formula escapes are taken off again', () => {
    const headers = Object.keys(goodPenalty);
    const cells = Object.values(goodPenalty);
    cells[headers.indexOf('CF_WSH')] = "'=长市监罚〔2026〕1号";
    const { record, errors } = normalizeCells(penalty, columnFields(penalty, headers)!, cells, opts);
    expect(errors).toEqual([]);
    expect(record?.decisionNo).toBe('=长市监罚〔2026〕1号');
  });
});
