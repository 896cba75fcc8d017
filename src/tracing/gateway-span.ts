import { Attributes, Context, context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** The gateway's own tracer; a no-op until tracing is started (OTEL_EXPORTER_OTLP_ENDPOINT). */
export const GATEWAY_TRACER = 'bieb-gateway';

/**
 * What a span of the gateway may say about an exchange: whom, why, under which policy, which delivery,
 * and what became of it. Nothing else can be set through `inSpan`, so no member value (name, card
 * number, member id, PIN, address) can reach a span by way of the gateway's own code.
 */
export interface ExchangeAttributes {
  readonly partner?: string;
  readonly purpose?: string;
  readonly policyVersion?: number;
  readonly deliveryId?: string;
  readonly attempt?: number;
  readonly outcome?: string;
}

const KEYS: Readonly<Record<keyof ExchangeAttributes, string>> = {
  partner: 'bieb.partner',
  purpose: 'bieb.purpose',
  policyVersion: 'bieb.policy_version',
  deliveryId: 'bieb.delivery_id',
  attempt: 'bieb.attempt',
  outcome: 'bieb.outcome',
};

export function spanAttributes(attributes: ExchangeAttributes): Attributes {
  const out: Attributes = {};
  for (const [name, value] of Object.entries(attributes) as Array<[keyof ExchangeAttributes, string | number | undefined]>) {
    if (value !== undefined) out[KEYS[name]] = value;
  }
  return out;
}

/** Adds attributes to a running span (known only halfway, e.g. the delivery id once the row has one). */
export function describeSpan(span: Span, attributes: ExchangeAttributes): void {
  span.setAttributes(spanAttributes(attributes));
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  /** The parent, when it is not the active context (a delivery continues the trace of its acceptance). */
  readonly parent?: Context;
}

/**
 * Runs `work` in a new span, active for everything it calls (the instrumented HTTP, pg and amqplib calls
 * become its children). A failure marks the span with the error's stable code only: an error's message
 * may quote what it refused, so it is never recorded.
 */
export async function inSpan<T>(name: string, attributes: ExchangeAttributes, work: (span: Span) => Promise<T>, options: SpanOptions = {}): Promise<T> {
  const { span, active } = begin(name, attributes, options);
  try {
    return await context.with(active, () => work(span));
  } catch (error) {
    throw failed(span, error);
  } finally {
    span.end();
  }
}

/** The same around synchronous work (a policy's release, a mapping). */
export function inSyncSpan<T>(name: string, attributes: ExchangeAttributes, work: (span: Span) => T, options: SpanOptions = {}): T {
  const { span, active } = begin(name, attributes, options);
  try {
    return context.with(active, () => work(span));
  } catch (error) {
    throw failed(span, error);
  } finally {
    span.end();
  }
}

function begin(name: string, attributes: ExchangeAttributes, options: SpanOptions): { span: Span; active: Context } {
  const parent = options.parent ?? context.active();
  const span = trace.getTracer(GATEWAY_TRACER).startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: spanAttributes(attributes) }, parent);
  return { span, active: trace.setSpan(parent, span) };
}

function failed(span: Span, error: unknown): unknown {
  const code = errorCode(error);
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  return error;
}

/** The stable code of a gateway or connector error, or the class name of anything else — never its message. */
export function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(error.code)) return error.code;
  return error instanceof Error ? error.name : 'error';
}
