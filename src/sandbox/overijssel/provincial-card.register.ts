import { SoapFaultError, SoapOperation } from '../../connectors/overijssel/soap-service';

/** A member as the simulated province holds it: the MemberRecord the soap server parsed. */
export type ProvincialRecord = Readonly<Record<string, unknown>>;

const NO_CARD = new SoapFaultError({ faultCode: 'Client', code: 'CARD_NUMBER_REQUIRED', message: 'A Member needs a CardNumber' });

function memberOf(args: unknown): { readonly cardNumber: string; readonly record: ProvincialRecord } {
  const member = args !== null && typeof args === 'object' ? (args as { Member?: unknown }).Member : undefined;
  const record = member !== null && typeof member === 'object' ? (member as ProvincialRecord) : undefined;
  const cardNumber = record?.CardNumber;
  if (record === undefined || typeof cardNumber !== 'string' || cardNumber === '') throw NO_CARD;
  return { cardNumber, record };
}

/**
 * The province's register of cards valid in every Overijssel library, as the sandbox keeps it. The
 * operations are idempotent: registering twice keeps one record, deregistering an unknown card is done.
 */
export class ProvincialCardRegister {
  private readonly cards = new Map<string, ProvincialRecord>();
  private sequence = 0;

  /** The operations of ProvincialCardPort, for the soap server. */
  operations(): Readonly<Record<string, SoapOperation>> {
    return {
      RegisterMember: (args) => Promise.resolve(this.register(args)),
      DeregisterMember: (args) => Promise.resolve(this.deregister(args)),
      UpdateMemberStatus: (args) => Promise.resolve(this.update(args)),
    };
  }

  /** The record registered under a card number. */
  get(cardNumber: string): ProvincialRecord | undefined {
    return this.cards.get(cardNumber);
  }

  size(): number {
    return this.cards.size;
  }

  clear(): void {
    this.cards.clear();
  }

  private register(args: unknown): { ProvincialReference: string } {
    const { cardNumber, record } = memberOf(args);
    this.cards.set(cardNumber, record);
    return this.acknowledge();
  }

  private deregister(args: unknown): { ProvincialReference: string } {
    this.cards.delete(memberOf(args).cardNumber);
    return this.acknowledge();
  }

  private update(args: unknown): { ProvincialReference: string } {
    const { cardNumber, record } = memberOf(args);
    this.cards.set(cardNumber, { ...(this.cards.get(cardNumber) ?? {}), ...record });
    return this.acknowledge();
  }

  private acknowledge(): { ProvincialReference: string } {
    this.sequence += 1;
    return { ProvincialReference: `OV-${String(this.sequence).padStart(8, '0')}` };
  }
}
