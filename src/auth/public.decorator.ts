import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'bieb:public';

/** The route is open without a token. Every route must say @Public() or @Roles(...); others are refused. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(IS_PUBLIC_KEY, true);
}
