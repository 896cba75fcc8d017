import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GatewayError } from '../errors/gateway-error';
import { parseDisclosureQuery } from './disclosure-filter';
import { DisclosureReport } from './disclosure-report';
import { ChainVerdict } from './ledger.chain';
import { DisclosurePage, LedgerService } from './ledger.service';

const MEMBER_ID_MAX = 64;

@ApiTags('disclosures')
@Controller('api/v1')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('disclosures')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The disclosure ledger, newest first: field paths and transforms that left, never values' })
  @ApiQuery({ name: 'memberId', required: false })
  @ApiQuery({ name: 'partner', required: false })
  @ApiQuery({ name: 'from', required: false, description: "Inclusive: a date ('2025-01-31', from 00:00 UTC) or an ISO-8601 instant" })
  @ApiQuery({ name: 'to', required: false, description: "Inclusive: a date ('2025-01-31', to 24:00 UTC) or an ISO-8601 instant" })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  list(@Query() query: Record<string, unknown>): Promise<DisclosurePage> {
    return this.ledger.list(parseDisclosureQuery(query));
  }

  @Get('disclosures/verify')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Verifies the hash chain; names the first broken link (seq and reason)' })
  verify(): Promise<ChainVerdict> {
    return this.ledger.verify();
  }

  @Get('members/:memberId/disclosure-report')
  @Roles('officer')
  @ApiOperation({ summary: "For a member's access request: who received which fields, when, for what purpose, under which agreement" })
  report(@Param('memberId') memberId: string): Promise<DisclosureReport> {
    if (memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new GatewayError('INVALID_MEMBER_ID', `memberId must have 1 to ${MEMBER_ID_MAX} characters`, 400);
    }
    return this.ledger.disclosureReport(memberId);
  }
}
