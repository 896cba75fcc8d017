import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { gatewayInstrumentations } from './gateway-instrumentations';
import { RedactingSpanProcessor } from './redacting-span-processor';

/** The service name spans carry unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names another. */
export const DEFAULT_SERVICE_NAME = 'bieb-gateway';

export interface GatewayTracing {
  /** Ends every span still open's export: flushes and stops (on SIGTERM, with the application). */
  shutdown(): Promise<void>;
}

export interface TracingOverrides {
  /** Export here, synchronously (tests: an InMemorySpanExporter), instead of OTLP. */
  readonly exporter?: SpanExporter;
}

/** A setting the tracing cannot start with; the gateway does not start either. */
export class TracingSetupError extends Error {
  override readonly name = 'TracingSetupError';
}

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * is set, and nothing otherwise: no SDK, no patched library, the gateway's spans stay no-ops. Must run
 * before Nest, Fastify, pg and amqplib are first required (the instrumentations patch them as they load):
 * `src/main.ts` imports `./tracing/register-tracing` first.
 *
 * The standard variables apply: OTEL_SERVICE_NAME (default bieb-gateway), OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf, the default, or http/json), OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, OTEL_BSP_*. Traces only: metrics are Prometheus's
 * (/metrics) and logs stay in the JSON log.
 */
export function startTracing(env: NodeJS.ProcessEnv, overrides: TracingOverrides = {}): GatewayTracing | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (overrides.exporter === undefined && !endpoint) return undefined;
  const exporter = overrides.exporter ?? otlpExporter(env);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() ? undefined : DEFAULT_SERVICE_NAME,
    // The redaction runs as a span ends, before the exporting processor takes it.
    spanProcessors: [new RedactingSpanProcessor(), overrides.exporter === undefined ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
    instrumentations: gatewayInstrumentations(),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

function otlpExporter(env: NodeJS.ProcessEnv): SpanExporter {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() || 'http/protobuf').toLowerCase();
  if (protocol === 'http/protobuf') return new OtlpProtobufExporter();
  if (protocol === 'http/json') return new OtlpJsonExporter();
  throw new TracingSetupError(`OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf (the default) or http/json for bieb-gateway's traces (got ${JSON.stringify(protocol)})`);
}
