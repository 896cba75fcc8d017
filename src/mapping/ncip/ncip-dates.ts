import { amsterdamDay, endOfDayMs } from '../../policy/amsterdam-calendar';

const DAY = /^(\d{4}-\d{2}-\d{2})/;

/** A calendar day 'YYYY-MM-DD', or undefined (an age band or a year is not one). */
export function calendarDay(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** A date of birth is a day, not an instant: written at midnight UTC, the NCIP Toolkit's own form. */
export function birthDateToNcip(day: string): string {
  return `${day}T00:00:00Z`;
}

/** The day of an NCIP dateTime as written (its date part; no time-zone shift for a birth date). */
export function dayOfNcipDate(text: string | undefined): string | undefined {
  return text === undefined ? undefined : DAY.exec(text)?.[1];
}

/** Valid until a day means until that day ends in Staphorst: the last second of it, in UTC (Implementation Profile 1). */
export function endOfDayToNcip(day: string): string {
  return new Date(endOfDayMs(day) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Amsterdam day an NCIP dateTime falls on (any offset accepted), or its date part if it is no instant. */
export function amsterdamDayOfNcip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? dayOfNcipDate(text) : amsterdamDay(instant);
}
