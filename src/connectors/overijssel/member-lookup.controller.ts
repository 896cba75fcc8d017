import { Body, Controller, Get, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/public.decorator';
import { GatewayConfig } from '../../config/gateway.config';
import { InjectGatewayConfig } from '../../config/gateway-config.token';
import { NotFound } from '../../errors/gateway-error';
import { publicBaseUrl } from '../../http/public-base-url';
import { MEMBER_LOOKUP_PATH } from '../../mapping/overijssel/card-service.contract';
import { MemberLookupEndpoint } from './member-lookup.endpoint';
import { cardServiceWsdl } from './provincial-card-service.wsdl';

const XML = 'text/xml; charset=utf-8';

/** `?wsdl` in any spelling (`?WSDL`, `?Wsdl`), as SOAP stacks and people type it. */
function asksForWsdl(query: unknown): boolean {
  return query !== null && typeof query === 'object' && Object.keys(query).some((key) => key.toLowerCase() === 'wsdl');
}

/**
 * POST /soap/overijssel: SOAP 1.1 MemberLookup (text/xml); GET /soap/overijssel?wsdl: the WSDL.
 * A Nest route like any other, so the gateway's body limit, access log and route checks apply; the
 * soap package's server gets the body from here (serverless mode) instead of taking over the HTTP
 * server's request listener, which soap.listen(httpServer) would do. Public at the HTTP level: each call
 * authenticates inside the envelope (WS-Security UsernameToken), checked by MemberLookupEndpoint.
 */
@ApiExcludeController()
@Public()
@Controller(MEMBER_LOOKUP_PATH.slice(1))
export class MemberLookupController {
  constructor(
    private readonly endpoint: MemberLookupEndpoint,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  @Post()
  async lookup(@Body() body: unknown, @Headers('soapaction') soapAction: string | string[] | undefined, @Res() reply: FastifyReply): Promise<void> {
    // Repeated SOAPAction headers are joined, so they agree with no operation.
    const answer = await this.endpoint.answer(body, Array.isArray(soapAction) ? soapAction.join(',') : soapAction);
    await reply.status(answer.status).header('Content-Type', XML).send(answer.body);
  }

  /** The WSDL naming this service only, at the gateway's public address (never one the caller's Host header chose). */
  @Get()
  async wsdl(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!asksForWsdl(request.query)) throw new NotFound('NOT_FOUND', 'POST SOAP envelopes here; the WSDL is at ?wsdl');
    const location = `${publicBaseUrl(request.raw, this.config.publicUrl)}${MEMBER_LOOKUP_PATH}`;
    await reply.status(200).header('Content-Type', XML).send(cardServiceWsdl({ LibraryMemberService: location }));
  }
}
