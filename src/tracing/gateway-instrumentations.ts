import { FastifyOtelInstrumentation } from '@fastify/otel';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IncomingMessage } from 'node:http';
import { routePatternOf } from '../logging/route-pattern';

/** Probes answered many times a minute: a trace of each would bury the exchanges. */
const PROBES = /^\/(health|metrics)(?:[/?]|$)/;

/**
 * The libraries traced besides the gateway's own spans: HTTP in and out (requests to the gateway, to the
 * lending system and to partners), Fastify's request and handler, PostgreSQL queries and the RabbitMQ
 * hop. Configured to record no more than a trace needs: no headers (Authorization never), no query
 * values (pg's enhanced reporting would record them), no message bodies, no exception messages; a
 * request is named by its route pattern ('/api/v1/members/:memberId/…'), never by the path it came with
 * (RedactingSpanProcessor redacts whatever path is left).
 */
export function gatewayInstrumentations(): [HttpInstrumentation, FastifyOtelInstrumentation, PgInstrumentation, AmqplibInstrumentation] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => PROBES.test(request.url ?? ''),
      applyCustomAttributesOnSpan: (span, request) => {
        if (!(request instanceof IncomingMessage)) return;
        const route = routePatternOf(request);
        if (route === undefined) return;
        span.setAttribute('http.route', route);
        span.updateName(`${request.method ?? 'HTTP'} ${route}`);
      },
    }),
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      recordExceptions: false,
      instrumentHooks: false,
      ignorePaths: (route) => PROBES.test(route.url ?? ''),
    }),
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    new AmqplibInstrumentation(),
  ];
}
