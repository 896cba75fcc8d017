import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { DATA_CATEGORIES } from '../domain/data-category';
import { FIELD_CATALOG } from '../domain/field-catalog';
import { fittingTransforms } from './policy.validator';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/catalog')
export class CatalogController {
  @Get()
  @Roles('officer', 'auditor', 'operator')
  @ApiOperation({
    summary: 'Every path of the canonical member with its data category, its kind of text (role) and the transforms that fit it (the only ones a policy may use on it): the vocabulary of policies',
  })
  catalog() {
    return { categories: DATA_CATEGORIES, fields: FIELD_CATALOG.map((field) => ({ ...field, transforms: fittingTransforms(field) })) };
  }
}
