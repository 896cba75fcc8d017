import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Observable, Subscription } from 'rxjs';
import { HealthCheck, HealthOutcome } from '../../health/health-check';
import { AmqpDeliveryConfig } from './amqp-settings';
import { DeliveryPublisher } from './delivery.publisher';

/** Consumer states in which it receives messages ('off': no consumer in this process, e.g. a test app). */
const UP = new Set(['off', 'connected', 'unblocked']);

/**
 * `broker` on /health (critical, registered only with AMQP_URL): the publisher's connection, the
 * consumer's when it runs in this process, and the queue depths (no names of members, only counts).
 */
@Injectable()
export class BrokerHealthCheck implements HealthCheck, OnApplicationShutdown {
  readonly name = 'broker';
  readonly critical = true;
  private consumer = 'off';
  private watching: Subscription | undefined;

  constructor(
    private readonly amqp: AmqpDeliveryConfig,
    private readonly publisher: DeliveryPublisher,
  ) {}

  /** The consumer's RMQ server status (`connected`, `disconnected`, ...), from its microservice. */
  watchConsumer(status: Observable<string>): void {
    this.consumer = 'starting';
    this.watching?.unsubscribe();
    this.watching = status.subscribe((next) => (this.consumer = next));
  }

  async check(): Promise<HealthOutcome> {
    const queue = this.amqp.settings?.queue ?? '';
    const consumerUp = UP.has(this.consumer);
    if (!this.publisher.connected() || !consumerUp) {
      return { status: 'down', info: { queue, publisher: this.publisher.connected() ? 'connected' : 'disconnected', consumer: this.consumer } };
    }
    const depths = await this.publisher.depths();
    return { status: 'up', info: { queue, publisher: 'connected', consumer: this.consumer, ...depths } };
  }

  onApplicationShutdown(): void {
    this.watching?.unsubscribe();
  }
}
