import { Env } from '../config/env-reader';

/**
 * Settings that connectors get underneath any explicit one, from whoever the application's composition
 * provides (with SANDBOX=on: the simulated partners on loopback, started first). The connectors know
 * nothing of where these come from: production code does not reach the simulations.
 */
export const CONNECTOR_DEFAULTS = Symbol('CONNECTOR_DEFAULTS');

export interface ConnectorDefaults {
  /** The default settings for these partners' connectors (and whatever must run for them first). */
  settingsFor(partners: readonly string[]): Promise<Env>;
}
