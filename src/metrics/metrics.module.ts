import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { CountersModule } from './counters.module';
import { GatewayMetrics } from './gateway-metrics.service';
import { MetricsController } from './metrics.controller';

/** GET /metrics for Prometheus (issue 17), and the counters every module counts its events with (CountersModule, global). */
@Module({
  imports: [CountersModule, ConnectorsModule, DeliveryModule],
  controllers: [MetricsController],
  providers: [GatewayMetrics],
})
export class MetricsModule {}
