import { Injectable } from '@nestjs/common';
import { LedgerService } from '../audit/ledger.service';
import { ValidMember } from '../domain/member';
import { GatewayCounters } from '../metrics/gateway-counters';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { DisclosedField, ReleasedPayload } from '../policy/released-payload';

/** A protocol answer and the released fields it carries (what the ledger records). */
export interface RenderedAnswer<T> {
  readonly answer: T;
  readonly fields: readonly DisclosedField[];
}

export interface InboundQuestion {
  /** The partner asking (from its credential, never from the message). */
  readonly partner: string;
  /** The purpose of the partner's policy that this kind of request serves, e.g. 'member-lookup'. */
  readonly purpose: string;
  readonly member: ValidMember;
}

/**
 * A partner asks about a member (NCIP LookupUser, SOAP MemberLookup, SIP2 Patron Information): the
 * answer is the member through the partner's active policy for that purpose — refused like any other
 * release — and the disclosure is written to the ledger once the answer is rendered, before it leaves.
 */
@Injectable()
export class InboundDisclosureService {
  constructor(
    private readonly policies: PolicyVersionsService,
    private readonly ledger: LedgerService,
    private readonly counters: GatewayCounters,
  ) {}

  /**
   * Releases the member for the question and renders the protocol answer from the released payload.
   * The ledger entry is written only after the answer was rendered, and records the fields the answer
   * carries (none: nothing is recorded, e.g. a refusal rendered from the released status).
   */
  async answer<T>(question: InboundQuestion, render: (payload: ReleasedPayload) => RenderedAnswer<T>): Promise<T> {
    let payload: ReleasedPayload;
    try {
      payload = (await this.policies.compiledPolicy(question.partner)).release(question.member, question.purpose);
    } catch (error) {
      // The partner comes from the caller's credential and the purpose from the protocol, never from the message.
      if (error instanceof PolicyRefusal) this.counters.refusal(question.partner, error.code);
      throw error;
    }
    const rendered = render(payload);
    if (rendered.fields.length > 0) {
      const { origin } = payload;
      await this.ledger.record({
        memberId: question.member.memberId,
        partner: origin.partner,
        purpose: origin.purpose,
        policyVersion: origin.policyVersion,
        policyHash: origin.policyHash,
        agreementReference: origin.agreementReference,
        fields: [...rendered.fields],
      });
    }
    return rendered.answer;
  }
}
