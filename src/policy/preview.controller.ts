import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { PolicyVersionsService } from './policy-versions.service';
import { parsePreviewRequest } from './preview-request';

/** The privacy officer's dry run: what would leave for a partner and purpose. Nothing is sent. */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/preview')
export class PreviewController {
  constructor(private readonly versions: PolicyVersionsService) {}

  @Post()
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({ summary: '{ partner, purpose, member, version? } → what would leave and what is withheld' })
  async preview(@Body() body: unknown) {
    const { partner, purpose, version, member } = parsePreviewRequest(body);
    const policy = await this.versions.compiledPolicy(partner, version);
    const result = policy.preview(member, purpose);
    return {
      partner,
      purpose,
      policyVersion: policy.version,
      contentHash: policy.contentHash,
      payload: result.payload.fields,
      fields: result.payload.disclosedFields(),
      withheld: result.withheld,
    };
  }
}
