import { Module } from '@nestjs/common';
import { registerProtocolErrorReply } from '../errors/protocol-error-replies';
import { confirmationFor, Iso18626Confirmation } from '../mapping/iso18626/iso18626-confirmation';
import { isoTimestamp, writeIso18626 } from '../mapping/iso18626/iso18626-writer';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { IllSuppliesController } from './ill-supplies.controller';
import { IllSupplies } from './ill-supplies.service';
import { InterlibraryLoansController } from './interlibrary-loans.controller';
import { InterlibraryLoans } from './interlibrary-loans.service';
import { Iso18626Controller } from './iso18626.controller';
import { Iso18626InboundService } from './iso18626-inbound.service';

// Errors before the ISO 18626 handler runs (a body over BODY_LIMIT_BYTES, a credential refused) are
// answered as an ERROR confirmation too, with their HTTP status.
registerProtocolErrorReply('/iso18626', (error) => {
  const now = isoTimestamp(new Date());
  const confirmation = confirmationFor({ ok: false, errorType: 'BadlyFormedMessage', errorValue: error.message, echo: {} }, { received: now, now }, 'supplyingAgencyMessage') as Iso18626Confirmation;
  return { status: error.status, contentType: 'application/xml; charset=utf-8', body: writeIso18626(confirmation) };
});

/** Interlibrary loan over ISO 18626: as the requesting agency (requests and actions out, the supplier's status messages in) and as the supplying agency (the partner's requests and actions in, our status messages out). */
@Module({
  imports: [ConnectorsModule, ExchangeModule, AuditModule],
  controllers: [InterlibraryLoansController, IllSuppliesController, Iso18626Controller],
  providers: [InterlibraryLoans, IllSupplies, Iso18626InboundService],
})
export class InterlibraryLoansModule {}
