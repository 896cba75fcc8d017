import { INestApplication } from '@nestjs/common';
import { RmqOptions, Transport } from '@nestjs/microservices';
import { AmqpDeliveryConfig, deliveryQueueOptions } from './amqp-settings';
import { BrokerHealthCheck } from './broker.health-check';
import { DeliveryPublisher } from './delivery.publisher';

export interface DeliveryConsumerHandle {
  /** Starts consuming once the queues are declared; resolves when the consumer is connected. */
  start(): Promise<void>;
}

/**
 * With AMQP_URL: connects the delivery consumer (RMQ transport, manual acknowledgement, prefetch
 * AMQP_PREFETCH) to the application as a hybrid microservice. Without it: undefined, nothing changes.
 * `main` calls this before listening and `start()` after, so HTTP serves even while the broker is away.
 */
export function connectDeliveryConsumer(app: INestApplication): DeliveryConsumerHandle | undefined {
  const settings = app.get(AmqpDeliveryConfig).settings;
  if (settings === undefined) return undefined;
  const microservice = app.connectMicroservice<RmqOptions>({
    transport: Transport.RMQ,
    options: {
      urls: [settings.url.reveal()],
      queue: settings.queue,
      queueOptions: deliveryQueueOptions(settings),
      noAck: false,
      prefetchCount: settings.prefetch,
      socketOptions: { heartbeatIntervalInSeconds: 15, reconnectTimeInSeconds: 1 },
    },
  });
  app.get(BrokerHealthCheck).watchConsumer(microservice.status);
  return {
    start: async () => {
      await app.get(DeliveryPublisher).topologyReady();
      await microservice.listen();
    },
  };
}
