import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, weekday } from '../../shared/dates.ts';
import { bundledCalendarYears, WorkCalendar } from './calendar.ts';

const cal = WorkCalendar.fromBundled();

/** Reference count: walk the days one by one. */
function slowCount(c: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (c.isWorkingDay(d)) n++;
  return n;
}

describe('bundled holiday data', () => {
  const years = bundledCalendarYears();

  it('covers 2024–2027 with dates inside their own year', () => {
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
    expect(cal.years()).toEqual([2024, 2025, 2026, 2027]);
    for (const y of years)
      for (const d of y.days) {
        expect(isIsoDate(d.date), d.date).toBe(true);
        expect(d.date.startsWith(`${y.year}-`), d.date).toBe(true);
      }
  });

  it('only lists make-up working days on weekends', () => {
    for (const y of years)
      for (const d of y.days.filter((x) => x.kind === 'WORKDAY'))
        expect([0, 6], d.date).toContain(weekday(d.date));
  });

  it('takes weekdays off exactly as many as the statutory holidays', () => {
    // Net weekdays lost = weekday holidays − make-up days = statutory days (11 before 2025, 13 since
    // the 2024 revision added 除夕 and 5/2). A cheap check against a typo in the data.
    for (const y of years) {
      const weekdayHolidays = y.days.filter(
        (d) => d.kind === 'HOLIDAY' && ![0, 6].includes(weekday(d.date)),
      ).length;
      const makeUps = y.days.filter((d) => d.kind === 'WORKDAY').length;
      expect(weekdayHolidays - makeUps, String(y.year)).toBe(y.year < 2025 ? 11 : 13);
    }
  });

  it('marks the years without a published notice as provisional, with a note', () => {
    const byYear = new Map(years.map((y) => [y.year, y]));
    expect(byYear.get(2024)?.provisional).toBe(false);
    expect(byYear.get(2025)?.provisional).toBe(false);
    expect(byYear.get(2026)?.provisional).toBe(false);
    expect(byYear.get(2027)?.provisional).toBe(true);
    for (const y of years) if (y.provisional) expect(y.note).toBeTruthy();
  });
});

