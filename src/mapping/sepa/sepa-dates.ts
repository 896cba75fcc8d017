/**
 * Calendar days as ISO 8601 strings ("2026-03-02"), computed in UTC so no time zone or daylight saving
 * shift can move a day. The Dutch day of an instant is taken in Europe/Amsterdam.
 */

const DAY_MS = 86_400_000;

/** True for a real calendar day written YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

function toUtcMs(day: string): number {
  if (!isIsoDate(day)) throw new RangeError('a day is written YYYY-MM-DD and exists in the calendar');
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` calendar days after (or, negative, before) `day`. */
export function addCalendarDays(day: string, n: number): string {
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(toUtcMs(day)).getUTCDay();
}

/** A day from year, month (1-12) and day of month. */
export function isoDay(year: number, month: number, date: number): string {
  return fromUtcMs(Date.UTC(year, month - 1, date));
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function amsterdamParts(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const parts: Record<string, string> = {};
  for (const part of AMSTERDAM.formatToParts(instant)) parts[part.type] = part.value;
  return { year: parts.year ?? '', month: parts.month ?? '', day: parts.day ?? '', hour: parts.hour ?? '', minute: parts.minute ?? '', second: parts.second ?? '' };
}

/** The calendar day of an instant in the Netherlands: the "today" of the TARGET2 rules for a Dutch library. */
export function dayInAmsterdam(instant: Date): string {
  const parts = amsterdamParts(instant);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** An instant as xs:dateTime in Dutch local time with its offset, seconds precision: "2026-03-02T09:15:00+01:00". */
export function amsterdamDateTime(instant: Date): string {
  const parts = amsterdamParts(instant);
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - wholeSeconds) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
