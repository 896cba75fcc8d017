import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { pinoHttpOptions } from './pino-http.options';

/** Structured logs (pino) at LOG_LEVEL; see pinoHttpOptions for what a request log may hold. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({ pinoHttp: pinoHttpOptions(config.logLevel) }),
    }),
  ],
})
export class LoggingModule {}
