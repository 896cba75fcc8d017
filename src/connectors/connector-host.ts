import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { CONNECTOR_DEFAULTS, ConnectorDefaults } from './connector-defaults';
import { HealthRegistry } from '../health/health.registry';
import { Env } from '../config/env-reader';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConfigError } from '../config/config-error';
import { GatewayError } from '../errors/gateway-error';
import { CONNECTOR_DEFINITIONS } from './connector.registry';
import { COMMON_SETTINGS, Connector, ConnectorDefinition, ConnectorHealth, ConnectorManifest } from './sdk/connector';

const HEALTH_TIMEOUT_MS = 2000;
import { ConnectorSettingsInvalid, readSettings } from './sdk/connector-settings';
import { validateManifest } from './sdk/manifest.validator';

export interface PartnerEntry {
  readonly manifest: ConnectorManifest;
  readonly enabled: boolean;
}

/**
 * The connectors of this gateway instance: every registered definition, the enabled ones built from
 * their checked settings (a disabled connector is never constructed and costs nothing).
 */
@Injectable()
export class ConnectorHost implements OnModuleInit, OnApplicationShutdown {
  private readonly connectors = new Map<string, Connector>();
  private readonly definitions: readonly ConnectorDefinition[];

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly healthChecks: HealthRegistry,
    @Optional() @Inject(CONNECTOR_DEFAULTS) private readonly defaults?: ConnectorDefaults,
  ) {
    this.definitions = CONNECTOR_DEFINITIONS;
  }

  async onModuleInit(): Promise<void> {
    await this.start();
    for (const id of this.connectors.keys()) {
      this.healthChecks.register({
        name: `connector:${id}`,
        critical: false,
        check: async () => {
          const health = await this.health(id);
          return { status: health.status, ...(health.detail !== undefined ? { info: { detail: health.detail } } : {}) };
        },
      });
    }
  }

  /** Builds the enabled connectors; a wrong setting stops the start with the variable named. */
  async start(definitions: readonly ConnectorDefinition[] = this.definitions): Promise<void> {
    const problems = definitions.flatMap((definition) => validateManifest(definition.manifest));
    if (problems.length > 0) throw new ConfigError(problems);
    const known = new Set(definitions.map((definition) => definition.manifest.id));
    const wanted = this.config.connectors === 'all' ? [...known] : this.config.connectors;
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ConfigError([`CONNECTORS names unknown partners: ${unknown.join(', ')} (known: ${[...known].join(', ')})`]);
    const env: Env = { ...((await this.defaults?.settingsFor(wanted)) ?? {}), ...this.config.connectorEnv.reveal() };
    const failures: string[] = [];
    for (const definition of definitions.filter((d) => wanted.includes(d.manifest.id))) {
      try {
        const settings = readSettings(definition.manifest.id, { ...COMMON_SETTINGS, ...definition.settings }, env);
        this.connectors.set(definition.manifest.id, definition.create(settings));
      } catch (error) {
        if (!(error instanceof ConnectorSettingsInvalid)) throw error;
        failures.push(...error.problems);
      }
    }
    if (failures.length > 0) throw new ConfigError(failures);
  }

  partners(): PartnerEntry[] {
    return this.definitions.map((definition) => ({ manifest: definition.manifest, enabled: this.connectors.has(definition.manifest.id) }));
  }

  enabled(): Connector[] {
    return [...this.connectors.values()];
  }

  /** The enabled connector of a partner, or a refusal that says why there is none. */
  get(partner: string): Connector {
    const connector = this.connectors.get(partner);
    if (connector !== undefined) return connector;
    if (this.definitions.some((definition) => definition.manifest.id === partner)) {
      throw new GatewayError('CONNECTOR_DISABLED', `the connector of '${partner}' is not enabled on this gateway (CONNECTORS)`, 409);
    }
    throw new GatewayError('PARTNER_UNKNOWN', `no connector for partner '${partner}'`, 404);
  }

  /** The partner's health, bounded in time; a failing check reads as down, with its error code only. */
  async health(partner: string): Promise<ConnectorHealth> {
    const connector = this.connectors.get(partner);
    if (connector === undefined) return { status: 'down', detail: 'not enabled' };
    try {
      return await connector.health(AbortSignal.timeout(HEALTH_TIMEOUT_MS));
    } catch (error) {
      return { status: 'down', detail: error instanceof GatewayError ? error.code : 'unreachable' };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.connectors.values()].map((connector) => (connector.close === undefined ? Promise.resolve() : connector.close())));
  }
}
