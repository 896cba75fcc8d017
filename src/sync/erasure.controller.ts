import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FourEyesDuty, Roles } from '../auth/roles.decorator';
import { ErasureService } from './erasure.service';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/v1/members/:memberId/erasure')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOperation({
    summary:
      "202 {told, uninformed}: every partner the ledger shows received the member's data gets its purpose sent on 'erased'; partners without one are listed for the officer; the gateway's own copies (outbox, dead letters) go",
  })
  erase(@Param('memberId') memberId: string) {
    return this.erasure.erase(memberId);
  }
}
