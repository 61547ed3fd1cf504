/**
 * Calendar-date arithmetic on 'YYYY-MM-DD' strings. Legal dates (decision dates, publicity periods)
 * are dates in Asia/Shanghai with no time of day, so nothing here touches a local time zone: dates
 * are converted to a day count since 1970-01-01 and back with pure integer arithmetic.
 * Every function except `isIsoDate` throws a RangeError on a string that is not a real date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parts(s: string): [year: number, month: number, day: number] | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

function partsOrThrow(s: string): [year: number, month: number, day: number] {
  const p = parts(s);
  if (!p) throw new RangeError(`不是有效日期（YYYY-MM-DD）：${s}`);
  return p;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(year: number, month: number, day: number): string {
  if (year < 0 || year > 9999) throw new RangeError(`日期超出范围：${year}-${month}-${day}`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar
// and much cheaper than going through Date, which matters in the per-record working-day count.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** True for a real calendar date written exactly as YYYY-MM-DD (2025-02-29 is false). */
export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && parts(s) !== null;
}

/** Days since 1970-01-01 (negative before); the integer form used for fast date arithmetic. */
export function toEpochDay(date: string): number {
  const [y, m, d] = partsOrThrow(date);
  return daysFromCivil(y, m, d);
}

/** Inverse of `toEpochDay`. */
export function fromEpochDay(epochDay: number): string {
  if (!Number.isInteger(epochDay)) throw new RangeError(`不是整数天数：${epochDay}`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return format(year, month, day);
}

/** The date `n` days later (earlier when n < 0). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`天数须为整数：${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/**
 * The same day `n` months later (earlier when n < 0), clamped to the end of a shorter month:
 * 2024-01-31 + 1 month = 2024-02-29, so a period never spills into the month after.
 */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`月数须为整数：${n}`);
  const [y, m, d] = partsOrThrow(date);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** −1, 0 or 1, for sorting; ISO dates order like strings, but garbage is rejected rather than sorted. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  partsOrThrow(a);
  partsOrThrow(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(date: string): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** Day of the week of an epoch day, 0 = Sunday … 6 = Saturday. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}
