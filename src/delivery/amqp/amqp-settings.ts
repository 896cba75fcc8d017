import { Injectable } from '@nestjs/common';
import { ConfigError } from '../../config/config-error';
import { EnvReader } from '../../config/env-reader';
import { GatewayConfig } from '../../config/gateway.config';
import { InjectGatewayConfig } from '../../config/gateway-config.token';
import { Secret } from '../../config/secret';

/** The event pattern of a delivery message: `{ pattern: 'bieb.delivery', data: { deliveryId } }`. */
export const DELIVERY_PATTERN = 'bieb.delivery';

/** How delivery work travels over RabbitMQ (AMQP_URL). */
export interface AmqpDeliverySettings {
  readonly url: Secret;
  /** Durable queue of delivery messages (AMQP_QUEUE); its dead letters go to `<queue>.dead`. */
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** Unacknowledged messages per consumer (AMQP_PREFETCH): deliveries one instance works on at once (each partner still gets at most DELIVERY_PARTNER_CONCURRENCY). */
  readonly prefetch: number;
  /** How long a publish may wait for the broker's confirm before the sweeper is left to do it. */
  readonly publishTimeoutMs: number;
  /** The sweeper looks for rows whose message may be lost this often (DELIVERY_POLL_MS). */
  readonly sweepMs: number;
  /** A pending row counts as lost when it has been due this long without being claimed. */
  readonly graceMs: number;
  /** A row the sweeper published is not published again before this much time has passed (DELIVERY_LEASE_MS). */
  readonly republishMs: number;
  /** Rows one sweep publishes at most. */
  readonly sweepLimit: number;
}

const QUEUE_NAME = /^(?!amq\.)[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * The broker's settings, or undefined without AMQP_URL (then the in-process worker delivers). They are
 * read from the environment the configuration was loaded from; a wrong value stops the start, named.
 */
export function readAmqpSettings(config: GatewayConfig): AmqpDeliverySettings | undefined {
  if (config.amqpUrl === undefined) return undefined;
  const read = new EnvReader(config.connectorEnv.reveal());
  const queue = read.text('AMQP_QUEUE') ?? 'bieb.deliveries';
  if (!QUEUE_NAME.test(queue)) read.problem(`AMQP_QUEUE must be a queue name of letters, digits and . _ : - not starting with 'amq.' (got ${JSON.stringify(queue)})`);
  const prefetch = read.integer('AMQP_PREFETCH', 32, 1, 1000);
  if (config.mode !== 'production') read.problem('AMQP_URL needs DATABASE_URL: gateway instances that share delivery work share the outbox in PostgreSQL');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  const { pollMs, leaseMs } = config.delivery;
  return {
    url: config.amqpUrl,
    queue,
    deadLetterQueue: `${queue}.dead`,
    prefetch,
    publishTimeoutMs: 5000,
    sweepMs: pollMs,
    graceMs: Math.max(2 * pollMs, 1000),
    republishMs: leaseMs,
    sweepLimit: 500,
  };
}

/** The delivery queue's declaration; publisher and consumers declare it identically. */
export function deliveryQueueOptions(settings: AmqpDeliverySettings) {
  return {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': settings.deadLetterQueue },
  } as const;
}

/** AMQP_URL and friends, read once; `settings` is undefined when the broker is not used. */
@Injectable()
export class AmqpDeliveryConfig {
  readonly settings: AmqpDeliverySettings | undefined;

  constructor(@InjectGatewayConfig() config: GatewayConfig) {
    this.settings = readAmqpSettings(config);
  }
}
