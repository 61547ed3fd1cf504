import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PUBLICITY_POLICY,
  isPublicOn,
  licencePublicity,
  type PublicityPolicy,
  penaltyPublicity,
  periodEnd,
} from './publicity.ts';

const publishMinor: PublicityPolicy = { ...DEFAULT_PUBLICITY_POLICY, publishMinor: true };

describe('penaltyPublicity: tiers and regimes', () => {
  // Periods run from the decision date; the last day is the day before the same date N months later.
  it('new regime (decided on or after 2026-04-01)', () => {
    expect(penaltyPublicity('2026-05-10', 'GENERAL')).toEqual({
      regime: 'NEW',
      published: true,
      publicFrom: '2026-05-10',
      minimumUntil: '2026-08-09',
      publicUntil: '2027-05-09',
    });
    expect(penaltyPublicity('2026-05-10', 'SERIOUS')).toEqual({
      regime: 'NEW',
      published: true,
      publicFrom: '2026-05-10',
      minimumUntil: '2027-05-09',
      publicUntil: '2029-05-09',
    });
    expect(penaltyPublicity('2026-05-10', 'MINOR', publishMinor)).toEqual({
      regime: 'NEW',
      published: true,
      publicFrom: '2026-05-10',
      minimumUntil: '2026-05-09', // no minimum: repair may end publication at once
      publicUntil: '2026-08-09',
    });
  });

  it('old regime (decided before 2026-04-01)', () => {
    expect(penaltyPublicity('2025-05-10', 'GENERAL')).toMatchObject({
      regime: 'OLD',
      published: true,
      minimumUntil: '2025-08-09',
      publicUntil: '2026-05-09',
    });
    expect(penaltyPublicity('2025-05-10', 'SERIOUS')).toMatchObject({
      regime: 'OLD',
      published: true,
      minimumUntil: '2025-11-09',
      publicUntil: '2028-05-09',
    });
    expect(penaltyPublicity('2025-05-10', 'MINOR', publishMinor)).toMatchObject({
      regime: 'OLD',
      published: true,
      publicUntil: '2025-08-09',
    });
  });

  it('switches regime between 2026-03-31 and 2026-04-01', () => {
    const old = penaltyPublicity('2026-03-31', 'SERIOUS');
    expect(old.regime).toBe('OLD');
    // 6 months: September has no 31st, so the period runs to the end of September.
    expect(old.minimumUntil).toBe('2026-09-30');
    expect(old.publicUntil).toBe('2029-03-30');

    const fresh = penaltyPublicity('2026-04-01', 'SERIOUS');
    expect(fresh.regime).toBe('NEW');
    expect(fresh.minimumUntil).toBe('2027-03-31'); // 12 months
    expect(fresh.publicUntil).toBe('2029-03-31');
  });

  it('follows a configured switch date', () => {
    const policy = { ...DEFAULT_PUBLICITY_POLICY, newRegimeFrom: '2027-01-01' };
    expect(penaltyPublicity('2026-06-01', 'SERIOUS', policy).regime).toBe('OLD');
  });
});

describe('penaltyPublicity: minor tier', () => {
  it('is not published by default', () => {
    expect(penaltyPublicity('2026-05-10', 'MINOR')).toEqual({
      regime: 'NEW',
      published: false,
      publicFrom: '2026-05-10',
      minimumUntil: null,
      publicUntil: null,
    });
    expect(penaltyPublicity('2026-05-10', 'MINOR', undefined, '2026-06-30').published).toBe(false);
  });

  it('is published for 3 months when the policy says so', () => {
    expect(penaltyPublicity('2026-05-10', 'MINOR', publishMinor).publicUntil).toBe('2026-08-09');
  });
});

