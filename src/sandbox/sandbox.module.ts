import { Global, Module } from '@nestjs/common';
import { CONNECTOR_DEFAULTS, ConnectorDefaults } from '../connectors/connector-defaults';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { SandboxController } from './sandbox.controller';
import { SandboxHost } from './sandbox-host';
import { SANDBOX_DEFINITIONS } from './sandbox.registry';

/**
 * The simulated partners, wired in by the application's composition: with SANDBOX=on they start before
 * the connectors are built and hand them their loopback settings (CONNECTOR_DEFAULTS).
 */
@Global()
@Module({
  controllers: [SandboxController],
  providers: [
    SandboxHost,
    {
      provide: CONNECTOR_DEFAULTS,
      inject: [GATEWAY_CONFIG, SandboxHost],
      useFactory: (config: GatewayConfig, sandboxes: SandboxHost): ConnectorDefaults => ({
        settingsFor: async (partners) => {
          if (!config.sandbox) return {};
          await sandboxes.start(SANDBOX_DEFINITIONS.filter((sandbox) => partners.includes(sandbox.partner)), config.sandboxLibrary);
          return sandboxes.settings();
        },
      }),
    },
  ],
  exports: [SandboxHost, CONNECTOR_DEFAULTS],
})
export class SandboxModule {}
