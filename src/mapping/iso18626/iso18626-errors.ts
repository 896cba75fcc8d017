import { GatewayError } from '../../errors/gateway-error';

export type Iso18626RefusalReason = 'missing' | 'too-long' | 'invalid' | 'not-allowed' | 'not-in-version';

/**
 * The writer refuses a message it would not send: a required field missing, a value over its bound, a
 * value outside its code list or format, a key it does not know. Names the path, never the value (it can
 * be member data).
 */
export class Iso18626FieldRefused extends GatewayError {
  constructor(
    readonly path: string,
    readonly reason: Iso18626RefusalReason,
  ) {
    super('ISO18626_FIELD_REFUSED', `ISO 18626: ${path} is ${describe(reason)}`, 422, { path, reason });
    this.name = 'Iso18626FieldRefused';
  }
}

function describe(reason: Iso18626RefusalReason): string {
  switch (reason) {
    case 'missing':
      return 'required and missing';
    case 'too-long':
      return 'longer than allowed';
    case 'invalid':
      return 'not a valid value';
    case 'not-allowed':
      return 'not a field the gateway writes';
    case 'not-in-version':
      return 'not part of this schema version';
  }
}
