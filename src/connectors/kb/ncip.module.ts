import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { NcipController } from './ncip.controller';
import { NcipLookupService } from './ncip-lookup.service';

/** The KB's inbound side: POST /ncip, answered from the lending system through the kb policy. */
@Module({
  imports: [ConnectorsModule, ExchangeModule],
  controllers: [NcipController],
  providers: [NcipLookupService],
})
export class NcipModule {}
