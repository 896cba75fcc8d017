import { DynamicModule, Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { DefaultPoliciesSeeder } from './default-policies.seeder';
import { PoliciesController } from './policies.controller';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy.options';
import { PolicyVersionsService } from './policy-versions.service';
import { PreviewController } from './preview.controller';
import { RegisterController } from './register.controller';
import { ShippedDefaults } from './shipped-defaults.service';

export interface PolicyModuleAsyncOptions {
  readonly inject: never[] | unknown[];
  readonly useFactory: (...args: never[]) => PolicyModuleOptions;
}

/** Nest wiring of the sharing policies: versions, approval, preview, catalog, default policies. */
@Module({})
export class PolicyModule {
  static forRootAsync(options: PolicyModuleAsyncOptions): DynamicModule {
    return {
      module: PolicyModule,
      global: true,
      controllers: [PoliciesController, PreviewController, CatalogController, RegisterController],
      providers: [
        { provide: POLICY_MODULE_OPTIONS, inject: options.inject as never[], useFactory: options.useFactory },
        PolicyVersionsService,
        DefaultPoliciesSeeder,
        ShippedDefaults,
      ],
      exports: [PolicyVersionsService],
    };
  }
}
