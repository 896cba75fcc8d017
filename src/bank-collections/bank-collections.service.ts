import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { LedgerService } from '../audit/ledger.service';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { BankConnector } from '../connectors/bank/bank.connector';
import { ConnectorHost } from '../connectors/connector-host';
import { ValidMember } from '../domain/member';
import { GatewayError, NotFound, ValidationFailed } from '../errors/gateway-error';
import { configuredSealer, MessageSealer } from '../delivery/message-sealer';
import { MemberSource } from '../exchange/member-source';
import { debitFromRelease, releasedFeeAmounts } from '../mapping/sepa/debit-from-release';
import { DirectDebitTransaction, makeEndToEndId, writePain008 } from '../mapping/sepa/pain008';
import { checkCollectionDate } from '../mapping/sepa/target2-calendar';
import { amsterdamDay } from '../policy/amsterdam-calendar';
import { CompiledPolicy } from '../policy/policy.compiler';
import { releaseIfConsented } from '../policy/release-if-consented';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { ReleasedPayload } from '../policy/released-payload';
import { loadMembers } from '../sync/member-loader';
import { BankCollectionEntity } from './bank-collection.entity';
import { BankDebitEntity } from './bank-debit.entity';

const PARTNER = 'bank';
const PURPOSE = 'direct-debit';
const PAGE = 500;
const LOAD_CONCURRENCY = 8;
const FEES_ONLY = new Set(['fees'] as const);

/** Why members are not in a collection: counts only, never who. */
export interface SkippedCounts {
  noConsent: number;
  noMandate: number;
  nothingDue: number;
}

/** A collection as the API shows it. */
export interface CollectionView {
  readonly collectionId: string;
  readonly collectionDate: string;
  readonly messageId: string;
  readonly painVersion: string;
  readonly status: BankCollectionEntity['status'];
  readonly transactions: number;
  readonly totalCents: number;
  readonly skipped: SkippedCounts;
  readonly bankFileId: string | null;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly uploadedAt: string | null;
  readonly error: string | null;
}

function view(row: BankCollectionEntity): CollectionView {
  return {
    collectionId: row.id,
    collectionDate: row.collectionDate,
    messageId: row.messageId,
    painVersion: row.painVersion,
    status: row.status,
    transactions: row.transactions,
    totalCents: row.totalCents,
    skipped: JSON.parse(row.skipped) as SkippedCounts,
    bankFileId: row.bankFileId,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    uploadedAt: row.uploadedAt,
    error: row.errorCode,
  };
}

/** One member's debit before it is written: the transaction, and what the ledger and the booking need. */
interface PlannedDebit {
  readonly transaction: DirectDebitTransaction;
  readonly memberId: string;
  readonly feeIds: string[];
  readonly mandateKey: string;
  readonly payload: ReleasedPayload;
}

/**
 * SEPA direct debit collections (issue 15): for every member of the system of record, the `bank`
 * policy's `direct-debit` purpose decides what may leave (consent, account, mandate, amounts); one
 * transaction per member (the sum of their open fee lines: one debit on their statement, one return at
 * most, one bank charge); one pain.008 file per collection date, written to the ledger per member before
 * it leaves, sealed until the bank has it, and uploaded under the collection's id so that asking again
 * never books anything twice.
 */
@Injectable()
export class BankCollections {
  private readonly logger = new Logger('BankCollections');
  private readonly sealer: MessageSealer;
  private readonly mandateSecret: Buffer;

  constructor(
    @InjectGatewayConfig() config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly policies: PolicyVersionsService,
    private readonly ledger: LedgerService,
  ) {
    this.sealer = configuredSealer(config);
    this.mandateSecret = createHmac('sha256', config.pseudonymKey.reveal()).update('bieb-gateway/bank/mandates').digest();
  }

  async list(): Promise<CollectionView[]> {
    return (await this.dataSource.getRepository(BankCollectionEntity).find({ order: { createdAt: 'DESC' }, take: 100 })).map(view);
  }

  async get(id: string): Promise<CollectionView> {
    const row = await this.dataSource.getRepository(BankCollectionEntity).findOneBy({ id });
    if (row === null) throw new NotFound('COLLECTION_UNKNOWN', `no collection '${id.slice(0, 40)}'`);
    return view(row);
  }

