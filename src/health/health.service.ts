import { Injectable, Logger } from '@nestjs/common';
import { DatabaseHealthCheck } from './database.health-check';
import { HealthCheck, HealthOutcome } from './health-check';
import { HealthReport } from './health.report';
import { HealthRegistry } from './health.registry';

const CHECK_TIMEOUT_MS = 3000;

/** Runs every check at once, each bounded by a timeout, and sums them up. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly database: DatabaseHealthCheck,
    private readonly registry: HealthRegistry,
  ) {}

  async report(): Promise<HealthReport> {
    const checks = [this.database, ...this.registry.checks()];
    const outcomes = await Promise.all(checks.map((check) => this.run(check)));
    const down = checks.filter((_check, i) => outcomes[i]?.status !== 'up');
    const status = down.some((check) => check.critical) ? 'down' : down.length > 0 ? 'degraded' : 'ok';
    return {
      status,
      database: outcomes[0]?.status ?? 'down',
      checks: Object.fromEntries(checks.map((check, i) => [check.name, outcomes[i] ?? { status: 'down' }])),
    };
  }

  private async run(check: HealthCheck): Promise<HealthOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      return await Promise.race([check.check(), timeout]);
    } catch (error) {
      this.logger.warn(`Health check ${check.name} is down: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 'down' };
    } finally {
      clearTimeout(timer);
    }
  }
}
