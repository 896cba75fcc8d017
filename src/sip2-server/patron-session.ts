import { MemberNotFound } from '../connectors/sdk/connector-errors';
import { Member } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { sha256Hex } from '../domain/sha256';
import { PinVerdict } from '../exchange/member-source';
import { ReleasedPayload } from '../policy/released-payload';
import { accountedAfter, SessionDisclosure } from './session-disclosure';
import { Sip2Gateway } from './sip2-gateway';

/**
 * A membership whose validUntil lies in the past is not active, whatever the lending system's status
 * says: at a terminal it counts as ended (charge privileges denied, no loans).
 */
export function withLapsedMembershipEnded<M extends Member>(member: M, today: string): M {
  const membership = member.membership;
  if (membership === undefined || membership.status !== 'active' || membership.validUntil === undefined || membership.validUntil >= today) return member;
  return { ...member, membership: { ...membership, status: 'cancelled' } };
}

/** Whom a terminal's answers are released to: its partner and the purpose of its login. */
export interface TerminalAudience {
  readonly partner: string;
  readonly purpose: string;
}

/**
 * What one SIP2 connection knows of the patrons it serves until 35 End Session or the end of the
 * connection: each member released once through the terminal's policy (one ledger entry), revised after
 * a loan or a return, and the PINs the lending system accepted (as hashes).
 */
export class PatronSession {
  private readonly released = new Map<string, Promise<SessionDisclosure>>();
  /** Card and PIN hash of PINs the lending system accepted in this patron session. */
  private readonly pinsPassed = new Set<string>();

  constructor(private readonly gateway: Sip2Gateway) {}

  /** Forgets every patron (35 End Session, a new login, the end of the connection). */
  clear(): void {
    this.released.clear();
    this.pinsPassed.clear();
  }

  /** Forgets one patron's release (after a payment changed the member): the next question is a new disclosure. */
  forget(card: string): void {
    this.released.delete(card);
  }

  /** The member of the card through this terminal's policy; once per patron session (one ledger entry). */
  disclosedFor(audience: TerminalAudience, card: string): Promise<SessionDisclosure | undefined> {
    let release = this.released.get(card);
    if (release === undefined) {
      release = this.gateway.memberByCard(card, AbortSignal.timeout(this.gateway.timeoutMs)).then(async (found) => {
        const member = withLapsedMembershipEnded(found, this.gateway.now().toISOString().slice(0, 10));
        const payload = await this.gateway.release({ ...audience, member });
        return { member, payload, accounted: accountedAfter(payload) };
      });
      this.released.set(card, release);
      void release.catch(() => this.released.delete(card));
    }
    return release.catch((error: unknown) => {
      if (error instanceof MemberNotFound) return undefined;
      throw error;
    });
  }

  async releaseFor(audience: TerminalAudience, card: string): Promise<ReleasedPayload | undefined> {
    return (await this.disclosedFor(audience, card))?.payload;
  }

  /**
   * The session's view of a member after a loan or a return changed it: released again through the
   * terminal's policy, with a ledger entry only for fields this session had not recorded yet.
   */
  async revise(audience: TerminalAudience, card: string, before: SessionDisclosure, changed: Member): Promise<SessionDisclosure> {
    const checked = validateMember(changed);
    if (!checked.ok) return before;
    const payload = await this.gateway.release({ ...audience, member: checked.member }, before.accounted);
    const revised = { member: checked.member, payload, accounted: accountedAfter(payload, before.accounted) };
    this.released.set(card, Promise.resolve(revised));
    return revised;
  }

  /**
   * What a patron question, a loan or a payment for this card may go on with: a card locked after too
   * many wrong PINs is refused whether or not a PIN is sent; a terminal that must ask for the PIN gets
   * 'required' without one; a PIN sent is checked (pinCheck). Undefined: no PIN, and none needed.
   */
  async gate(card: string, pin: string | undefined, required: boolean): Promise<PinVerdict | 'unknown' | 'required' | undefined> {
    if (await this.gateway.pinLocked(card)) {
      this.gateway.logger.warn('sip2 patron refused: card locked after wrong PINs');
      return 'locked';
    }
    if (pin === undefined || pin === '') return required ? 'required' : undefined;
    return this.pinCheck(card, pin);
  }

  /**
   * A PIN the terminal sent (AD) is checked by the lending system before anything of the patron is
   * released; a PIN that passed is not asked again in this patron session. Undefined: no PIN was sent.
   */
  async pinCheck(card: string, pin: string | undefined): Promise<PinVerdict | 'unknown' | undefined> {
    if (pin === undefined || pin === '') return undefined;
    const key = `${card}\u0000${sha256Hex(pin)}`;
    if (this.pinsPassed.has(key)) return 'valid';
    let verdict: PinVerdict;
    try {
      verdict = await this.gateway.verifyPin(card, pin, AbortSignal.timeout(this.gateway.timeoutMs));
    } catch (error) {
      if (error instanceof MemberNotFound) return 'unknown';
      throw error;
    }
    if (verdict === 'valid') this.pinsPassed.add(key);
    else this.gateway.logger.warn(`sip2 patron PIN refused: ${verdict}`);
    return verdict;
  }

  /** Members of this session who had the returned item: their view loses the loan. */
  async forgetLoan(audience: TerminalAudience, itemId: string): Promise<void> {
    for (const [card, pending] of [...this.released]) {
      const disclosed = await pending.catch(() => undefined);
      if (disclosed === undefined || !(disclosed.member.loans ?? []).some((loan) => loan.itemId === itemId)) continue;
      await this.revise(audience, card, disclosed, { ...disclosed.member, loans: (disclosed.member.loans ?? []).filter((loan) => loan.itemId !== itemId) });
    }
  }
}
