import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { PinAttemptEntity } from './pin-attempt.entity';

/** How many wrong PINs for one card in the window before the gateway stops asking the lending system. */
export const MAX_WRONG_PINS = 5;
export const WRONG_PIN_WINDOW_MS = 15 * 60_000;

/** What settles an attempt that was counted as wrong when it began. */
export interface PinAttempt {
  /** The PIN was right: the card's count is cleared. */
  right(): Promise<void>;
  /** The PIN could not be checked (the lending system did not answer): the attempt is taken back. */
  unchecked(): Promise<void>;
}

/**
 * Wrong PINs per card, so that a terminal or a partner cannot try all 10,000 four-digit PINs: after
 * MAX_WRONG_PINS wrong ones within WRONG_PIN_WINDOW_MS the card is locked for the rest of the window
 * (a right PIN clears the count). An attempt counts as wrong from the moment it is asked, so that PINs
 * tried in parallel — also at other instances — cannot pass the limit before their answers come back.
 * Kept in the database, so every instance knows the lock; cards only as keyed hashes. Expired attempts
 * are deleted through an index, so the cost of an attempt does not grow with the number of cards.
 */
@Injectable()
export class PinAttempts {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectGatewayConfig() config: GatewayConfig,
  ) {
    this.key = createHmac('sha256', config.pseudonymKey.reveal()).update('pin-attempts').digest();
  }

  async locked(card: string): Promise<boolean> {
    return (await this.recent(this.cardKey(card))) >= MAX_WRONG_PINS;
  }

  /**
   * Counts an attempt as wrong until it is settled. Undefined when the card is locked: then nothing may
   * be asked of the lending system (and nothing was counted).
   */
  async begin(card: string): Promise<PinAttempt | undefined> {
    const cardKey = this.cardKey(card);
    const time = this.now();
    // One card's attempts take turns (a per-card advisory lock on PostgreSQL, across instances; SQLite's
    // transactions take turns anyway): of PINs tried in parallel exactly MAX_WRONG_PINS are asked.
    const id = await this.dataSource.transaction(async (manager) => {
      if (manager.connection.options.type === 'postgres') await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bieb-gateway pin ${cardKey}`]);
      const attempts = manager.getRepository(PinAttemptEntity);
      await attempts.delete({ attemptedAt: LessThan(time - WRONG_PIN_WINDOW_MS) });
      if ((await attempts.countBy({ cardKey, attemptedAt: MoreThan(time - WRONG_PIN_WINDOW_MS) })) >= MAX_WRONG_PINS) return undefined;
      const attempt = randomUUID();
      await attempts.insert({ id: attempt, cardKey, attemptedAt: time });
      return attempt;
    });
    if (id === undefined) return undefined;
    const repository = this.dataSource.getRepository(PinAttemptEntity);
    return {
      right: async () => {
        await repository.delete({ cardKey });
      },
      unchecked: async () => {
        await repository.delete({ id });
      },
    };
  }

  /** The clock (a subclass in the tests moves it). */
  protected now(): number {
    return Date.now();
  }

  private recent(cardKey: string): Promise<number> {
    return this.dataSource.getRepository(PinAttemptEntity).countBy({ cardKey, attemptedAt: MoreThan(this.now() - WRONG_PIN_WINDOW_MS) });
  }

  private cardKey(card: string): string {
    return createHmac('sha256', this.key).update(card).digest('hex');
  }
}