describe('penaltyPublicity: declared end (CF_GSJZQ)', () => {
  it('shortens the period within the bounds', () => {
    expect(penaltyPublicity('2026-05-10', 'GENERAL', undefined, '2026-12-31').publicUntil).toBe('2026-12-31');
  });

  it('cannot end before the minimum', () => {
    const p = penaltyPublicity('2026-05-10', 'GENERAL', undefined, '2026-06-01');
    expect(p.publicUntil).toBe('2026-08-09');
    expect(p.minimumUntil).toBe('2026-08-09');
  });

  it('cannot run beyond the maximum', () => {
    expect(penaltyPublicity('2026-05-10', 'SERIOUS', undefined, '2031-01-01').publicUntil).toBe('2029-05-09');
  });

  it('null or empty means no declared end', () => {
    expect(penaltyPublicity('2026-05-10', 'GENERAL', undefined, null).publicUntil).toBe('2027-05-09');
    expect(penaltyPublicity('2026-05-10', 'GENERAL', undefined, '').publicUntil).toBe('2027-05-09');
  });

  it('rejects a malformed date', () => {
    expect(() => penaltyPublicity('2026-05-10', 'GENERAL', undefined, '2026/12/31')).toThrow(RangeError);
    expect(() => penaltyPublicity('2026-02-30', 'GENERAL')).toThrow(RangeError);
  });
});

describe('penaltyPublicity: month ends', () => {
  it('runs to the end of a month that lacks the corresponding day', () => {
    // 2025-08-31 + 12 months = 2026-08-31 exists → last day 2026-08-30 (OLD regime: decided before 2026-04-01).
    const p = penaltyPublicity('2025-08-31', 'GENERAL');
    expect(p.publicUntil).toBe('2026-08-30');
    // + 3 months: November has no 31st → the whole of November, last day 2025-11-30.
    expect(p.minimumUntil).toBe('2025-11-30');
    // OLD serious minimum: + 6 months: no 2026-02-31 → last day 2026-02-28.
    expect(penaltyPublicity('2025-08-31', 'SERIOUS').minimumUntil).toBe('2026-02-28');
    // Leap day: no 2025-02-29 → last day 2025-02-28.
    expect(penaltyPublicity('2024-02-29', 'GENERAL').publicUntil).toBe('2025-02-28');
  });

  it('ends the day before the corresponding day when it exists', () => {
    expect(periodEnd('2025-03-01', 1)).toBe('2025-03-31');
    expect(periodEnd('2025-01-31', 1)).toBe('2025-02-28');
    expect(periodEnd('2025-03-10', 12)).toBe('2026-03-09');
  });
});

describe('licencePublicity', () => {
  it('36 months from the decision date without a valid-to date', () => {
    expect(licencePublicity('2025-03-10', null)).toEqual({
      regime: 'OLD',
      published: true,
      publicFrom: '2025-03-10',
      minimumUntil: '2028-03-09',
      publicUntil: '2028-03-09',
    });
  });

  it('ends at valid-to when that is earlier', () => {
    expect(licencePublicity('2026-04-15', '2027-04-14')).toMatchObject({
      regime: 'NEW',
      published: true,
      publicUntil: '2027-04-14',
    });
  });

  it('ignores a valid-to date after 36 months', () => {
    expect(licencePublicity('2025-03-10', '2035-12-31').publicUntil).toBe('2028-03-09');
  });

  it('follows the configured number of months', () => {
    expect(
      licencePublicity('2025-03-10', null, { ...DEFAULT_PUBLICITY_POLICY, licenceMonths: 12 }).publicUntil,
    ).toBe('2026-03-09');
  });
});

describe('isPublicOn', () => {
  const p = penaltyPublicity('2026-05-10', 'GENERAL'); // public until 2027-05-09

  it('includes the last day and ends the day after', () => {
    expect(isPublicOn(p, '2026-05-10')).toBe(true);
    expect(isPublicOn(p, '2027-05-09')).toBe(true);
    expect(isPublicOn(p, '2027-05-10')).toBe(false);
  });

  it('is false for anything not published', () => {
    expect(isPublicOn(penaltyPublicity('2026-05-10', 'MINOR'), '2026-05-10')).toBe(false);
    expect(isPublicOn({ published: true, publicUntil: null }, '2026-05-10')).toBe(false);
  });
});
