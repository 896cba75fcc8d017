import { Injectable } from '@nestjs/common';
import { DeliveryWorker } from './delivery.worker';

/** A way to hand a committed outbox row to whoever delivers it (e.g. a message on the broker). */
export interface DispatchRoute {
  /** Must not throw and should not block: the outbox row is the record; a lost hand-over is swept up. */
  dispatch(deliveryId: string): void;
}

/**
 * Called once an outbox row is committed (a new exchange, an operator's retry). In-process, it wakes the
 * DeliveryWorker; when a broker takes over (AmqpDeliveryModule with AMQP_URL) it publishes instead, and
 * the worker's polling loop stays off. The broker module registers itself here rather than being chosen
 * by this module, so that the delivery core does not depend on the broker.
 */
@Injectable()
export class DeliveryDispatcher {
  private route: DispatchRoute | undefined;

  constructor(private readonly worker: DeliveryWorker) {}

  /** Registered at module init, before the worker's loop would start. */
  handOver(route: DispatchRoute): void {
    this.route = route;
    this.worker.handOver();
  }

  dispatch(deliveryId: string): void {
    if (this.route === undefined) this.worker.wake();
    else this.route.dispatch(deliveryId);
  }
}