  /** POST /api/v1/partners/bank/collections: the collection of a date (made once; asked again, it is answered, and uploaded if it was not yet). */
  async collect(collectionDate: string, requestedBy: string, nowMs = Date.now()): Promise<{ collection: CollectionView; repeated: boolean }> {
    const bank = this.bank();
    const existing = await this.dataSource.getRepository(BankCollectionEntity).findOneBy({ collectionDate });
    if (existing !== null) return { collection: existing.status === 'uploaded' ? view(existing) : await this.upload(bank, existing), repeated: true };
    const problem = checkCollectionDate(collectionDate, amsterdamDay(nowMs), bank.creditor.preNotificationDays);
    if (problem !== undefined) throw new ValidationFailed('collection', [{ path: 'collectionDate', message: problem.message }]);
    const policy = await this.policies.compiledPolicy(PARTNER);
    const id = randomUUID();
    const messageId = `BGW${collectionDate.replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
    const { debits, skipped } = await this.plan(policy, messageId, collectionDate, nowMs);
    if (debits.length === 0) throw new GatewayError('NOTHING_TO_COLLECT', 'no member with consent, a mandate and an open fee: no file is made', 422, { skipped });
    const file = writePain008(
      { messageId, createdAt: new Date(nowMs), initiatingPartyName: bank.creditor.name, creditor: bank.creditor, requestedCollectionDate: collectionDate, transactions: debits.map((debit) => debit.transaction) },
      bank.creditor.painVersion,
    );
    const row: BankCollectionEntity = {
      id,
      collectionDate,
      messageId,
      painVersion: bank.creditor.painVersion,
      status: 'prepared',
      transactions: debits.length,
      totalCents: debits.reduce((sum, debit) => sum + debit.transaction.amountCents, 0),
      skipped: JSON.stringify(skipped),
      sealedFile: this.sealer.seal(id, { contentType: 'application/xml', body: file, route: {} }),
      fileSha256: createHash('sha256').update(file).digest('hex'),
      bankFileId: null,
      requestedBy,
      createdAt: new Date(nowMs).toISOString(),
      uploadedAt: null,
      errorCode: null,
    };
    // The collection, its debits and a ledger entry per member commit together, before a byte leaves.
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(BankCollectionEntity).insert(row);
      await manager.getRepository(BankDebitEntity).insert(
        debits.map((debit) => ({
          endToEndId: debit.transaction.endToEndId,
          collectionId: id,
          memberId: debit.memberId,
          feeIds: JSON.stringify(debit.feeIds),
          amountCents: debit.transaction.amountCents,
          mandateKey: debit.mandateKey,
          sequenceType: debit.transaction.sequenceType,
          status: 'pending' as const,
          returnReason: null,
        })),
      );
      for (const debit of debits) {
        const origin = debit.payload.origin;
        await this.ledger.record(
          { memberId: debit.memberId, partner: PARTNER, purpose: PURPOSE, policyVersion: origin.policyVersion, policyHash: origin.policyHash, agreementReference: origin.agreementReference, fields: debit.payload.disclosedFields(), exchangeId: debit.transaction.endToEndId },
          manager,
        );
      }
    });
    this.logger.log(`collection ${id} for ${collectionDate}: ${debits.length} debit(s); skipped ${skipped.noConsent} without consent, ${skipped.noMandate} without a mandate, ${skipped.nothingDue} with nothing due`);
    return { collection: await this.upload(bank, row), repeated: false };
  }

  private async plan(policy: CompiledPolicy, messageId: string, collectionDate: string, nowMs: number): Promise<{ debits: PlannedDebit[]; skipped: SkippedCounts }> {
    const skipped: SkippedCounts = { noConsent: 0, noMandate: 0, nothingDue: 0 };
    const debits: PlannedDebit[] = [];
    const remittance = `${this.bank().creditor.name} contributie ${collectionDate.slice(0, 4)}`;
    for (let offset = 0; ; offset += PAGE) {
      const ids = await this.members.page(offset, PAGE, AbortSignal.timeout(60_000));
      if (ids === undefined) throw new GatewayError('NO_MEMBER_SOURCE', 'no enabled system of record can list its members', 409);
      const loaded = await loadMembers(this.members, ids, LOAD_CONCURRENCY, AbortSignal.timeout(300_000), FEES_ONLY);
      if (loaded.failed > 0) throw new GatewayError('SOURCE_UNAVAILABLE', `${loaded.failed} member(s) could not be loaded from the lending system: no collection is made from part of the members`, 503);
      // First or recurring: which of this page's mandates were collected before, in one query a page.
      const mandateKeys = new Map(loaded.members.flatMap((member) => (member.directDebitMandate === undefined ? [] : [[member.memberId, this.mandateKeyOf(member.directDebitMandate.mandateId)] as const])));
      const collected = await this.collectedMandates([...mandateKeys.values()]);
      for (const member of loaded.members) {
        const payload = releaseIfConsented(policy, member, PURPOSE, nowMs);
        if (payload === undefined) {
          skipped.noConsent += 1;
          continue;
        }
        const due = dueOf(member, payload);
        const mandateKey = mandateKeys.get(member.memberId) ?? '';
        const sequenceType = collected.has(mandateKey) ? 'RCUR' : 'FRST';
        const debit = debitFromRelease(payload.fields, { amountCents: due.amountCents }, makeEndToEndId(messageId, debits.length + 1), sequenceType, remittance);
        if (!debit.ok) {
          if (debit.gap === 'no-mandate') skipped.noMandate += 1;
          else skipped.nothingDue += 1;
          continue;
        }
        debits.push({ transaction: debit.transaction, memberId: member.memberId, feeIds: due.feeIds, mandateKey, payload });
      }
      if (ids.length < PAGE) return { debits, skipped };
    }
  }

  /** A mandate as the gateway knows it: a keyed hash, never the mandate id itself. */
  private mandateKeyOf(mandateId: string): string {
    return createHmac('sha256', this.mandateSecret).update(mandateId).digest('hex');
  }

  /** Which of these mandate keys a debit was ever made under. */
  private async collectedMandates(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(BankDebitEntity).find({ select: { mandateKey: true }, where: { mandateKey: In([...keys]) } });
    return new Set(rows.map((row) => row.mandateKey));
  }

  /** Uploads a prepared (or failed) collection's file under the collection's id; erases it once the bank has it. */
  private async upload(bank: BankConnector, row: BankCollectionEntity): Promise<CollectionView> {
    const repository = this.dataSource.getRepository(BankCollectionEntity);
    if (row.sealedFile === null) return view(row);
    const file = this.sealer.open(row.id, row.sealedFile).body;
    try {
      const receipt = await bank.upload(file, row.id, AbortSignal.timeout(60_000));
      await repository.update({ id: row.id }, { status: 'uploaded', bankFileId: receipt.fileId, uploadedAt: new Date().toISOString(), sealedFile: null, errorCode: null });
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'UPLOAD_FAILED';
      this.logger.warn(`collection ${row.id} not uploaded: ${code}; asking for the same date again uploads the same file`);
      await repository.update({ id: row.id }, { status: 'upload-failed', errorCode: code });
    }
    return view((await repository.findOneBy({ id: row.id })) as BankCollectionEntity);
  }

  private bank(): BankConnector {
    const bank = this.connectors.enabled().find((connector): connector is BankConnector => connector instanceof BankConnector);
    if (bank === undefined) throw new GatewayError('CONNECTOR_DISABLED', "the bank's connector is not enabled on this gateway (CONNECTORS)", 409);
    return bank;
  }
}

/**
 * What a member owes now: the released amounts of the fee lines the lending system has open. The policy
 * releases `fees[].amountCents` in the member's order; which of them are open is the lending system's
 * word, and it does not leave.
 */
function dueOf(member: ValidMember, payload: ReleasedPayload): { amountCents: number; feeIds: string[] } {
  const fees = member.fees ?? [];
  const amounts = releasedFeeAmounts(payload.fields);
  if (amounts.length !== fees.length) return { amountCents: 0, feeIds: [] };
  const open = fees.map((fee, at) => ({ fee, amount: amounts[at] ?? 0 })).filter(({ fee }) => fee.status === 'open' || fee.status === undefined);
  return { amountCents: open.reduce((sum, { amount }) => sum + amount, 0), feeIds: open.map(({ fee }) => fee.feeId) };
}
