import { Injectable } from '@nestjs/common';
import { LedgerService } from '../audit/ledger.service';
import { ValidMember } from '../domain/member';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { ReleasedPayload } from '../policy/released-payload';

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
 * release — and the disclosure is written to the ledger before the answer leaves.
 */
@Injectable()
export class InboundDisclosureService {
  constructor(
    private readonly policies: PolicyVersionsService,
    private readonly ledger: LedgerService,
  ) {}

  async answer(question: InboundQuestion): Promise<ReleasedPayload> {
    const policy = await this.policies.compiledPolicy(question.partner);
    const payload = policy.release(question.member, question.purpose);
    const { origin } = payload;
    await this.ledger.record({
      memberId: question.member.memberId,
      partner: origin.partner,
      purpose: origin.purpose,
      policyVersion: origin.policyVersion,
      policyHash: origin.policyHash,
      agreementReference: origin.agreementReference,
      fields: payload.disclosedFields(),
    });
    return payload;
  }
}
