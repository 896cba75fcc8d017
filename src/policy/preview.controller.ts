import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { validateMember } from '../domain/member.validator';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, optionalPositiveInteger, requiredString } from '../errors/request-body';
import { PolicyVersionsService } from './policy-versions.service';

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
    const request = objectBody(body);
    onlyKeys(request, ['partner', 'purpose', 'member', 'version']);
    const partner = requiredString(request, 'partner');
    const purpose = requiredString(request, 'purpose');
    const version = optionalPositiveInteger(request, 'version');
    if (request.member === undefined) throw new ValidationFailed('request body', [{ path: 'member', message: 'required field is missing' }]);
    const member = validateMember(request.member);
    if (!member.ok) {
      throw new ValidationFailed('member', member.violations.map((v) => ({ path: v.path === '' ? 'member' : `member.${v.path}`, message: v.message })));
    }
    const policy = await this.versions.compiledPolicy(partner, version);
    const result = policy.preview(member.member, purpose);
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
