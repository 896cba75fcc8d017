import { Context, isSpanContextValid, ROOT_CONTEXT, Span, SpanContext, trace } from '@opentelemetry/api';

/** Exchanges accepted but not yet delivered whose trace this instance remembers; the oldest go first. */
const LIMIT = 10_000;

/**
 * The trace each accepted exchange began, by delivery id, so that its delivery — later, from the
 * in-process worker's poll or a sweep — continues that trace instead of starting one of its own. Kept in
 * memory, not in the outbox: no schema change, and a delivery after a restart simply starts a new trace.
 * Nothing is kept while tracing is off (the spans are not recording).
 */
export class AcceptanceTraces {
  private readonly traces = new Map<string, SpanContext>();

  remember(deliveryId: string, span: Span): void {
    const spanContext = span.spanContext();
    if (!span.isRecording() || !isSpanContextValid(spanContext)) return;
    this.traces.set(deliveryId, spanContext);
    if (this.traces.size > LIMIT) {
      const oldest = this.traces.keys().next().value;
      if (oldest !== undefined) this.traces.delete(oldest);
    }
  }

  /** The context of the acceptance span of `deliveryId`, if this instance accepted it and remembers it. */
  contextOf(deliveryId: string): Context | undefined {
    const spanContext = this.traces.get(deliveryId);
    return spanContext === undefined ? undefined : trace.setSpanContext(ROOT_CONTEXT, spanContext);
  }

  /** The delivery is over (delivered, dead): nothing more continues its trace. */
  forget(deliveryId: string): void {
    this.traces.delete(deliveryId);
  }
}

/** One per process: the exchange service remembers, the delivery executor and publisher look up. */
export const acceptanceTraces = new AcceptanceTraces();
