/** What the policy module needs from the gateway's configuration. */
export interface PolicyModuleOptions {
  /** Master key from which each partner's pseudonym secret is derived. */
  readonly pseudonymMasterKey: Buffer;
  /** Directory of the default policies loaded at first start. */
  readonly policyDirectory: string;
}

export const POLICY_MODULE_OPTIONS = Symbol('POLICY_MODULE_OPTIONS');
