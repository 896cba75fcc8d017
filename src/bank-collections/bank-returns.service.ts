import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BankConnector } from '../connectors/bank/bank.connector';
import { ConnectorHost } from '../connectors/connector-host';
import { MemberNotFound } from '../connectors/sdk/connector-errors';
import { ValidMember } from '../domain/member';
import { GatewayError } from '../errors/gateway-error';
import { ExchangeService } from '../exchange/exchange.service';
import { MemberSource } from '../exchange/member-source';
import { readCamt054, returnReasonDutch } from '../mapping/sepa/camt054';
import { BankDebitEntity } from './bank-debit.entity';
import { BankNotificationEntity } from './bank-notification.entity';

/** What one notification came to: counts only. */
export interface NotificationOutcome {
  readonly notificationId: string;
  /** Debits the bank booked: their fee lines registered as paid at the lending system. */
  readonly booked: number;
  /** Debits that came back (storneringen): their fees stay open, the reason is kept. */
  readonly returned: number;
  /** Entries whose EndToEndId is no debit of ours (another creditor's, or already settled). */
  readonly unmatched: number;
  /** True when this notification was booked before: nothing was booked again. */
  readonly repeated: boolean;
}

/** A returned debit as the officer sees it: no account, no name. */
export interface ReturnView {
  readonly endToEndId: string;
  readonly collectionId: string;
  readonly memberId: string;
  readonly amountCents: number;
  readonly reasonCode: string;
  readonly reason: string;
  /** MD06: the member asked their bank for the money back — did they withdraw consent? */
  readonly askOfficer: boolean;
}

/**
 * The bank's answers to a collection (camt.054): each entry is matched by its EndToEndId. A booked debit
 * registers its fee lines as paid at the lending system through the `hka` policy's `payments` purpose (an
 * ordinary exchange); a returned one leaves them open and keeps the ISO reason (in Dutch for the officer).
 * Nothing the bank sends about the member (name, account) is kept; the notification itself is not stored.
 */
@Injectable()
export class BankReturns {
  private readonly logger = new Logger('BankReturns');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly exchanges: ExchangeService,
  ) {}

  /** A camt.054 document (posted by the bank, or pulled): booked once, however often it arrives. */
  async book(xml: string, nowMs = Date.now()): Promise<NotificationOutcome> {
    const notification = readCamt054(xml);
    const notificationId = notification.messageId;
    const known = await this.dataSource.getRepository(BankNotificationEntity).findOneBy({ notificationId });
    if (known !== null) return { notificationId, ...(JSON.parse(known.outcome) as { booked: number; returned: number; unmatched: number }), repeated: true };
    const entries = notification.transactions.filter((entry) => entry.endToEndId !== undefined);
    const debits = await this.dataSource.getRepository(BankDebitEntity).findBy({ endToEndId: In(entries.map((entry) => entry.endToEndId as string)), status: 'pending' });
    const byId = new Map(debits.map((debit) => [debit.endToEndId, debit]));
    let booked = 0;
    let returned = 0;
    let unmatched = notification.transactions.length - entries.length;
    for (const entry of entries) {
      const debit = byId.get(entry.endToEndId as string);
      if (debit === undefined) {
        unmatched += 1;
        continue;
      }
      if (entry.returned || entry.reversal) {
        await this.dataSource.getRepository(BankDebitEntity).update({ endToEndId: debit.endToEndId, status: 'pending' }, { status: 'returned', returnReason: (entry.returnReasonCode ?? 'NARR').slice(0, 8) });
        returned += 1;
      } else if (entry.booked) {
        await this.registerPaid(debit);
        booked += 1;
      }
    }
    const outcome = { booked, returned, unmatched };
    await this.dataSource.getRepository(BankNotificationEntity).insert({ notificationId, receivedAt: new Date(nowMs).toISOString(), outcome: JSON.stringify(outcome) });
    this.logger.log(`bank notification booked: ${booked} paid, ${returned} returned, ${unmatched} not ours`);
    return { notificationId, ...outcome, repeated: false };
  }

  /** Pulls the bank's notifications not booked yet and books each. */
  async pull(): Promise<NotificationOutcome[]> {
    const bank = this.connectors.enabled().find((connector): connector is BankConnector => connector instanceof BankConnector);
    if (bank === undefined) throw new GatewayError('CONNECTOR_DISABLED', "the bank's connector is not enabled on this gateway (CONNECTORS)", 409);
    const outcomes: NotificationOutcome[] = [];
    for (const listed of await bank.notifications(undefined, AbortSignal.timeout(30_000))) {
      outcomes.push(await this.book(await bank.notification(listed.id, AbortSignal.timeout(30_000))));
    }
    return outcomes;
  }

  /** Returned debits, newest collections first, with the reason in Dutch. */
  async returns(): Promise<ReturnView[]> {
    const rows = await this.dataSource.getRepository(BankDebitEntity).find({ where: { status: 'returned' }, order: { endToEndId: 'DESC' }, take: 500 });
    return rows.map((row) => ({
      endToEndId: row.endToEndId,
      collectionId: row.collectionId,
      memberId: row.memberId,
      amountCents: row.amountCents,
      reasonCode: row.returnReason ?? '',
      reason: returnReasonDutch(row.returnReason ?? undefined),
      askOfficer: row.returnReason === 'MD06',
    }));
  }

  /** The debit's fee lines as paid, at the lending system, through the hka policy's payments purpose. */
  private async registerPaid(debit: BankDebitEntity): Promise<void> {
    const feeIds = new Set(JSON.parse(debit.feeIds) as string[]);
    let member: ValidMember;
    try {
      member = await this.members.byId(debit.memberId, AbortSignal.timeout(30_000), new Set(['fees']));
    } catch (error) {
      if (!(error instanceof MemberNotFound)) throw error;
      // The member is gone from the lending system: the money is in, there is nothing to mark.
      await this.dataSource.getRepository(BankDebitEntity).update({ endToEndId: debit.endToEndId }, { status: 'booked' });
      return;
    }
    const fees = (member.fees ?? []).map((fee) => (feeIds.has(fee.feeId) ? { ...fee, status: 'paid' as const } : fee));
    const balanceCents = fees.filter((fee) => fee.status === 'open').reduce((sum, fee) => sum + fee.amountCents, 0);
    const paid: ValidMember = { ...member, fees, balanceCents };
    await this.exchanges.acceptLoaded({ partner: 'hka', purpose: 'payments', memberId: member.memberId }, paid, 'bank-booking', debit.endToEndId);
    await this.dataSource.getRepository(BankDebitEntity).update({ endToEndId: debit.endToEndId }, { status: 'booked' });
  }
}
