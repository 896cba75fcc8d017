import { GatewayError } from './gateway-error';

/**
 * What can go wrong between the gateway and a partner, typed so that delivery knows what to do:
 * a transient error is retried with backoff, a permanent one is not. Messages never hold member data.
 */
export abstract class ConnectorError extends GatewayError {
  abstract readonly transient: boolean;
  /** True when the partner itself answered (a refusal): it is up, whatever it thought of the message. */
  readonly partnerAnswered: boolean = false;
}

/** The partner could not be reached or answered with a server error: try again later. */
export class PartnerUnavailable extends ConnectorError {
  readonly transient = true;
  constructor(partner: string, reason: string) {
    super('PARTNER_UNAVAILABLE', `${partner} is unavailable: ${reason}`, 503, { partner });
  }
}

/** The partner did not answer within the connector's timeout. */
export class PartnerTimeout extends ConnectorError {
  readonly transient = true;
  constructor(partner: string, timeoutMs: number) {
    super('PARTNER_TIMEOUT', `${partner} did not answer within ${timeoutMs} ms`, 504, { partner, timeoutMs });
  }
}

/** The partner refused the message; sending it again will not help. Carries the partner's reason. */
export class PartnerRejected extends ConnectorError {
  readonly transient = false;
  override readonly partnerAnswered = true;
  constructor(
    partner: string,
    readonly reason: string,
  ) {
    super('PARTNER_REJECTED', `${partner} rejected the message: ${reason}`, 502, { partner, reason });
  }
}

/** The canonical payload could not be turned into the partner's wire format (or an answer back). */
export class MappingFailed extends ConnectorError {
  readonly transient = false;
  constructor(partner: string, reason: string) {
    super('MAPPING_FAILED', `${partner}: ${reason}`, 422, { partner });
  }
}

/** The partner answered something that is not its protocol (malformed JSON or XML, a wrong frame). */
export class PartnerProtocolError extends ConnectorError {
  readonly transient = true;
  constructor(partner: string, reason: string) {
    super('PARTNER_PROTOCOL_ERROR', `${partner} answered outside its protocol: ${reason}`, 502, { partner });
  }
}

/** The member asked for does not exist at the partner. */
export class MemberNotFound extends ConnectorError {
  readonly transient = false;
  override readonly partnerAnswered = true;
  constructor(partner: string) {
    super('MEMBER_NOT_FOUND', `${partner} knows no such member`, 404, { partner });
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
