import { Injectable } from '@nestjs/common';
import { HealthCheck } from './health-check';

/**
 * Where modules contribute their checks to /health. A module imports HealthModule and registers in
 * its own onModuleInit: `constructor(private readonly health: HealthRegistry) {}` then
 * `this.health.register({ name: 'broker', critical: true, check: () => ... })`.
 */
@Injectable()
export class HealthRegistry {
  private readonly registered = new Map<string, HealthCheck>();

  register(check: HealthCheck): void {
    if (this.registered.has(check.name)) throw new Error(`A health check named "${check.name}" is already registered`);
    this.registered.set(check.name, check);
  }

  checks(): readonly HealthCheck[] {
    return [...this.registered.values()];
  }
}
