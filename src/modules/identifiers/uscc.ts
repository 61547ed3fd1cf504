/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015), DOMAIN §2.
 *
 * 18 characters: 1 registration authority · 2 category · 3–8 GB/T 2260 region · 9–17 organisation
 * code (GB 11714) · 18 check character.
 */
import type { SubjectSubType, SubjectType } from '../subjects/subject-types.ts';
import { checkRegionPart, type IdentifierError, type IdentifierWarning } from './issues.ts';

/** The 31 characters of the code, value = index (no I O Z S V). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** w_i = 3^(i-1) mod 31 for i = 1..17 → 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28. */
export const USCC_WEIGHTS: readonly number[] = Object.freeze(
  Array.from({ length: 17 }, (_, i) => {
    let w = 1;
    for (let k = 0; k < i; k++) w = (w * 3) % 31;
    return w;
  }),
);

/** GB 11714 organisation-code weights over its first 8 characters. */
export const ORG_CODE_WEIGHTS: readonly number[] = Object.freeze([3, 7, 9, 10, 5, 8, 4, 2]);

/**
 * Registration authority (position 1) → its categories (position 2), with Chinese names.
 * Rows for authorities 1, 5, 9 and Y are those of DOMAIN §2; the category lists of the other
 * authorities follow the published GB 32100 code table.
 */
export const USCC_AUTHORITIES: Readonly<
  Record<string, { readonly name: string; readonly categories: Readonly<Record<string, string>> }>
> = Object.freeze({
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商/市场监管', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '军队', categories: { '1': '军队事业单位', '9': '其他' } },
  N: {
    name: '农业',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { name: '其他', categories: { '1': '其他' } },
});

export type SubjectTypeMapping = { readonly subjectType: SubjectType; readonly subType: SubjectSubType };

const OTHER_ORG: SubjectTypeMapping = { subjectType: 'SOCIAL_ORG', subType: 'OTHER_ORG' };

/**
 * Default subject type per authority+category (DOMAIN §2: "others configurable").
 * Fixed by DOMAIN: 11 → 政府机构; 12, A1 → 事业单位; 5x → 社会组织; 91/92/93 → 企业 with sub-types.
 * Platform choices: 13 群众团体 → 社会团体; 19 (机构编制·其他) → 政府机构; every other row (2x, 3x,
 * 4x, 6x, 7x, 8x, A9, Nx, Y1) → 社会组织/其他组织. Override per call with `categoryTypes`.
 */
export const DEFAULT_CATEGORY_SUBJECT_TYPES: Readonly<Record<string, SubjectTypeMapping>> = Object.freeze({
  '11': { subjectType: 'GOVERNMENT', subType: 'AGENCY' },
  '12': { subjectType: 'INSTITUTION', subType: 'PUBLIC_INSTITUTION' },
  '13': { subjectType: 'SOCIAL_ORG', subType: 'SOCIAL_GROUP' },
  '19': { subjectType: 'GOVERNMENT', subType: 'AGENCY' },
  '21': OTHER_ORG,
  '29': OTHER_ORG,
  '31': OTHER_ORG,
  '32': OTHER_ORG,
  '33': OTHER_ORG,
  '34': OTHER_ORG,
  '35': OTHER_ORG,
  '39': OTHER_ORG,
  '41': OTHER_ORG,
  '49': OTHER_ORG,
  '51': { subjectType: 'SOCIAL_ORG', subType: 'SOCIAL_GROUP' },
  '52': { subjectType: 'SOCIAL_ORG', subType: 'PRIVATE_NON_ENTERPRISE' },
  '53': { subjectType: 'SOCIAL_ORG', subType: 'FOUNDATION' },
  '59': OTHER_ORG,
  '61': OTHER_ORG,
  '62': OTHER_ORG,
  '69': OTHER_ORG,
  '71': OTHER_ORG,
  '72': OTHER_ORG,
  '79': OTHER_ORG,
  '81': OTHER_ORG,
  '89': OTHER_ORG,
  '91': { subjectType: 'ENTERPRISE', subType: 'COMPANY' },
  '92': { subjectType: 'ENTERPRISE', subType: 'SOLE_TRADER' },
  '93': { subjectType: 'ENTERPRISE', subType: 'FARMER_COOPERATIVE' },
  A1: { subjectType: 'INSTITUTION', subType: 'MILITARY_INSTITUTION' },
  A9: OTHER_ORG,
  N1: OTHER_ORG,
  N2: OTHER_ORG,
  N3: OTHER_ORG,
  N9: OTHER_ORG,
  Y1: OTHER_ORG,
});

/** Check character for the first 17 characters. Throws on wrong length or characters outside the alphabet. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`usccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`Character ${JSON.stringify(first17[i])} is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i];
  }
  // 31 - 0 = 31 is folded to 0 by the final mod.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * GB 11714 check character for the first 8 characters of an organisation code (digits, A=10…Z=35).
 * Throws on wrong length or characters other than 0-9 / A-Z.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8))
    throw new RangeError(`Not an organisation-code body: ${JSON.stringify(first8)}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(first8[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type UsccValidateOptions = {
  /** Overrides (merged over DEFAULT_CATEGORY_SUBJECT_TYPES) keyed by authority+category, e.g. '19'. */
  categoryTypes?: Readonly<Record<string, SubjectTypeMapping>>;
};

