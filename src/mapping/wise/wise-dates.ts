/**
 * Dates as the lending system writes them ('2024-03-01', '2024-03-01T00:00:00', '2024-02-29T23:00:00Z',
 * '01-03-2024') normalised to the canonical contract: 'YYYY-MM-DD' for dates, ISO 8601 with a zone for
 * date-times. Wise runs in the Netherlands, so a time without a zone is Amsterdam time, and a date-time
 * with a zone is read as the calendar day it was in Amsterdam.
 */
import { amsterdamParts } from '../../policy/amsterdam-calendar';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUTCH_DATE = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}


/** Minutes that Amsterdam was ahead of UTC at the instant. */
function offsetMinutesAt(epochMs: number): number {
  const p = amsterdamParts(epochMs);
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The canonical 'YYYY-MM-DD', or undefined when the text is no calendar date. */
export function normaliseDate(text: string): string | undefined {
  const value = text.trim();
  let match = ISO_DATE.exec(value);
  if (match !== null) return checked(Number(match[1]), Number(match[2]), Number(match[3]));
  match = DUTCH_DATE.exec(value);
  if (match !== null) return checked(Number(match[3]), Number(match[2]), Number(match[1]));
  match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const date = checked(Number(match[1]), Number(match[2]), Number(match[3]));
  if (date === undefined || match[8] === undefined) return date;
  const epochMs = Date.parse(withColonOffset(value));
  if (Number.isNaN(epochMs)) return undefined;
  const p = amsterdamParts(epochMs);
  return `${pad(p.year ?? 0, 4)}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}`;
}

function checked(year: number, month: number, day: number): string | undefined {
  return isCalendarDate(year, month, day) ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : undefined;
}

/** '+0100' and '+01' as '+01:00', so that Date.parse reads them. */
function withColonOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
}

/**
 * The canonical ISO 8601 date-time with a zone. A value that has a zone and seconds is kept as
 * written (so a canonical value survives a round trip unchanged); one without a zone is Amsterdam
 * time and gets Amsterdam's offset of that moment; a bare date is midnight in Amsterdam.
 */
export function normaliseDateTime(text: string): string | undefined {
  const value = text.trim();
  const dateOnly = ISO_DATE.exec(value) ?? DUTCH_DATE.exec(value);
  if (dateOnly !== null) {
    const date = normaliseDate(value);
    return date === undefined ? undefined : withAmsterdamOffset(date, 0, 0, 0, '');
  }
  const match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [number, number, number, number, number, number];
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = match[8];
  if (zone !== undefined) {
    if (match[6] !== undefined) return value;
    return `${value.slice(0, 16)}:00${zone}`;
  }
  return withAmsterdamOffset(`${pad(year, 4)}-${pad(month)}-${pad(day)}`, hour, minute, second, match[7] ?? '');
}

function withAmsterdamOffset(date: string, hour: number, minute: number, second: number, fraction: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute, second);
  // Two passes settle the offset also around the changes of the clock.
  let instant = wall - offsetMinutesAt(wall) * 60_000;
  instant = wall - offsetMinutesAt(instant) * 60_000;
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${formatOffset(Math.round((wall - instant) / 60_000))}`;
}
