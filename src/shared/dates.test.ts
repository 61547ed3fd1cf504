import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  toEpochDay,
  weekday,
} from './dates.ts';

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2025-12-31', '1949-10-01', '0001-01-01'])
      expect(isIsoDate(d), d).toBe(true);
  });

  it('rejects impossible dates and other spellings', () => {
    for (const d of [
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-5',
      '20250105',
      '2025/01/05',
      '2025-01-05T00:00:00Z',
      ' 2025-01-05',
      '',
    ])
      expect(isIsoDate(d), d).toBe(false);
  });
});

describe('epoch days', () => {
  it('round-trip against Date.UTC over several centuries', () => {
    for (let day = -80_000; day <= 80_000; day += 37) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(fromEpochDay(day)).toBe(iso);
      expect(toEpochDay(iso)).toBe(day);
    }
  });
});

describe('addDays', () => {
  it('crosses month, year and leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-03-10', 0)).toBe('2025-03-10');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('rejects invalid input', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2025-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-08-31', 12)).toBe('2026-08-31');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
  });

  it('moves across years in both directions', () => {
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-03-15', 36)).toBe('2028-03-15');
    expect(addMonths('2025-03-15', 0)).toBe('2025-03-15');
  });
});

describe('daysBetween / compareDates / weekday', () => {
  it('counts b − a', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    expect(daysBetween('2025-06-01', '2025-06-01')).toBe(0);
  });

  it('orders dates', () => {
    expect(compareDates('2024-12-31', '2025-01-01')).toBe(-1);
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(['2025-03-01', '2024-12-31', '2025-01-15'].sort(compareDates)).toEqual([
      '2024-12-31',
      '2025-01-15',
      '2025-03-01',
    ]);
    expect(() => compareDates('2025-1-1', '2025-01-01')).toThrow(RangeError);
  });

  it('gives 0 = Sunday … 6 = Saturday', () => {
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2024-02-04')).toBe(0);
    expect(weekday('2024-10-12')).toBe(6);
    expect(weekday('2026-04-01')).toBe(3);
    expect(weekday('1969-12-31')).toBe(3);
  });
});
