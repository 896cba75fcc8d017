import { BeforeApplicationShutdown, Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { context, SpanKind } from '@opentelemetry/api';
import type { Channel, Message } from 'amqplib';
import { GatewayConfig } from '../../config/gateway.config';
import { InjectGatewayConfig } from '../../config/gateway-config.token';
import { inSpan } from '../../tracing/gateway-span';
import { traceOfHeaders } from '../../tracing/message-trace';
import { DeliveryExecutor } from '../delivery-executor';
import { OutboxEntity } from '../outbox.entity';
import { OutboxStore } from '../outbox.store';
import { GroupCommit } from '../../persistence/group-commit';
import { DELIVERY_PATTERN } from './amqp-settings';
import { deliveryIdOf, MessageVerdict } from './delivery-message';
import { DeliveryMessageHandler } from './delivery-message.handler';

/** How long a shutdown waits for the deliveries this instance is making. */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * The consumer of delivery messages (RMQ transport, manual acknowledgement). Every message is
 * acknowledged or rejected here — never left unanswered, and never requeued except while this instance
 * shuts down (then another instance takes it). Not an HTTP route: the access guard lets broker messages
 * through, and only the broker can reach this handler.
 */
@Controller()
export class DeliveryConsumer implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryConsumer.name);
  private readonly handler: DeliveryMessageHandler;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  /**
   * Claims of the messages arriving together: one statement for all of them, and their ledger entries in
   * one append before any of them is sent (the in-process worker's claim-ahead does the same).
   */
  private readonly claiming: GroupCommit<string, OutboxEntity | null>;

  constructor(
    @InjectGatewayConfig() config: GatewayConfig,
    store: OutboxStore,
    executor: DeliveryExecutor,
  ) {
    this.claiming = new GroupCommit(async (ids) => {
      const rows = await store.claimMany(ids, executor.workerId, Date.now(), config.delivery.leaseMs);
      const claimed = rows.filter((row): row is OutboxEntity => row !== null);
      // A row whose lease was lost meanwhile is another worker's now: not this message's to deliver.
      const recorded = new Set(claimed.length === 0 ? [] : await executor.recordAhead(claimed));
      return rows.map((row) => (row !== null && recorded.has(row) ? row : null));
    });
    this.handler = new DeliveryMessageHandler({
      workerId: executor.workerId,
      leaseMs: config.delivery.leaseMs,
      claimOne: (id) => this.claiming.submit(id),
      // Under the 'delivery.consume' span, in the trace the message carried (onDelivery).
      deliver: (row) => executor.deliver(row, context.active()),
      warn: (message) => this.logger.warn(message),
    });
  }

  @EventPattern(DELIVERY_PATTERN)
  async onDelivery(@Payload() data: unknown, @Ctx() context: RmqContext): Promise<void> {
    const channel = context.getChannelRef() as Channel;
    const message = context.getMessage() as Message;
    if (this.closing) return settle(channel, message, 'requeue');
    const work = inSpan('delivery.consume', { deliveryId: deliveryIdOf(data) }, () => this.handler.handle(data), { kind: SpanKind.CONSUMER, parent: traceOfHeaders(message.properties.headers) });
    this.inFlight.add(work);
    try {
      settle(channel, message, (await work).verdict);
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Before the broker connection closes: new messages go back to the queue, running deliveries finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
  }
}

/** A channel that closed meanwhile cannot take the answer; the broker then redelivers the message. */
function settle(channel: Channel, message: Message, verdict: MessageVerdict): void {
  try {
    if (verdict === 'ack') channel.ack(message);
    else channel.nack(message, false, verdict === 'requeue');
  } catch {
    // Redelivered later: the outbox row says whether anything is left to do.
  }
}
