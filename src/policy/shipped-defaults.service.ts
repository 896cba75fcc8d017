import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { relative } from 'node:path';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../domain/canonical-json';
import { PolicyDefaultReviewEntity } from './default-review.entity';
import { Actor } from './policy-version.view';
import { NotFound } from '../errors/gateway-error';
import { PolicyDiff, diffPolicies } from './policy.diff';
import { policyContentHash } from './policy.hash';
import { LoadedPolicy, loadPolicyDirectory } from './policy.loader';
import { PolicyDocument } from './policy.document';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy.options';
import { PolicyRefusal } from './policy-refusal';
import { PolicyVersionsService } from './policy-versions.service';

export interface ShippedDefault {
  readonly partner: string;
  /** The file it comes from, relative to the working directory. */
  readonly source: string;
  readonly contentHash: string;
  readonly document: PolicyDocument;
  /** The active version, when there is one. */
  readonly activeVersion: number | null;
  readonly sameAsActive: boolean;
  /** From the active version to the shipped default; null without an active version. */
  readonly diff: PolicyDiff | null;
  /**
   * The shipped default the officers last started from: the one an officer set aside (dismissed), else
   * the one loaded as version 1 at the first start. Null when neither is known.
   */
  readonly base: { readonly contentHash: string; readonly from: 'dismissed' | 'first-version'; readonly by: string; readonly at: string } | null;
  /** What this release changed in the shipped default since the base: the only news for the officer. */
  readonly sinceBase: PolicyDiff | null;
  /** True when the release changed the default since the base and no version took it over: worth a badge. */
  readonly attention: boolean;
}

/**
 * The default policies shipped in POLICY_DIR, compared with what is in force. They are loaded as
 * version 1 at the first start only; when a later release ships a changed default (a new purpose, say),
 * the officer sees the difference here and may take it over as a draft — approved by a second officer
 * like any other. The files are never applied over the officers' own versions.
 */
@Injectable()
export class ShippedDefaults {
  private loaded: readonly LoadedPolicy[] | undefined;

  constructor(
    @Inject(POLICY_MODULE_OPTIONS) private readonly options: PolicyModuleOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly versions: PolicyVersionsService,
  ) {}

  /** The officer sets this release's default aside: from now on it is the base, and no badge shows for it. */
  async dismiss(partner: string, officer: Actor, nowMs = Date.now()): Promise<ShippedDefault> {
    const shipped = this.shipped(partner);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PolicyDefaultReviewEntity)
      .values({ partner, contentHash: policyContentHash(shipped.document), document: canonicalJson(shipped.document), decidedBy: officer.name, decidedAt: new Date(nowMs).toISOString() })
      .orIgnore()
      .execute();
    return this.of(partner);
  }

  async of(partner: string): Promise<ShippedDefault> {
    const shipped = this.shipped(partner);
    const contentHash = policyContentHash(shipped.document);
    let active: { version: number; contentHash: string; document: PolicyDocument } | undefined;
    try {
      active = await this.versions.active(partner);
    } catch (error) {
      if (!(error instanceof PolicyRefusal)) throw error;
    }
    const base = await this.baseOf(partner);
    const sinceBase = base === undefined ? null : diffPolicies(base.document, shipped.document);
    const versions = await this.versions.list(partner);
    const adopted = versions.some((version) => version.contentHash === contentHash && version.status !== 'draft' && version.status !== 'rejected');
    return {
      partner,
      source: relative(process.cwd(), shipped.file) || shipped.file,
      contentHash,
      document: shipped.document,
      activeVersion: active?.version ?? null,
      sameAsActive: active?.contentHash === contentHash,
      diff: active === undefined ? null : diffPolicies(active.document, shipped.document),
      base: base === undefined ? null : { contentHash: base.contentHash, from: base.from, by: base.by, at: base.at },
      sinceBase,
      attention: sinceBase !== null && !sinceBase.unchanged && !adopted && active?.contentHash !== contentHash,
    };
  }

  private shipped(partner: string): LoadedPolicy {
    this.loaded ??= loadPolicyDirectory(this.options.policyDirectory);
    const shipped = this.loaded.find((policy) => policy.partner === partner);
    if (shipped === undefined) throw new NotFound('DEFAULT_POLICY_UNKNOWN', `no default policy for '${partner}' is shipped in the policy directory`);
    return shipped;
  }

  /** The newest dismissed default, else version 1 when the first start loaded it from the shipped default. */
  private async baseOf(partner: string): Promise<{ document: PolicyDocument; contentHash: string; from: 'dismissed' | 'first-version'; by: string; at: string } | undefined> {
    const [dismissed] = await this.dataSource.getRepository(PolicyDefaultReviewEntity).find({ where: { partner }, order: { decidedAt: 'DESC' }, take: 1 });
    if (dismissed !== undefined) return { document: JSON.parse(dismissed.document) as PolicyDocument, contentHash: dismissed.contentHash, from: 'dismissed', by: dismissed.decidedBy, at: dismissed.decidedAt };
    const versions = await this.versions.list(partner);
    const first = versions.find((version) => version.version === 1);
    if (first === undefined || first.author !== 'system') return undefined;
    const document = (await this.versions.get(partner, 1)).document;
    return { document, contentHash: first.contentHash, from: 'first-version', by: first.author, at: first.createdAt };
  }
}
