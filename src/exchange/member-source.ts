import { Injectable } from '@nestjs/common';
import { ConnectorHost } from '../connectors/connector-host';
import { Connector, MemberReference } from '../connectors/sdk/connector';
import { ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { GatewayError } from '../errors/gateway-error';

/** The lending system is the system of record for members: 'hka' when enabled, else any 'lookup' connector. */
const PREFERRED_SOURCE = 'hka';

/** Loads a canonical member by id from the system of record, checked against the contract. */
@Injectable()
export class MemberSource {
  constructor(private readonly connectors: ConnectorHost) {}

  async byId(memberId: string, signal: AbortSignal): Promise<ValidMember> {
    return this.load({ memberId }, signal);
  }

  /** By library card: how terminals and partner libraries name a member. */
  async byCard(cardNumber: string, signal: AbortSignal): Promise<ValidMember> {
    return this.load({ cardNumber }, signal);
  }

  private async load(reference: MemberReference, signal: AbortSignal): Promise<ValidMember> {
    const source = this.source();
    const member = await (source.lookup as NonNullable<Connector['lookup']>).call(source, reference, signal);
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
