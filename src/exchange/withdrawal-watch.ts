import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { MemberNotFound } from '../connectors/sdk/connector-errors';
import { CONSENT_NAMES } from '../domain/member';
import { amsterdamDay } from '../policy/amsterdam-calendar';
import { MemberSource } from './member-source';
import { WithdrawalService } from './withdrawal.service';

const DAY_MS = 86_400_000;
/** Withdrawals this recent are passed on; older ones were passed on before (or by the officer). */
const RECENT_MS = 2 * DAY_MS;

export interface WatchRound {
  readonly members: number;
  readonly notices: number;
}

/**
 * "Afmelden kan altijd": every WITHDRAWAL_WATCH_MS the lending system's delta feed (members changed
 * since yesterday) is read, and a consent such a member withdrew in the last two days is passed on to
 * every partner with a withdrawal notice for it (WithdrawalService). A notice is keyed by the withdrawal,
 * so rounds that see it again, and instances that run side by side, send it once.
 */
@Injectable()
export class WithdrawalWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WithdrawalWatch');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<WatchRound> | undefined;
  /** Aborted at shutdown: a round waiting for the lending system stops at once. */
  private readonly stopping = new AbortController();

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly members: MemberSource,
    private readonly withdrawals: WithdrawalService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.withdrawalWatchMs === 0) return;
    this.timer = setInterval(() => void this.look().catch(() => undefined), this.config.withdrawalWatchMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.round?.catch(() => undefined);
  }

  /** One round (a round already running is joined, not doubled). */
  look(nowMs = Date.now()): Promise<WatchRound> {
    this.round ??= this.watch(nowMs).finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private async watch(nowMs: number): Promise<WatchRound> {
    let changed: readonly string[] | undefined;
    try {
      changed = await this.members.changedSince(amsterdamDay(nowMs - DAY_MS), this.deadline(60_000));
    } catch (error) {
      this.logger.warn(`the delta feed could not be read: ${error instanceof Error ? error.name : 'error'}`);
      return { members: 0, notices: 0 };
    }
    let notices = 0;
    for (const memberId of changed ?? []) {
      if (this.stopping.signal.aborted) break;
      try {
        const member = await this.members.byId(memberId, this.deadline(30_000));
        for (const consent of CONSENT_NAMES) {
          const recorded = member.consents?.[consent];
          if (recorded?.granted !== false || nowMs - Date.parse(recorded.on) > RECENT_MS) continue;
          notices += (await this.withdrawals.notify(member, consent)).notices.filter((notice) => 'deliveryId' in notice && !notice.repeated).length;
        }
      } catch (error) {
        if (error instanceof MemberNotFound) continue;
        this.logger.warn(`a withdrawal could not be passed on: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
    if (notices > 0) this.logger.log(`withdrawn consents passed on: ${notices} notice(s)`);
    return { members: changed?.length ?? 0, notices };
  }

  private deadline(ms: number): AbortSignal {
    return AbortSignal.any([this.stopping.signal, AbortSignal.timeout(ms)]);
  }
}
