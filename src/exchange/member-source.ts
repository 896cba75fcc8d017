import { Injectable } from '@nestjs/common';
import { ConnectorHost } from '../connectors/connector-host';
import { Connector, MemberPart, MemberReference } from '../connectors/sdk/connector';
import { MemberNotFound } from '../errors/partner-errors';
import { ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { GatewayError } from '../errors/gateway-error';
import { PinAttempts } from './pin-attempts';

/** What a PIN check came to: `locked` after too many wrong PINs, `unsupported` when the source keeps no PINs. */
export type PinVerdict = 'valid' | 'invalid' | 'locked' | 'unsupported';

/** The lending system is the system of record for members: 'hka' when enabled, else any 'lookup' connector. */
const PREFERRED_SOURCE = 'hka';

/** Loads a canonical member by id from the system of record, checked against the contract. */
@Injectable()
export class MemberSource {
  constructor(
    private readonly connectors: ConnectorHost,
    private readonly pinAttempts: PinAttempts,
  ) {}

  /**
   * Whether the PIN is the member's, asked of the system of record (which keeps PINs; the gateway never
   * does). Too many wrong PINs for a card lock it for a while without asking. MemberNotFound for an unknown card.
   */
  async verifyPin(cardNumber: string, pin: string, signal: AbortSignal): Promise<PinVerdict> {
    const source = this.source();
    if (source.verifyPin === undefined) return 'unsupported';
    const attempt = await this.pinAttempts.begin(cardNumber);
    if (attempt === undefined) return 'locked';
    let valid: boolean;
    try {
      valid = await source.verifyPin({ cardNumber }, pin, signal);
    } catch (error) {
      await attempt.unchecked();
      throw error;
    }
    if (valid) await attempt.right();
    return valid ? 'valid' : 'invalid';
  }

  /** Whether the card is locked after too many wrong PINs (every instance knows it). */
  pinLocked(cardNumber: string): Promise<boolean> {
    return this.pinAttempts.locked(cardNumber);
  }

  /** By id; `parts` loads only those lists of the member (see MemberPart): for callers that know what they release. */
  async byId(memberId: string, signal: AbortSignal, parts?: ReadonlySet<MemberPart>): Promise<ValidMember> {
    return this.load({ memberId }, signal, parts);
  }

  /**
   * Whether the system of record knows the member (an access report, a legal order): undefined when no
   * enabled source can look members up. Other failures of the source are thrown, not taken for "no".
   */
  async exists(memberId: string, signal: AbortSignal): Promise<boolean | undefined> {
    if (!this.connectors.enabled().some((c) => c.manifest.capabilities.includes('lookup') && c.lookup !== undefined)) return undefined;
    try {
      await this.byId(memberId, signal);
      return true;
    } catch (error) {
      if (error instanceof MemberNotFound) return false;
      throw error;
    }
  }

  /** By library card: how terminals and partner libraries name a member. */
  async byCard(cardNumber: string, signal: AbortSignal): Promise<ValidMember> {
    return this.load({ cardNumber }, signal);
  }

  /**
   * Members the system of record changed since a day ('YYYY-MM-DD'), from its delta feed; undefined when
   * no enabled source has one.
   */
  async changedSince(day: string, signal: AbortSignal): Promise<readonly string[] | undefined> {
    const source = this.connectors.enabled().find((c) => c.manifest.capabilities.includes('pull') && c.pullDelta !== undefined && c.lookup !== undefined);
    if (source?.pullDelta === undefined) return undefined;
    return (await source.pullDelta(day, signal)).updated;
  }

  /**
   * One page of the ids of every member of the system of record (an initial cycle); undefined when no
   * enabled source can list its members.
   */
  async page(offset: number, limit: number, signal: AbortSignal): Promise<readonly string[] | undefined> {
    const source = this.connectors.enabled().find((c) => c.manifest.capabilities.includes('pull') && c.listMembers !== undefined && c.lookup !== undefined);
    if (source?.listMembers === undefined) return undefined;
    return source.listMembers(offset, limit, signal);
  }

  private async load(reference: MemberReference, signal: AbortSignal, parts?: ReadonlySet<MemberPart>): Promise<ValidMember> {
    const source = this.source();
    const member = await (source.lookup as NonNullable<Connector['lookup']>).call(source, reference, signal, parts);
    const checked = validateMember(member);
    if (!checked.ok) {
      throw new GatewayError('SOURCE_MEMBER_INVALID', `the member from '${source.manifest.id}' does not meet the contract at ${checked.violations.map((v) => v.path).slice(0, 5).join(', ')}`, 502);
    }
    return checked.member;
  }

  private source(): Connector {
    const candidates = this.connectors.enabled().filter((c) => c.manifest.capabilities.includes('lookup') && c.lookup !== undefined);
    const source = candidates.find((c) => c.manifest.id === PREFERRED_SOURCE) ?? candidates[0];
    if (source === undefined) throw new GatewayError('NO_MEMBER_SOURCE', 'no enabled connector can look members up: send the member itself', 409);
    return source;
  }
}
