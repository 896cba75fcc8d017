import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { SandboxController } from '../sandbox/sandbox.controller';
import { SandboxHost } from '../sandbox/sandbox-host';
import { ConnectorHost } from './connector-host';
import { PartnersController } from './partners.controller';

/** The partner connectors (and, with SANDBOX=on, the simulated partners they talk to). */
@Module({
  imports: [HealthModule],
  controllers: [PartnersController, SandboxController],
  providers: [SandboxHost, ConnectorHost],
  exports: [ConnectorHost, SandboxHost],
})
export class ConnectorsModule {}
