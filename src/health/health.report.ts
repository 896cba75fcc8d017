import { ApiProperty } from '@nestjs/swagger';
import { HealthOutcome, HealthStatus } from './health-check';

export type OverallStatus = 'ok' | 'degraded' | 'down';

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], description: "'down' when a critical check is down (HTTP 503)" })
  status!: OverallStatus;

  @ApiProperty({ enum: ['up', 'down'] })
  database!: HealthStatus;

  @ApiProperty({ description: 'One entry per registered check', example: { database: { status: 'up' } } })
  checks!: Record<string, HealthOutcome>;
}
