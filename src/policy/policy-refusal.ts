import { GatewayError } from '../errors/gateway-error';

export type RefusalCode = 'PARTNER_UNKNOWN' | 'PURPOSE_UNKNOWN' | 'CONSENT_MISSING' | 'AGREEMENT_NOT_IN_FORCE' | 'NO_ACTIVE_POLICY' | 'NOTHING_RELEASED';

/** The policy refuses to release anything: nothing leaves, and the reason has a stable code. */
export class PolicyRefusal extends GatewayError {
  constructor(code: RefusalCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, code === 'PARTNER_UNKNOWN' ? 404 : 422, details);
    this.name = 'PolicyRefusal';
  }
}
