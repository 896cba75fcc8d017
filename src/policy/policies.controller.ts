import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { actorOf } from '../auth/principal';
import { FourEyesDuty, Roles } from '../auth/roles.decorator';
import { objectBody, onlyKeys, optionalString, positiveIntegerParam, requiredString } from '../errors/request-body';
import { PolicyVersionsService } from './policy-versions.service';
import { ShippedDefaults } from './shipped-defaults.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(
    private readonly versions: PolicyVersionsService,
    private readonly defaults: ShippedDefaults,
  ) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The active policy of every partner' })
  async all() {
    const partners = await this.versions.partners();
    return Promise.all(partners.map((partner) => this.versions.active(partner)));
  }

  @Get(':partner')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "The partner's active policy version and its document" })
  active(@Param('partner') partner: string) {
    return this.versions.active(partner);
  }

  @Get(':partner/default')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The default policy shipped in POLICY_DIR, and how it differs from the active version (take it over as a draft to apply it)' })
  shippedDefault(@Param('partner') partner: string) {
    return this.defaults.of(partner);
  }

  @Post(':partner/default/dismiss')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({
    summary:
      "The officer sets this release's shipped default aside: it becomes the base against which a later release's default is compared (attention: false until a release changes it again). Applies nothing.",
  })
  dismissDefault(@Param('partner') partner: string, @CurrentPrincipal() principal: Principal) {
    return this.defaults.dismiss(partner, actorOf(principal));
  }

  @Get(':partner/versions')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'All versions with status, author, approver and dates' })
  list(@Param('partner') partner: string) {
    return this.versions.list(partner);
  }

  @Get(':partner/versions/:number')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'One version with its document' })
  one(@Param('partner') partner: string, @Param('number') number: string) {
    return this.versions.get(partner, positiveIntegerParam(number, 'number'));
  }

  @Post(':partner/versions')
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({
    summary: 'A new draft: the policy document itself, or { document, effectiveFrom?, note? }',
  })
  create(@Param('partner') partner: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const request = objectBody(body);
    // A policy document never has a 'document' key, so the wrapped form is unambiguous.
    if (!('document' in request)) return this.versions.createDraft(partner, { document: request }, actorOf(principal));
    onlyKeys(request, ['document', 'effectiveFrom', 'note']);
    const effectiveFrom = optionalString(request, 'effectiveFrom');
    const note = optionalString(request, 'note');
    return this.versions.createDraft(
      partner,
      { document: request.document, ...(effectiveFrom !== undefined ? { effectiveFrom } : {}), ...(note !== undefined ? { note } : {}) },
      actorOf(principal),
    );
  }

  @Post(':partner/versions/:number/approve')
  @HttpCode(200)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: 'Approval by an officer other than the author; applies from its effective date' })
  approve(@Param('partner') partner: string, @Param('number') number: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const request = body === undefined || body === null || body === '' ? {} : objectBody(body);
    onlyKeys(request, ['effectiveFrom']);
    return this.versions.approve(partner, positiveIntegerParam(number, 'number'), actorOf(principal), optionalString(request, 'effectiveFrom'));
  }

  @Post(':partner/versions/:number/reject')
  @HttpCode(200)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: 'Rejection of a draft with a reason { comment }; it never applies' })
  reject(@Param('partner') partner: string, @Param('number') number: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const request = objectBody(body);
    onlyKeys(request, ['comment']);
    return this.versions.reject(partner, positiveIntegerParam(number, 'number'), actorOf(principal), requiredString(request, 'comment'));
  }

  @Get(':partner/diff')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Semantic diff: fields added, removed, transforms changed, per purpose' })
  diff(@Param('partner') partner: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined) {
    return this.versions.diff(partner, positiveIntegerParam(from, 'from'), positiveIntegerParam(to, 'to'));
  }
}
