import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from './gateway-error';

/**
 * Validates class-typed bodies, queries and params (class-validator): unknown properties are refused,
 * and a refusal is a 422 VALIDATION_FAILED naming each offending path. Bodies typed `unknown` pass as is.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed('The request', flatten(errors, '')),
  });
}

function flatten(errors: readonly ValidationError[], parent: string): Array<{ path: string; message: string }> {
  return errors.flatMap((error) => {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
