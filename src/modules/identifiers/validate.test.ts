import { describe, expect, it } from 'vitest';
import { ricCheckChar } from './ric.ts';
import { orgCodeCheckChar, usccCheckChar } from './uscc.ts';
import {
  detectIdentifierKind,
  IDENTIFIER_ERROR_CODES,
  IDENTIFIER_WARNING_CODES,
  validateIdentifier,
} from './validate.ts';

const today = new Date('2024-06-01T04:00:00Z');
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('codes', () => {
  it('are stable', () => {
    expect(Object.keys(IDENTIFIER_ERROR_CODES).sort()).toEqual([
      'INVALID_BIRTH_DATE',
      'INVALID_CHARACTER',
      'INVALID_CHECKSUM',
      'INVALID_LENGTH',
      'INVALID_REGION_CODE',
      'UNKNOWN_AUTHORITY',
      'UNKNOWN_CATEGORY',
    ]);
    expect(Object.keys(IDENTIFIER_WARNING_CODES).sort()).toEqual(['ORG_CODE_CHECKSUM', 'UNKNOWN_REGION']);
    for (const [k, v] of Object.entries(IDENTIFIER_ERROR_CODES)) expect(v).toBe(k);
  });
});

describe('validateIdentifier', () => {
  it('returns exactly the response shape for a USCC', () => {
    expect(validateIdentifier('91350100M000100Y43', { today })).toEqual({
      valid: true,
      kind: 'USCC',
      normalized: '91350100M000100Y43',
      subjectType: 'ENTERPRISE',
      subType: 'COMPANY',
      registrationAuthority: '工商/市场监管',
      category: '企业',
      regionCode: '350100',
      regionName: null,
      birthDate: null,
      sex: null,
      warnings: [{ code: 'UNKNOWN_REGION', message: expect.any(String) }],
      errors: [],
    });
  });

  it('returns exactly the response shape for an RIC', () => {
    expect(validateIdentifier('220102199001011239', { today })).toEqual({
      valid: true,
      kind: 'RIC',
      normalized: '220102199001011239',
      subjectType: 'INDIVIDUAL',
      subType: 'RESIDENT',
      registrationAuthority: null,
      category: null,
      regionCode: '220102',
      regionName: '南关区',
      birthDate: '1990-01-01',
      sex: 'MALE',
      warnings: [],
      errors: [],
    });
  });

  it('validates the standard RIC examples', () => {
    const a = validateIdentifier('11010519491231002X', { today });
    expect([a.kind, a.valid, a.birthDate, a.sex]).toEqual(['RIC', true, '1949-12-31', 'FEMALE']);
    const b = validateIdentifier('440524188001010014', { today });
    expect([b.kind, b.valid, b.birthDate, b.sex]).toEqual(['RIC', true, '1880-01-01', 'MALE']);
  });

  it('uses Chinese messages', () => {
    const r = validateIdentifier('91350100M000100Y44');
    expect(r.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('forwards USCC options', () => {
    const first17 = `19220102${'12345678'}${orgCodeCheckChar('12345678')}`;
    const r = validateIdentifier(first17 + usccCheckChar(first17), {
      categoryTypes: { '19': { subjectType: 'SOCIAL_ORG', subType: 'OTHER_ORG' } },
    });
    expect([r.subjectType, r.subType]).toEqual(['SOCIAL_ORG', 'OTHER_ORG']);
  });

  it('can be forced to a kind', () => {
    const r = validateIdentifier('220102199001011239', { kind: 'USCC' });
    expect(r.kind).toBe('USCC');
    expect(codes(r)).toContain('UNKNOWN_CATEGORY');
  });
});

describe('detectIdentifierKind', () => {
  it('treats anything with a letter (other than a final X) as a USCC', () => {
    expect(detectIdentifierKind('91350100M000100Y43')).toBe('USCC');
    expect(detectIdentifierKind('91350100m000100y43')).toBe('USCC');
  });

  it('picks the kind whose checksum holds for an all-digit, date-shaped code', () => {
    // 91 + region 110119 + org code 90010106(9): positions 7–14 read 19900101.
    const uscc = '911101199001010697';
    expect(usccCheckChar(uscc.slice(0, 17))).toBe('7');
    expect(ricCheckChar(uscc.slice(0, 17))).not.toBe('7');
    const r = validateIdentifier(uscc);
    expect(r.kind).toBe('USCC');
    expect(r.valid).toBe(true);
    expect(r.subjectType).toBe('ENTERPRISE');
  });

  it('keeps an RIC with a typo in its check digit an RIC', () => {
    const r = validateIdentifier('220102199001011230', { today });
    expect(r.kind).toBe('RIC');
    expect(codes(r)).toEqual(['INVALID_CHECKSUM']);
  });

  it('keeps an RIC with a correct check digit but impossible date (month 13) an RIC', () => {
    const first17 = '22010219901301123';
    const code = first17 + ricCheckChar(first17);
    const r = validateIdentifier(code, { today });
    expect(r.kind).toBe('RIC');
    expect(codes(r)).toEqual(['INVALID_BIRTH_DATE']);
  });

  it('reports a future birth date', () => {
    const first17 = '22010220300101123';
    const r = validateIdentifier(first17 + ricCheckChar(first17), { today });
    expect(r.kind).toBe('RIC');
    expect(codes(r)).toEqual(['INVALID_BIRTH_DATE']);
  });

  it('picks the kind by content for wrong lengths', () => {
    const legacy = validateIdentifier('110105491231002');
    expect(legacy.kind).toBe('RIC');
    expect(codes(legacy)).toEqual(['INVALID_LENGTH']);
    expect(detectIdentifierKind('1101051949123100X')).toBe('RIC');
    const short = validateIdentifier('91350100M000100Y4');
    expect(short.kind).toBe('USCC');
    expect(codes(short)).toEqual(['INVALID_LENGTH']);
    expect(detectIdentifierKind('')).toBe('USCC');
    expect(codes(validateIdentifier('   '))).toEqual(['INVALID_LENGTH']);
  });
});
