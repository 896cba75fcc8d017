import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { GatewayMetrics } from './gateway-metrics.service';
import { MetricsController } from './metrics.controller';

/** GET /metrics for Prometheus (issue 17, first part). */
@Module({
  imports: [ConnectorsModule, DeliveryModule],
  controllers: [MetricsController],
  providers: [GatewayMetrics],
})
export class MetricsModule {}
