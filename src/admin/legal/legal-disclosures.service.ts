import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerService } from '../../audit/ledger.service';
import { GatewayConfig } from '../../config/gateway.config';
import { InjectGatewayConfig } from '../../config/gateway-config.token';
import { GatewayError, NotFound } from '../../errors/gateway-error';
import { MemberSource } from '../../exchange/member-source';
import { amsterdamDay } from '../../policy/amsterdam-calendar';
import { compilePolicy } from '../../policy/policy.compiler';
import { FieldRule } from '../../policy/policy.document';
import { policyContentHash } from '../../policy/policy.hash';
import { Actor } from '../../policy/policy-version.view';
import { derivePseudonymSecret } from '../../policy/pseudonym-secret';
import { DisclosedField, ReleasedFields } from '../../policy/released-payload';
import { LegalDisclosureEntity } from './legal-disclosure.entity';
import { LEGAL_PARTNER, LEGAL_PURPOSE, LegalOrder, orderPolicy } from './legal-order';

export interface LegalDisclosureView {
  readonly id: string;
  readonly memberId: string;
  readonly authority: string;
  readonly orderReference: string;
  readonly legalBasis: string;
  readonly reason: string;
  readonly fields: readonly FieldRule[];
  readonly status: LegalDisclosureEntity['status'];
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionComment: string | null;
  /** Left out of the member's own report until this day (art. 23 AVG); null: shown at once. */
  readonly withholdFromMemberUntil: string | null;
}

/** What the authority receives: only in the approval's answer, never stored. */
/** Orders whose disclosure the member's own report leaves out on `day`: by order reference, until when. */
export type HeldBackOrders = ReadonlyMap<string, string>;

export interface LegalExport {
  readonly orderReference: string;
  readonly authority: string;
  readonly legalBasis: string;
  readonly memberId: string;
  readonly generatedAt: string;
  readonly approvedBy: string;
  /** The member's fields as the order's one-off policy released them. */
  readonly member: ReleasedFields;
  readonly disclosed: readonly DisclosedField[];
}

function view(row: LegalDisclosureEntity): LegalDisclosureView {
  return {
    id: row.id,
    memberId: row.memberId,
    authority: row.authority,
    orderReference: row.orderReference,
    legalBasis: row.legalBasis,
    reason: row.reason,
    fields: JSON.parse(row.fields) as FieldRule[],
    status: row.status,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    withholdFromMemberUntil: row.withholdUntil ?? null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decisionComment: row.decisionComment,
  };
}

/**
 * One-off disclosures under a legal order ("legal" in the register: no connector). An officer records the
 * order; a second officer approves it; the approval releases exactly the ordered fields through the
 * policy engine, writes the ledger entry in the same transaction, and answers with the export — which
 * the gateway does not keep. The member's access report lists it like any other disclosure.
 */
@Injectable()
export class LegalDisclosuresService {
  private readonly pseudonymSecret: Buffer;

  constructor(
    @InjectGatewayConfig() config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MemberSource,
    private readonly ledger: LedgerService,
  ) {
    this.pseudonymSecret = derivePseudonymSecret(Buffer.from(config.pseudonymKey.reveal(), 'utf8'), LEGAL_PARTNER);
  }

  async request(order: LegalOrder, author: Actor, nowMs = Date.now()): Promise<LegalDisclosureView> {
    // An order for a member the lending system does not know is refused now, not at its approval.
    if ((await this.members.exists(order.memberId, AbortSignal.timeout(30_000))) === false) {
      throw new GatewayError('MEMBER_NOT_FOUND', 'the lending system knows no member with this number: check the order', 404);
    }
    const row: LegalDisclosureEntity = {
      id: randomUUID(),
      memberId: order.memberId,
      authority: order.authority,
      orderReference: order.orderReference,
      legalBasis: order.legalBasis,
      reason: order.reason,
      fields: JSON.stringify(order.fields),
      status: 'requested',
      requestedBy: author.name,
      requestedById: author.id,
      requestedAt: new Date(nowMs).toISOString(),
      decidedBy: null,
      decidedAt: null,
      withholdUntil: order.withholdFromMemberUntil ?? null,
      decisionComment: null,
    };
    await this.dataSource.getRepository(LegalDisclosureEntity).insert(row);
    return view(row);
  }

