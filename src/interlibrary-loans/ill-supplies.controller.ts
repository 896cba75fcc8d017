import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../errors/request-body';
import { IllSupplies, SUPPLY_STATUSES, SupplyApiStatus } from './ill-supplies.service';

/** The loans Staphorst supplies to the partner library (ISO 18626, the supplying agency's side). */
@ApiTags('interlibrary loan')
@ApiBearerAuth()
@Controller('api/v1/partners/ibl/supplies')
export class IllSuppliesController {
  constructor(private readonly supplies: IllSupplies) {}

  @Get()
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: "The loans the library supplies to the partner library, newest first: their request id, the item, the state and history; of their patron only their patron id (null once the loan is closed)" })
  list() {
    return this.supplies.list();
  }

  @Get(':supplyId')
  @Roles('operator', 'officer', 'auditor')
  @ApiOperation({ summary: "One loan the library supplies: their request id, the item, the state and history; of their patron only their patron id (null once the loan is closed)" })
  one(@Param('supplyId') supplyId: string) {
    return this.supplies.get(supplyId);
  }

  @Post(':supplyId/status')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "{status: ExpectToSupply|WillSupply|Loaned|Unfilled} → 200 the loan: a SupplyingAgencyMessage to the requesting library, when the loan's state allows it (409 otherwise, or when the requesting library refuses it)" })
  async status(@Param('supplyId') supplyId: string, @Body() body: unknown) {
    const request = objectBody(body);
    onlyKeys(request, ['status']);
    const status = requiredString(request, 'status');
    if (!(SUPPLY_STATUSES as readonly string[]).includes(status)) throw new ValidationFailed('interlibrary loan status', [{ path: 'status', message: `one of ${SUPPLY_STATUSES.join(', ')}` }]);
    return this.supplies.setStatus(supplyId, status as SupplyApiStatus);
  }
}
