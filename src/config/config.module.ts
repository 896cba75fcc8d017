import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig } from './gateway.config';
import { GATEWAY_CONFIG } from './gateway-config.token';

/** Makes the configuration loaded at start injectable everywhere (GATEWAY_CONFIG). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: GATEWAY_CONFIG, useValue: config }], exports: [GATEWAY_CONFIG] };
  }
}
