import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DisclosureEntity } from '../audit/disclosure.entity';
import { ConnectorHost } from '../connectors/connector-host';
import { OutboxEntity } from '../delivery/outbox.entity';
import { OutboxStore } from '../delivery/outbox.store';
import { ExchangeService } from '../exchange/exchange.service';
import { MemberSource } from '../exchange/member-source';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { HeldMessages } from './held-messages.store';
import { SyncStandings } from './sync-standings.store';

/** A partner told of the erasure: the messages that tell it. */
export interface ErasureNotice {
  readonly partner: string;
  readonly purpose: string;
  readonly deliveryId: string;
  readonly status: string;
}

/** A partner that received the member's data but cannot be told here: why, for the officer. */
export interface UninformedPartner {
  readonly partner: string;
  /** NO_ERASED_PURPOSE, CONNECTOR_DISABLED, or the code of the policy's refusal. */
  readonly reason: string;
}

export interface ErasureReport {
  /** Partners an erasure message goes to. */
  readonly told: readonly string[];
  /** Partners that got the member's data but no erasure message: the officer handles them by hand. */
  readonly uninformed: readonly string[];
  readonly notices: readonly ErasureNotice[];
  readonly reasons: readonly UninformedPartner[];
  /** The gateway's own copies: messages discarded unsent, sealed messages wiped. */
  readonly ownCopies: { readonly discarded: number; readonly wiped: number };
}

/**
 * "Recht op vergetelheid" (art. 17 AVG), and art. 17(2)/19: every partner the ledger shows received the
 * member's data — and every partner with a message still waiting for it — is sent its `erased` purpose;
 * partners without one are listed. Then the gateway's own copies go: waiting messages are discarded,
 * sealed messages wiped, the sync's standings and held messages forgotten. The ledger stays: it accounts
 * for what was disclosed. Repeating the request sends nothing twice.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly connectors: ConnectorHost,
    private readonly exchanges: ExchangeService,
    private readonly outbox: OutboxStore,
    private readonly standings: SyncStandings,
    private readonly heldMessages: HeldMessages,
  ) {}

  async erase(memberId: string, nowMs = Date.now()): Promise<ErasureReport> {
    const member = await this.members.byId(memberId, AbortSignal.timeout(30_000));
    const recipients = await this.recipients(member.memberId);
    const notices: ErasureNotice[] = [];
    const reasons: UninformedPartner[] = [];
    const enabled = new Set(this.connectors.enabled().filter((c) => c.manifest.capabilities.includes('send')).map((c) => c.manifest.id));
    for (const partner of recipients) {
      if (!enabled.has(partner)) {
        reasons.push({ partner, reason: 'CONNECTOR_DISABLED' });
        continue;
      }
      let purposes: string[];
      try {
        purposes = (await this.policies.active(partner)).document.purposes.filter((p) => p.sendOn?.includes('erased') === true).map((p) => p.id);
      } catch (error) {
        if (!(error instanceof PolicyRefusal)) throw error;
        reasons.push({ partner, reason: error.code });
        continue;
      }
      if (purposes.length === 0) {
        reasons.push({ partner, reason: 'NO_ERASED_PURPOSE' });
        continue;
      }
      const before = notices.length;
      let refusal: string | undefined;
      for (const purpose of purposes) {
        try {
          const accepted = await this.exchanges.acceptLoaded({ partner, purpose, memberId: member.memberId }, member, 'erasure', `erased:${member.memberId}:${partner}:${purpose}`);
          notices.push({ partner, purpose, deliveryId: accepted.deliveryId, status: accepted.status });
        } catch (error) {
          if (!(error instanceof PolicyRefusal)) throw error;
          refusal = error.code;
        }
      }
      if (notices.length === before) reasons.push({ partner, reason: refusal ?? 'NO_ERASED_PURPOSE' });
    }
    const ownCopies = await this.outbox.eraseCopiesOf(member.memberId, notices.map((notice) => notice.deliveryId), nowMs);
    await this.dataSource.transaction(async (manager) => {
      await this.standings.forget(manager, member.memberId);
      await this.heldMessages.forget(manager, member.memberId);
    });
    const told = [...new Set(notices.map((notice) => notice.partner))];
    this.logger.log(`erasure: ${told.length} partner(s) told, ${reasons.length} to be told by hand; ${ownCopies.discarded} waiting message(s) discarded`);
    return { told, uninformed: reasons.map((r) => r.partner), notices, reasons, ownCopies };
  }

  /** Partners the ledger shows received the member's data, and those with a message on its way. */
  private async recipients(memberId: string): Promise<string[]> {
    const disclosed = await this.dataSource
      .getRepository(DisclosureEntity)
      .createQueryBuilder('d')
      .select('DISTINCT d.partner', 'partner')
      .where('d.member_id = :memberId', { memberId })
      .getRawMany<{ partner: string }>();
    const waiting = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .select('DISTINCT o.partner', 'partner')
      .where('o.member_id = :memberId AND o.status = :status', { memberId, status: 'pending' })
      .getRawMany<{ partner: string }>();
    return [...new Set([...disclosed, ...waiting].map((row) => row.partner))].sort();
  }
}
