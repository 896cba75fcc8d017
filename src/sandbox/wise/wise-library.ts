import { WiseConsent, WiseLoan, WisePatron, WisePatronDocument } from '../../mapping/wise/wise-patron';
import { GeneratedItem, GeneratedLibrary, GeneratedPatron } from './wise-member.generator';

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

/** What a loan request came to: the loans registered, or why not (the HTTP answer is the routes' business). */
export type LendResult = { readonly ok: true; readonly loans: WiseLoan[] } | { readonly ok: false; readonly refusal: 'patron-blocked' | 'item-unknown' | 'item-unavailable' };

/** What a return came to: the item, whether it was on loan (and to whom), and whether a hold waits for it. */
export type ReturnResult = { readonly item: GeneratedItem; readonly wasOnLoan: boolean; readonly borrower?: GeneratedPatron } | undefined;

/** The state of the simulated Wise system: its patrons with loans, holds and fees, and what deliveries changed. */
export class WiseLibrary {
  private patrons: GeneratedPatron[] = [];
  /** Patrons enrolled after generation (a demo's or a test's members): part of the state a reset returns to. */
  private readonly enrolled: GeneratedPatron[] = [];
  private readonly byId = new Map<string, GeneratedPatron>();
  private readonly byCard = new Map<string, GeneratedPatron>();
  private readonly items = new Map<string, GeneratedItem>();
  private readonly lentTo = new Map<string, GeneratedPatron>();

  constructor(
    private readonly generated: GeneratedLibrary,
    private readonly now: () => number = Date.now,
  ) {
    this.reset();
  }

  get libraryId(): string {
    return this.generated.libraryId;
  }

  /** Back to the generated state, with the enrolled patrons as they were enrolled. */
  reset(): void {
    this.patrons = structuredClone([...this.generated.patrons, ...this.enrolled]);
    this.byId.clear();
    this.byCard.clear();
    this.items.clear();
    this.lentTo.clear();
    for (const item of this.generated.shelf) this.items.set(item.itemBarcode, item);
    for (const patron of this.patrons) {
      this.byId.set(patron.patron.patronSystemId ?? '', patron);
      this.byCard.set(patron.patron.cardNumber ?? '', patron);
      for (const loan of patron.loans) {
        const barcode = loan.itemBarcode ?? '';
        this.items.set(barcode, itemOf(loan, patron.patron.membership?.branchId ?? ''));
        this.lentTo.set(barcode, patron);
      }
    }
  }

  /** The patron's PIN (the sandbox's secret, for tests and the demo). */
  pinOf(patron: GeneratedPatron): string | undefined {
    return this.generated.pins.get(patron.patron.patronSystemId ?? '');
  }

  /** Barcodes of copies on the shelf now (not on loan), in catalogue order; only those with or without a hold when asked. */
  onShelf(holdWaiting?: boolean): string[] {
    return [...this.items.values()].filter((item) => !this.lentTo.has(item.itemBarcode) && (holdWaiting === undefined || item.holdWaiting === holdWaiting)).map((item) => item.itemBarcode);
  }

  /** The copy with this barcode and whether a member waits for it (undefined: no such copy). */
  item(barcode: string): GeneratedItem | undefined {
    return this.items.get(barcode);
  }

  /**
   * Lends the copies to the patron: all or none. A copy the patron already has stays as it is; a blocked
   * or cancelled membership, an unknown copy or a copy on loan to someone else refuses the whole request.
   */
  lend(patron: GeneratedPatron, barcodes: readonly string[]): LendResult {
    if (patron.patron.membership?.status !== 'ACTIVE') return { ok: false, refusal: 'patron-blocked' };
    for (const barcode of barcodes) {
      if (!this.items.has(barcode)) return { ok: false, refusal: 'item-unknown' };
      const holder = this.lentTo.get(barcode);
      if (holder !== undefined && holder !== patron) return { ok: false, refusal: 'item-unavailable' };
    }
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + LOAN_DAYS * DAY_MS).toISOString().slice(0, 10);
    const loans = [...new Set(barcodes)].map((barcode) => {
      const existing = patron.loans.find((loan) => loan.itemBarcode === barcode);
      if (existing !== undefined) return existing;
      const item = this.items.get(barcode) as GeneratedItem;
      const loan: WiseLoan = { itemBarcode: barcode, titleId: item.titleId, title: item.title, author: item.author, material: item.material, branchId: item.branchId, loanDate: today, dueDate: due };
      patron.loans.push(loan);
      this.lentTo.set(barcode, patron);
      return loan;
    });
    this.touch(patron);
    return { ok: true, loans };
  }

  /** Takes a copy back from whoever had it, and says who that was (undefined: no such copy). */
  giveBack(barcode: string): ReturnResult {
    const item = this.items.get(barcode);
    if (item === undefined) return undefined;
    const holder = this.lentTo.get(barcode);
    if (holder === undefined) return { item, wasOnLoan: false };
    holder.loans = holder.loans.filter((loan) => loan.itemBarcode !== barcode);
    this.lentTo.delete(barcode);
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
    if (id === '' || card === '' || this.byId.has(id) || this.byCard.has(card)) return 'taken';
    const record: GeneratedPatron = { patron: { ...patron, libraryId: this.libraryId }, loans, holds, fees, updatedOn: '' };
    this.touch(record);
    this.enrolled.push(structuredClone(record));
    this.patrons.push(record);
    this.byId.set(id, record);
    this.byCard.set(card, record);
    for (const loan of loans) {
      const barcode = loan.itemBarcode ?? '';
      if (!this.items.has(barcode)) this.items.set(barcode, itemOf(loan, patron.membership?.branchId ?? ''));
      this.lentTo.set(barcode, record);
    }
    return 'ok';
  }

  /** Replaces what Wise knows of a patron (same id) by a new document: the desk changed the record. */
  revise(document: WisePatronDocument): 'ok' | 'unknown' | 'taken' {
    const { loans = [], holds = [], fees = [], ...patron } = structuredClone(document);
    const record = this.byId.get(patron.patronSystemId ?? '');
    if (record === undefined) return 'unknown';
    const card = patron.cardNumber ?? '';
    const holder = this.byCard.get(card);
    if (card === '' || (holder !== undefined && holder !== record)) return 'taken';
    this.byCard.delete(record.patron.cardNumber ?? '');
    this.byCard.set(card, record);
    record.patron = { ...patron, libraryId: this.libraryId };
    record.loans = loans;
    record.holds = holds;
    record.fees = fees;
    this.touch(record);
    return 'ok';
  }

  all(): readonly GeneratedPatron[] {
    return this.patrons;
  }

  find(patronSystemId: string): GeneratedPatron | undefined {
    return this.byId.get(patronSystemId);
  }

  findByCard(cardNumber: string): GeneratedPatron | undefined {
    return this.byCard.get(cardNumber);
  }

  updatedSince(day: string): string[] {
    return this.patrons.filter((patron) => patron.updatedOn >= day).map((patron) => patron.patron.patronSystemId ?? '');
  }

  deletedSince(day: string): string[] {
    return this.generated.deleted.filter((entry) => entry.deletedOn >= day).map((entry) => entry.patronSystemId);
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
    const target = patron.patron as Record<string, unknown>;
    for (const key of UPDATABLE) {
      if (body[key] !== undefined) target[key] = structuredClone(body[key]);
    }
    this.touch(patron);
  }

  private touch(patron: GeneratedPatron): void {
    patron.updatedOn = new Date(this.now()).toISOString().slice(0, 10);
  }
}
