import { Inject, Injectable } from '@nestjs/common';
import { relative } from 'node:path';
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
    private readonly versions: PolicyVersionsService,
  ) {}

  async of(partner: string): Promise<ShippedDefault> {
    this.loaded ??= loadPolicyDirectory(this.options.policyDirectory);
    const shipped = this.loaded.find((policy) => policy.partner === partner);
    if (shipped === undefined) throw new NotFound('DEFAULT_POLICY_UNKNOWN', `no default policy for '${partner}' is shipped in the policy directory`);
    const contentHash = policyContentHash(shipped.document);
    let active: { version: number; contentHash: string; document: PolicyDocument } | undefined;
    try {
      active = await this.versions.active(partner);
    } catch (error) {
      if (!(error instanceof PolicyRefusal)) throw error;
    }
    return {
      partner,
      source: relative(process.cwd(), shipped.file) || shipped.file,
      contentHash,
      document: shipped.document,
      activeVersion: active?.version ?? null,
      sameAsActive: active?.contentHash === contentHash,
      diff: active === undefined ? null : diffPolicies(active.document, shipped.document),
    };
  }
}
