import { ChainVerdict } from './ledger.chain';

/** One line for people and scripts: what was checked and, when broken, the first broken seq and why. */
export function formatVerdict(verdict: ChainVerdict): string {
  if (verdict.ok) return `Disclosure ledger intact: ${verdict.checked} ${verdict.checked === 1 ? 'entry' : 'entries'} verified.`;
  return `Disclosure ledger BROKEN at seq ${verdict.firstBroken.seq}: ${verdict.firstBroken.reason}. ${verdict.checked} ${verdict.checked === 1 ? 'entry' : 'entries'} verified before it.`;
}
