import { describe, expect, it } from 'vitest';
import { SUBJECT_SUB_TYPES } from '../subjects/subject-types.ts';
import {
  DEFAULT_CATEGORY_SUBJECT_TYPES,
  orgCodeCheckChar,
  USCC_ALPHABET,
  USCC_AUTHORITIES,
  USCC_WEIGHTS,
  usccCheckChar,
  validateUscc,
} from './uscc.ts';

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
const warningCodes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

/** A valid code (both checksums right) for authority+category `ac` registered in `region`. */
function build(ac: string, region = '220102', body = '12345678'): string {
  const first17 = `${ac}${region}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

describe('constants', () => {
  it('matches GB 32100', () => {
    expect(USCC_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });
});

describe('usccCheckChar', () => {
  it("computes the standard's worked example", () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it("maps Σ mod 31 == 0 to '0' (not to the nonexistent 32nd character)", () => {
    const first17 = '91220102123450167';
    // Independent computation of the weighted sum, so the test does not trust the module.
    const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...first17].reduce((s, ch, i) => s + USCC_ALPHABET.indexOf(ch) * w[i], 0);
    expect(sum % 31).toBe(0);
    expect(usccCheckChar(first17)).toBe('0');
    const r = validateUscc(`${first17}0`);
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('throws on bad input', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100Y43')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100O000100Y4')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100m000100Y4')).toThrow(RangeError);
  });
});

describe('orgCodeCheckChar (GB 11714)', () => {
  it('computes known check characters', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    // Σ = 3+14+27+40+25+48+28+16 = 201, 201 mod 11 = 3 → 8
    expect(orgCodeCheckChar('12345678')).toBe('8');
    // Σ = 0 → 11 → '0'
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(orgCodeCheckChar('00001000')).toBe('6'); // Σ = 5 → 6
    expect(orgCodeCheckChar('40000000')).toBe('X'); // Σ = 12, 12 mod 11 = 1 → 10 → X
  });

  it('throws on bad input', () => {
    expect(() => orgCodeCheckChar('1234567')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('1234567a')).toThrow(RangeError);
  });
});

describe('validateUscc', () => {
  it("accepts the standard's worked example", () => {
    const r = validateUscc('91350100M000100Y43');
    expect(r).toMatchObject({
      valid: true,
      normalized: '91350100M000100Y43',
      registrationAuthority: '工商/市场监管',
      category: '企业',
      subjectType: 'ENTERPRISE',
      subType: 'COMPANY',
      regionCode: '350100',
      regionName: null,
      organizationCode: 'M000100Y4',
      errors: [],
    });
    // 福州 is outside the Jilin table: a warning, not an error.
    expect(warningCodes(r)).toEqual(['UNKNOWN_REGION']);
  });

  it('names a Jilin region', () => {
    const r = validateUscc(build('91', '220184'));
    expect(r.valid).toBe(true);
    expect(r.regionCode).toBe('220184');
    expect(r.regionName).toBe('公主岭市');
    expect(r.warnings).toEqual([]);
  });

  it('normalises by trimming and upper-casing only', () => {
    const r = validateUscc('  91350100m000100y43 \n');
    expect(r.normalized).toBe('91350100M000100Y43');
    expect(r.valid).toBe(true);
  });

  // Every row of the authority/category table, with the expected names and subject type.
  const ROWS: [string, string, string, string, string][] = [
    ['11', '机构编制', '机关', 'GOVERNMENT', 'AGENCY'],
    ['12', '机构编制', '事业单位', 'INSTITUTION', 'PUBLIC_INSTITUTION'],
    ['13', '机构编制', '群众团体', 'SOCIAL_ORG', 'SOCIAL_GROUP'],
    ['19', '机构编制', '其他', 'GOVERNMENT', 'AGENCY'],
    ['21', '外交', '外国常驻新闻机构', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['29', '外交', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['31', '司法行政', '律师执业机构', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['32', '司法行政', '公证处', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['33', '司法行政', '基层法律服务所', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['34', '司法行政', '司法鉴定机构', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['35', '司法行政', '仲裁委员会', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['39', '司法行政', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['41', '文化', '外国在华文化中心', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['49', '文化', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['51', '民政', '社会团体', 'SOCIAL_ORG', 'SOCIAL_GROUP'],
    ['52', '民政', '民办非企业单位', 'SOCIAL_ORG', 'PRIVATE_NON_ENTERPRISE'],
    ['53', '民政', '基金会', 'SOCIAL_ORG', 'FOUNDATION'],
    ['59', '民政', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['61', '旅游', '外国旅游部门常驻代表机构', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['62', '旅游', '港澳台地区旅游部门常驻内地（大陆）代表机构', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['69', '旅游', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['71', '宗教', '宗教活动场所', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['72', '宗教', '宗教院校', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['79', '宗教', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['81', '工会', '基层工会', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['89', '工会', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['91', '工商/市场监管', '企业', 'ENTERPRISE', 'COMPANY'],
    ['92', '工商/市场监管', '个体工商户', 'ENTERPRISE', 'SOLE_TRADER'],
    ['93', '工商/市场监管', '农民专业合作社', 'ENTERPRISE', 'FARMER_COOPERATIVE'],
    ['A1', '军队', '军队事业单位', 'INSTITUTION', 'MILITARY_INSTITUTION'],
    ['A9', '军队', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['N1', '农业', '组级集体经济组织', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['N2', '农业', '村级集体经济组织', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['N3', '农业', '乡镇级集体经济组织', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['N9', '农业', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
    ['Y1', '其他', '其他', 'SOCIAL_ORG', 'OTHER_ORG'],
  ];

  it.each(ROWS)('%s → %s / %s → %s/%s', (ac, authority, category, subjectType, subType) => {
    const code = build(ac);
    const r = validateUscc(code);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r).toMatchObject({
      valid: true,
      normalized: code,
      registrationAuthority: authority,
      category,
      subjectType,
      subType,
      regionCode: '220102',
      regionName: '南关区',
    });
  });

  it('the test table covers exactly the module table and the default mapping', () => {
    const moduleRows = Object.entries(USCC_AUTHORITIES).flatMap(([a, { categories }]) =>
      Object.keys(categories).map((c) => a + c),
    );
    expect(moduleRows.sort()).toEqual(ROWS.map((r) => r[0]).sort());
    expect(Object.keys(DEFAULT_CATEGORY_SUBJECT_TYPES).sort()).toEqual(ROWS.map((r) => r[0]).sort());
  });

  it('default mapping is internally consistent (sub-type belongs to type)', () => {
    for (const [key, m] of Object.entries(DEFAULT_CATEGORY_SUBJECT_TYPES)) {
      expect(SUBJECT_SUB_TYPES[m.subType].type, key).toBe(m.subjectType);
    }
  });

  it('lets the caller override the subject-type mapping', () => {
    const code = build('19');
    const r = validateUscc(code, {
      categoryTypes: { '19': { subjectType: 'INSTITUTION', subType: 'PUBLIC_INSTITUTION' } },
    });
    expect(r.subjectType).toBe('INSTITUTION');
    expect(r.subType).toBe('PUBLIC_INSTITUTION');
    // Rows not overridden keep their default.
    expect(validateUscc(build('91'), { categoryTypes: {} }).subType).toBe('COMPANY');
  });

  it.each([
    ['', 0],
    ['91350100M000100Y4', 17],
    ['91350100M000100Y433', 19],
  ])('rejects length %#', (code, len) => {
    const r = validateUscc(code);
    expect(r.valid).toBe(false);
    expect(codes(r)).toContain('INVALID_LENGTH');
    expect(codes(r)).not.toContain('INVALID_CHECKSUM');
    expect(r.errors.find((e) => e.code === 'INVALID_LENGTH')!.message).toContain(String(len));
  });

  it('still reports positional facts on a wrong-length code', () => {
    const r = validateUscc('9122010212345');
    expect(codes(r)).toEqual(['INVALID_LENGTH']);
    expect(r.registrationAuthority).toBe('工商/市场监管');
    expect(r.regionName).toBe('南关区');
    expect(r.organizationCode).toBeNull();
  });

  it.each(['I', 'O', 'Z', 'S', 'V', '-', '中'])('rejects the character %s without mapping it', (ch) => {
    // Replace the 0 at position 10 of the worked example.
    const code = `91350100M${ch}00100Y43`;
    const r = validateUscc(code);
    expect(r.valid).toBe(false);
    expect(codes(r)).toEqual(['INVALID_CHARACTER']);
    expect(r.normalized).toBe(code);
    expect(r.errors[0].message).toContain(`第10位"${ch}"`);
  });

  it("never maps a lowercase 'o' to zero", () => {
    const r = validateUscc('91350100Mo00100Y43');
    expect(r.normalized).toBe('91350100MO00100Y43');
    expect(codes(r)).toEqual(['INVALID_CHARACTER']);
  });

  it('rejects a bad checksum', () => {
    const r = validateUscc('91350100M000100Y44');
    expect(r.valid).toBe(false);
    expect(codes(r)).toEqual(['INVALID_CHECKSUM']);
    expect(r.errors[0].message).toContain('"3"');
    // The derived fields are still filled in.
    expect(r.subjectType).toBe('ENTERPRISE');
  });

  it('rejects an unknown category', () => {
    const first17 = '94220102123456788';
    const r = validateUscc(first17 + usccCheckChar(first17));
    expect(codes(r)).toEqual(['UNKNOWN_CATEGORY']);
    expect(r.registrationAuthority).toBe('工商/市场监管');
    expect(r.category).toBeNull();
    expect(r.subjectType).toBeNull();
    // Y has category 1 only.
    const y2 = 'Y2220102123456788';
    expect(codes(validateUscc(y2 + usccCheckChar(y2)))).toEqual(['UNKNOWN_CATEGORY']);
  });

  it('rejects an unknown authority', () => {
    const first17 = 'B1220102123456788';
    const r = validateUscc(first17 + usccCheckChar(first17));
    expect(codes(r)).toEqual(['UNKNOWN_AUTHORITY']);
    expect(r.registrationAuthority).toBeNull();
    expect(r.category).toBeNull();
  });

  it('rejects a malformed region part', () => {
    for (const region of ['00A102', '001234', '22010X']) {
      const first17 = `91${region}123456788`;
      const r = validateUscc(first17 + usccCheckChar(first17));
      expect(codes(r), region).toEqual(['INVALID_REGION_CODE']);
      expect(r.regionCode).toBeNull();
    }
  });

  it('warns (only) on a bad inner organisation-code check character', () => {
    const first17 = '91220102123456780'; // org check should be 8
    const r = validateUscc(first17 + usccCheckChar(first17));
    expect(r.valid).toBe(true);
    expect(warningCodes(r)).toEqual(['ORG_CODE_CHECKSUM']);
    expect(r.warnings[0].message).toContain('"8"');
  });

  it('reports every error at once', () => {
    const r = validateUscc('B40000O');
    expect(codes(r).sort()).toEqual(['INVALID_CHARACTER', 'INVALID_LENGTH', 'UNKNOWN_AUTHORITY']);
    const r2 = validateUscc('9400AB00M000100Y4X');
    expect(codes(r2).sort()).toEqual(['INVALID_CHECKSUM', 'INVALID_REGION_CODE', 'UNKNOWN_CATEGORY']);
  });
});
