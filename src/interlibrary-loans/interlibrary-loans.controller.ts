import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { actorOf } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, optionalString, requiredString } from '../errors/request-body';
import { ILL_ACTIONS, IllApiAction, InterlibraryLoans } from './interlibrary-loans.service';

const ISBN = /^[0-9Xx-]{10,17}$/;

@ApiTags('interlibrary loan')
@ApiBearerAuth()
@Controller('api/v1/partners/ibl/requests')
export class InterlibraryLoansController {
  constructor(private readonly loans: InterlibraryLoans) {}

  @Post()
  @Roles('operator')
  @ApiOperation({
    summary:
      "{memberId, supplyingAgencyId?, item: {title, author?, isbn?}, pickupBranchId?} → 202 {requestId, state}: an ISO 18626 Request to the supplying library, the patron part only the pseudonym, initials and surname the ibl policy releases, recorded in the ledger before it leaves; a refusal by the supplier is state 'Refused' with its errorType",
  })
  async request(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const request = objectBody(body);
    onlyKeys(request, ['memberId', 'supplyingAgencyId', 'item', 'pickupBranchId']);
    const memberId = requiredString(request, 'memberId');
    const supplyingAgencyId = optionalString(request, 'supplyingAgencyId');
    const pickupBranchId = optionalString(request, 'pickupBranchId');
    const item = objectBody(request.item);
    onlyKeys(item, ['title', 'author', 'isbn']);
    const title = requiredString(item, 'title');
    const author = optionalString(item, 'author');
    const isbn = optionalString(item, 'isbn');
    const violations = [
      ...(memberId.length > 64 ? [{ path: 'memberId', message: 'at most 64 characters' }] : []),
      ...(title.trim() === '' || title.length > 500 ? [{ path: 'item.title', message: '1 to 500 characters' }] : []),
      ...(author !== undefined && author.length > 500 ? [{ path: 'item.author', message: 'at most 500 characters' }] : []),
      ...(isbn !== undefined && !ISBN.test(isbn) ? [{ path: 'item.isbn', message: 'an ISBN (10 or 13 digits, hyphens allowed)' }] : []),
      ...(pickupBranchId !== undefined && (pickupBranchId === '' || pickupBranchId.length > 64) ? [{ path: 'pickupBranchId', message: '1 to 64 characters' }] : []),
    ];
    if (violations.length > 0) throw new ValidationFailed('interlibrary loan request', violations);
    const made = await this.loans.request(
      {
        memberId,
        ...(supplyingAgencyId !== undefined ? { supplyingAgencyId } : {}),
        item: { title, ...(author !== undefined ? { author } : {}), ...(isbn !== undefined ? { isbn } : {}) },
        ...(pickupBranchId !== undefined ? { pickupBranchId } : {}),
      },
      actorOf(principal).name,
    );
    void reply.status(202);
    return { requestId: made.requestId, state: made.state, ...(made.errorType !== null ? { errorType: made.errorType } : {}) };
  }

  @Get()
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'The interlibrary loans the library asked for, newest first, at most 200: each as one request shows it without the history; of the member only the member id' })
  list() {
    return this.loans.list();
  }

  @Get(':requestId')
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: "One interlibrary loan: the item, its state and history (who sent what, the state after it); of the member only the member id" })
  one(@Param('requestId') requestId: string) {
    return this.loans.get(requestId);
  }

  @Post(':requestId/actions')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "{action: Received|ShippedReturn|Cancel} → 200 the loan: a RequestingAgencyMessage to the supplying library, when the loan's state allows it (409 otherwise, or when the supplier refuses)" })
  async act(@Param('requestId') requestId: string, @Body() body: unknown) {
    const request = objectBody(body);
    onlyKeys(request, ['action']);
    const action = requiredString(request, 'action');
    if (!(ILL_ACTIONS as readonly string[]).includes(action)) throw new ValidationFailed('interlibrary loan action', [{ path: 'action', message: `one of ${ILL_ACTIONS.join(', ')}` }]);
    return this.loans.act(requestId, action as IllApiAction);
  }
}
