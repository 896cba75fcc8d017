import { isValidCreditorId, isValidIban } from '../../mapping/sepa/iban';
import { readPain008, ReadPain008, receivedPain008Problems } from '../../mapping/sepa/pain008';
import { SepaMessageUnreadable } from '../../mapping/sepa/sepa-errors';
import { SEPA_XML_LIMITS } from '../../mapping/sepa/sepa-xml';
import { UnsafeXml } from '../../mapping/xml/xml-safety';

/** The largest file the simulated bank takes: 5 MB, as corporate file APIs limit an upload. */
export const MAX_FILE_BYTES = 5 * 1_048_576;

/** The pain.008 versions the simulated bank takes. */
export const ACCEPTED_PAIN_VERSIONS: readonly string[] = ['02', '08'];

/** Checks a file against the XSD of its version ('02', '08'): its errors, none when valid. Tests install xmllint-wasm's. */
export type BankSchemaCheck = (xml: string, version: string) => Promise<readonly string[]>;

/** A refusal as the bank answers it, and what it records of it. */
export interface BankRefusal {
  readonly status: number;
  readonly body: { readonly code: string } & Readonly<Record<string, unknown>>;
  /** What the received() entry shows: the schema errors as found, the problems by path and rule. */
  readonly errors: readonly string[];
}

export type FileExamination = { readonly ok: true; readonly document: ReadPain008 } | { readonly ok: false; readonly refusal: BankRefusal };

function refusal(status: number, code: string, errors: readonly string[], extra: Readonly<Record<string, unknown>> = {}): FileExamination {
  return { ok: false, refusal: { status, body: { code, ...extra }, errors } };
}

/** The body as UTF-8 text, or undefined when its bytes are not UTF-8 (a bank takes ISO 20022 files in UTF-8 only). */
export function utf8Text(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Schema errors as the bank answers them: xmllint quotes the offending value ("The value 'NL00…' is not
 * accepted"), and a value in a direct debit file can be an account number, so the answer names the element
 * and the rule only. received() keeps the errors as found.
 */
export function withoutValues(error: string): string {
  return error.replace(/The value '[^']*'/g, 'The value').replace(/: '[^']*' is not a valid value/g, ': the value is not a valid value');
}

/**
 * The checks before anything is booked, in the bank's order: a readable pain.008 of version 02 or 08 (the
 * hardened reader: no DTD, no entities), the XSD when a check is installed, the creditor identifier's check
 * digits, the creditor account, and every debtor IBAN (the answer names the transactions, never the IBANs).
 */
export async function examineFile(text: string | undefined, schemaCheck: BankSchemaCheck | undefined): Promise<FileExamination> {
  if (text === undefined) return refusal(400, 'FILE_UNREADABLE', ['not UTF-8'], { detail: 'the file is not UTF-8 text' });
  let document: ReadPain008;
  try {
    document = readPain008(text, { ...SEPA_XML_LIMITS, maxBytes: MAX_FILE_BYTES });
  } catch (error) {
    const detail = error instanceof UnsafeXml ? error.message : error instanceof SepaMessageUnreadable ? error.reason : 'not a readable pain.008 document';
    return refusal(400, 'FILE_UNREADABLE', [detail], { detail });
  }
  if (!ACCEPTED_PAIN_VERSIONS.includes(document.version)) {
    const detail = `pain.008.001.${document.version} is not taken: send pain.008.001.02 or pain.008.001.08`;
    return refusal(400, 'UNSUPPORTED_VERSION', [detail], { detail });
  }
  if (schemaCheck !== undefined) {
    const errors = await schemaCheck(text, document.version);
    if (errors.length > 0) return refusal(400, 'SCHEMA_INVALID', errors, { errors: errors.map(withoutValues) });
  }
  const wrongCreditorIds = document.paymentInformations.filter((block) => !isValidCreditorId(block.creditor.creditorId)).map((block) => block.id);
  if (wrongCreditorIds.length > 0) return refusal(422, 'INVALID_CREDITOR_ID', wrongCreditorIds.map((id) => `${id}: creditor identifier check digits`), { paymentInformationIds: wrongCreditorIds });
  const wrongCreditorAccounts = document.paymentInformations.filter((block) => !isValidIban(block.creditor.iban)).map((block) => block.id);
  if (wrongCreditorAccounts.length > 0) return refusal(422, 'INVALID_CREDITOR_IBAN', wrongCreditorAccounts.map((id) => `${id}: creditor IBAN`), { paymentInformationIds: wrongCreditorAccounts });
  const endToEndIds = document.transactions.filter((transaction) => !isValidIban(transaction.debtor.iban)).map((transaction) => transaction.endToEndId);
  if (endToEndIds.length > 0) return refusal(422, 'INVALID_IBAN', endToEndIds.map((id) => `${id}: debtor IBAN`), { endToEndIds });
  return { ok: true, document };
}

const DECLARED_COUNT = /(^|\.)declared(NumberOfTransactions|ControlSumCents)$/;

/**
 * The checks after the duplicate check: the declared NbOfTxs and CtrlSum (header and blocks) against what the
 * transactions add up to, then every other rule a bank checks (unique EndToEndIds, amounts, identifiers,
 * TARGET collection dates, BICs, mandates), answered by path and rule only. Undefined when the file is good.
 */
export function bookkeepingRefusal(document: ReadPain008): BankRefusal | undefined {
  const problems = receivedPain008Problems(document).filter((problem) => problem.rule !== 'iban' && problem.rule !== 'creditor-id');
  const mismatched = problems.filter((problem) => problem.rule === 'count' && DECLARED_COUNT.test(problem.path));
  if (mismatched.length > 0) {
    const paths = mismatched.map((problem) => problem.path);
    return { status: 422, body: { code: 'CONTROL_SUM_MISMATCH', paths }, errors: mismatched.map((problem) => `${problem.path}: ${problem.message}`) };
  }
  if (problems.length > 0) {
    return {
      status: 422,
      body: { code: 'FILE_INVALID', problems: problems.map(({ path, rule }) => ({ path, rule })) },
      errors: problems.map((problem) => `${problem.path}: ${problem.message}`),
    };
  }
  return undefined;
}
