import { fromEpochDay, isIsoDate, toEpochDay, weekdayOfEpochDay } from '../../shared/dates.ts';
import data from './data/holidays.json' with { type: 'json' };

/**
 * Working days under the State Council holiday arrangement (国务院办公厅 部分节假日安排), which the
 * 双公示 deadline ("within 7 working days of the decision") is counted in. Only the exceptions to the
 * Monday–Friday week are data: official holidays and weekend make-up working days (调休).
 */
export type CalendarDayKind = 'HOLIDAY' | 'WORKDAY';

export interface CalendarException {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface CalendarYear {
  year: number;
  /** The notice the year comes from, e.g. 国办发明电〔2024〕12号. */
  source: string;
  /** True while the year is derived from the rules rather than taken from a published notice. */
  provisional: boolean;
  note?: string;
  days: CalendarException[];
}

// 1970-01-05 was a Monday: weekdays are counted in whole weeks from there.
const MONDAY_EPOCH_DAY = 4;

/**
 * Mon–Fri days from a fixed Monday up to and including `epochDay`, extended to earlier days so
 * that weekdaysUpTo(b) − weekdaysUpTo(a) is always the number of weekdays in (a, b].
 */
function weekdaysUpTo(epochDay: number): number {
  const k = epochDay - MONDAY_EPOCH_DAY;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7 + 1, 5);
}

function isWeekend(epochDay: number): boolean {
  const wd = weekdayOfEpochDay(epochDay);
  return wd === 0 || wd === 6;
}

export class WorkCalendar {
  private readonly kinds = new Map<string, CalendarDayKind>();
  private readonly yearsWithData: number[];
  /** First and last epoch day of the covered years (whole years, so gaps inside are plain weeks). */
  private readonly first: number;
  private readonly last: number;
  /**
   * correction[i]: how many working days the exceptions on days first..first+i add (make-up weekend
   * days) or remove (weekday holidays), cumulatively. Counting working days between two dates is then
   * two array reads instead of a walk over the days, because it runs for every imported record.
   */
  private readonly correction: Int32Array;
  private readonly totalCorrection: number;

  constructor(exceptions: Iterable<CalendarException>) {
    for (const e of exceptions) {
      if (!isIsoDate(e.date)) throw new RangeError(`节假日安排中的日期无效：${e.date}`);
      if (e.kind !== 'HOLIDAY' && e.kind !== 'WORKDAY')
        throw new RangeError(`节假日安排中的类型无效：${e.kind}`);
      this.kinds.set(e.date, e.kind); // a later entry for the same date wins
    }
    const years = new Set<number>();
    for (const date of this.kinds.keys()) years.add(Number(date.slice(0, 4)));
    this.yearsWithData = [...years].sort((a, b) => a - b);

    if (this.yearsWithData.length === 0) {
      this.first = 0;
      this.last = -1;
      this.correction = new Int32Array(0);
      this.totalCorrection = 0;
      return;
    }
    this.first = toEpochDay(`${String(this.yearsWithData[0]).padStart(4, '0')}-01-01`);
    this.last = toEpochDay(
      `${String(this.yearsWithData[this.yearsWithData.length - 1]).padStart(4, '0')}-12-31`,
    );
    const delta = new Int32Array(this.last - this.first + 1);
    for (const [date, kind] of this.kinds) {
      const day = toEpochDay(date);
      // A holiday on a weekend and a "make-up" on a weekday change nothing.
      if (kind === 'HOLIDAY' && !isWeekend(day)) delta[day - this.first] = -1;
      if (kind === 'WORKDAY' && isWeekend(day)) delta[day - this.first] = 1;
    }
    let running = 0;
    for (let i = 0; i < delta.length; i++) {
      running += delta[i];
      delta[i] = running;
    }
    this.correction = delta;
    this.totalCorrection = running;
  }

  /** The calendar shipped in src/modules/catalog/data/holidays.json. */
  static fromBundled(): WorkCalendar {
    return new WorkCalendar(bundledCalendarYears().flatMap((y) => y.days));
  }

  /** Monday–Friday unless an official holiday; Saturday and Sunday only when a make-up working day. */
  isWorkingDay(date: string): boolean {
    const kind = this.kinds.get(date);
    if (kind) return kind === 'WORKDAY';
    return !isWeekend(toEpochDay(date));
  }

  /**
   * Working days after `from` up to and including `to`: the decision day itself does not count, the
   * day of intake does. 0 when `to` <= `from`. Outside the covered years plain weekdays are counted.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    if (b <= a) return 0;
    return this.workingDaysUpTo(b) - this.workingDaysUpTo(a);
  }

  /** The date `n` working days after `date` (n = 0 returns `date` itself, working day or not). */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数须为非负整数：${n}`);
    let day = toEpochDay(date);
    const target = this.workingDaysUpTo(day) + n;
    // Deadlines are a few working days; a walk is simpler than inverting the cumulative count.
    while (this.workingDaysUpTo(day) < target) day++;
    return fromEpochDay(day);
  }

  /** Years that have holiday data, ascending. */
  years(): number[] {
    return [...this.yearsWithData];
  }

  private workingDaysUpTo(epochDay: number): number {
    const correction =
      epochDay < this.first
        ? 0
        : epochDay > this.last
          ? this.totalCorrection
          : this.correction[epochDay - this.first];
    return weekdaysUpTo(epochDay) + correction;
  }
}

interface BundledYearJson {
  source: string;
  provisional: boolean;
  note?: string;
  days: { date: string; kind: string; name: string }[];
}

/**
 * The years in holidays.json, ascending, checked on the way in: every date must be real and lie in its
 * own year, because admins later replace a calendar year as a whole.
 */
export function bundledCalendarYears(): CalendarYear[] {
  const file = data as Record<string, BundledYearJson>;
  return Object.entries(file)
    .map(([key, y]) => {
      const year = Number(key);
      const days = y.days.map((d): CalendarException => {
        if (!isIsoDate(d.date) || !d.date.startsWith(`${key}-`))
          throw new Error(`holidays.json：${key} 年中的日期 ${d.date} 无效或不属于该年`);
        if (d.kind !== 'HOLIDAY' && d.kind !== 'WORKDAY')
          throw new Error(`holidays.json：${d.date} 的类型 ${d.kind} 无效`);
        return { date: d.date, kind: d.kind, name: d.name };
      });
      return {
        year,
        source: y.source,
        provisional: y.provisional,
        ...(y.note ? { note: y.note } : {}),
        days,
      };
    })
    .sort((a, b) => a.year - b.year);
}
