import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** The service name spans carry unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names another. */
export const DEFAULT_SERVICE_NAME = 'bieb-gateway';

/** A setting the tracing cannot start with; the gateway does not start either. */
export class TracingSetupError extends Error {
  override readonly name = 'TracingSetupError';
}

export interface GatewayTracing {
  /** Ends every span still open's export: flushes and stops (on SIGTERM, with the application). */
  shutdown(): Promise<void>;
}

export interface TracingOverrides {
  /** Export here, synchronously (tests: an InMemorySpanExporter), instead of OTLP. */
  readonly exporter?: SpanExporter;
}
