import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../auth/principal';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { FourEyesDuty, Roles } from '../auth/roles.decorator';
import { NotFound, ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, optionalString } from '../errors/request-body';
import { ChangeFeedCycle } from './change-feed-cycle';
import { HeldReleases } from './held-releases';
import { HeldGroup } from './held-messages.store';
import { InitialCycles } from './initial-cycles';
import { jobView, SyncJobs } from './sync-jobs.store';

const JOB_ID = /^[0-9a-f-]{36}$/;

function partnerOf(body: unknown): string | undefined {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return undefined;
  const request = objectBody(body);
  onlyKeys(request, ['partner']);
  return optionalString(request, 'partner');
}

/** Lifecycle sync: initial cycles, the incremental cycle on demand, jobs and what the deletion guard holds. */
@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/v1/sync')
export class SyncController {
  constructor(
    private readonly initial: InitialCycles,
    private readonly cycle: ChangeFeedCycle,
    private readonly jobs: SyncJobs,
    private readonly releases: HeldReleases,
  ) {}

  @Post(':partner/initial')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('operator')
  @ApiOperation({
    summary:
      "202 {jobId}: the initial cycle for a partner — every member of the system of record is evaluated for the partner's purposes sent on joined/changed/consent-granted; resumable; one at a time per partner (a second request answers the running job)",
  })
  async startInitial(@Param('partner') partner: string, @CurrentPrincipal() principal: Principal) {
    const { jobId, repeated } = await this.initial.start(partner, actorOf(principal).name);
    return { jobId, repeated };
  }

  @Post('cycle')
  @HttpCode(HttpStatus.OK)
  @Roles('operator')
  @ApiOperation({ summary: 'Runs the incremental cycle now (it also runs every SYNC_INTERVAL_MS): the change feed from the cursor on; answers what it did' })
  runCycle(@CurrentPrincipal() principal: Principal) {
    return this.cycle.run(Date.now(), actorOf(principal).name);
  }

  @Get('jobs')
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'The latest sync jobs (initial cycles and incremental cycles that sent, held, refused or failed something), newest first' })
  async list(@Query('limit') limit: string | undefined) {
    const count = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 500) throw new ValidationFailed('request', [{ path: 'limit', message: 'must be an integer from 1 to 500' }]);
    const jobs = (await this.jobs.list(count)).map(jobView);
    // Only the listed jobs' held messages, in one query.
    const groups = await this.releases.groups(jobs.map((job) => job.jobId));
    return jobs.map((job) => ({ ...job, heldMessages: groups.filter((group) => group.jobId === job.jobId).map(heldView) }));
  }

  @Get('jobs/:jobId')
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: '{status: running|done|failed|held, total, sent, unchanged, refused, failed, held, heldMessages: [{partner, held, released, discarded}]}' })
  async one(@Param('jobId') jobId: string) {
    const row = JOB_ID.test(jobId) ? await this.jobs.find(jobId) : null;
    if (row === null) throw new NotFound('SYNC_JOB_UNKNOWN', `no sync job '${jobId}'`);
    return { ...jobView(row), heldMessages: (await this.releases.groups([jobId])).map(heldView) };
  }

  @Post('jobs/:jobId/release')
  @HttpCode(HttpStatus.OK)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: '{partner?}: the held left/erased messages of the job (one partner, or all) are sent' })
  release(@Param('jobId') jobId: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.releases.release(jobId, partnerOf(body), actorOf(principal).name);
  }

  @Post('jobs/:jobId/discard')
  @HttpCode(HttpStatus.OK)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({ summary: '{partner?}: the held left/erased messages of the job (one partner, or all) are dropped unsent' })
  discard(@Param('jobId') jobId: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.releases.discard(jobId, partnerOf(body), actorOf(principal).name);
  }
}

/** A job's held messages per partner, as the API shows them: counts, members, and the last decision. */
function heldView({ partner, held, released, discarded, members, decidedBy, decidedAt }: HeldGroup) {
  return { partner, held, released, discarded, members, decidedBy, decidedAt };
}
