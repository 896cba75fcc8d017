import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { Iso18626InboundService } from './iso18626-inbound.service';

/**
 * The gateway's ISO 18626 endpoint for the libraries of interlibrary loan: POST /iso18626 with an
 * ISO18626Message (application/xml or text/xml), authenticated by a partner credential bound to 'ibl'.
 */
@ApiTags('iso18626')
@Controller('iso18626')
export class Iso18626Controller {
  constructor(private readonly inbound: Iso18626InboundService) {}

  @Post()
  @Roles('partner')
  @ApiOperation({
    summary:
      "ISO 18626 for the partner library: a SupplyingAgencyMessage (ExpectToSupply, Loaned, LoanCompleted, …) about one of the library's requests → a SupplyingAgencyMessageConfirmation (OK; ERROR UnrecognisedDataValue for an unknown request or a status that does not follow, BadlyFormedMessage for what cannot be read); a Request for one of the library's items → a RequestConfirmation (OK; ERROR UnrecognisedDataValue for a request id received before); a RequestingAgencyMessage (Received, ShippedReturn, Cancel) about a loan the library supplies → a RequestingAgencyMessageConfirmation",
  })
  @ApiConsumes('application/xml', 'text/xml')
  @ApiProduces('application/xml')
  @ApiBody({ description: 'An ISO18626Message holding a supplyingAgencyMessage, a request or a requestingAgencyMessage', schema: { type: 'string' } })
  @ApiResponse({ status: 200, description: 'An ISO 18626 confirmation, OK or ERROR' })
  @ApiResponse({ status: 403, description: 'The credential is not a partner credential for ibl' })
  async receive(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.inbound.answer(body, principal);
    void reply.status(answer.status).headers({ 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'no-store' }).send(answer.xml);
  }
}
