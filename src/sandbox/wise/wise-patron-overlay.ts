import { GeneratedPatron } from './wise-member.generator';

/**
 * The patrons of the simulated library that are more than their generation: generated patrons changed
 * since (a loan, a payment, a consent, a desk's update) and patrons enrolled after generation, with an
 * index of who changed on which day (for the delta feed) and of their card numbers. Everything not
 * here is generated again when asked for.
 */
export class WisePatronOverlay {
  /** Changed generated patrons by patron id. */
  private readonly changed = new Map<string, GeneratedPatron>();
  /** Enrolled patrons by patron id, in the order they were enrolled. */
  private readonly enrolled = new Map<string, GeneratedPatron>();
  /** Card number → patron id, for every patron here. */
  private readonly cards = new Map<string, string>();
  /** Day of the last change → patron ids, and the other way round. */
  private readonly byDay = new Map<string, Set<string>>();
  private readonly dayOf = new Map<string, string>();

  get size(): number {
    return this.changed.size + this.enrolled.size;
  }

  get enrolledCount(): number {
    return this.enrolled.size;
  }

  get(patronId: string): GeneratedPatron | undefined {
    return this.changed.get(patronId) ?? this.enrolled.get(patronId);
  }

  patronIdOfCard(cardNumber: string): string | undefined {
    return this.cards.get(cardNumber);
  }

  /** Enrolled patron ids in enrolment order, from `offset`, at most `limit`. */
  enrolledIds(offset = 0, limit = Number.POSITIVE_INFINITY): string[] {
    const out: string[] = [];
    let at = 0;
    for (const id of this.enrolled.keys()) {
      if (out.length >= limit) break;
      if (at++ >= offset) out.push(id);
    }
    return out;
  }

  /** A patron enrolled after generation, with the day it changed last (as it was enrolled). */
  enrol(record: GeneratedPatron): void {
    const id = record.patron.patronSystemId ?? '';
    this.enrolled.set(id, record);
    this.cards.set(record.patron.cardNumber ?? '', id);
    this.mark(id, record.updatedOn);
  }

  /** The patron changed today: kept here from now on (a generated one too), under today in the index by day. */
  touch(record: GeneratedPatron, today: string): void {
    const id = record.patron.patronSystemId ?? '';
    record.updatedOn = today;
    if (!this.enrolled.has(id) && !this.changed.has(id)) {
      this.changed.set(id, record);
      this.cards.set(record.patron.cardNumber ?? '', id);
    }
    this.mark(id, today);
  }

  /** The patron's card number changed from `previous` (the record holds the new one). */
  recard(record: GeneratedPatron, previous: string): void {
    const id = record.patron.patronSystemId ?? '';
    if (this.cards.get(previous) === id) this.cards.delete(previous);
    this.cards.set(record.patron.cardNumber ?? '', id);
  }

  /**
   * Patrons here that changed on or after the day, from the index by day: the changed generated ones
   * (in no order; the caller orders them by index) and the ids of the enrolled ones, in enrolment order.
   */
  changedSince(day: string): { readonly generated: GeneratedPatron[]; readonly enrolledIds: string[] } {
    const generated: GeneratedPatron[] = [];
    const enrolledIds = new Set<string>();
    for (const [changedOn, ids] of this.byDay) {
      if (changedOn < day) continue;
      for (const id of ids) {
        const record = this.changed.get(id);
        if (record !== undefined) generated.push(record);
        else enrolledIds.add(id);
      }
    }
    return { generated, enrolledIds: [...this.enrolled.keys()].filter((id) => enrolledIds.has(id)) };
  }

  clear(): void {
    this.changed.clear();
    this.enrolled.clear();
    this.cards.clear();
    this.byDay.clear();
    this.dayOf.clear();
  }

  private mark(id: string, day: string): void {
    const before = this.dayOf.get(id);
    if (before === day) return;
    if (before !== undefined) {
      const ids = this.byDay.get(before);
      ids?.delete(id);
      if (ids?.size === 0) this.byDay.delete(before);
    }
    this.dayOf.set(id, day);
    const ids = this.byDay.get(day) ?? new Set<string>();
    ids.add(id);
    this.byDay.set(day, ids);
  }
}
