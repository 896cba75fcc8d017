import { Module } from '@nestjs/common';
import { registerProtocolErrorReply } from '../../errors/protocol-error-replies';
import { ncipProblem, writeProblemMessage } from '../../mapping/ncip/ncip-problem';
import { ConnectorsModule } from '../connectors.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { NcipController } from './ncip.controller';
import { NcipLookupService } from './ncip-lookup.service';

// Errors before the NCIP handler runs (a body over BODY_LIMIT_BYTES) are answered as NCIP Problems too.
registerProtocolErrorReply('/ncip', (error) => ({
  status: error.status,
  contentType: 'application/xml; charset=utf-8',
  body: writeProblemMessage([ncipProblem(error.status === 413 ? 'invalidMessageSyntax' : 'temporaryProcessingFailure', { detail: error.message })]),
}));

/** The KB's inbound side: POST /ncip, answered from the lending system through the kb policy. */
@Module({
  imports: [ConnectorsModule, ExchangeModule],
  controllers: [NcipController],
  providers: [NcipLookupService],
})
export class NcipModule {}
