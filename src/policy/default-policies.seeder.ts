import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { relative } from 'node:path';
import { loadPolicyDirectory } from './policy.loader';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy.options';
import { PolicyVersionsService } from './policy-versions.service';

/**
 * At first start, each partner without a policy gets its default from the policies directory as
 * version 1. Later edits go through drafts and approval; the files are never read over them again.
 */
@Injectable()
export class DefaultPoliciesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DefaultPoliciesSeeder.name);

  constructor(
    private readonly versions: PolicyVersionsService,
    @Inject(POLICY_MODULE_OPTIONS) private readonly options: PolicyModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const loaded = loadPolicyDirectory(this.options.policyDirectory);
    const seeded: string[] = [];
    for (const policy of loaded) {
      const source = relative(process.cwd(), policy.file) || policy.file;
      if (await this.versions.seedDefault(policy.document, source)) seeded.push(policy.partner);
    }
    if (seeded.length > 0) this.logger.log(`default policies loaded as version 1: ${seeded.join(', ')}`);
  }
}
