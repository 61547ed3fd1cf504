import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIN_BIRTH_DATE,
  maskIdentityNumber,
  parseCompactDate,
  ricCheckChar,
  validateRic,
} from './ric.ts';

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
/** A fixed "now": 2024-06-01 12:00 in China. */
const today = new Date('2024-06-01T04:00:00Z');
/** An 18-character number with a correct check character. */
const withCheck = (first17: string) => first17 + ricCheckChar(first17);

describe('ricCheckChar', () => {
  it('computes the GB 11643 examples', () => {
    expect(ricCheckChar('11010519491231002')).toBe('X');
    expect(ricCheckChar('44052418800101001')).toBe('4');
    expect(ricCheckChar('22010219900101123')).toBe('9');
  });

  it('throws unless given 17 digits', () => {
    expect(() => ricCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => ricCheckChar('11010519491231002X')).toThrow(RangeError);
    expect(() => ricCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('validateRic', () => {
  it('accepts 11010519491231002X (female, 1949-12-31)', () => {
    const r = validateRic('11010519491231002X', { today });
    expect(r).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
      regionCode: '110105',
      regionName: null,
      birthDate: '1949-12-31',
      sex: 'FEMALE',
      errors: [],
    });
    expect(r.warnings.map((w) => w.code)).toEqual(['UNKNOWN_REGION']);
  });

  it('accepts 440524188001010014 (male, 1880-01-01)', () => {
    const r = validateRic('440524188001010014', { today });
    expect(r.valid).toBe(true);
    expect(r.birthDate).toBe('1880-01-01');
    expect(r.sex).toBe('MALE');
    expect(DEFAULT_MIN_BIRTH_DATE).toBe('1800-01-01');
  });

  it('accepts a lowercase x and a Jilin address code', () => {
    const r = validateRic(' 11010519491231002x ', { today });
    expect(r.normalized).toBe('11010519491231002X');
    expect(r.valid).toBe(true);
    const j = validateRic('220102199001011239', { today });
    expect(j).toMatchObject({
      valid: true,
      regionCode: '220102',
      regionName: '南关区',
      sex: 'MALE',
      warnings: [],
    });
  });

  it('rejects a bad check character', () => {
    const r = validateRic('110105194912310021', { today });
    expect(codes(r)).toEqual(['INVALID_CHECKSUM']);
    expect(r.errors[0].message).toContain('"X"');
    expect(r.birthDate).toBe('1949-12-31');
  });

  it.each([
    ['Feb 30', '19900230'],
    ['Feb 29 in a non-leap century year', '19000229'],
    ['month 13', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900100'],
    ['day 32', '19900132'],
  ])('rejects an impossible birth date (%s)', (_label, date) => {
    const r = validateRic(withCheck(`220102${date}123`), { today });
    expect(codes(r)).toEqual(['INVALID_BIRTH_DATE']);
    expect(r.birthDate).toBeNull();
  });

  it('accepts Feb 29 in a leap year', () => {
    const r = validateRic(withCheck('22240120000229002'), { today });
    expect(r.valid).toBe(true);
    expect(r.birthDate).toBe('2000-02-29');
    expect(r.sex).toBe('FEMALE');
    expect(r.regionName).toBe('延吉市');
  });

  it('rejects a birth date after today, using the China calendar date', () => {
    expect(codes(validateRic(withCheck('22010220240602123'), { today }))).toEqual(['INVALID_BIRTH_DATE']);
    expect(validateRic(withCheck('22010220240601123'), { today }).valid).toBe(true);
    // 17:00 UTC on 1 June is already 2 June in China.
    const lateUtc = new Date('2024-06-01T17:00:00Z');
    expect(validateRic(withCheck('22010220240602123'), { today: lateUtc }).valid).toBe(true);
  });

  it('rejects a birth date before the minimum', () => {
    expect(codes(validateRic(withCheck('22010217991231123'), { today }))).toEqual(['INVALID_BIRTH_DATE']);
    const strict = validateRic('440524188001010014', { today, minBirthDate: '1900-01-01' });
    expect(codes(strict)).toEqual(['INVALID_BIRTH_DATE']);
    expect(strict.errors[0].message).toContain('1900-01-01');
  });

  it('rejects wrong lengths without a checksum error', () => {
    const r = validateRic('11010519491231002', { today });
    expect(codes(r)).toEqual(['INVALID_LENGTH']);
    expect(r.regionCode).toBe('110105');
    expect(r.birthDate).toBeNull();
    expect(r.sex).toBeNull();
    const legacy = validateRic('110105491231002', { today });
    expect(codes(legacy)).toEqual(['INVALID_LENGTH']);
    expect(legacy.errors[0].message).toContain('15位');
    expect(codes(validateRic('', { today }))).toEqual(['INVALID_LENGTH']);
  });

  it('rejects bad characters (X only allowed last)', () => {
    const r = validateRic('1101051949123100X2', { today });
    expect(codes(r)).toEqual(['INVALID_CHARACTER']);
    expect(r.errors[0].message).toContain('第17位"X"');
    expect(r.sex).toBeNull();
    expect(codes(validateRic('11010519491231002A', { today }))).toEqual(['INVALID_CHARACTER']);
  });

  it('reports every error at once', () => {
    const r = validateRic('00010519491331O02X', { today });
    expect(codes(r).sort()).toEqual(['INVALID_BIRTH_DATE', 'INVALID_CHARACTER', 'INVALID_REGION_CODE']);
  });
});

describe('parseCompactDate', () => {
  it('parses real dates only', () => {
    expect(parseCompactDate('20240229')).toBe('2024-02-29');
    expect(parseCompactDate('20230229')).toBeNull();
    expect(parseCompactDate('2024022')).toBeNull();
    expect(parseCompactDate('2024O229')).toBeNull();
  });
});

describe('maskIdentityNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdentityNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdentityNumber('11010519491231002x')).toBe('110105********002X');
    expect(maskIdentityNumber('220102199001011239')).toHaveLength(18);
    expect(maskIdentityNumber('110105491231002')).toBe('110105********1002');
  });

  it('masks short inputs completely', () => {
    expect(maskIdentityNumber('1234567890')).toBe('********');
    expect(maskIdentityNumber('')).toBe('********');
  });
});
