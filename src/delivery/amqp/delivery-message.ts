const DELIVERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The data of a delivery message: only the outbox row's id, never member data. */
export interface DeliveryMessage {
  readonly deliveryId: string;
}

/** The delivery id a message's data carries, or undefined when the data is not a delivery message. */
export function deliveryIdOf(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const id = (data as { deliveryId?: unknown }).deliveryId;
  return typeof id === 'string' && DELIVERY_ID.test(id) ? id : undefined;
}

/** What becomes of a message: acknowledged (done, or nothing to do), dead-lettered, or given back to the queue. */
export type MessageVerdict = 'ack' | 'dead-letter' | 'requeue';
