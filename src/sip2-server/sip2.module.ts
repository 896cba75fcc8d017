import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { HealthModule } from '../health/health.module';
import { PaymentReplays } from './payment-replays';
import { Sip2Listener } from './sip2-listener';

/** The SIP2 server for payment terminals and self-service machines (bibliotheca, appguard). */
@Module({
  imports: [AuthModule, ConnectorsModule, ExchangeModule, HealthModule],
  providers: [Sip2Listener, PaymentReplays],
  exports: [Sip2Listener],
})
export class Sip2Module {}
