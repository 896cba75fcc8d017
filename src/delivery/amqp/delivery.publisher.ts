import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientRMQ, RmqRecordBuilder } from '@nestjs/microservices';
import { context, SpanKind } from '@opentelemetry/api';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { lastValueFrom, timeout } from 'rxjs';
import { acceptanceTraces } from '../../tracing/acceptance-traces';
import { inSpan } from '../../tracing/gateway-span';
import { traceHeaders } from '../../tracing/message-trace';
import { DispatchRoute } from '../delivery-dispatcher';
import { AmqpDeliveryConfig, AmqpDeliverySettings, DELIVERY_PATTERN, deliveryQueueOptions } from './amqp-settings';
import { DeliveryMessage } from './delivery-message';

/** Publishes still waiting for the broker's confirm; beyond this, new ones are left to the sweeper. */
const MAX_PENDING_PUBLISHES = 10_000;

export interface QueueDepths {
  readonly ready: number;
  readonly consumers: number;
  readonly deadLettered: number;
}

/**
 * Puts delivery messages on the durable queue (persistent, confirmed by the broker) through the Nest
 * RMQ client, and declares the queue with its dead-letter queue. A publish that fails loses nothing:
 * the outbox row is the record and the sweeper publishes it again.
 */
@Injectable()
export class DeliveryPublisher implements DispatchRoute, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryPublisher.name);
  private client: ClientRMQ | undefined;
  private topology: ChannelWrapper | undefined;
  private pending = 0;

  constructor(private readonly amqp: AmqpDeliveryConfig) {}

  /** Connects in the background: while the broker is away, exchanges are still accepted into the outbox. */
  start(): void {
    const settings = this.amqp.settings;
    if (settings === undefined || this.client !== undefined) return;
    this.client = new ClientRMQ({
      urls: [settings.url.reveal()],
      queue: settings.queue,
      queueOptions: deliveryQueueOptions(settings),
      persistent: true,
      socketOptions: { heartbeatIntervalInSeconds: 15, reconnectTimeInSeconds: 1 },
    });
    this.client.connect().catch(() => this.logger.warn('the broker is not reachable yet; deliveries wait in the outbox'));
    this.topology = this.client.unwrap<AmqpConnectionManager>().createChannel({
      name: 'delivery-topology',
      json: false,
      setup: (channel: ConfirmChannel) => declareTopology(channel, settings),
    });
  }

  /** Resolves once the queues are declared (the consumers must not dead-letter into a missing queue). */
  async topologyReady(): Promise<void> {
    await this.topology?.waitForConnect();
  }

  connected(): boolean {
    return this.client?.unwrap<AmqpConnectionManager>().isConnected() ?? false;
  }

  /** The hand-over of a committed row: published in the background, a failure only logged. */
  dispatch(deliveryId: string): void {
    if (this.pending >= MAX_PENDING_PUBLISHES) return;
    void this.publish(deliveryId).catch((error: unknown) =>
      this.logger.warn(`delivery ${deliveryId} not published (${describe(error)}); the sweeper publishes it`),
    );
  }

  /** Publishes each id; resolves with the ids whose publish failed. */
  async publishAll(ids: readonly string[]): Promise<string[]> {
    const results = await Promise.allSettled(ids.map((id) => this.publish(id)));
    return ids.filter((_id, i) => results[i]?.status === 'rejected');
  }

  async publish(deliveryId: string): Promise<void> {
    const client = this.client;
    const settings = this.amqp.settings;
    if (client === undefined || settings === undefined) throw new Error('the broker is not configured');
    const message: DeliveryMessage = { deliveryId };
    this.pending += 1;
    try {
      // In the trace of the exchange's acceptance (active when a new exchange is dispatched; remembered
      // when the sweeper publishes again), whose context the message carries in its headers.
      const parent = acceptanceTraces.contextOf(deliveryId) ?? context.active();
      await inSpan(
        'delivery.publish',
        { deliveryId },
        async () => {
          const record = new RmqRecordBuilder(message).setOptions({ headers: traceHeaders() }).build();
          await lastValueFrom(client.emit(DELIVERY_PATTERN, record).pipe(timeout({ first: settings.publishTimeoutMs })), { defaultValue: undefined });
        },
        { kind: SpanKind.PRODUCER, parent },
      );
    } finally {
      this.pending -= 1;
    }
  }

  /** Messages waiting in the queue, its consumers, and the messages in the dead-letter queue. */
  async depths(): Promise<QueueDepths> {
    const settings = this.amqp.settings;
    if (this.topology === undefined || settings === undefined) throw new Error('the broker is not configured');
    const [queue, dead] = await Promise.all([this.topology.checkQueue(settings.queue), this.topology.checkQueue(settings.deadLetterQueue)]);
    return { ready: queue.messageCount, consumers: queue.consumerCount, deadLettered: dead.messageCount };
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await this.topology?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
  }
}

async function declareTopology(channel: ConfirmChannel, settings: AmqpDeliverySettings): Promise<void> {
  await channel.assertQueue(settings.deadLetterQueue, { durable: true });
  await channel.assertQueue(settings.queue, deliveryQueueOptions(settings));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
