import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/public.decorator';
import { NotFound } from '../../errors/gateway-error';
import { MEMBER_LOOKUP_PATH } from '../../mapping/overijssel/card-service.contract';
import { MemberLookupEndpoint } from './member-lookup.endpoint';
import { wsdlWithLookupLocation } from './provincial-card-service.wsdl';

const XML = 'text/xml; charset=utf-8';
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

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
  constructor(private readonly endpoint: MemberLookupEndpoint) {}

  @Post()
  async lookup(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.endpoint.answer(body);
    await reply.status(answer.status).header('Content-Type', XML).send(answer.body);
  }

  @Get()
  async wsdl(@Query('wsdl') wsdl: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (wsdl === undefined) throw new NotFound('NOT_FOUND', 'POST SOAP envelopes here; the WSDL is at ?wsdl');
    const host = HOST.test(request.host) ? request.host : 'localhost';
    await reply.status(200).header('Content-Type', XML).send(wsdlWithLookupLocation(`${request.protocol}://${host}${MEMBER_LOOKUP_PATH}`));
  }
}
