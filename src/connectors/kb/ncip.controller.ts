import { Body, Controller, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { sendNcip } from './ncip-answer';
import { NcipExceptionFilter } from './ncip-exception.filter';
import { NcipLookupService } from './ncip-lookup.service';

/** How long the lending system may take before the KB gets a Temporary Processing Failure. */
const LOOKUP_TIMEOUT_MS = 15_000;

/**
 * The gateway's NCIP 2.02 endpoint for the KB: POST /ncip with an NCIPMessage (Content-Type
 * application/xml or text/xml), authenticated by `Authorization: Bearer <token>` of a partner credential
 * bound to 'kb'. Every answer, refusals included, is an NCIP message.
 */
@ApiTags('ncip')
@Controller('ncip')
@UseFilters(NcipExceptionFilter)
export class NcipController {
  constructor(private readonly lookups: NcipLookupService) {}

  @Post()
  @Roles('partner')
  @ApiOperation({ summary: "NCIP 2.02 for the KB: LookupUser by card number → LookupUserResponse with what the kb policy releases, or a Problem" })
  @ApiConsumes('application/xml', 'text/xml')
  @ApiProduces('application/xml')
  @ApiBody({ description: 'An NCIPMessage holding a LookupUser', schema: { type: 'string' } })
  @ApiResponse({ status: 200, description: 'LookupUserResponse, or an NCIP Problem (unknown user, user access denied, unsupported service)' })
  @ApiResponse({ status: 400, description: 'NCIP Problem "Invalid Message Syntax Error": malformed, unsafe (DTD, entities), too deep or too large' })
  async lookup(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    sendNcip(reply, await this.lookups.answer(body, principal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)));
  }
}