  /** Approved orders about the member whose disclosure their own report leaves out on `day`: order reference → until. */
  async heldBack(memberId: string, day: string): Promise<HeldBackOrders> {
    const rows = await this.dataSource.getRepository(LegalDisclosureEntity).findBy({ memberId, status: 'approved' });
    return new Map(rows.filter((row) => row.withholdUntil !== null && row.withholdUntil >= day).map((row) => [row.orderReference, row.withholdUntil as string]));
  }

  async list(): Promise<LegalDisclosureView[]> {
    return (await this.dataSource.getRepository(LegalDisclosureEntity).find({ order: { requestedAt: 'DESC' } })).map(view);
  }

  async get(id: string): Promise<LegalDisclosureView> {
    return view(await this.row(id));
  }

  /** The second officer's approval: release, ledger entry and decision in one go; the export in the answer only. */
  async approve(id: string, approver: Actor, nowMs = Date.now()): Promise<LegalDisclosureView & { readonly export: LegalExport }> {
    const row = await this.undecided(id);
    if (row.requestedById === approver.id) throw new GatewayError('FOUR_EYES', 'a legal disclosure is approved by another officer than the one who recorded it', 403);
    const { withholdFromMemberUntil, ...seen } = view(row);
    const order: LegalOrder = { ...seen, legalBasis: row.legalBasis as LegalOrder['legalBasis'], ...(withholdFromMemberUntil === null ? {} : { withholdFromMemberUntil }) };
    const member = await this.members.byId(row.memberId, AbortSignal.timeout(30_000));
    const document = orderPolicy(order, amsterdamDay(nowMs));
    const contentHash = policyContentHash(document);
    const payload = compilePolicy(document, { version: 1, contentHash, pseudonymSecret: this.pseudonymSecret }).release(member, LEGAL_PURPOSE, nowMs);
    const disclosed = payload.disclosedFields();
    const decidedAt = new Date(nowMs).toISOString();
    await this.dataSource.transaction(async (manager) => {
      await decide(manager, id, { status: 'approved', decidedBy: approver.name, decidedAt, decisionComment: null });
      if (disclosed.length > 0) {
        await this.ledger.record(
          { memberId: member.memberId, partner: LEGAL_PARTNER, purpose: LEGAL_PURPOSE, policyVersion: 1, policyHash: contentHash, agreementReference: row.orderReference, fields: disclosed },
          manager,
        );
      }
    });
    const approved = { ...view(row), status: 'approved' as const, decidedBy: approver.name, decidedAt };
    return {
      ...approved,
      export: { orderReference: row.orderReference, authority: row.authority, legalBasis: row.legalBasis, memberId: member.memberId, generatedAt: decidedAt, approvedBy: approver.name, member: payload.fields, disclosed },
    };
  }

  async reject(id: string, reviewer: Actor, comment: string, nowMs = Date.now()): Promise<LegalDisclosureView> {
    await this.undecided(id);
    const decidedAt = new Date(nowMs).toISOString();
    await decide(this.dataSource.manager, id, { status: 'rejected', decidedBy: reviewer.name, decidedAt, decisionComment: comment });
    return this.get(id);
  }

  private async row(id: string): Promise<LegalDisclosureEntity> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.dataSource.getRepository(LegalDisclosureEntity).findOneBy({ id }) : null;
    if (row === null) throw new NotFound('LEGAL_DISCLOSURE_UNKNOWN', `no legal disclosure '${id}'`);
    return row;
  }

  private async undecided(id: string): Promise<LegalDisclosureEntity> {
    const row = await this.row(id);
    if (row.status !== 'requested') throw decidedAlready();
    return row;
  }
}

function decidedAlready(): GatewayError {
  return new GatewayError('NOT_REQUESTED', 'this legal disclosure was decided already', 409);
}

/** Decides a still-requested order; a decision that came first (another officer, another instance) wins. */
async function decide(manager: EntityManager, id: string, decision: Pick<LegalDisclosureEntity, 'status' | 'decidedBy' | 'decidedAt' | 'decisionComment'>): Promise<void> {
  const decided = await manager.getRepository(LegalDisclosureEntity).update({ id, status: 'requested' }, decision);
  if (decided.affected !== 1) throw decidedAlready();
}
