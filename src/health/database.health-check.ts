import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthCheck, HealthOutcome } from './health-check';

/** The database answers a trivial query. Critical: without it the gateway can neither send nor account. */
@Injectable()
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'database';
  readonly critical = true;

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthOutcome> {
    await this.dataSource.query('SELECT 1');
    return { status: 'up' };
  }
}
