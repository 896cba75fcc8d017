import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { ConnectorsModule } from '../connectors.module';
import { MemberLookupController } from './member-lookup.controller';
import { MemberLookupEndpoint } from './member-lookup.endpoint';

/** The gateway's SOAP endpoint for the Overijssel library network: MemberLookup at /soap/overijssel. */
@Module({
  imports: [AuthModule, ConnectorsModule, ExchangeModule],
  controllers: [MemberLookupController],
  providers: [MemberLookupEndpoint],
})
export class OverijsselSoapModule {}
