import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../domain/canonical-json';
import { GatewayError, NotFound, ValidationFailed } from '../errors/gateway-error';
import { CompiledPolicy, compilePolicy } from './policy.compiler';
import { diffPolicies, PolicyDiff } from './policy.diff';
import { PolicyDocument } from './policy.document';
import { policyContentHash } from './policy.hash';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy.options';
import { validatePolicyDocument } from './policy.validator';
import { PolicyRefusal } from './policy-refusal';
import { PolicyVersionEntity } from './policy-version.entity';
import { Actor, PolicyVersionView, PolicyVersionWithDocument } from './policy-version.view';
import { derivePseudonymSecret } from './pseudonym-secret';
import { activeVersionNumber, statusAt } from './version-status';

export interface DraftInput {
  readonly document: unknown;
  /** When the version should apply once approved (ISO date or instant); default: at approval. */
  readonly effectiveFrom?: string;
  readonly note?: string;
}

/** A plain date ('2027-01-01') or an instant with its offset ('2027-01-01T00:00:00+01:00'), years 1000 to 9999. */
const PLAIN_DATE_OR_INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function isoInstant(value: string, setting: string): string {
  // Compared as text afterwards: only four-digit years sort right ('+010000-01-01' would sort before now).
  const ms = PLAIN_DATE_OR_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new ValidationFailed('request', [{ path: setting, message: `'${value}' is not a plain date (YYYY-MM-DD) or an instant with its offset` }]);
  return new Date(ms).toISOString();
}

/**
 * Versions of the sharing policies with four eyes: every edit is a new draft; a draft applies only
 * after an officer other than its author approves it; an approved version is never changed again.
 */
@Injectable()
export class PolicyVersionsService {
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly activeByPartner = new Map<string, { readonly stamp: string; readonly policy: CompiledPolicy; readonly fromMs: number; readonly untilMs: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(POLICY_MODULE_OPTIONS) private readonly options: PolicyModuleOptions,
  ) {}

  async partners(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(PolicyVersionEntity)
      .createQueryBuilder('v')
      .select('DISTINCT v.partner', 'partner')
      .orderBy('v.partner')
      .getRawMany<{ partner: string }>();
    return rows.map((row) => row.partner);
  }

  async list(partner: string, nowMs = Date.now()): Promise<PolicyVersionView[]> {
    const rows = await this.rowsOf(partner);
    const active = activeVersionNumber(rows, nowMs);
    return rows.map((row) => this.view(row, active, nowMs));
  }

  async get(partner: string, number: number, nowMs = Date.now()): Promise<PolicyVersionWithDocument> {
    const rows = await this.rowsOf(partner);
    const row = rows.find((candidate) => candidate.number === number);
    if (row === undefined) throw new NotFound('VERSION_UNKNOWN', `partner '${partner}' has no policy version ${number}`);
    return this.withDocument(row, activeVersionNumber(rows, nowMs), nowMs);
  }

  async active(partner: string, nowMs = Date.now()): Promise<PolicyVersionWithDocument> {
    const rows = await this.rowsOf(partner);
    const active = activeVersionNumber(rows, nowMs);
    const row = rows.find((candidate) => candidate.number === active);
    if (row === undefined) throw new PolicyRefusal('NO_ACTIVE_POLICY', `partner '${partner}' has no approved policy in force: nothing is shared`);
    return this.withDocument(row, active, nowMs);
  }

  /**
   * The compiled policy of a version (the active one when no number is given), compiled once. The active
   * version of a partner is kept per partner until its approvals change (any instance's: a light query
   * says so) or the next effective date comes, so a release neither loads every version nor parses one.
   */
  async compiledPolicy(partner: string, number?: number, nowMs = Date.now()): Promise<CompiledPolicy> {
    if (number !== undefined) return this.compile(await this.get(partner, number, nowMs));
    const stamp = await this.approvalStamp(partner);
    const cached = this.activeByPartner.get(partner);
    if (cached !== undefined && cached.stamp === stamp && nowMs >= cached.fromMs && nowMs < cached.untilMs) return cached.policy;
    const rows = await this.rowsOf(partner);
    const active = activeVersionNumber(rows, nowMs);
    const row = rows.find((candidate) => candidate.number === active);
    if (row === undefined) throw new PolicyRefusal('NO_ACTIVE_POLICY', `partner '${partner}' has no approved policy in force: nothing is shared`);
    const policy = this.compile(this.withDocument(row, active, nowMs));
    const later = rows.flatMap((candidate) => (candidate.status === 'approved' && candidate.effectiveFrom !== null ? [Date.parse(candidate.effectiveFrom)] : [])).filter((ms) => ms > nowMs);
    this.activeByPartner.set(partner, { stamp, policy, fromMs: Date.parse(row.effectiveFrom ?? row.createdAt), untilMs: Math.min(Number.POSITIVE_INFINITY, ...later) });
    return policy;
  }

