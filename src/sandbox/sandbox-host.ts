import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PartnerSandbox, SandboxDefinition, SandboxOptions } from './partner-sandbox';

/** A fixed seed: the simulated partners hold the same members every time (demo, console, tests). */
export const SANDBOX_SEED = 20260101;

/**
 * Starts the simulated partners when the gateway runs with SANDBOX=on, and hands their connection
 * settings to the connectors underneath any explicit setting.
 */
@Injectable()
export class SandboxHost implements OnApplicationShutdown {
  private readonly logger = new Logger(SandboxHost.name);
  private readonly running = new Map<string, PartnerSandbox>();

  async start(definitions: readonly SandboxDefinition[], library: Omit<SandboxOptions, 'seed'> = {}): Promise<void> {
    for (const definition of definitions) {
      if (this.running.has(definition.partner)) continue;
      const sandbox = definition.create({ seed: SANDBOX_SEED, ...library });
      await sandbox.start();
      this.running.set(definition.partner, sandbox);
    }
    if (this.running.size > 0) this.logger.log(`partner sandboxes on loopback: ${[...this.running.keys()].join(', ')}`);
  }

  /** Connector settings pointing at the running sandboxes (e.g. HKA_BASE_URL=http://127.0.0.1:…). */
  settings(): Record<string, string> {
    return Object.assign({}, ...[...this.running.values()].map((sandbox) => sandbox.settings())) as Record<string, string>;
  }

  get(partner: string): PartnerSandbox | undefined {
    return this.running.get(partner);
  }

  all(): PartnerSandbox[] {
    return [...this.running.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running.values()].map((sandbox) => sandbox.stop()));
    this.running.clear();
  }
}
