import { GatewayError } from '../../errors/gateway-error';

/** What a SEPA rule checks; a problem names the rule and the path, never the offending value. */
export type SepaRule =
  | 'required'
  | 'length'
  | 'charset'
  | 'iban'
  | 'bic'
  | 'creditor-id'
  | 'amount'
  | 'date'
  | 'duplicate'
  | 'count'
  | 'reason-code';

/** One broken rule at one path (`transactions[3].debtor.iban`). The message holds no value from the input. */
export interface SepaProblem {
  readonly path: string;
  readonly rule: SepaRule;
  readonly message: string;
}

/**
 * The gateway refuses to write a SEPA message: something it would send breaks a SEPA or XSD rule. The message
 * and details name the paths and the rules only: the values (IBANs, names, amounts) are member data.
 */
export class SepaInvalid extends GatewayError {
  constructor(readonly problems: readonly SepaProblem[]) {
    super(
      'SEPA_INVALID',
      `the SEPA message cannot be written: ${problems
        .slice(0, 5)
        .map((problem) => `${problem.path}: ${problem.message}`)
        .join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      422,
      { problems: problems.map(({ path, rule }) => ({ path, rule })) },
    );
    this.name = 'SepaInvalid';
  }
}

/** A SEPA message the gateway cannot read (not the message it claims to be, a mandatory part missing). Quotes nothing of it. */
export class SepaMessageUnreadable extends GatewayError {
  constructor(readonly reason: string) {
    super('SEPA_MESSAGE_INVALID', `not a readable SEPA message: ${reason}`, 400, { reason });
    this.name = 'SepaMessageUnreadable';
  }
}

/** Throws SepaInvalid when there is any problem. */
export function refuseProblems(problems: readonly SepaProblem[]): void {
  if (problems.length > 0) throw new SepaInvalid(problems);
}
