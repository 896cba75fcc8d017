import { Injectable } from '@nestjs/common';
import { Principal } from '../../auth/principal';
import { ValidMember } from '../../domain/member';
import { GatewayError } from '../../errors/gateway-error';
import { InboundDisclosureService, RenderedAnswer } from '../../exchange/inbound-disclosure.service';
import { MemberSource } from '../../exchange/member-source';
import { GatewayCounters } from '../../metrics/gateway-counters';
import { LookupUserRequest, readNcipRequest } from '../../mapping/ncip/ncip-lookup-user';
import { toLookupUserResponse } from '../../mapping/ncip/ncip-lookup-user-response';
import { ncipProblem, ProblemKind, writeProblemMessage } from '../../mapping/ncip/ncip-problem';
import { NcipContext, textField } from '../../mapping/ncip/ncip-user-fields';
import { NcipMessageInvalid, NcipWriteFailed } from '../../mapping/ncip/ncip-xml';
import { UnsafeXml } from '../../mapping/xml/xml-safety';
import { PolicyRefusal } from '../../policy/policy-refusal';
import { ConnectorHost } from '../connector-host';
import { MappingFailed, MemberNotFound } from '../sdk/connector-errors';
import { bareProblem, NcipAnswer } from './ncip-answer';
import { KB_ANSWER_PURPOSE, KbConnector } from './kb.connector';
import { kbManifest } from './kb.manifest';

/** The purpose of the kb policy that a LookupUser serves: the Single Identity login. */
export const LOOKUP_PURPOSE = KB_ANSWER_PURPOSE;
/** The canonical card number (contracts/member.schema.json): anything else is no card of ours. */
/** Why a PIN did not pass, as the Problem's detail (never the PIN). */
const PIN_REFUSALS = {
  invalid: 'the PIN is not valid',
  locked: 'too many wrong PINs for this card: try again later',
  unsupported: 'the lending system offers no PIN check',
} as const;
const CARD_NUMBER = /^[0-9A-Za-z]{4,32}$/;
/** Membership states in which the KB is refused the user (the Problem names the state, nothing more). */
const REFUSED_STATES: Readonly<Record<string, string>> = { blocked: 'User Blocked', cancelled: 'membership ended' };

/**
 * Answers the KB's NCIP requests: LookupUser by card number, through the kb policy's 'single-identity'
 * purpose (ledger entry included), and Problems for everything else. Decides on released fields only,
 * so not even a refusal says what the policy withholds.
 */
@Injectable()
export class NcipLookupService {
  constructor(
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly disclosures: InboundDisclosureService,
    private readonly counters: GatewayCounters,
  ) {}

  async answer(body: unknown, principal: Principal, signal: AbortSignal): Promise<NcipAnswer> {
    const { operation, answer } = await this.answerOf(body, principal, signal);
    this.counters.inboundAnswered('ncip', kbManifest.id, operation, answer.problem ?? 'ok');
    return answer;
  }

  /** The answer, and the operation it answers as a metric label: 'LookupUser', or 'other' for everything else. */
  private async answerOf(body: unknown, principal: Principal, signal: AbortSignal): Promise<{ operation: string; answer: NcipAnswer }> {
    const other = (answer: NcipAnswer) => ({ operation: 'other', answer });
    if (principal.partner !== kbManifest.id) return other(bareProblem(403, 'unauthorizedServiceForSystem', { detail: 'this credential does not speak for the KB' }));
    const kb = this.connectors.enabled().find((connector): connector is KbConnector => connector instanceof KbConnector);
    if (kb === undefined) return other(bareProblem(503, 'unsupportedService', { detail: 'the KB connector is not enabled on this gateway' }));
    let request;
    try {
      if (typeof body !== 'string') throw new NcipMessageInvalid('the body is not XML (send Content-Type: application/xml)');
      request = readNcipRequest(body);
    } catch (error) {
      if (error instanceof UnsafeXml || error instanceof NcipMessageInvalid) return other(bareProblem(400, 'invalidMessageSyntax', { detail: error.message }));
      throw error;
    }
    if (!('lookup' in request)) return other(bareProblem(200, request.known ? 'unsupportedService' : 'unknownService', { element: request.service }));
    return { operation: 'LookupUser', answer: await this.lookupUser(request.lookup, kb.ncipContext, kb.pinRequired, signal) };
  }

  private async lookupUser(lookup: LookupUserRequest, context: NcipContext, pinRequired: boolean, signal: AbortSignal): Promise<NcipAnswer> {
    const agencies = lookup.fromAgencyId === undefined ? undefined : { from: context.agencyId, to: lookup.fromAgencyId };
    const problem = (kind: ProblemKind, about: { detail?: string; element?: string; value?: string }, status = 200): NcipAnswer => ({
      status,
      xml: writeProblemMessage([ncipProblem(kind, about)], 'LookupUserResponse', agencies),
      problem: kind,
    });
    const card = lookup.userIdentifier;
    if (card === undefined) return problem('neededDataMissing', { element: 'UserId', detail: 'the LookupUser names no user' });
    if (!CARD_NUMBER.test(card)) return problem('unknownUser', { element: 'UserId' });
    let member: ValidMember;
    try {
      // A card locked after wrong PINs stays locked, with or without a PIN; where the PIN is required, none is no answer.
      if (await this.members.pinLocked(card)) return problem('userAuthenticationFailed', { element: 'AuthenticationInput', detail: PIN_REFUSALS.locked });
      if (lookup.pin === undefined && pinRequired) return problem('userAuthenticationFailed', { element: 'AuthenticationInput', detail: 'this library requires the PIN' });
      // A PIN is checked by the lending system before anything of the member is looked at; it fails closed.
      if (lookup.pin !== undefined) {
        const verdict = await this.members.verifyPin(card, lookup.pin, signal);
        if (verdict !== 'valid') return problem('userAuthenticationFailed', { element: 'AuthenticationInput', detail: PIN_REFUSALS[verdict] });
      }
      member = await this.members.byCard(card, signal);
    } catch (error) {
      if (error instanceof MemberNotFound) return problem('unknownUser', { element: 'UserId', value: card });
      if (error instanceof GatewayError) return problem('temporaryProcessingFailure', { detail: 'the lending system did not answer' }, 503);
      throw error;
    }
    try {
      // The answer is rendered before the ledger entry, which records what the answer carries; a failed
      // write records nothing, since nothing of the member left.
      return await this.disclosures.answer({ partner: kbManifest.id, purpose: LOOKUP_PURPOSE, member }, (payload): RenderedAnswer<NcipAnswer> => {
        const refused = REFUSED_STATES[textField(payload.fields, 'membership.status') ?? ''];
        // A block names the membership status and nothing else of the member: that is what left.
        if (refused !== undefined) {
          const status = payload.disclosedFields().filter((field) => field.path === 'membership.status');
          return { answer: problem('userAccessDenied', { detail: refused, element: 'UserId', value: card }), fields: status };
        }
        const xml = toLookupUserResponse(payload.fields, { elements: lookup.elements, userIdentifier: card, ...(agencies !== undefined ? { agencies } : {}) }, context);
        return { answer: { status: 200, xml }, fields: payload.disclosedFields() };
      });
    } catch (error) {
      if (error instanceof PolicyRefusal) return problem('unauthorizedServiceForAgency', { detail: `the sharing policy refuses: ${error.code}` });
      if (error instanceof MappingFailed || error instanceof NcipWriteFailed) return problem('temporaryProcessingFailure', { detail: 'the released fields cannot be written as NCIP' }, 500);
      throw error;
    }
  }
}
