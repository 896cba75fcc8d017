import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { OutboxEntity } from './outbox.entity';

const EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * The gateway's own copies do not outlive their use: a dead letter's sealed message is erased after
 * DEAD_LETTER_RETENTION_DAYS (the row and its ledger entry stay, so an operator still sees what died), and
 * delivered or discarded outbox rows with their attempts are removed after OUTBOX_RETENTION_DAYS. The
 * ledger keeps every disclosure. At start and every hour, in batches.
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(1000);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: the number of dead letters emptied and of rows removed. */
  async prune(nowMs = Date.now()): Promise<{ readonly erased: number; readonly removed: number }> {
    const outbox = this.dataSource.getRepository(OutboxEntity);
    const deadBefore = new Date(nowMs - this.config.retention.deadLetterDays * DAY_MS).toISOString();
    const erased = await outbox
      .createQueryBuilder()
      .update()
      .set({ messageSealed: null })
      .where('status = :status AND message_sealed IS NOT NULL AND next_attempt_at < :before', { status: 'dead', before: deadBefore })
      .execute();
    const doneBefore = new Date(nowMs - this.config.retention.outboxDays * DAY_MS).toISOString();
    let removed = 0;
    for (;;) {
      const rows = await outbox.find({ select: { id: true }, where: { status: In(['delivered', 'discarded']), createdAt: LessThan(doneBefore) }, take: BATCH });
      if (rows.length === 0) break;
      const ids = rows.map((row) => row.id);
      await this.dataSource.transaction(async (manager) => {
        await manager.delete(DeliveryAttemptEntity, { deliveryId: In(ids) });
        await manager.delete(OutboxEntity, { id: In(ids) });
      });
      removed += ids.length;
      if (rows.length < BATCH) break;
    }
    return { erased: erased.affected ?? 0, removed };
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.prune()
        .then(({ erased, removed }) => {
          if (erased + removed > 0) this.logger.log(`retention: ${erased} dead letter(s) emptied, ${removed} finished deliveries removed`);
        })
        .catch((error: unknown) => this.logger.error(`retention failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (this.timer !== undefined) this.schedule(EVERY_MS);
        });
    }, delayMs);
    this.timer.unref();
  }
}
