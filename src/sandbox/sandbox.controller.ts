import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GatewayError, ValidationFailed } from '../errors/gateway-error';
import { randomInt } from 'node:crypto';
import { validateMember } from '../domain/member.validator';
import { SandboxHost } from './sandbox-host';
import { receivedListing } from './received-listing';

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

  @Post('members')
  @HttpCode(201)
  @Roles('operator', 'officer')
  @ApiOperation({
    summary:
      'Enrols a member in the simulated lending system, as the library desk would (only with SANDBOX=on): a canonical member; memberId and cardNumber are made up when absent. Answers {memberId, cardNumber}.',
  })
  enrol(@Body() body: unknown) {
    const source = this.sandboxes.all().find((sandbox) => sandbox.addMember !== undefined);
    if (source?.addMember === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    const given = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const serial = randomInt(100_000, 1_000_000);
    const candidate = { memberId: `E${serial}`, cardNumber: `2260${String(serial).padStart(10, '0')}`, libraryId: 'STA', ...given };
    const checked = validateMember(candidate);
    if (!checked.ok) throw new ValidationFailed('member', checked.violations);
    const memberId = source.addMember(checked.member);
    if (memberId === undefined) throw new GatewayError('MEMBER_EXISTS', 'the simulated lending system already has a member with this memberId or card number', 409);
    return { memberId, cardNumber: checked.member.cardNumber };
  }

  @Patch('members/:memberId')
  @Roles('operator', 'officer')
  @ApiOperation({
    summary:
      "Changes a member's record in the simulated lending system (only with SANDBOX=on): a partial canonical member merged into it (objects key by key, lists replaced, null removes). It shows in the lending system's delta feed at once.",
  })
  revise(@Param('memberId') memberId: string, @Body() body: unknown) {
    const source = this.sandboxes.all().find((sandbox) => sandbox.updateMember !== undefined);
    if (source?.updateMember === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed('request body', [{ path: '', message: 'must be a JSON object (a partial member)' }]);
    const result = source.updateMember(memberId, body as Record<string, unknown>);
    if (result.ok) return result.member;
    if (result.reason === 'unknown') throw new GatewayError('MEMBER_NOT_FOUND', 'the simulated lending system has no such member', 404);
    if (result.reason === 'taken') throw new GatewayError('MEMBER_EXISTS', 'another member of the simulated lending system has this card number', 409);
    throw new ValidationFailed('member', result.violations ?? []);
  }

  @Get('pins/:cardNumber')
  @Roles('operator', 'officer')
  @ApiOperation({
    summary: "The PIN the simulated lending system keeps for a card (only with SANDBOX=on; a real lending system never tells): for the demo's self-service machine, which asks for it",
  })
  pin(@Param('cardNumber') cardNumber: string) {
    const source = this.sandboxes.all().find((sandbox) => sandbox.pinOf !== undefined);
    if (source?.pinOf === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    const pin = source.pinOf(cardNumber);
    if (pin === undefined) throw new GatewayError('PIN_UNKNOWN', 'the simulated lending system keeps no PIN for this card', 404);
    return { pin };
  }

  @Get('items')
  @Roles('operator', 'officer')
  @ApiOperation({ summary: 'Barcodes of the copies on the shelf of the simulated lending system, to lend at a SIP2 machine (only with SANDBOX=on)' })
  items() {
    const source = this.sandboxes.all().find((sandbox) => sandbox.itemsOnShelf !== undefined);
    if (source?.itemsOnShelf === undefined) throw new GatewayError('SANDBOX_OFF', 'no simulated lending system runs on this gateway (SANDBOX=off or hka disabled)', 404);
    return { onShelf: source.itemsOnShelf({ holdWaiting: false }), holdWaiting: source.itemsOnShelf({ holdWaiting: true }) };
  }

  @Get(':partner/received')
  @Roles('operator', 'officer')
  @ApiOperation({
    summary:
      'What a simulated partner received, as received (only with SANDBOX=on): in order of arrival, each body as text and as its exact bytes (base64, SHA-256), with its idempotency key. Pages with ?since (an index) and ?limit (default 100, at most 1000).',
  })
  received(@Param('partner') partner: string, @Query('since') since: string | undefined, @Query('limit') limit: string | undefined) {
    const from = since === undefined ? 0 : Number(since);
    const count = limit === undefined ? 100 : Number(limit);
    const violations = [
      ...(Number.isInteger(from) && from >= 0 ? [] : [{ path: 'since', message: 'must be an integer of 0 or more' }]),
      ...(Number.isInteger(count) && count >= 1 && count <= 1000 ? [] : [{ path: 'limit', message: 'must be an integer from 1 to 1000' }]),
    ];
    if (violations.length > 0) throw new ValidationFailed('request', violations);
    const sandbox = this.sandboxes.get(partner);
    if (sandbox === undefined) {
      const running = this.sandboxes.all().map((each) => each.partner);
      throw new GatewayError('SANDBOX_UNKNOWN', `no simulated partner "${partner.slice(0, 40)}" runs on this gateway (running: ${running.join(', ') || 'none; SANDBOX=off'})`, 404);
    }
    return receivedListing(partner, sandbox.received(), from, count);
  }
}
