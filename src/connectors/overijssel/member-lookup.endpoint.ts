import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Authenticator } from '../../auth/authenticator';
import { ValidMember } from '../../domain/member';
import { InboundDisclosureService } from '../../exchange/inbound-disclosure.service';
import { MemberSource } from '../../exchange/member-source';
import { GatewayCounters } from '../../metrics/gateway-counters';
import { MEMBER_LOOKUP_PATH, soapActionAgrees } from '../../mapping/overijssel/card-service.contract';
import { LibraryRequest, readLibraryRequest, UsernameToken } from '../../mapping/overijssel/library-request';
import { CARD_NUMBER, MemberRecord, toMemberRecord } from '../../mapping/overijssel/member-record';
import { judgeTimestamp } from '../../mapping/overijssel/security-timestamp';
import { ServiceFault, soapFaultEnvelope } from '../../mapping/overijssel/soap-fault';
import { ConnectorHost } from '../connector-host';
import { faultForLookup, faultForUnreadable, LOOKUP_FAULTS } from './lookup-faults';
import { overijsselManifest } from './overijssel.manifest';
import { SoapAnswer, SoapFaultError, SoapService } from './soap-service';

const PARTNER = overijsselManifest.id;
const PURPOSE = 'member-lookup';
const OPERATION = 'MemberLookup';
/** How long a lookup may wait for the lending system: a librarian is waiting at the desk. */
const LOOKUP_TIMEOUT_MS = 10_000;
/** Clock difference allowed between a caller and the gateway when judging a wsu:Timestamp, either way. */
const TIMESTAMP_SKEW_MS = 5 * 60_000;

function fault(serviceFault: ServiceFault): SoapAnswer {
  return { status: 500, body: soapFaultEnvelope(serviceFault) };
}

function cardNumberOf(args: unknown): string {
  const value = args !== null && typeof args === 'object' ? (args as { CardNumber?: unknown }).CardNumber : undefined;
  const cardNumber = typeof value === 'string' ? value.trim() : '';
  if (!CARD_NUMBER.test(cardNumber)) throw new SoapFaultError(LOOKUP_FAULTS.invalidCard);
  return cardNumber;
}

/**
 * The gateway's side of the provincial card service: MemberLookup, called by the province and the other
 * Overijssel libraries. Each envelope is checked before the soap package sees it (assertSafeXml, SOAP 1.1,
 * the operation and a SOAPAction that agrees with it); a wsu:Timestamp, when present, must be current
 * (within TIMESTAMP_SKEW_MS); then the caller's WS-Security UsernameToken must be a partner credential of
 * 'overijssel'. The answer is the member through the `overijssel` policy's member-lookup purpose,
 * recorded in the disclosure ledger, written by the soap server from the WSDL's MemberLookupResponse.
 */
@Injectable()
export class MemberLookupEndpoint implements OnModuleInit {
  private readonly logger = new Logger(MemberLookupEndpoint.name);
  private soap: SoapService | undefined;

  constructor(
    private readonly members: MemberSource,
    private readonly disclosures: InboundDisclosureService,
    private readonly authenticator: Authenticator,
    private readonly connectors: ConnectorHost,
    private readonly counters: GatewayCounters,
  ) {}

  async onModuleInit(): Promise<void> {
    this.soap = await SoapService.start(MEMBER_LOOKUP_PATH, 'LibraryMemberService', 'LibraryMemberPort', { [OPERATION]: (args) => this.counted(args) });
  }

  /**
   * Answers one POSTed body with the SOAPAction header it came with: a MemberLookupResponse or a SOAP
   * fault, never an error of another kind.
   */
  async answer(body: unknown, soapAction: string | undefined): Promise<SoapAnswer> {
    if (typeof body !== 'string') return this.refused(LOOKUP_FAULTS.malformed);
    const refused = await this.refusal(body, soapAction);
    if (refused !== undefined || this.soap === undefined) return this.refused(refused ?? LOOKUP_FAULTS.internal);
    // Counted by the operation (counted()): its answer or its fault.
    return this.soap.process(body);
  }

  private refused(serviceFault: ServiceFault): SoapAnswer {
    this.counters.inboundAnswered('soap', PARTNER, OPERATION, serviceFault.code);
    return fault(serviceFault);
  }

  /** Why the envelope is refused before the operation runs, or undefined when it may run. */
  private async refusal(body: string, soapAction: string | undefined): Promise<ServiceFault | undefined> {
    let request: LibraryRequest;
    try {
      request = readLibraryRequest(body);
    } catch (error) {
      return faultForUnreadable(error);
    }
    if (!soapActionAgrees(soapAction, request.operation)) return LOOKUP_FAULTS.soapActionMismatch;
    if (!this.connectors.partners().some((entry) => entry.manifest.id === PARTNER && entry.enabled)) return LOOKUP_FAULTS.disabled;
    // Before the credential is checked: an expired or replayed message is refused as it is, whoever sent it.
    if (request.timestamp !== undefined && judgeTimestamp(request.timestamp, Date.now(), TIMESTAMP_SKEW_MS) !== 'current') return LOOKUP_FAULTS.messageExpired;
    if (!(await this.isOverijsselLibrary(request.token))) return LOOKUP_FAULTS.authentication;
    return undefined;
  }

  /** The operation, counted for GET /metrics by its outcome: 'ok' or the fault's stable code. */
  private async counted(args: unknown): Promise<{ Member: MemberRecord }> {
    try {
      const answer = await this.lookup(args);
      this.counters.inboundAnswered('soap', PARTNER, OPERATION, 'ok');
      return answer;
    } catch (error) {
      this.counters.inboundAnswered('soap', PARTNER, OPERATION, error instanceof SoapFaultError ? error.fault.code : LOOKUP_FAULTS.internal.code);
      throw error;
    }
  }

  /** A partner credential bound to 'overijssel', presented as a PasswordText UsernameToken. */
  private async isOverijsselLibrary(token: UsernameToken | undefined): Promise<boolean> {
    if (token === undefined || !token.passwordText || token.username === '' || token.password === '') return false;
    const principal = await this.authenticator.authenticateCredential(token.username, token.password);
    return principal !== undefined && principal.roles.includes('partner') && principal.partner === PARTNER;
  }

  private async lookup(args: unknown): Promise<{ Member: MemberRecord }> {
    const cardNumber = cardNumberOf(args);
    let member: ValidMember;
    try {
      member = await this.members.byCard(cardNumber, AbortSignal.timeout(LOOKUP_TIMEOUT_MS));
    } catch (error) {
      throw this.faultFor(error);
    }
    try {
      // Rendered before the ledger entry: a record the WSDL cannot carry is a fault, not a disclosure.
      return await this.disclosures.answer({ partner: PARTNER, purpose: PURPOSE, member }, (payload) => ({
        answer: { Member: toMemberRecord(payload.fields) },
        fields: payload.disclosedFields(),
      }));
    } catch (error) {
      throw this.faultFor(error);
    }
  }

  private faultFor(error: unknown): SoapFaultError {
    const serviceFault = faultForLookup(error);
    if (serviceFault.faultCode === 'Server') this.logger.warn(`MemberLookup failed: ${serviceFault.code} (${error instanceof Error ? error.name : typeof error})`);
    return new SoapFaultError(serviceFault);
  }
}
