import { DeliveryOutcome } from '../delivery-executor';
import { OutboxEntity } from '../outbox.entity';
import { deliveryIdOf, MessageVerdict } from './delivery-message';

/** What the handler needs of the outbox and the executor (narrow, so that it is tested without either). */
export interface DeliveryMessagePorts {
  readonly workerId: string;
  readonly leaseMs: number;
  claimOne(id: string, worker: string, nowMs: number, leaseMs: number): Promise<OutboxEntity | null>;
  deliver(row: OutboxEntity): Promise<DeliveryOutcome>;
  warn(message: string): void;
}

/** What one message came to, for the verdict and the log. */
export interface HandledMessage {
  readonly verdict: MessageVerdict;
  readonly deliveryId?: string;
  /** Undefined when the row was not claimed (delivered, claimed elsewhere, not due) or on a failure. */
  readonly outcome?: DeliveryOutcome;
}

/**
 * One delivery message: claims its outbox row and delivers it through the same executor as the
 * in-process worker. The outbox decides, the message only says "look at this row":
 * - a row that is not claimable (delivered, claimed by a live lease elsewhere, not due yet) is left
 *   alone and the message acknowledged — the sweeper publishes the row again when it becomes due;
 * - a partner's failure is recorded on the row by the executor (retry or dead letter) and the message
 *   acknowledged;
 * - a message that is not a delivery message, or whose handling fails unexpectedly (the database), is
 *   dead-lettered, not requeued: requeueing would spin; the row is swept up when its lease runs out.
 */
export class DeliveryMessageHandler {
  constructor(private readonly ports: DeliveryMessagePorts) {}

  async handle(data: unknown): Promise<HandledMessage> {
    const deliveryId = deliveryIdOf(data);
    if (deliveryId === undefined) {
      this.ports.warn('a message without a valid deliveryId goes to the dead-letter queue');
      return { verdict: 'dead-letter' };
    }
    try {
      const row = await this.ports.claimOne(deliveryId, this.ports.workerId, Date.now(), this.ports.leaseMs);
      if (row === null) return { verdict: 'ack', deliveryId };
      return { verdict: 'ack', deliveryId, outcome: await this.ports.deliver(row) };
    } catch (error) {
      this.ports.warn(`delivery ${deliveryId}: ${error instanceof Error ? error.message : String(error)}; the message goes to the dead-letter queue`);
      return { verdict: 'dead-letter', deliveryId };
    }
  }
}
