import { createHash } from 'node:crypto';
import { ReceivedMessage } from './partner-sandbox';

/** One received message as GET /api/v1/sandbox/{partner}/received shows it. */
export interface ReceivedListingItem {
  /** Its place in the order of arrival, from 0: `since` pages on it. */
  readonly index: number;
  /** The exact body as UTF-8 text. */
  readonly body: string;
  /** The body's exact bytes, base64: what a test compares when the bytes are not valid UTF-8. */
  readonly bytesBase64: string;
  /** SHA-256 of those bytes, hex. */
  readonly sha256: string;
  readonly byteLength: number;
  readonly idempotencyKey?: string;
  readonly duplicate: boolean;
  /** What the sandbox adds of its own (the KB's service and schema errors, Wise's method, path and status, …). */
  readonly [extra: string]: unknown;
}

export interface ReceivedListing {
  readonly partner: string;
  /** Messages received since the start or the last reset. */
  readonly total: number;
  readonly items: readonly ReceivedListingItem[];
  /** The `since` for the next page, absent on the last page. */
  readonly next?: number;
}

/** The bytes of a message: its own recorded bytes when the sandbox keeps them, else its body as UTF-8. */
function bytesOf(message: ReceivedMessage): Buffer {
  const recorded = (message as unknown as { bytes?: unknown }).bytes;
  return Buffer.isBuffer(recorded) && recorded.length > 0 ? recorded : Buffer.from(message.body, 'utf8');
}

/** The sandbox's own extra fields, as plain JSON (buffers become base64, functions are left out). */
function extrasOf(message: ReceivedMessage): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (key === 'body' || key === 'bytes' || key === 'idempotencyKey' || key === 'duplicate' || typeof value === 'function') continue;
    extras[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return extras;
}

/** A page of what a simulated partner received, in order of arrival, byte for byte. */
export function receivedListing(partner: string, received: readonly ReceivedMessage[], since: number, limit: number): ReceivedListing {
  const page = received.slice(since, since + limit);
  const items = page.map((message, offset) => {
    const bytes = bytesOf(message);
    return {
      ...extrasOf(message),
      index: since + offset,
      body: message.body,
      bytesBase64: bytes.toString('base64'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      byteLength: bytes.length,
      ...(message.idempotencyKey === undefined ? {} : { idempotencyKey: message.idempotencyKey }),
      duplicate: message.duplicate,
    };
  });
  const end = since + page.length;
  return { partner, total: received.length, items, ...(end < received.length ? { next: end } : {}) };
}
