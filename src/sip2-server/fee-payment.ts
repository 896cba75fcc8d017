import { Fee, Member } from '../domain/member';

export type FeeSettlement =
  | { readonly ok: true; readonly member: Member; readonly paid: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function isOpen(fee: Fee): boolean {
  return fee.status === undefined || fee.status === 'open';
}

/**
 * What a payment at a terminal settles: the named fee (CG) when the terminal names one, else every open
 * fee. The amount must be exactly what is settled — the terminal takes the money before it reports the
 * payment, so an amount that does not fit is refused rather than guessed at. The result is the member
 * as the lending system should book it: the settled fees paid and the balance that remains.
 */
export function settleFees(member: Member, amountCents: number, feeId: string | undefined): FeeSettlement {
  const open = (member.fees ?? []).filter(isOpen);
  const settled = feeId === undefined ? open : open.filter((fee) => fee.feeId === feeId);
  if (settled.length === 0) return { ok: false, reason: feeId === undefined ? 'no open fees' : 'no such open fee' };
  const due = settled.reduce((sum, fee) => sum + fee.amountCents, 0);
  if (due !== amountCents) return { ok: false, reason: 'the amount does not match what is owed' };
  const paid = new Set(settled.map((fee) => fee.feeId));
  const fees = (member.fees ?? []).map((fee) => (paid.has(fee.feeId) ? { ...fee, status: 'paid' as const } : fee));
  const balanceCents = fees.filter(isOpen).reduce((sum, fee) => sum + fee.amountCents, 0);
  return { ok: true, member: { ...member, fees, balanceCents }, paid: [...paid] };
}
