import { Logger } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { Connector } from '../connectors/sdk/connector';
import { Sip2ServerSettings } from '../connectors/sip2/sip2-server.settings';
import { Sip2Profile } from '../connectors/sip2/sip2-profile';
import { ValidMember } from '../domain/member';
import { InboundQuestion } from '../exchange/inbound-disclosure.service';
import { Sip2Outcome } from '../metrics/gateway-counters';
import { PinVerdict } from '../exchange/member-source';
import { ReleasedPayload } from '../policy/released-payload';
import { PaymentAnswer } from './payment-replays';

/** What a session needs from the gateway: the credential check, the members, the policy and the lending system. */
export interface Sip2Gateway {
  readonly settings: Sip2ServerSettings;
  readonly logger: Logger;
  authenticate(name: string, secret: string): Promise<Principal | undefined>;
  /** Whether the logged-in account still works (not disabled since): asked on every message. */
  stillValid(principal: Principal): Promise<boolean>;
  /** The enabled SIP2 partner's profile, or undefined. */
  profile(partner: string): Sip2Profile | undefined;
  memberByCard(cardNumber: string, signal: AbortSignal): Promise<ValidMember>;
  /** Whether the card is locked after too many wrong PINs (shared by every instance): then nothing is answered for it. */
  pinLocked(cardNumber: string): Promise<boolean>;
  /** Whether a patron's PIN is right, asked of the lending system (with its lock after repeated wrong PINs). */
  verifyPin(cardNumber: string, pin: string, signal: AbortSignal): Promise<PinVerdict>;
  /**
   * The member through the partner's policy for the purpose, recorded in the ledger: the fields not yet
   * in `accounted` (keys of fields this patron session has recorded already), or all of them.
   */
  release(question: InboundQuestion, accounted?: ReadonlySet<string>): Promise<ReleasedPayload>;
  /** The lending system's connector: payments, loans and returns are registered there. */
  lendingConnector(): Connector;
  /** Books a fee payment once per terminal transaction id (BK): a repeated 37 gets the first answer. */
  payOnce(account: string, card: string, transactionId: string, book: () => Promise<PaymentAnswer>): Promise<PaymentAnswer>;
  now(): Date;
  /** Counts one handled request by its command code ('unknown' when not SIP2's) and outcome, for GET /metrics. */
  counted(code: string, outcome: Sip2Outcome): void;
  /** How long one call to the lending system may take. */
  readonly timeoutMs: number;
}
