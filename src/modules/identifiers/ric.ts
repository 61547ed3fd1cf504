/**
 * Resident identity number (公民身份号码, GB 11643-1999), DOMAIN §2.
 *
 * 18 characters: 6-digit GB/T 2260 address code · 8-digit birth date YYYYMMDD · 3-digit sequence
 * (odd = male) · check character (digit or X). Sensitive personal information (DOMAIN §11/§12).
 */
import { checkRegionPart, type IdentifierError, type IdentifierWarning } from './issues.ts';

export const RIC_WEIGHTS: readonly number[] = Object.freeze([
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
]);
const RIC_CHECK_CHARS = '10X98765432';

/**
 * Default earliest accepted birth date. GB 11643's own example 440524188001010014 (DOMAIN §2
 * lists it as valid) is born in 1880, so a 1900 floor would reject the standard's example;
 * pass `minBirthDate: '1900-01-01'` for a stricter plausibility bound.
 */
export const DEFAULT_MIN_BIRTH_DATE = '1800-01-01';

/** Check character for the first 17 digits. Throws unless given exactly 17 digits. */
export function ricCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17))
    throw new RangeError(`ricCheckChar needs 17 digits, got ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RIC_WEIGHTS[i];
  return RIC_CHECK_CHARS[sum % 11];
}

/** Trim and upper-case (a trailing 'x' becomes 'X'). */
export function normalizeRic(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Masks an identity number for public display: first 6 + `********` + last 4 (DOMAIN §12).
 * Inputs too short to keep anything hidden (< 11 characters) are masked completely.
 */
export function maskIdentityNumber(id: string): string {
  const s = normalizeRic(id);
  if (s.length < 11) return '*'.repeat(8);
  return `${s.slice(0, 6)}********${s.slice(-4)}`;
}

/** Today's calendar date in China (UTC+8, no DST) as YYYY-MM-DD: birth dates are Chinese dates. */
function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (proleptic Gregorian, UTC).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' if it is a real calendar date, else null. */
export function parseCompactDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

export type RicValidateOptions = {
  /** "Now" for the not-in-the-future rule; defaults to the current time. */
  today?: Date;
  /** Earliest accepted birth date, YYYY-MM-DD; defaults to DEFAULT_MIN_BIRTH_DATE. */
  minBirthDate?: string;
};

export type RicValidation = {
  valid: boolean;
  normalized: string;
  regionCode: string | null;
  regionName: string | null;
  /** YYYY-MM-DD, only when the birth date is valid. */
  birthDate: string | null;
  sex: 'MALE' | 'FEMALE' | null;
  warnings: IdentifierWarning[];
  errors: IdentifierError[];
};

/**
 * Validates an 18-character resident identity number and reports every problem found. The address
 * code is checked whenever at least 6 characters are present; birth date and sex only on an
 * 18-character input (a 15-digit legacy number has a different layout); the checksum only when
 * length and characters are right.
 */
export function validateRic(code: string, opts: RicValidateOptions = {}): RicValidation {
  const normalized = normalizeRic(code);
  const errors: IdentifierError[] = [];
  const warnings: IdentifierWarning[] = [];
  const result: RicValidation = {
    valid: false,
    normalized,
    regionCode: null,
    regionName: null,
    birthDate: null,
    sex: null,
    warnings,
    errors,
  };

  const lengthOk = normalized.length === 18;
  if (!lengthOk) {
    const legacy = /^\d{15}$/.test(normalized) ? '；15位旧号码请换用18位号码' : '';
    errors.push({
      code: 'INVALID_LENGTH',
      message: `公民身份号码应为18位，实际为${normalized.length}位${legacy}`,
    });
  }

  // Digits everywhere, except that the 18th character may also be X.
  const bad = [...normalized]
    .map((ch, i) => [ch, i + 1] as const)
    .filter(([ch, pos]) => !(/\d/.test(ch) || (pos === 18 && ch === 'X')));
  if (bad.length > 0) {
    const list = bad.map(([ch, pos]) => `第${pos}位"${ch}"`).join('、');
    errors.push({
      code: 'INVALID_CHARACTER',
      message: `公民身份号码含有非法字符：${list}（前17位应为数字，第18位为数字或X）`,
    });
  }

  if (normalized.length >= 6) {
    const region = checkRegionPart(normalized.slice(0, 6));
    result.regionCode = region.regionCode;
    result.regionName = region.regionName;
    if (region.error) errors.push(region.error);
    if (region.warning) warnings.push(region.warning);
  }

  if (lengthOk) {
    const raw = normalized.slice(6, 14);
    const birthDate = parseCompactDate(raw);
    const min = opts.minBirthDate ?? DEFAULT_MIN_BIRTH_DATE;
    const today = chinaDate(opts.today ?? new Date());
    if (birthDate === null) {
      errors.push({ code: 'INVALID_BIRTH_DATE', message: `出生日期"${raw}"不是有效日期` });
    } else if (birthDate > today) {
      errors.push({ code: 'INVALID_BIRTH_DATE', message: `出生日期 ${birthDate} 晚于当前日期 ${today}` });
    } else if (birthDate < min) {
      errors.push({ code: 'INVALID_BIRTH_DATE', message: `出生日期 ${birthDate} 早于 ${min}` });
    } else {
      result.birthDate = birthDate;
    }

    const seqDigit = normalized[16];
    if (/\d/.test(seqDigit)) result.sex = Number(seqDigit) % 2 === 1 ? 'MALE' : 'FEMALE';
  }

  if (lengthOk && bad.length === 0) {
    const expected = ricCheckChar(normalized.slice(0, 17));
    if (expected !== normalized[17]) {
      errors.push({
        code: 'INVALID_CHECKSUM',
        message: `公民身份号码校验码错误：应为"${expected}"，实际为"${normalized[17]}"`,
      });
    }
  }

  result.valid = errors.length === 0;
  return result;
}
