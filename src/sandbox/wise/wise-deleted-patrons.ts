import { seedHash, STREAM } from './seed-hash';
import { WisePatronNumbers } from './wise-patron-numbers';

/** A patron removed from Wise, with the day: what the deletedpatron feed serves. */
export interface DeletedPatron {
  readonly patronSystemId: string;
  readonly deletedOn: string;
}

/** The library's days: a day from an offset, and the offset of a day (as WiseMemberGenerator counts them). */
export interface LibraryDays {
  day(offsetDays: number): string;
  daysBefore(day: string): number;
}

/** Former patrons: one for every twelve members (at least one), removed in the last 60 days. */
const MEMBERS_PER_FORMER = 12;
const DELETED_WITHIN_DAYS = 60;

/**
 * The former patrons of the simulated library, each made from (seed, j) when asked for: former patron j
 * had an id in the numbering of member 12·j + a seeded offset, but never that member's own id, so that
 * no former patron is a member.
 */
export class WiseDeletedPatrons {
  readonly size: number;

  constructor(
    private readonly seed: number,
    private readonly memberCount: number,
    private readonly numbers: WisePatronNumbers,
    private readonly calendar: LibraryDays,
  ) {
    this.size = memberCount === 0 ? 0 : Math.max(1, Math.floor(memberCount / MEMBERS_PER_FORMER));
  }

  at(j: number): DeletedPatron {
    return { patronSystemId: this.patronIdAt(j), deletedOn: this.calendar.day(-this.daysAgo(j)) };
  }

  /** Ids of the patrons removed on or after the day, in order, from `offset`, at most `limit`. */
  since(day: string, offset = 0, limit = Number.POSITIVE_INFINITY): string[] {
    const maxDaysAgo = this.calendar.daysBefore(day);
    const out: string[] = [];
    let skipped = 0;
    for (let j = 0; j < this.size && out.length < limit; j++) {
      if (this.daysAgo(j) > maxDaysAgo) continue;
      if (skipped < offset) skipped += 1;
      else out.push(this.patronIdAt(j));
    }
    return out;
  }

  private daysAgo(j: number): number {
    return seedHash(this.seed, STREAM.deleted, j) % (DELETED_WITHIN_DAYS + 1);
  }

  private patronIdAt(j: number): string {
    const slot = seedHash(this.seed, STREAM.deleted, j, 1);
    const member = this.memberCount >= MEMBERS_PER_FORMER ? j * MEMBERS_PER_FORMER + (slot % MEMBERS_PER_FORMER) : slot % this.memberCount;
    return this.numbers.formerPatronIdAt(member, seedHash(this.seed, STREAM.deleted, j, 2));
  }
}