  private compile(version: PolicyVersionWithDocument): CompiledPolicy {
    const key = `${version.partner}\u0000${version.version}\u0000${version.contentHash}`;
    let policy = this.compiled.get(key);
    if (policy === undefined) {
      // A row edited in the database no longer matches the hash it was approved with: nothing is released by it.
      if (policyContentHash(version.document) !== version.contentHash) {
        throw new GatewayError('POLICY_TAMPERED', `version ${version.version} of '${version.partner}' does not match the content hash it was approved with`, 500);
      }
      policy = compilePolicy(version.document, {
        version: version.version,
        contentHash: version.contentHash,
        pseudonymSecret: derivePseudonymSecret(this.options.pseudonymMasterKey, version.partner),
      });
      this.compiled.set(key, policy);
    }
    return policy;
  }

  /** Changes whenever a version of the partner is approved (here or on another instance). */
  private async approvalStamp(partner: string): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ n: number | string; last: string | null }>>(
      `SELECT COUNT(*) AS n, MAX(approved_at) AS last FROM policy_versions WHERE partner = ${this.dataSource.options.type === 'postgres' ? '$1' : '?'} AND status = 'approved'`,
      [partner],
    );
    return `${String(row?.n ?? 0)}/${row?.last ?? ''}`;
  }

  async createDraft(partner: string, input: DraftInput, author: Actor, nowMs = Date.now()): Promise<PolicyVersionWithDocument> {
    await this.rowsOf(partner);
    const document = this.checkedDocument(partner, input.document);
    const effectiveFrom = input.effectiveFrom === undefined ? null : isoInstant(input.effectiveFrom, 'effectiveFrom');
    const row = await this.dataSource.transaction(async (manager) => {
      await lockPartner(manager, partner);
      // Two clicks on "save" are one draft: a draft identical to one still open is refused, naming it.
      const same = await manager.getRepository(PolicyVersionEntity).findOneBy({ partner, status: 'draft', contentHash: policyContentHash(document) });
      if (same !== null) {
        throw new GatewayError('DRAFT_EXISTS', `version ${same.number} of '${partner}' is an open draft with the same content: review or reject it instead`, 409, { version: same.number });
      }
      return this.insert(manager, partner, document, { author, status: 'draft', nowMs, effectiveFrom, note: input.note ?? null });
    });
    return this.get(partner, row.number, nowMs);
  }

  async approve(partner: string, number: number, approver: Actor, effectiveFrom?: string, nowMs = Date.now()): Promise<PolicyVersionWithDocument> {
    const draft = await this.dataSource.getRepository(PolicyVersionEntity).findOneBy({ partner, number });
    if (draft === null) throw new NotFound('VERSION_UNKNOWN', `partner '${partner}' has no policy version ${number}`);
    if (draft.status !== 'draft') throw new GatewayError('NOT_A_DRAFT', `version ${number} of '${partner}' is already approved and can no longer change`, 409);
    if (draft.authorId === approver.id || draft.author === approver.name) {
      throw new GatewayError('FOUR_EYES', `version ${number} of '${partner}' was written by '${draft.author}': another officer must approve it`, 403);
    }
    const now = new Date(nowMs).toISOString();
    const requested = effectiveFrom === undefined ? draft.effectiveFrom : isoInstant(effectiveFrom, 'effectiveFrom');
    // A version never takes effect before it was approved: history stays what it was.
    const from = requested !== null && requested > now ? requested : now;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PolicyVersionEntity)
      .set({ status: 'approved', approver: approver.name, approverId: approver.id, approvedAt: now, effectiveFrom: from })
      .where('partner = :partner AND number = :number AND status = :status', { partner, number, status: 'draft' })
      .execute();
    if (result.affected !== 1) throw new GatewayError('NOT_A_DRAFT', `version ${number} of '${partner}' was approved meanwhile`, 409);
    return this.get(partner, number, nowMs);
  }

  /** A draft turned down with the reviewer's reason; it never applies. Its author may withdraw it this way too. */
  async reject(partner: string, number: number, reviewer: Actor, comment: string, nowMs = Date.now()): Promise<PolicyVersionWithDocument> {
    const text = comment.trim();
    if (text === '' || text.length > 500) throw new ValidationFailed('request body', [{ path: 'comment', message: 'a reason of 1 to 500 characters is required' }]);
    const draft = await this.dataSource.getRepository(PolicyVersionEntity).findOneBy({ partner, number });
    if (draft === null) throw new NotFound('VERSION_UNKNOWN', `partner '${partner}' has no policy version ${number}`);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PolicyVersionEntity)
      .set({ status: 'rejected', rejectedBy: reviewer.name, rejectedAt: new Date(nowMs).toISOString(), reviewComment: text })
      .where('partner = :partner AND number = :number AND status = :status', { partner, number, status: 'draft' })
      .execute();
    if (result.affected !== 1) throw new GatewayError('NOT_A_DRAFT', `version ${number} of '${partner}' is no longer a draft`, 409);
    return this.get(partner, number, nowMs);
  }

  async diff(partner: string, from: number, to: number): Promise<PolicyDiff & { partner: string; from: number; to: number }> {
    const [a, b] = await Promise.all([this.get(partner, from), this.get(partner, to)]);
    return { partner, from, to, ...diffPolicies(a.document, b.document) };
  }

  /** Loads a default policy as version 1 of a partner that has none yet (first start). */
  async seedDefault(document: PolicyDocument, source: string, nowMs = Date.now()): Promise<boolean> {
    try {
      return await this.seedIfNone(document, source, nowMs);
    } catch (error) {
      // Another instance starting at the same moment seeded it first (the unique partner+version): fine.
      const seededMeanwhile = await this.dataSource.getRepository(PolicyVersionEntity).countBy({ partner: document.partner });
      if (seededMeanwhile > 0) return false;
      throw error;
    }
  }

  private async seedIfNone(document: PolicyDocument, source: string, nowMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockPartner(manager, document.partner);
      const existing = await manager.getRepository(PolicyVersionEntity).countBy({ partner: document.partner });
      if (existing > 0) return false;
      const system: Actor = { id: 'system', name: 'system' };
      await this.insert(manager, document.partner, document, {
        author: system,
        status: 'approved',
        nowMs,
        effectiveFrom: new Date(nowMs).toISOString(),
        note: `default policy loaded from ${source} at first start`,
        approver: { id: 'system', name: `system (${source})` },
      });
      return true;
    });
  }

  private checkedDocument(partner: string, document: unknown): PolicyDocument {
    const validation = validatePolicyDocument(document);
    if (!validation.ok) throw new ValidationFailed('policy document', validation.violations);
    if (validation.document.partner !== partner) {
      throw new ValidationFailed('policy document', [{ path: 'partner', message: `names '${validation.document.partner}', but this is the policy of '${partner}'` }]);
    }
    return validation.document;
  }

  private async insert(
    manager: EntityManager,
    partner: string,
    document: PolicyDocument,
    meta: { author: Actor; status: 'draft' | 'approved'; nowMs: number; effectiveFrom: string | null; note: string | null; approver?: Actor },
  ): Promise<PolicyVersionEntity> {
    await lockPartner(manager, partner);
    const repository = manager.getRepository(PolicyVersionEntity);
    const last = await repository.findOne({ where: { partner }, order: { number: 'DESC' } });
    const now = new Date(meta.nowMs).toISOString();
    const row = repository.create({
      id: randomUUID(),
      partner,
      number: (last?.number ?? 0) + 1,
      status: meta.status,
      document: canonicalJson(document),
      contentHash: policyContentHash(document),
      author: meta.author.name,
      authorId: meta.author.id,
      createdAt: now,
      approver: meta.approver?.name ?? null,
      approverId: meta.approver?.id ?? null,
      approvedAt: meta.approver === undefined ? null : now,
      effectiveFrom: meta.effectiveFrom,
      note: meta.note,
      rejectedBy: null,
      rejectedAt: null,
      reviewComment: null,
    });
    return repository.save(row);
  }

  private async rowsOf(partner: string): Promise<PolicyVersionEntity[]> {
    const rows = await this.dataSource.getRepository(PolicyVersionEntity).find({ where: { partner }, order: { number: 'ASC' } });
    if (rows.length === 0) throw new PolicyRefusal('PARTNER_UNKNOWN', `no partner '${partner}' is known to the gateway`);
    return rows;
  }

  private view(row: PolicyVersionEntity, active: number | undefined, nowMs: number): PolicyVersionView {
    return {
      partner: row.partner,
      version: row.number,
      status: statusAt(row, active, nowMs),
      contentHash: row.contentHash,
      author: row.author,
      createdAt: row.createdAt,
      approver: row.approver,
      approvedAt: row.approvedAt,
      effectiveFrom: row.effectiveFrom,
      note: row.note,
      rejectedBy: row.rejectedBy,
      rejectedAt: row.rejectedAt,
      reviewComment: row.reviewComment,
    };
  }

  private withDocument(row: PolicyVersionEntity, active: number | undefined, nowMs: number): PolicyVersionWithDocument {
    return { ...this.view(row, active, nowMs), document: JSON.parse(row.document) as PolicyDocument };
  }
}

/**
 * Versions of one partner are numbered one after another: on PostgreSQL a transaction-scoped advisory
 * lock per partner makes instances and requests take turns (SQLite's one connection already does).
 */
async function lockPartner(manager: EntityManager, partner: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1 || current_schema() || $2))', ['bieb-gateway policy ', partner]);
}
