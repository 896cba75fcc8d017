import { WiseConsent, WisePatron } from '../../mapping/wise/wise-patron';
import { GeneratedLibrary, GeneratedPatron } from './wise-member.generator';

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields of a patron that a patron update may change (not its id, not its loans, holds or fees). */
const UPDATABLE: readonly (keyof WisePatron)[] = [
  'cardNumber', 'firstName', 'initials', 'middleName', 'lastName', 'dateOfBirth', 'gender', 'emailAddress', 'phoneNumber',
  'addresses', 'notificationPreference', 'membership', 'bankAccount', 'directDebitMandate', 'interests',
];

/** The state of the simulated Wise system: its patrons with loans, holds and fees, and what deliveries changed. */
export class WiseLibrary {
  private patrons: GeneratedPatron[] = [];
  private readonly byId = new Map<string, GeneratedPatron>();
  private readonly byCard = new Map<string, GeneratedPatron>();

  constructor(
    private readonly generated: GeneratedLibrary,
    private readonly now: () => number = Date.now,
  ) {
    this.reset();
  }

  get libraryId(): string {
    return this.generated.libraryId;
  }

  /** Back to the generated state. */
  reset(): void {
    this.patrons = structuredClone(this.generated.patrons);
    this.byId.clear();
    this.byCard.clear();
    for (const patron of this.patrons) {
      this.byId.set(patron.patron.patronSystemId ?? '', patron);
      this.byCard.set(patron.patron.cardNumber ?? '', patron);
    }
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
