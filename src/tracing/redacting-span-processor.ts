import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactedPath, redactedUrl } from './redacted-url';

/** Attributes the HTTP and Fastify instrumentations fill with a request's path or URL, old and new conventions. */
const PATHS = ['http.target', 'url.path', 'http.route'];
const URLS = ['http.url', 'url.full'];
/** Dropped: a query string is the caller's; a peer's name in a path is not needed to follow a trace. */
const DROPPED = ['url.query'];
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
/** A span named after a request ('GET /patron/2100…'), as HTTP instrumentations may name one. */
const REQUEST_NAME = /^[A-Z]+ \//;

/**
 * Runs first, while a span is ending and still writable: whatever instrumentation made the span, the
 * member id or card number a path carries ('/api/v1/members/P123/report', a lending system's
 * '/patrons/2100…'), a query string and an exception's message (which may quote a value) are gone
 * before any exporter sees it. The gateway's own spans carry only the allowed attributes (inSpan); this
 * is for the instrumentations, whose attributes the gateway does not choose.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const attributes = span.attributes;
    for (const key of PATHS) {
      const value = attributes[key];
      if (typeof value === 'string') span.setAttribute(key, redactedPath(value));
    }
    for (const key of URLS) {
      const value = attributes[key];
      if (typeof value === 'string') span.setAttribute(key, redactedUrl(value));
    }
    for (const key of DROPPED) if (key in attributes) span.setAttribute(key, ':redacted');
    if (REQUEST_NAME.test(span.name)) span.updateName(redactedName(span.name));
    for (const event of span.events) {
      if (event.attributes !== undefined && 'exception.message' in event.attributes) event.attributes['exception.message'] = ':redacted';
    }
    // The gateway's own spans give a stable code as the message (inSpan); anything else may quote a value.
    const message = span.status.message;
    if (message !== undefined && message !== '' && !CODE.test(message)) span.setStatus({ code: span.status.code, message: ':redacted' });
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** 'GET /api/v1/members/P123' → 'GET /api/v1/members/:redacted'; the method (a word) stays. */
function redactedName(name: string): string {
  const slash = name.indexOf('/');
  return `${name.slice(0, slash)}${redactedPath(name.slice(slash))}`;
}
