import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DisclosureReport } from '../../audit/disclosure-report';
import { LedgerCheckpoints } from '../../audit/ledger-checkpoints.service';
import { LedgerService } from '../../audit/ledger.service';
import { Roles } from '../../auth/roles.decorator';
import { GatewayConfig } from '../../config/gateway.config';
import { InjectGatewayConfig } from '../../config/gateway-config.token';
import { CONSENT_NAMES } from '../../domain/member';
import { GatewayError } from '../../errors/gateway-error';
import { MemberSource } from '../../exchange/member-source';
import { PolicyRefusal } from '../../policy/policy-refusal';
import { PolicyVersionsService } from '../../policy/policy-versions.service';
import { PolicyDocument } from '../../policy/policy.document';
import { amsterdamDay } from '../../policy/amsterdam-calendar';
import { LEGAL_PARTNER } from '../legal/legal-order';
import { LegalDisclosuresService } from '../legal/legal-disclosures.service';

const MEMBER_ID_MAX = 64;
/** The member's rights under the AVG, named in every report (the console words them). */
const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'complaint'] as const;

/** Per recipient, what the member reads: who, and why — from the partner's active policy. */
interface RecipientContext {
  readonly partner: string;
  readonly recipient: string;
  readonly relationship: PolicyDocument['relationship'] | null;
  readonly purposes: ReadonlyArray<{ readonly purpose: string; readonly description: string; readonly legalBasis: string; readonly retentionDays: number | null }>;
}

export type MemberAccessReport = DisclosureReport & {
  /** Who answers: the library (the controller) and where to ask or object. */
  readonly controller: { readonly name: string; readonly privacyContact: string };
  /** The member's rights (art. 15–21 AVG, and a complaint to the Autoriteit Persoonsgegevens). */
  readonly rights: readonly string[];
  readonly context: readonly RecipientContext[];
  /**
   * Disclosures under a legal order that the member's own copy leaves out for now (art. 23 AVG: the
   * order asked so, until `until`); the officer's copy shows them. They appear in the member's copy after.
   */
  readonly heldBack: ReadonlyArray<{ readonly seq: number; readonly orderReference: string; readonly until: string }>;
};

/** A member's access request (art. 15 AVG): what the ledger says was disclosed about them, and why. */
@ApiTags('disclosures')
@Controller('api/v1/members')
export class AccessReportController {
  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly ledger: LedgerService,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly legal: LegalDisclosuresService,
  ) {}

  @Get(':memberId/disclosure-report')
  @Roles('officer')
  @ApiOperation({
    summary:
      "For a member's access request: who received which fields (in the catalog's order, with their transforms), when, for what purpose and legal basis, how long they keep it, under which agreement; the library's name and privacy contact and the member's rights. 404 MEMBER_NOT_FOUND when the lending system knows no such member and nothing was disclosed under the number (a typo is not an empty report)",
  })
  async report(@Param('memberId') memberId: string): Promise<MemberAccessReport> {
    if (memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new GatewayError('INVALID_MEMBER_ID', `memberId must have 1 to ${MEMBER_ID_MAX} characters`, 400);
    }
    const report = await this.ledger.disclosureReport(memberId);
    // A former member's disclosures stand even when the lending system has forgotten them; an unknown
    // number with nothing in the ledger is a mistake, not a member to whom nothing happened.
    if (report.disclosures.length === 0 && (await this.members.exists(memberId, AbortSignal.timeout(30_000))) === false) {
      throw new GatewayError('MEMBER_NOT_FOUND', 'the lending system knows no member with this number, and nothing was disclosed under it', 404);
    }
    const proven = await this.checkpoints.withProofs(report);
    const context = await Promise.all(report.recipients.map((recipient) => this.contextOf(recipient.partner, recipient.purposes)));
    const orders = await this.legal.heldBack(memberId, amsterdamDay(Date.now()));
    const heldBack = report.disclosures
      .filter((entry) => entry.partner === LEGAL_PARTNER && orders.has(entry.agreementReference))
      .map((entry) => ({ seq: entry.seq, orderReference: entry.agreementReference, until: orders.get(entry.agreementReference) as string }));
    return { ...proven, controller: this.config.library, rights: RIGHTS, context, heldBack };
  }

  @Get(':memberId/consents')
  @Roles('officer')
  @ApiOperation({
    summary:
      "The member's consents as the lending system (the record of consent) holds them now: {memberId, consents: {<name>: {granted, on} | null}} — what the officer checks before passing a withdrawal on. 404 MEMBER_NOT_FOUND for an unknown member",
  })
  async consents(@Param('memberId') memberId: string) {
    if (memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new GatewayError('INVALID_MEMBER_ID', `memberId must have 1 to ${MEMBER_ID_MAX} characters`, 400);
    }
    const member = await this.members.byId(memberId, AbortSignal.timeout(30_000), new Set());
    const recorded = member.consents ?? {};
    const consents = Object.fromEntries(CONSENT_NAMES.map((name) => [name, recorded[name] === undefined ? null : { granted: recorded[name]?.granted ?? null, on: recorded[name]?.on ?? null }]));
    return { memberId, consents };
  }

  private async contextOf(partner: string, purposes: readonly string[]): Promise<RecipientContext> {
    let document: PolicyDocument | undefined;
    try {
      document = (await this.policies.active(partner)).document;
    } catch (error) {
      // A partner without a policy (the legal orders, a partner since removed): named, without a why.
      if (!(error instanceof PolicyRefusal) && !(error instanceof GatewayError)) throw error;
    }
    return {
      partner,
      recipient: document?.displayName ?? partner,
      relationship: document?.relationship ?? null,
      purposes: purposes.map((id) => {
        const purpose = document?.purposes.find((candidate) => candidate.id === id);
        return { purpose: id, description: purpose?.description ?? '', legalBasis: purpose?.legalBasis ?? '', retentionDays: purpose?.retentionDays ?? null };
      }),
    };
  }
}
