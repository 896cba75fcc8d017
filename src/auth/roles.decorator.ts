import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './role';

export const ROLES_KEY = 'bieb:roles';

/**
 * The route needs a valid bearer token whose principal holds at least one of these roles.
 * On a controller it applies to every handler that does not declare its own rule.
 */
export function Roles(first: Role, ...rest: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, [first, ...rest]),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid bearer token (UNAUTHENTICATED)' }),
    ApiForbiddenResponse({ description: `Needs one of the roles: ${[first, ...rest].join(', ')} (FORBIDDEN)` }),
  );
}

export const FOUR_EYES_DUTY_KEY = 'bieb:four-eyes-duty';

/**
 * The route is one of an officer's four-eyes duties (writing or approving a policy version, recording or
 * deciding a legal order, confirming another officer): only an officer confirmed by another officer may
 * call it (403 OFFICER_NOT_CONFIRMED otherwise).
 */
export function FourEyesDuty(): MethodDecorator & ClassDecorator {
  return SetMetadata(FOUR_EYES_DUTY_KEY, true);
}
