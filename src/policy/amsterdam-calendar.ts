/**
 * Calendar days as the library counts them: in Europe/Amsterdam. An agreement that runs until
 * 2026-12-31 ends at midnight in Staphorst, not in UTC.
 */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Amsterdam wall-clock fields (year, month, day, hour, minute, second) of an instant, as numbers. */
export function amsterdamParts(epochMs: number): Record<string, number> {
  const offset = offsetMsAt(epochMs);
  if (offset === undefined) return formattedParts(epochMs);
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offset);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
}

/** The same fields as Intl reads them from the time-zone database (slow: thousands of instants a second at most). */
function formattedParts(epochMs: number): Record<string, number> {
  return Object.fromEntries(
    formatter
      .formatToParts(new Date(epochMs))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  );
}

const HOUR_MS = 3_600_000;
/** From 1977 on, Amsterdam's clocks change only at a whole UTC hour (01:00 UTC since 1996): one offset per UTC hour holds. */
const WHOLE_HOUR_CHANGES_FROM_MS = Date.UTC(1977, 0, 1);
const offsetsByHour = new Map<number, number>();

/** How far Amsterdam's clock is ahead of UTC at the instant, in ms, read once per UTC hour; undefined before 1977. */
function offsetMsAt(epochMs: number): number | undefined {
  if (!(epochMs >= WHOLE_HOUR_CHANGES_FROM_MS) || !Number.isFinite(epochMs)) return undefined;
  const hour = Math.floor(epochMs / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const p = formattedParts(start);
    offset = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - start;
    if (offsetsByHour.size >= 50_000) offsetsByHour.clear();
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

function offsetMinutesAt(epochMs: number): number {
  const parts = amsterdamParts(epochMs);
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** The instant at which the given calendar day ('YYYY-MM-DD') begins in Amsterdam. */
export function startOfDayMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
  // Two passes settle the offset also on the days the clocks change.
  let guess = utcMidnight - offsetMinutesAt(utcMidnight) * 60000;
  guess = utcMidnight - offsetMinutesAt(guess) * 60000;
  return guess;
}

/** The instant at which the day after the given calendar day begins in Amsterdam. */
export function endOfDayMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
  return startOfDayMs(next);
}

/** Today's date ('YYYY-MM-DD') in Amsterdam at the given instant. */
export function amsterdamDay(epochMs: number): string {
  const p = amsterdamParts(epochMs);
  return `${String(p.year ?? 0).padStart(4, '0')}-${String(p.month ?? 1).padStart(2, '0')}-${String(p.day ?? 1).padStart(2, '0')}`;
}
