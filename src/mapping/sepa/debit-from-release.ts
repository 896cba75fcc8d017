import { ReleasedFields } from '../../policy/released-payload';
import { DirectDebitTransaction } from './pain008';
import { SequenceType } from './target2-calendar';

/** Why a member's release cannot become a direct debit: no account or mandate released, or nothing due. */
export type DebitGap = 'no-mandate' | 'nothing-due';

/** One member's direct debit, from what the `bank` policy released (never from the member itself). */
export type DebitFromRelease = { readonly ok: true; readonly transaction: DirectDebitTransaction } | { readonly ok: false; readonly gap: DebitGap };

interface ReleasedName {
  readonly firstNames?: string;
  readonly initials?: string;
  readonly prefix?: string;
  readonly lastName?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** The account holder's name as released: the holder, else initials, prefix and surname. */
export function debtorNameOf(fields: ReleasedFields): string | undefined {
  const account = fields.bankAccount as { holder?: unknown } | undefined;
  const holder = text(account?.holder);
  if (holder !== undefined) return holder;
  const name = (fields.name ?? {}) as ReleasedName;
  const parts = [text(name.firstNames) ?? text(name.initials), text(name.prefix), text(name.lastName)].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/**
 * One transaction for a member: the IBAN, BIC, holder and mandate the policy released, the amount of the
 * open fee lines (`due`: the amounts the policy released, paired with which of them are open in the
 * lending system), under the caller's EndToEndId and sequence type. Only released fields are written.
 */
export function debitFromRelease(fields: ReleasedFields, due: { readonly amountCents: number }, endToEndId: string, sequenceType: SequenceType, remittance: string): DebitFromRelease {
  const account = fields.bankAccount as { iban?: unknown; bic?: unknown } | undefined;
  const mandate = fields.directDebitMandate as { mandateId?: unknown; signedOn?: unknown } | undefined;
  const iban = text(account?.iban);
  const mandateId = text(mandate?.mandateId);
  const signedOn = text(mandate?.signedOn);
  const name = debtorNameOf(fields);
  if (iban === undefined || mandateId === undefined || signedOn === undefined || name === undefined) return { ok: false, gap: 'no-mandate' };
  if (due.amountCents <= 0) return { ok: false, gap: 'nothing-due' };
  const bic = text(account?.bic);
  return {
    ok: true,
    transaction: {
      endToEndId,
      amountCents: due.amountCents,
      sequenceType,
      mandate: { id: mandateId, signedOn: signedOn.slice(0, 10) },
      debtor: { name, iban, ...(bic === undefined ? {} : { bic }) },
      remittanceInformation: remittance,
    },
  };
}

/** The released fee amounts, by position (the policy releases `fees[].amountCents` in the member's order). */
export function releasedFeeAmounts(fields: ReleasedFields): number[] {
  const fees = Array.isArray(fields.fees) ? (fields.fees as Array<{ amountCents?: unknown }>) : [];
  return fees.map((fee) => (typeof fee.amountCents === 'number' && Number.isSafeInteger(fee.amountCents) ? fee.amountCents : 0));
}
