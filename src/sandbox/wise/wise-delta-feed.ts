import { CALENDAR_BLOCK, WiseChangeCalendar } from './wise-change-calendar';

/** A page of a feed: where it starts and how long it may be. */
export interface FeedPage {
  readonly offset: number;
  readonly limit: number;
}

export const WHOLE_FEED: FeedPage = { offset: 0, limit: Number.POSITIVE_INFINITY };

/** The generated patrons as the delta feed sees them: their calendar, and those changed since generation. */
export interface GeneratedChanges {
  readonly count: number;
  readonly calendar: WiseChangeCalendar;
  /** Days back from the library's day to the asked day (negative: a day after it). */
  readonly maxDaysAgo: number;
  /** Indexes of the generated patrons changed (by a loan, a payment, the desk…) on or after the asked day. */
  readonly changed: readonly number[];
}

/**
 * One page of the generated patrons changed on or after a day, in index order: those the calendar
 * says, and those changed since generation on or after the day (a change made here is never older
 * than the library's generation, so a patron the calendar lists stays listed). A block without such
 * changes is skipped by arithmetic, so a page far down a list of every patron generates nobody and
 * costs a few hundred additions. Answers the indexes and how much of the offset is left for what
 * follows the generated patrons (the enrolled ones).
 */
export function generatedChangedSince(source: GeneratedChanges, page: FeedPage): { readonly indexes: number[]; readonly offsetLeft: number } {
  const { count, calendar, maxDaysAgo, changed } = source;
  const touchedBlocks = new Map<number, number[]>();
  for (const index of changed) {
    const block = Math.floor(index / CALENDAR_BLOCK);
    const inBlock = touchedBlocks.get(block);
    if (inBlock === undefined) touchedBlocks.set(block, [index]);
    else inBlock.push(index);
  }
  const indexes: number[] = [];
  let skip = page.offset;
  const blocks = WiseChangeCalendar.blocks(count);
  for (let block = 0; block < blocks && indexes.length < page.limit; block++) {
    const touched = touchedBlocks.get(block);
    if (touched === undefined) {
      const size = calendar.countIn(block, maxDaysAgo, count);
      if (skip >= size) {
        skip -= size;
        continue;
      }
    }
    const listed = calendar.indexesIn(block, maxDaysAgo, count);
    const inBlock = touched === undefined ? listed : [...new Set([...listed, ...touched])].sort((a, b) => a - b);
    if (skip >= inBlock.length) {
      skip -= inBlock.length;
      continue;
    }
    indexes.push(...inBlock.slice(skip, skip + (page.limit - indexes.length)));
    skip = 0;
  }
  return { indexes, offsetLeft: skip };
}
