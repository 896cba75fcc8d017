import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ConnectorHost } from '../connectors/connector-host';
import { GatewayError } from '../errors/gateway-error';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { parsePreviewRequest } from '../policy/preview-request';

/**
 * The console's view of a preview in the partner's own wire format: the policy's released payload,
 * mapped by the partner's connector (its pure `prepare`), and not sent. Where no connector is enabled
 * or it cannot map that purpose, the answer says so instead of a message.
 */
@ApiTags('console')
@ApiBearerAuth()
@Controller('api/v1/console/wire-preview')
export class WirePreviewController {
  constructor(
    private readonly versions: PolicyVersionsService,
    private readonly connectors: ConnectorHost,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({
    summary:
      "{ partner, purpose, member, version? } → the message the connector would send (direction 'sent'), or for a purpose that answers the partner's own question the answer it would get (direction 'answer': the KB's LookupUserResponse, the province's MemberLookupResponse); nothing is sent",
  })
  async preview(@Body() body: unknown) {
    const { partner, purpose, version, member } = parsePreviewRequest(body);
    const policy = await this.versions.compiledPolicy(partner, version);
    const { payload } = policy.preview(member, purpose);
    const entry = this.connectors.partners().find((p) => p.manifest.id === partner);
    if (entry === undefined || !entry.enabled) {
      return { partner, purpose, policyVersion: policy.version, protocol: entry?.manifest.protocol ?? null, message: null, reason: entry === undefined ? 'no connector' : 'connector not enabled' };
    }
    try {
      const connector = this.connectors.get(partner);
      // A purpose that answers the partner's own question is previewed as that answer, not as a message sent.
      const answer = connector.prepareAnswer?.(payload);
      const message = answer ?? connector.prepare(payload);
      return {
        partner,
        purpose,
        policyVersion: policy.version,
        protocol: entry.manifest.protocol,
        direction: answer === undefined ? 'sent' : 'answer',
        message: { contentType: message.contentType, body: message.body, route: message.route },
        reason: null,
      };
    } catch (error) {
      const reason = error instanceof GatewayError ? `${error.code}: ${error.message}` : 'the connector cannot map this purpose';
      return { partner, purpose, policyVersion: policy.version, protocol: entry.manifest.protocol, message: null, reason };
    }
  }
}
