import { WiseConsent, WiseLoan, WisePatron, WisePatronDocument } from '../../mapping/wise/wise-patron';
import { generatedChangedSince, FeedPage, WHOLE_FEED } from './wise-delta-feed';
import { WiseDeletedPatrons } from './wise-deleted-patrons';
import { borrowerOfLoanBarcode, GeneratedPatron, WiseMemberGenerator } from './wise-member.generator';
import { WisePatronOverlay } from './wise-patron-overlay';
import { RecentCache } from './recent-cache';
import { GeneratedItem, generateShelf, shelfSize } from './wise-shelf';

type JsonRecord = Readonly<Record<string, unknown>>;

function itemOf(loan: WiseLoan, branchId: string): GeneratedItem {
  return {
    itemBarcode: loan.itemBarcode ?? '',
    titleId: loan.titleId ?? '',
    title: loan.title ?? '',
    author: loan.author ?? '',
    material: loan.material ?? '',
    branchId: loan.branchId ?? branchId,
    holdWaiting: false,
  };
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields of a patron that a patron update may change (not its id, not its loans, holds or fees). */
const UPDATABLE: readonly (keyof WisePatron)[] = [
  'cardNumber', 'firstName', 'initials', 'middleName', 'lastName', 'dateOfBirth', 'gender', 'emailAddress', 'phoneNumber',
  'addresses', 'notificationPreference', 'membership', 'bankAccount', 'directDebitMandate', 'interests',
];

/** How long a loan made at a machine runs. */
const LOAN_DAYS = 21;
const DAY_MS = 86_400_000;
/** Unchanged generated patrons kept at hand (the rest are generated again when asked for). */
const CACHED_PATRONS = 512;

/** What a loan request came to: the loans registered, or why not (the HTTP answer is the routes' business). */
export type LendResult = { readonly ok: true; readonly loans: WiseLoan[] } | { readonly ok: false; readonly refusal: 'patron-blocked' | 'item-unknown' | 'item-unavailable' };

/** What a return came to: the item, whether it was on loan (and to whom), and whether a hold waits for it. */
export type ReturnResult = { readonly item: GeneratedItem; readonly wasOnLoan: boolean; readonly borrower?: GeneratedPatron } | undefined;

export interface WiseLibraryOptions {
  readonly seed: number;
  /** Generated patrons (made on demand: a large count costs no memory). */
  readonly memberCount: number;
  readonly libraryId?: string;
  /** The day the library is generated ('YYYY-MM-DD'; default: the day of `now`). */
  readonly today?: string;
}

/**
 * The state of the simulated Wise system: its patrons with loans, holds and fees, and what deliveries
 * changed. Patron i of the generated ones is made from (seed, i) when asked for; only patrons changed
 * or enrolled since are kept (the overlay), and a few recent ones in a small cache.
 */
export class WiseLibrary {
  readonly generator: WiseMemberGenerator;
  /** Patrons generated (0 … count − 1); enrolled ones come after them. */
  readonly generatedCount: number;
  private readonly former: WiseDeletedPatrons;
  private readonly shelf: readonly GeneratedItem[];
  private readonly overlay = new WisePatronOverlay();
  private readonly cache = new RecentCache<number, GeneratedPatron>(CACHED_PATRONS);
  /** Patrons enrolled after generation, as enrolled: part of the state a reset returns to. */
  private readonly enrolledAsEnrolled: GeneratedPatron[] = [];
  /** Members who joined beyond the generated ones from generated data (they have a PIN). */
  private readonly joiners = new Set<string>();
  private nextJoinerIndex: number;
  /** Copies on the shelf and copies that came back or came in with an enrolled patron; a generated loan's copy is known by its barcode. */
  private readonly items = new Map<string, GeneratedItem>();
  /** Who was lent a copy that is not one of their generated loans. */
  private readonly lentTo = new Map<string, string>();

  constructor(
    options: WiseLibraryOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.generator = new WiseMemberGenerator({ seed: options.seed, libraryId: options.libraryId, today: options.today ?? dayOf(now()) });
    this.generatedCount = options.memberCount;
    this.nextJoinerIndex = options.memberCount;
    this.former = new WiseDeletedPatrons(options.seed, options.memberCount, this.generator.numbers, this.generator);
    this.shelf = generateShelf(options.seed, shelfSize(options.memberCount));
    this.reset();
  }

  get libraryId(): string {
    return this.generator.libraryId;
  }

  /** Patrons held: the generated ones and those enrolled since. */
  get memberCount(): number {
    return this.generatedCount + this.overlay.enrolledCount;
  }

  /** Patrons held in memory beyond their generation (changed or enrolled), and generated ones cached. */
  get held(): { readonly overlay: number; readonly cached: number } {
    return { overlay: this.overlay.size, cached: this.cache.size };
  }

  /** The day it is now for the library ('YYYY-MM-DD'). */
  today(): string {
    return dayOf(this.now());
  }

  /** Back to the generated state, with the enrolled patrons as they were enrolled. */
  reset(): void {
    this.overlay.clear();
    this.cache.clear();
    this.items.clear();
    this.lentTo.clear();
    for (const item of this.shelf) this.items.set(item.itemBarcode, item);
    for (const record of this.enrolledAsEnrolled) this.admit(structuredClone(record));
  }

  /** The patron's PIN (the sandbox's secret, for tests and the demo): generated patrons and joiners have one. */
  pinOf(patron: GeneratedPatron): string | undefined {
    const id = patron.patron.patronSystemId ?? '';
    const index = this.generator.numbers.indexOfPatronId(id);
    if (index === undefined || (index >= this.generatedCount && !this.joiners.has(id))) return undefined;
    return this.generator.pin(index);
  }

  /** Patron ids in order (generated by index, then enrolled in enrolment order), from `offset`, at most `limit`. */
  memberIds(offset: number, limit: number): string[] {
    const numbers = this.generator.numbers;
    const generatedEnd = Math.min(this.generatedCount, offset + limit);
    const ids = Array.from({ length: Math.max(0, generatedEnd - offset) }, (_, i) => numbers.patronIdAt(offset + i));
    return [...ids, ...this.overlay.enrolledIds(Math.max(0, offset - this.generatedCount), limit - ids.length)];
  }

  /** The patrons in order as they are now, from `offset`, at most `limit`. */
  patrons(offset: number, limit: number): GeneratedPatron[] {
    return this.memberIds(offset, limit).flatMap((id) => this.find(id) ?? []);
  }

  find(patronSystemId: string): GeneratedPatron | undefined {
    const held = this.overlay.get(patronSystemId);
    if (held !== undefined) return held;
    const index = this.generator.numbers.indexOfPatronId(patronSystemId);
    return index === undefined || index >= this.generatedCount ? undefined : this.generated(index);
  }

  findByCard(cardNumber: string): GeneratedPatron | undefined {
    const index = this.generator.numbers.indexOfCardNumber(cardNumber);
    const id = this.overlay.patronIdOfCard(cardNumber) ?? (index !== undefined && index < this.generatedCount ? this.generator.numbers.patronIdAt(index) : undefined);
    const record = id === undefined ? undefined : this.find(id);
    return record?.patron.cardNumber === cardNumber ? record : undefined;
  }

  /** Ids of the patrons changed on or after the day: generated in index order, then enrolled in enrolment order; one page of them. */
  updatedSince(day: string, page: FeedPage = WHOLE_FEED): string[] {
    const numbers = this.generator.numbers;
    const recent = this.overlay.changedSince(day);
    const changed = recent.generated.flatMap((record) => numbers.indexOfPatronId(record.patron.patronSystemId ?? '') ?? []);
    const source = { count: this.generatedCount, calendar: this.generator.calendar, maxDaysAgo: this.generator.daysBefore(day), changed };
    const { indexes, offsetLeft } = generatedChangedSince(source, page);
    const ids = indexes.map((index) => numbers.patronIdAt(index));
    return [...ids, ...recent.enrolledIds.slice(offsetLeft, offsetLeft + page.limit - ids.length)];
  }

  /** Ids of the patrons removed on or after the day, one page of them. */
  deletedSince(day: string, page: FeedPage = WHOLE_FEED): string[] {
    return this.former.since(day, page.offset, page.limit);
  }

  /** Barcodes of copies on the shelf now (not on loan), in catalogue order; only those with or without a hold when asked. */
  onShelf(holdWaiting?: boolean): string[] {
    return [...this.items.values()].filter((item) => (holdWaiting === undefined || item.holdWaiting === holdWaiting) && this.holderOf(item.itemBarcode) === undefined).map((item) => item.itemBarcode);
  }

  /** The copy with this barcode and whether a member waits for it (undefined: no such copy). */
  item(barcode: string): GeneratedItem | undefined {
    const known = this.items.get(barcode);
    if (known !== undefined) return known;
    const holder = this.holderOf(barcode);
    const loan = holder?.loans.find((candidate) => candidate.itemBarcode === barcode);
    return loan === undefined ? undefined : itemOf(loan, holder?.patron.membership?.branchId ?? '');
  }

  /**
   * Lends the copies to the patron: all or none. A copy the patron already has stays as it is; a blocked
   * or cancelled membership, an unknown copy or a copy on loan to someone else refuses the whole request.
   */
  lend(patron: GeneratedPatron, barcodes: readonly string[]): LendResult {
    if (patron.patron.membership?.status !== 'ACTIVE') return { ok: false, refusal: 'patron-blocked' };
    for (const barcode of barcodes) {
      if (this.item(barcode) === undefined) return { ok: false, refusal: 'item-unknown' };
      const holder = this.holderOf(barcode);
      if (holder !== undefined && holder.patron.patronSystemId !== patron.patron.patronSystemId) return { ok: false, refusal: 'item-unavailable' };
    }
    const today = this.today();
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + LOAN_DAYS * DAY_MS).toISOString().slice(0, 10);
    const loans = [...new Set(barcodes)].map((barcode) => {
      const existing = patron.loans.find((loan) => loan.itemBarcode === barcode);
      if (existing !== undefined) return existing;
      const item = this.item(barcode) as GeneratedItem;
      const loan: WiseLoan = { itemBarcode: barcode, titleId: item.titleId, title: item.title, author: item.author, material: item.material, branchId: item.branchId, loanDate: today, dueDate: due };
      patron.loans.push(loan);
      this.items.set(barcode, item);
      this.lentTo.set(barcode, patron.patron.patronSystemId ?? '');
      return loan;
    });
    this.touch(patron);
    return { ok: true, loans };
  }

  /** Takes a copy back from whoever had it, and says who that was (undefined: no such copy). */
  giveBack(barcode: string): ReturnResult {
    const item = this.item(barcode);
    if (item === undefined) return undefined;
    const holder = this.holderOf(barcode);
    if (holder === undefined) return { item, wasOnLoan: false };
    holder.loans = holder.loans.filter((loan) => loan.itemBarcode !== barcode);
    this.lentTo.delete(barcode);
    this.items.set(barcode, item);
    this.touch(holder);
    return { item, wasOnLoan: true, borrower: holder };
  }

  /**
   * A new patron, from a Wise patron document (its loans, holds and fees included): 'taken' when the id
   * or the card is someone else's. It shows in the delta feed as changed today.
   */
  enrol(document: WisePatronDocument): 'ok' | 'taken' {
    const { loans = [], holds = [], fees = [], ...patron } = structuredClone(document);
    const id = patron.patronSystemId ?? '';
    const card = patron.cardNumber ?? '';
    if (id === '' || card === '' || this.find(id) !== undefined || this.findByCard(card) !== undefined) return 'taken';
    const record: GeneratedPatron = { patron: { ...patron, libraryId: this.libraryId }, loans, holds, fees, updatedOn: this.today() };
    this.enrolledAsEnrolled.push(structuredClone(record));
    this.admit(record);
    return 'ok';
  }

  /**
   * A member joins at the desk beyond the generated ones: the next patron number's generated data as a
   * new member (no loans, fees or holds; active for a year; only consents given, given today), with a PIN.
   * Enrolled like any other, so a reset keeps it. Answers its patron id.
   */
  join(): string {
    for (;;) {
      const document = this.generator.newcomer(this.nextJoinerIndex++, this.now());
      if (this.enrol(document) === 'taken') continue;
      const id = document.patronSystemId ?? '';
      this.joiners.add(id);
      return id;
    }
  }

  /** Replaces what Wise knows of a patron (same id) by a new document: the desk changed the record. */
  revise(document: WisePatronDocument): 'ok' | 'unknown' | 'taken' {
    const { loans = [], holds = [], fees = [], ...patron } = structuredClone(document);
    const record = this.find(patron.patronSystemId ?? '');
    if (record === undefined) return 'unknown';
    const card = patron.cardNumber ?? '';
    const holder = this.findByCard(card);
    if (card === '' || (holder !== undefined && holder.patron.patronSystemId !== record.patron.patronSystemId)) return 'taken';
    const previousCard = record.patron.cardNumber ?? '';
    const branchId = record.patron.membership?.branchId ?? '';
    for (const loan of record.loans) {
      if (!loans.some((kept) => kept.itemBarcode === loan.itemBarcode)) this.returnToShelf(loan, branchId);
    }
    record.patron = { ...patron, libraryId: this.libraryId };
    record.loans = loans;
    record.holds = holds;
    record.fees = fees;
    this.lendEnrolled(record);
    this.touch(record);
    this.overlay.recard(record, previousCard);
    return 'ok';
  }

  /** Books the fees of a payment with the statuses given (paid when none is); undefined when a fee is unknown. */
  registerPayment(patron: GeneratedPatron, body: JsonRecord): 'ok' | 'unknown-fee' {
    const paid = Array.isArray(body.fees) ? (body.fees as unknown[]).filter(isRecord) : [];
    if (paid.some((entry) => !patron.fees.some((fee) => fee.feeId === entry.feeId))) return 'unknown-fee';
    for (const entry of paid) {
      const fee = patron.fees.find((candidate) => candidate.feeId === entry.feeId);
      if (fee !== undefined) fee.status = typeof entry.status === 'string' ? entry.status : 'PAID';
    }
    patron.patron.balance = patron.fees.filter((fee) => fee.status === 'OPEN').reduce((sum, fee) => sum + (fee.amount ?? 0), 0);
    this.touch(patron);
    return 'ok';
  }

  /** Records the consents given, replacing earlier choices of the same type. */
  setConsents(patron: GeneratedPatron, body: JsonRecord): void {
    const given = Array.isArray(body.consents) ? (body.consents as unknown[]).filter(isRecord) : [];
    const consents = [...(patron.patron.consents ?? [])];
    for (const entry of given) {
      if (typeof entry.type !== 'string') continue;
      const consent: WiseConsent = { type: entry.type, ...(typeof entry.granted === 'boolean' ? { granted: entry.granted } : {}), ...(typeof entry.date === 'string' ? { date: entry.date } : {}) };
      const at = consents.findIndex((existing) => existing.type === entry.type);
      if (at >= 0) consents[at] = consent;
      else consents.push(consent);
    }
    patron.patron.consents = consents;
    this.touch(patron);
  }

  /** Takes the patron fields of an update; loans, holds and fees stay Wise's own. */
  updatePatron(patron: GeneratedPatron, body: JsonRecord): void {
    const previousCard = patron.patron.cardNumber ?? '';
    const target = patron.patron as Record<string, unknown>;
    for (const key of UPDATABLE) {
      if (body[key] !== undefined) target[key] = structuredClone(body[key]);
    }
    this.touch(patron);
    this.overlay.recard(patron, previousCard);
  }

  /** Generated patron i as generated (from the cache, or made again). */
  private generated(index: number): GeneratedPatron {
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    const made = this.generator.patron(index);
    this.cache.set(index, made);
    return made;
  }

  /** Who has the copy now: whoever it was lent to here, or the generated borrower its barcode names, if it is still among their loans. */
  private holderOf(barcode: string): GeneratedPatron | undefined {
    for (const id of [this.lentTo.get(barcode), borrowerOfLoanBarcode(barcode)]) {
      const record = id === undefined ? undefined : this.find(id);
      if (record?.loans.some((loan) => loan.itemBarcode === barcode) === true) return record;
    }
    return undefined;
  }

  /** An enrolled patron in the overlay, its loans lent to it. */
  private admit(record: GeneratedPatron): void {
    this.overlay.enrol(record);
    this.lendEnrolled(record);
  }

  /** Copies on a record's loans that are not one of its generated loans: known, and lent to it. */
  private lendEnrolled(record: GeneratedPatron): void {
    const id = record.patron.patronSystemId ?? '';
    for (const loan of record.loans) {
      const barcode = loan.itemBarcode ?? '';
      if (borrowerOfLoanBarcode(barcode) === id) continue;
      if (!this.items.has(barcode)) this.items.set(barcode, itemOf(loan, record.patron.membership?.branchId ?? ''));
      this.lentTo.set(barcode, id);
    }
  }

  private returnToShelf(loan: WiseLoan, branchId: string): void {
    const barcode = loan.itemBarcode ?? '';
    if (!this.items.has(barcode)) this.items.set(barcode, itemOf(loan, branchId));
    this.lentTo.delete(barcode);
  }

  /** The patron changed today: it is kept from now on, and shows in the delta feed. */
  private touch(patron: GeneratedPatron): void {
    const index = this.generator.numbers.indexOfPatronId(patron.patron.patronSystemId ?? '');
    if (index !== undefined) this.cache.delete(index);
    this.overlay.touch(patron, this.today());
  }
}

function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
