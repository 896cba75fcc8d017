import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DisclosureReport } from '../../audit/disclosure-report';
import { LedgerCheckpoints } from '../../audit/ledger-checkpoints.service';
import { LedgerService } from '../../audit/ledger.service';
import { Roles } from '../../auth/roles.decorator';
import { GatewayError } from '../../errors/gateway-error';
import { MemberSource } from '../../exchange/member-source';

const MEMBER_ID_MAX = 64;

/** A member's access request (art. 15 AVG): what the ledger says was disclosed about them. */
@ApiTags('disclosures')
@Controller('api/v1/members')
export class AccessReportController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly members: MemberSource,
  ) {}

  @Get(':memberId/disclosure-report')
  @Roles('officer')
  @ApiOperation({
    summary:
      "For a member's access request: who received which fields, when, for what purpose, under which agreement. 404 MEMBER_NOT_FOUND when the lending system knows no such member and nothing was disclosed under the number (a typo is not an empty report)",
  })
  async report(@Param('memberId') memberId: string): Promise<DisclosureReport> {
    if (memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new GatewayError('INVALID_MEMBER_ID', `memberId must have 1 to ${MEMBER_ID_MAX} characters`, 400);
    }
    const report = await this.ledger.disclosureReport(memberId);
    // A former member's disclosures stand even when the lending system has forgotten them; an unknown
    // number with nothing in the ledger is a mistake, not a member to whom nothing happened.
    if (report.disclosures.length === 0 && (await this.members.exists(memberId, AbortSignal.timeout(30_000))) === false) {
      throw new GatewayError('MEMBER_NOT_FOUND', 'the lending system knows no member with this number, and nothing was disclosed under it', 404);
    }
    return this.checkpoints.withProofs(report);
  }
}
