import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { HealthReport } from './health.report';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthReport, description: "status 'ok' or 'degraded'" })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'a critical check (the database) is down' })
  async get(@Res({ passthrough: true }) reply: { status(code: number): unknown }): Promise<HealthReport> {
    const report = await this.health.report();
    reply.status(report.status === 'down' ? 503 : 200);
    return report;
  }
}
