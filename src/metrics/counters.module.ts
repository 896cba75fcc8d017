import { Global, Module } from '@nestjs/common';
import { GatewayCounters } from './gateway-counters';

/**
 * GatewayCounters for every module that counts an event (exchange, delivery, SIP2, inbound protocols),
 * without importing the metrics endpoint's module, which itself reads from theirs. Global: registered
 * once, by MetricsModule.
 */
@Global()
@Module({
  providers: [GatewayCounters],
  exports: [GatewayCounters],
})
export class CountersModule {}
