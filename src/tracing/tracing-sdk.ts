import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { gatewayInstrumentations } from './gateway-instrumentations';
import { RedactingSpanProcessor } from './redacting-span-processor';
import { DEFAULT_SERVICE_NAME, GatewayTracing, TracingOverrides, TracingSetupError } from './tracing-setup';

/**
 * The OpenTelemetry SDK, started: loaded only when tracing is on (startTracing requires this file then),
 * so a gateway without OTEL_EXPORTER_OTLP_ENDPOINT neither loads nor patches anything (about 28 MB and
 * a quarter of a second at start).
 */
export function startSdk(env: NodeJS.ProcessEnv, overrides: TracingOverrides): GatewayTracing {
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
