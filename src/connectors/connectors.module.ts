import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { ConnectorHost } from './connector-host';
import { PartnersController } from './partners.controller';

/** The partner connectors. Their default settings (with SANDBOX=on, the simulated partners') come from the composition. */
@Module({
  imports: [HealthModule],
  controllers: [PartnersController],
  providers: [ConnectorHost],
  exports: [ConnectorHost],
})
export class ConnectorsModule {}
