import { Member } from '../domain/member';

/**
 * A simulated partner that speaks the partner's real protocol on loopback, for the demo and the tests.
 * Started by the gateway when SANDBOX=on; its connector is pointed at it through `settings()`.
 */
export interface PartnerSandbox {
  readonly partner: string;
  /** Starts listening on 127.0.0.1 (an ephemeral port unless configured). */
  start(): Promise<void>;
  /** Connector settings that point at this sandbox, as environment variables (e.g. HKA_BASE_URL). */
  settings(): Readonly<Record<string, string>>;
  stop(): Promise<void>;
  /** A simulated system of record lists its generated members (GET /api/v1/sandbox/members). */
  members?(limit: number): readonly Member[];
}

export interface SandboxDefinition {
  readonly partner: string;
  create(options: { readonly seed: number }): PartnerSandbox;
}
