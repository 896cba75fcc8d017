import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { actorOf } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { PanelExports } from './panel-exports.service';

@ApiTags('biebpanel')
@ApiBearerAuth()
@Controller('api/v1/partners/biebpanel/exports')
export class PanelExportsController {
  constructor(private readonly exports: PanelExports) {}

  @Post()
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({
    summary:
      "→ 201 {exportId, rows, removals, skipped: {noConsent}, files}: a CSV of the members who joined the panel (columns exactly what the biebpanel policy releases) and a removal list of those who left it since, put on the panel's SFTP server (host key pinned); a ledger entry per member",
  })
  run(@CurrentPrincipal() principal: Principal) {
    return this.exports.export(actorOf(principal).name);
  }

  @Get()
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'The exports, newest first: counts, file names, status (no member data)' })
  list() {
    return this.exports.list();
  }
}
