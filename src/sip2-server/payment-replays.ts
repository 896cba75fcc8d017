import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, LessThan, QueryFailedError } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { PaymentReplayEntity } from './payment-replay.entity';

/** How long a terminal's transaction id is remembered: longer than any terminal retries. */
export const PAYMENT_MEMORY_MS = 7 * 86_400_000;
const WAIT_STEP_MS = 100;

export interface PaymentAnswer {
  readonly accepted: boolean;
  readonly screenMessage: string;
  /** False when nothing was decided (the lending system did not answer): a repeat may try again. */
  readonly final?: boolean;
}

/**
 * Fee payments by the terminal's transaction id (BK), in the database so every instance knows them: the
 * first 37 with an id is booked and its answer kept; a repeat (same account, card and BK) gets the same
 * answer — also while the first is still being booked (it waits for it) — and books nothing.
 */
@Injectable()
export class PaymentReplays {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectGatewayConfig() config: GatewayConfig,
  ) {
    this.key = createHmac('sha256', config.pseudonymKey.reveal()).update('sip2-payments').digest();
  }

  /**
   * Books once: `book` runs for the first request of this id only; a repeat returns the first's answer.
   * `waitMs`: how long a repeat waits for a first that is still being booked.
   */
  async once(account: string, card: string, transactionId: string, waitMs: number, book: () => Promise<PaymentAnswer>): Promise<PaymentAnswer & { readonly repeated: boolean }> {
    const key = createHmac('sha256', this.key).update(`${account}\u0000${card}\u0000${transactionId}`).digest('hex');
    const repository = this.dataSource.getRepository(PaymentReplayEntity);
    const now = Date.now();
    await repository.delete({ at: LessThan(now - PAYMENT_MEMORY_MS) });
    // The first request of an id is the one whose insert succeeds; every other finds the key taken.
    const first = await repository.insert({ key, at: now, accepted: null, screenMessage: null }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof QueryFailedError) return false;
        throw error;
      },
    );
    if (first) {
      let answer: PaymentAnswer;
      try {
        answer = await book();
      } catch (error) {
        // Nothing was booked: a retry may try again.
        await repository.delete({ key });
        throw error;
      }
      if (answer.final === false) await repository.delete({ key });
      else await repository.update({ key }, { accepted: answer.accepted ? 'Y' : 'N', screenMessage: answer.screenMessage.slice(0, 200) });
      return { ...answer, repeated: false };
    }
    for (const deadline = Date.now() + waitMs; ; ) {
      const earlier = await repository.findOneBy({ key });
      if (earlier?.accepted !== null && earlier?.accepted !== undefined) return { accepted: earlier.accepted === 'Y', screenMessage: earlier.screenMessage ?? '', repeated: true };
      if (earlier === null) return { ...(await this.once(account, card, transactionId, waitMs, book)) };
      if (Date.now() > deadline) return { accepted: false, screenMessage: 'De betaling wordt nog verwerkt; probeer het zo opnieuw', repeated: true };
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}
