import { setProcessTracing } from './process-tracing';
import { startTracing, TracingSetupError } from './tracing';

/**
 * Imported first by `src/main.ts`, before anything that loads Nest, Fastify, pg or amqplib: tracing
 * (with OTEL_EXPORTER_OTLP_ENDPOINT) must be in place when they are first required.
 */
try {
  setProcessTracing(startTracing(process.env));
} catch (error) {
  if (!(error instanceof TracingSetupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
