import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../../auth/current-principal.decorator';
import { actorOf } from '../../auth/principal';
import { FourEyesDuty, Roles } from '../../auth/roles.decorator';
import { objectBody, onlyKeys, requiredString } from '../../errors/request-body';
import { LegalDisclosuresService } from './legal-disclosures.service';
import { parseLegalOrder } from './legal-order';

@ApiTags('legal disclosures')
@ApiBearerAuth()
@Controller('api/v1/legal-disclosures')
export class LegalDisclosuresController {
  constructor(private readonly disclosures: LegalDisclosuresService) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Disclosures under legal orders: what was asked, by whom, on which order, who decided (never the data)' })
  list() {
    return this.disclosures.list();
  }

  @Post()
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: '{ memberId, authority, orderReference, legalBasis, reason, fields: [{ path, transform? }] } → 201: an order recorded, for a second officer to approve' })
  request(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.disclosures.request(parseLegalOrder(body), actorOf(principal));
  }

  @Get(':id')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'One legal disclosure (never the data)' })
  one(@Param('id') id: string) {
    return this.disclosures.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: 'Approval by another officer: the ordered fields are released, recorded in the ledger, and returned once as `export`' })
  approve(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.disclosures.approve(id, actorOf(principal));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: 'Rejection with a reason { comment }: nothing is disclosed' })
  reject(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const request = objectBody(body);
    onlyKeys(request, ['comment']);
    return this.disclosures.reject(id, actorOf(principal), requiredString(request, 'comment'));
  }
}
