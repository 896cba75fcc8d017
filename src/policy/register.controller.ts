import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { PolicyVersionsService } from './policy-versions.service';
import { buildProcessingRegister } from './processing-register';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/register')
export class RegisterController {
  constructor(private readonly versions: PolicyVersionsService) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The register of processing activities (GDPR art. 30), generated from the active policies' })
  async register() {
    const partners = await this.versions.partners();
    const active = await Promise.all(partners.map((partner) => this.versions.active(partner)));
    return buildProcessingRegister(active, new Date());
  }
}
