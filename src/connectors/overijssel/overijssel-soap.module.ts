import { Module } from '@nestjs/common';
import { registerProtocolErrorReply } from '../../errors/protocol-error-replies';
import { soapFaultEnvelope } from '../../mapping/overijssel/soap-fault';
import { AuthModule } from '../../auth/auth.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { ConnectorsModule } from '../connectors.module';
import { MemberLookupController } from './member-lookup.controller';
import { MemberLookupEndpoint } from './member-lookup.endpoint';

// Errors before the SOAP handler runs (a body over BODY_LIMIT_BYTES) are answered as SOAP Faults too.
// SOAP 1.1 answers every fault with HTTP 500, as the endpoint's own faults do.
registerProtocolErrorReply('/soap/overijssel', (error) => ({
  status: 500,
  contentType: 'text/xml; charset=utf-8',
  body: soapFaultEnvelope({ faultCode: error.status >= 500 ? 'Server' : 'Client', code: error.code, message: error.message }),
}));

/** The gateway's SOAP endpoint for the Overijssel library network: MemberLookup at /soap/overijssel. */
@Module({
  imports: [AuthModule, ConnectorsModule, ExchangeModule],
  controllers: [MemberLookupController],
  providers: [MemberLookupEndpoint],
})
export class OverijsselSoapModule {}
