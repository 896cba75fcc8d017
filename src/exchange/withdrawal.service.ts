import { Injectable } from '@nestjs/common';
import { ConnectorHost } from '../connectors/connector-host';
import { ConsentName, ValidMember } from '../domain/member';
import { GatewayError } from '../errors/gateway-error';
import { PolicyDocument } from '../policy/policy.document';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { PartnerPurpose, withdrawalNotices } from '../policy/withdrawal-notices';
import { ExchangeService } from './exchange.service';
import { MemberSource } from './member-source';

/** What became of one withdrawal notice. */
export type NoticeOutcome =
  | (PartnerPurpose & { readonly deliveryId: string; readonly status: string; readonly repeated: boolean })
  | (PartnerPurpose & { readonly refused: string })
  | (PartnerPurpose & { readonly withoutConnector: true; readonly withNextFile?: true });

export interface WithdrawalReport {
  readonly consent: ConsentName;
  /** When the member withdrew, as the lending system records it. */
  readonly withdrawnOn?: string;
  readonly notices: readonly NoticeOutcome[];
  /** Partners that need this consent but whose policy has no notice purpose: to be told by other means. */
  readonly uninformed: readonly PartnerPurpose[];
}

/**
 * A member withdrew a consent: every partner whose active policy has a withdrawal notice for it (a
 * purpose that releases only when the consent is withdrawn, like the newsletter's `unsubscribe`) is told
 * through an ordinary exchange — policy, outbox, delivery, ledger. The lending system is the record of
 * consent: the withdrawal must be recorded there first. Repeating the request sends nothing twice.
 */
@Injectable()
export class WithdrawalService {
  constructor(
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly connectors: ConnectorHost,
    private readonly exchanges: ExchangeService,
  ) {}

  async propagate(memberId: string, consent: ConsentName): Promise<WithdrawalReport> {
    return this.notify(await this.members.byId(memberId, AbortSignal.timeout(30_000)), consent);
  }

  /** The same for a member already loaded from the lending system (the withdrawal watch). */
  async notify(member: ValidMember, consent: ConsentName): Promise<WithdrawalReport> {
    const { memberId } = member;
    const recorded = member.consents?.[consent];
    if (recorded?.granted !== false) {
      throw new GatewayError('CONSENT_NOT_WITHDRAWN', `the lending system does not record '${consent}' as withdrawn for this member: record the withdrawal there first`, 409);
    }
    const { notices, uninformed } = withdrawalNotices(await this.activeDocuments(), consent);
    const enabled = new Set(this.connectors.enabled().filter((connector) => connector.manifest.capabilities.includes('send')).map((connector) => connector.manifest.id));
    // A partner that gets files made by a job (the panel's export) hears of it in its next file.
    const byFile = new Set(this.connectors.enabled().filter((connector) => connector.manifest.capabilities.includes('export')).map((connector) => connector.manifest.id));
    const outcomes: NoticeOutcome[] = [];
    for (const notice of notices) {
      if (!enabled.has(notice.partner)) {
        outcomes.push({ ...notice, withoutConnector: true, ...(byFile.has(notice.partner) ? { withNextFile: true as const } : {}) });
        continue;
      }
      // One notice per withdrawal, whoever asks: the key names the withdrawal, so a repeat finds the first delivery.
      const key = `withdrawal:${consent}:${memberId}:${recorded.on}:${notice.partner}:${notice.purpose}`;
      try {
        const accepted = await this.exchanges.accept({ partner: notice.partner, purpose: notice.purpose, memberId }, 'withdrawals', key);
        outcomes.push({ ...notice, deliveryId: accepted.deliveryId, status: accepted.status, repeated: accepted.repeated });
      } catch (error) {
        if (!(error instanceof PolicyRefusal)) throw error;
        outcomes.push({ ...notice, refused: error.code });
      }
    }
    return { consent, withdrawnOn: recorded.on, notices: outcomes, uninformed };
  }

  private async activeDocuments(): Promise<PolicyDocument[]> {
    const documents: PolicyDocument[] = [];
    for (const partner of await this.policies.partners()) {
      try {
        documents.push((await this.policies.active(partner)).document);
      } catch (error) {
        if (!(error instanceof PolicyRefusal)) throw error;
      }
    }
    return documents;
  }
}
