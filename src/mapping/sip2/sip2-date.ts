/**
 * SIP2 dates: `YYYYMMDDZZZZHHMMSS`, 18 characters. ZZZZ is the time zone: four blanks for the local
 * time of the library, or `   Z` for UTC. The gateway writes UTC, so the date is unambiguous wherever
 * it runs; it reads both.
 */
export const SIP2_DATE_LENGTH = 18;

function two(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatSip2Date(date: Date): string {
  return (
    `${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
    `   Z${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`
  );
}

/** A canonical day ('YYYY-MM-DD') as a SIP2 date at midnight, local time of the library (zone blanks). */
export function sip2DateOfDay(day: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return match === null ? undefined : `${match[1]}${match[2]}${match[3]}    000000`;
}

/**
 * Reads a SIP2 date; undefined when it is blank or malformed. Blanks in the zone read as the local
 * time of this process (the library's), `Z` as UTC.
 */
export function parseSip2Date(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(.{4})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, zone, h, mi, s] = match.map((part) => part ?? '');
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hours, minutes, seconds] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const date = zone?.trim() === 'Z' ? new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds)) : new Date(year, month - 1, day, hours, minutes, seconds);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