export type UsccValidation = {
  valid: boolean;
  normalized: string;
  /** Chinese name of the registration authority (position 1), e.g. '工商/市场监管'. */
  registrationAuthority: string | null;
  /** Chinese name of the category (position 2), e.g. '企业'. */
  category: string | null;
  subjectType: SubjectType | null;
  subType: SubjectSubType | null;
  regionCode: string | null;
  regionName: string | null;
  /** Positions 9–17, when the code has the right length. */
  organizationCode: string | null;
  warnings: IdentifierWarning[];
  errors: IdentifierError[];
};

/** Trim and upper-case; never maps look-alikes (O→0, I→1). */
export function normalizeUscc(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Validates a USCC and reports every problem found. Authority, category and region are checked
 * positionally whenever the input is long enough, even if its length is wrong; the checksums are
 * only checked on an 18-character code made of alphabet characters. Derived fields are filled
 * best-effort, also for invalid codes.
 */
export function validateUscc(code: string, opts: UsccValidateOptions = {}): UsccValidation {
  const normalized = normalizeUscc(code);
  const errors: IdentifierError[] = [];
  const warnings: IdentifierWarning[] = [];
  const result: UsccValidation = {
    valid: false,
    normalized,
    registrationAuthority: null,
    category: null,
    subjectType: null,
    subType: null,
    regionCode: null,
    regionName: null,
    organizationCode: null,
    warnings,
    errors,
  };

  const lengthOk = normalized.length === 18;
  if (!lengthOk) {
    errors.push({
      code: 'INVALID_LENGTH',
      message: `统一社会信用代码应为18位，实际为${normalized.length}位`,
    });
  }

  const bad = [...normalized]
    .map((ch, i) => [ch, i + 1] as const)
    .filter(([ch]) => !USCC_ALPHABET.includes(ch));
  if (bad.length > 0) {
    const list = bad.map(([ch, pos]) => `第${pos}位"${ch}"`).join('、');
    errors.push({
      code: 'INVALID_CHARACTER',
      message: `统一社会信用代码含有非法字符：${list}（只允许数字和除 I、O、Z、S、V 以外的大写字母）`,
    });
  }

  if (normalized.length >= 1) {
    const authority = USCC_AUTHORITIES[normalized[0]];
    if (!authority) {
      errors.push({ code: 'UNKNOWN_AUTHORITY', message: `登记管理部门代码"${normalized[0]}"无效` });
    } else {
      result.registrationAuthority = authority.name;
      if (normalized.length >= 2) {
        const category = authority.categories[normalized[1]];
        if (category === undefined) {
          errors.push({
            code: 'UNKNOWN_CATEGORY',
            message: `登记管理部门"${authority.name}"下无机构类别代码"${normalized[1]}"`,
          });
        } else {
          result.category = category;
          const key = normalized.slice(0, 2);
          const mapping = opts.categoryTypes?.[key] ?? DEFAULT_CATEGORY_SUBJECT_TYPES[key];
          if (mapping) {
            result.subjectType = mapping.subjectType;
            result.subType = mapping.subType;
          }
        }
      }
    }
  }

  if (normalized.length >= 8) {
    const region = checkRegionPart(normalized.slice(2, 8));
    result.regionCode = region.regionCode;
    result.regionName = region.regionName;
    if (region.error) errors.push(region.error);
    if (region.warning) warnings.push(region.warning);
  }

  if (lengthOk && bad.length === 0) {
    result.organizationCode = normalized.slice(8, 17);
    const expected = usccCheckChar(normalized.slice(0, 17));
    if (expected !== normalized[17]) {
      errors.push({
        code: 'INVALID_CHECKSUM',
        message: `统一社会信用代码校验码错误：应为"${expected}"，实际为"${normalized[17]}"`,
      });
    }
    // Legacy codes can carry an organisation code with a bad check character: warn, don't reject.
    const orgExpected = orgCodeCheckChar(normalized.slice(8, 16));
    if (orgExpected !== normalized[16]) {
      warnings.push({
        code: 'ORG_CODE_CHECKSUM',
        message: `组织机构代码（第9–17位）校验码不符：应为"${orgExpected}"，实际为"${normalized[16]}"`,
      });
    }
  }

  result.valid = errors.length === 0;
  return result;
}
