import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Authenticator } from '../auth/authenticator';
import { bearerToken } from '../auth/bearer-token';
import { Public } from '../auth/public.decorator';
import { HealthReport } from './health.report';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly authenticator: Authenticator,
  ) {}

  /**
   * Up or down for anyone (a load balancer's probe); which partner, broker or port is down only for a
   * caller with a valid token — a stranger learns nothing of the gateway's insides.
   */
  @Get()
  @Public()
  @ApiOkResponse({ type: HealthReport, description: "status 'ok' or 'degraded'; the checks only with a valid bearer token" })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'a critical check (the database) is down' })
  async get(@Res({ passthrough: true }) reply: { status(code: number): unknown }, @Headers('authorization') authorization: string | undefined): Promise<HealthReport | { status: HealthReport['status'] }> {
    const report = await this.health.report();
    reply.status(report.status === 'down' ? 503 : 200);
    const token = bearerToken(authorization);
    // With the database down, accounts cannot be looked up: only the administrator's token still shows details.
    const known = token !== undefined && (await this.authenticator.authenticate(token).catch(() => undefined)) !== undefined;
    return known ? report : { status: report.status };
  }
}
