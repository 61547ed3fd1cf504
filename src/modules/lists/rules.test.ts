import { describe, expect, it } from 'vitest';
import { allowedFrom, inForce, validityError } from './rules.ts';

describe('list entry rules', () => {
  it('requires prior notice before deciding a restrictive listing, but not a red-list entry', () => {
    expect(allowedFrom('decide', 'SERIOUS_DISHONESTY')).toEqual(['NOTICED']);
    expect(allowedFrom('decide', 'KEY_ATTENTION')).toEqual(['NOTICED']);
    expect(allowedFrom('decide', 'RED')).toEqual(['DRAFT']);
    expect(allowedFrom('notice', 'RED')).toEqual([]);
    expect(allowedFrom('remove', 'RED')).toEqual(['PUBLISHED']);
  });

  it('limits validity by list type', () => {
    expect(validityError('SERIOUS_DISHONESTY', '2026-01-01', '2029-01-01')).toBeNull();
    expect(validityError('SERIOUS_DISHONESTY', '2026-01-01', '2029-01-02')).toMatch(/最长 3 年/);
    expect(validityError('KEY_ATTENTION', '2026-01-01', '2028-01-02')).toMatch(/最长 2 年/);
    expect(validityError('RED', '2026-01-02', '2026-01-01')).toMatch(/不能早于/);
  });

  it('binds only published entries inside their validity', () => {
    const e = { status: 'PUBLISHED', valid_from: '2026-01-01', valid_to: '2026-12-31' };
    expect(inForce(e, '2026-06-30')).toBe(true);
    expect(inForce(e, '2026-12-31')).toBe(true);
    expect(inForce(e, '2027-01-01')).toBe(false);
    expect(inForce(e, '2025-12-31')).toBe(false);
    expect(inForce({ ...e, status: 'DECIDED' }, '2026-06-30')).toBe(false);
  });
});
