import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
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
}
