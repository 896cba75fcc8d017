import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { actorOf } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../errors/request-body';
import { BankCollections } from './bank-collections.service';

@ApiTags('bank')
@ApiBearerAuth()
@Controller('api/v1/partners/bank/collections')
export class BankCollectionsController {
  constructor(private readonly collections: BankCollections) {}

  @Post()
  @Roles('operator')
  @ApiOperation({
    summary:
      "{collectionDate} → 201 {collectionId, transactions, totalCents, skipped: {noConsent, noMandate, nothingDue}, status, …}: one SEPA direct debit file (pain.008) for the date — every member with the directDebit consent, a mandate and open fees, one debit each, through the bank policy — recorded in the ledger per member, then uploaded to the bank. The same date again answers the same collection (200, repeated: true) and uploads it only if it had not reached the bank",
  })
  async collect(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const request = objectBody(body);
    onlyKeys(request, ['collectionDate']);
    const collectionDate = requiredString(request, 'collectionDate');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(collectionDate)) throw new ValidationFailed('collection', [{ path: 'collectionDate', message: "must be a day 'YYYY-MM-DD'" }]);
    const { collection, repeated } = await this.collections.collect(collectionDate, actorOf(principal).name);
    void reply.status(repeated ? 200 : 201);
    return { ...collection, repeated };
  }

  @Get()
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'The collections, newest first: dates, counts, totals and status (no member data)' })
  list() {
    return this.collections.list();
  }

  @Get(':collectionId')
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'One collection: date, counts, total, status, the bank’s file id' })
  one(@Param('collectionId') collectionId: string) {
    return this.collections.get(collectionId);
  }
}
