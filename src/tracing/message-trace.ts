import { Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * The W3C trace context (`traceparent`, `tracestate`) of `from`, as message headers: a delivery message
 * carries the trace of its exchange across the broker. Empty while tracing is off.
 */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(from, headers);
  return headers;
}

/** The trace context a message's headers carry; the root (a trace of its own) when they carry none. */
export function traceOfHeaders(headers: unknown): Context {
  if (headers === null || typeof headers !== 'object') return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') carrier[name] = value;
    else if (Buffer.isBuffer(value)) carrier[name] = value.toString('utf8');
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}
