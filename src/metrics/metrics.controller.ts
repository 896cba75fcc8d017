import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { GatewayMetrics } from './gateway-metrics.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get()
  @Roles('operator', 'metrics')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Prometheus text format: exchanges by outcome, delivery latency, retries, policy refusals, SIP2, inbound NCIP/SOAP/ISO 18626, outbox by partner/purpose/status, oldest pending age, dead letters, ledger size, checkpoint age, circuit state, sync lag and jobs, process metrics. For operators, or with METRICS_TOKEN (which opens nothing else). No member data in any label',
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
