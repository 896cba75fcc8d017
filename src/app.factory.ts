import { DynamicModule, Type } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { createValidationPipe } from './errors/validation.pipe';
import { useHttpHygiene } from './http/http-hygiene';
import { useJsonBodyParser } from './http/json-body.parser';
import { useOpenApi } from './http/openapi';
import { useXmlBodyParser } from './http/xml-body.parser';
import { recordRoutePatterns } from './logging/route-pattern';

/**
 * The gateway, configured and migrated but not yet listening: `main` listens, tests call
 * `app.init()` and talk to `app.getHttpServer()`.
 */
export function createApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  return createAppFrom(AppModule.forRoot(config), config);
}

/**
 * The same HTTP setup (body limit, JSON parser, errors, validation, logs, OpenAPI) around another root
 * module, one that imports `AppModule.forRoot(config)` and adds to it.
 */
export async function createAppFrom(rootModule: Type | DynamicModule, config: GatewayConfig): Promise<NestFastifyApplication> {
  const { requestTimeoutMs, keepAliveTimeoutMs, headersTimeoutMs } = config.http;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A request must arrive whole in time (a body dripped a byte at a time is cut off); idle connections close.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    http: { headersTimeout: headersTimeoutMs },
  });
  adapter.getInstance().server.maxConnections = config.http.maxConnections;
  useHttpHygiene(adapter, requestTimeoutMs);
  recordRoutePatterns(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
    // The JSON parser is ours (useJsonBodyParser): a malformed body is a typed MALFORMED_JSON error.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost)));
  app.useGlobalPipes(createValidationPipe());
  useJsonBodyParser(app, config.http.jsonMaxDepth);
  useXmlBodyParser(app);
  useOpenApi(app);
  return app;
}