describe('isWorkingDay', () => {
  it('follows the week unless the calendar says otherwise', () => {
    expect(cal.isWorkingDay('2024-03-04')).toBe(true); // ordinary Monday
    expect(cal.isWorkingDay('2024-03-09')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2024-02-12')).toBe(false); // 春节, Monday
    expect(cal.isWorkingDay('2024-02-04')).toBe(true); // 调休 Sunday
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // 除夕, a holiday since 2025
    expect(cal.isWorkingDay('2030-06-03')).toBe(true); // no data: plain week
  });

  it('a calendar without data is the plain week', () => {
    const plain = new WorkCalendar([]);
    expect(plain.years()).toEqual([]);
    expect(plain.isWorkingDay('2024-10-01')).toBe(true);
    expect(plain.workingDaysBetween('2024-09-27', '2024-10-09')).toBe(8);
  });
});

describe('workingDaysBetween', () => {
  it('Spring Festival 2024: the block is skipped, make-up Sundays 2/4 and 2/18 count', () => {
    // 2024-02-02 (Fri) → 2024-02-08 (Thu): Sun 2/4 (调休), Mon 2/5 … Thu 2/8 = 5.
    expect(cal.workingDaysBetween('2024-02-02', '2024-02-08')).toBe(5);
    // 2024-02-09 (Fri) → 2024-02-19 (Mon): 2/10–2/17 off, Sun 2/18 (调休), Mon 2/19 = 2.
    expect(cal.workingDaysBetween('2024-02-09', '2024-02-19')).toBe(2);
    expect(cal.workingDaysBetween('2024-02-09', '2024-02-17')).toBe(0);
  });

  it('Spring Festival 2025: 1/28–2/4 off, make-up Sun 1/26 and Sat 2/8 count', () => {
    // 2025-01-24 (Fri) → 2025-02-10 (Mon): Sun 1/26, Mon 1/27, Wed 2/5, Thu 2/6, Fri 2/7, Sat 2/8, Mon 2/10 = 7.
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
  });

  it('National Day 2024: make-up Sun 9/29 and Sat 10/12 count', () => {
    // 2024-09-27 (Fri) → 2024-10-14 (Mon): Sun 9/29, Mon 9/30, Tue 10/8 … Fri 10/11 (4), Sat 10/12, Mon 10/14 = 8.
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-14')).toBe(8);
  });

  it('National Day 2025 (with Mid-Autumn): 10/1–10/8 off, make-up Sun 9/28 and Sat 10/11 count', () => {
    // 2025-09-26 (Fri) → 2025-10-13 (Mon): Sun 9/28, Mon 9/29, Tue 9/30, Thu 10/9, Fri 10/10, Sat 10/11, Mon 10/13 = 7.
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7);
  });

  it('the 7-working-day deadline: decided 2024-09-27, received 2024-10-09 is on time', () => {
    // Counted by hand, the decision day (Fri 9/27) excluded:
    //   Sat 9/28 no · Sun 9/29 调休 yes (1) · Mon 9/30 yes (2) · 10/1–10/7 国庆 no ·
    //   Tue 10/8 yes (3) · Wed 10/9 yes (4)  → 4 working days, not more than 7: not late.
    const n = cal.workingDaysBetween('2024-09-27', '2024-10-09');
    expect(n).toBe(4);
    expect(n > 7).toBe(false);
    // The last on-time day is the 7th working day: 10/10 (5), Fri 10/11 (6), Sat 10/12 调休 (7); Mon 10/14 is late.
    expect(cal.addWorkingDays('2024-09-27', 7)).toBe('2024-10-12');
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-14')).toBe(8);
  });

  it('spans a year boundary', () => {
    // 2024-12-27 (Fri) → 2025-01-03 (Fri): Mon 12/30, Tue 12/31, (1/1 元旦), Thu 1/2, Fri 1/3 = 4.
    expect(cal.workingDaysBetween('2024-12-27', '2025-01-03')).toBe(4);
    // Out of the covered range at one end: 2023-12-29 (Fri) → 2024-01-05 (Fri): 12/29 excluded;
    // plain week in 2023 (Sat/Sun 12/30–31 were part of 元旦 2024 but are weekend anyway) → 1/2–1/5 = 4.
    expect(cal.workingDaysBetween('2023-12-29', '2024-01-05')).toBe(4);
    // Leaving the covered range: 2027-12-30 (Thu) → 2028-01-04 (Tue): Fri 12/31, Mon 1/3, Tue 1/4 = 3.
    expect(cal.workingDaysBetween('2027-12-30', '2028-01-04')).toBe(3);
  });

  it('is 0 when to is not after from', () => {
    expect(cal.workingDaysBetween('2024-05-06', '2024-05-06')).toBe(0);
    expect(cal.workingDaysBetween('2024-05-07', '2024-05-06')).toBe(0);
    expect(cal.workingDaysBetween('2025-01-01', '2024-01-01')).toBe(0);
  });

  it('matches a day-by-day walk anywhere, inside and outside the covered years', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 400; i++) {
      const from = addDays('2023-06-01', random(365 * 5 + 200));
      const to = addDays(from, random(60));
      expect(cal.workingDaysBetween(from, to), `${from} → ${to}`).toBe(slowCount(cal, from, to));
    }
  });

  it('rejects invalid dates', () => {
    expect(() => cal.workingDaysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('n = 0 returns the date itself, even on a holiday', () => {
    expect(cal.addWorkingDays('2024-10-01', 0)).toBe('2024-10-01');
  });

  it('lands on working days across holiday blocks', () => {
    expect(cal.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18'); // the 调休 Sunday
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(cal.addWorkingDays('2024-10-01', 1)).toBe('2024-10-08');
  });

  it('is the inverse of workingDaysBetween (property over every day of 2024–2027, n = 0…12)', () => {
    for (let d = '2023-12-20'; d <= '2028-01-10'; d = addDays(d, 1))
      for (let n = 0; n <= 12; n++) {
        const end = cal.addWorkingDays(d, n);
        expect(cal.workingDaysBetween(d, end)).toBe(n);
        // … and the earliest such date: for n ≥ 1 it is a working day.
        if (n >= 1) expect(cal.isWorkingDay(end), `${d} + ${n}`).toBe(true);
      }
  });

  it('rejects a negative or fractional count', () => {
    expect(() => cal.addWorkingDays('2024-01-02', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-01-02', 1.5)).toThrow(RangeError);
  });
});

describe('exceptions passed in', () => {
  it('a later entry for the same date wins; harmless entries change nothing', () => {
    const c = new WorkCalendar([
      { date: '2030-01-07', kind: 'HOLIDAY', name: 'x' },
      { date: '2030-01-07', kind: 'WORKDAY', name: 'y' }, // Monday, back to a working day
      { date: '2030-01-05', kind: 'HOLIDAY', name: 'weekend holiday' },
      { date: '2030-01-08', kind: 'WORKDAY', name: 'weekday make-up' },
    ]);
    expect(c.isWorkingDay('2030-01-07')).toBe(true);
    expect(c.workingDaysBetween('2030-01-04', '2030-01-11')).toBe(5);
  });

  it('rejects a bad date or kind', () => {
    expect(() => new WorkCalendar([{ date: '2030-02-30', kind: 'HOLIDAY', name: '' }])).toThrow(RangeError);
    expect(
      () => new WorkCalendar([{ date: '2030-02-01', kind: 'OFF' as unknown as 'HOLIDAY', name: '' }]),
    ).toThrow(RangeError);
  });
});
