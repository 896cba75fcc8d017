import type { GatewayTracing, TracingOverrides } from './tracing-setup';

export { DEFAULT_SERVICE_NAME, TracingSetupError } from './tracing-setup';
export type { GatewayTracing, TracingOverrides } from './tracing-setup';

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
  // Loaded here, on demand: without tracing the SDK and its instrumentations stay out of the process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous by design: it must patch before Nest loads
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  return startSdk(env, overrides);
}
