import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GatewayError, ValidationFailed } from '../errors/gateway-error';
import { SandboxHost } from './sandbox-host';

/** With SANDBOX=on: the generated members and shelf of the simulated lending system (fixed seed), for demo and tests. */
@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('api/v1/sandbox')
export class SandboxController {
  constructor(private readonly sandboxes: SandboxHost) {}

  @Get('members')
  @Roles('operator', 'officer')
  @ApiOperation({ summary: 'Generated members of the simulated lending system (only with SANDBOX=on)' })
  members(@Query('limit') limit: string | undefined) {
    const count = limit === undefined ? 10 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new ValidationFailed('request', [{ path: 'limit', message: 'must be an integer from 1 to 1000' }]);
    const source = this.sandboxes.all().find((sandbox) => sandbox.members !== undefined);
    if (source?.members === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    return source.members(count);
  }

  @Get('items')
  @Roles('operator', 'officer')
  @ApiOperation({ summary: 'Barcodes of the copies on the shelf of the simulated lending system, to lend at a SIP2 machine (only with SANDBOX=on)' })
  items() {
    const source = this.sandboxes.all().find((sandbox) => sandbox.itemsOnShelf !== undefined);
    if (source?.itemsOnShelf === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    return { onShelf: source.itemsOnShelf({ holdWaiting: false }), holdWaiting: source.itemsOnShelf({ holdWaiting: true }) };
  }
}
