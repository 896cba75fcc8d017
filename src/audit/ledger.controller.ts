import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { parseDisclosureQuery } from './disclosure-filter';
import { AccountEventLog } from './account-event-log';
import { CheckpointAnswer, LedgerVerdict } from './checkpoint-verifier';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { objectBody, onlyKeys } from '../errors/request-body';
import { DisclosurePage, LedgerService } from './ledger.service';

@ApiTags('disclosures')
@Controller('api/v1')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly accountEvents: AccountEventLog,
  ) {}

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
  @ApiOperation({ summary: 'Verifies the hash chain and that the ledger extends the newest signed checkpoint (LEDGER_WITNESS_DIR first); names the first broken link' })
  verify(): Promise<LedgerVerdict> {
    return this.checkpoints.verify();
  }

  @Post('disclosures/verify')
  @HttpCode(200)
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: '{checkpoint}: proves the ledger extends that signed checkpoint (a consistency proof), or names what broke' })
  verifyAgainst(@Body() body: unknown): Promise<LedgerVerdict> {
    const request = objectBody(body);
    onlyKeys(request, ['checkpoint']);
    return this.checkpoints.verify(request.checkpoint);
  }

  @Get('disclosures/checkpoint')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "The newest signed checkpoint of the ledger (C2SP tlog-checkpoint note, Ed25519) with the gateway's verifier key: save it, and check the ledger against it later" })
  async checkpoint(): Promise<CheckpointAnswer> {
    return (await this.checkpoints.latest()) ?? this.checkpoints.make();
  }

  @Get('accounts/events')
  @Roles('auditor', 'officer')
  @ApiOperation({ summary: 'Every account event (created, confirmed, disabled, by whom) and whether their chain is intact' })
  async accountEventList() {
    return { verdict: await this.accountEvents.verify(), events: await this.accountEvents.list() };
  }

}
