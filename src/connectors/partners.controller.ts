import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GatewayError, ValidationFailed } from '../errors/gateway-error';
import { ConnectorHost } from './connector-host';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('api/v1/partners')
export class PartnersController {
  constructor(private readonly connectors: ConnectorHost) {}

  @Get()
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'Partners: protocol, capabilities, enabled, health' })
  async list() {
    return Promise.all(
      this.connectors.partners().map(async ({ manifest, enabled }) => ({
        partner: manifest.id,
        displayName: manifest.displayName,
        protocol: manifest.protocol,
        capabilities: manifest.capabilities,
        enabled,
        health: enabled ? await this.connectors.health(manifest.id) : null,
      })),
    );
  }

  @Get(':partner/delta')
  @Roles('operator')
  @ApiOperation({ summary: "A system of record's delta feed: ids of the members changed and removed since a day (?since=YYYY-MM-DD)" })
  async delta(@Param('partner') partner: string, @Query('since') since: string | undefined) {
    if (since === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(since))) {
      throw new ValidationFailed('request', [{ path: 'since', message: 'must be a date YYYY-MM-DD' }]);
    }
    const connector = this.connectors.get(partner);
    if (connector.pullDelta === undefined || !connector.manifest.capabilities.includes('pull')) {
      throw new GatewayError('CAPABILITY_MISSING', `the connector of '${partner}' has no delta feed`, 422);
    }
    const delta = await connector.pullDelta(since, AbortSignal.timeout(30_000));
    return { partner, since, updated: delta.updated, deleted: delta.deleted };
  }
}
