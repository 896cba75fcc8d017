import { GatewayApi } from './api';

const WAIT_MS = 6000;
const POLL_MS = 100;

interface LedgerItem {
  readonly partner: string;
  readonly purpose: string;
}

/** The disclosures of a member beyond the first `after`, once new ones appear (or the wait runs out). */
async function newDisclosures(api: GatewayApi, memberId: string, after: number, nudge: () => Promise<void>): Promise<LedgerItem[]> {
  const deadline = Date.now() + WAIT_MS;
  let nudged = false;
  for (;;) {
    const ledger = await api.get<{ items: LedgerItem[] }>(`/api/v1/disclosures?memberId=${encodeURIComponent(memberId)}&limit=100`);
    const items = ledger.ok ? ledger.body.items : [];
    if (items.length > after) {
      // Give the other partners' messages of the same cycle a moment to leave too.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = await api.get<{ items: LedgerItem[] }>(`/api/v1/disclosures?memberId=${encodeURIComponent(memberId)}&limit=100`);
      return (settled.ok ? settled.body.items : items).slice(0, (settled.ok ? settled.body.items : items).length - after);
    }
    if (Date.now() >= deadline) return [];
    // A gateway that was not started here may read its change feed only every minute: ask for a cycle once.
    if (!nudged && Date.now() >= deadline - WAIT_MS / 2) {
      nudged = true;
      await nudge();
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const said = (items: readonly LedgerItem[]): string =>
  items.length === 0 ? 'nothing reached a partner' : [...items].map((item) => `${item.partner} ${item.purpose}`).sort().join(', ');

/**
 * Lifecycle sync, as a library desk sees it: a member joins, moves house and leaves in the lending system
 * (the Wise sandbox), and nobody calls /exchanges — the gateway reads the change feed and each partner
 * gets what its policy sends on joined, changed and left. Prints partners and purposes, never values.
 */
export async function lifecycleDemo(api: GatewayApi, template: Readonly<Record<string, unknown>>): Promise<string[]> {
  const { memberId: _id, cardNumber: _card, consents: _consents, loans: _loans, holds: _holds, fees: _fees, ...rest } = template;
  const joined = await api.post<{ memberId: string; cardNumber: string }>('/api/v1/sandbox/members', {
    ...rest,
    membership: { subscription: 'volwassen-basis', status: 'active', validUntil: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10) },
  });
  if (!joined.ok) return [`(the lending system refused the new member: ${joined.error.code})`];
  const { memberId, cardNumber } = joined.body;
  const nudge = async (): Promise<void> => {
    await api.post('/api/v1/sync/cycle', {});
  };
  const lines: string[] = [];
  const joinedAt = await newDisclosures(api, memberId, 0, nudge);
  lines.push(`joins at the desk (card ••••${cardNumber.slice(-4)})  → by itself: ${said(joinedAt)}`);
  const address = await api.patch(`/api/v1/sandbox/members/${encodeURIComponent(memberId)}`, {
    addresses: [{ kind: 'home', street: 'Gemeenteweg', houseNumber: '12', postalCode: '7951 AB', city: 'Staphorst' }],
  });
  if (!address.ok) return [...lines, `(the lending system refused the address: ${address.error.code})`];
  const moved = await newDisclosures(api, memberId, joinedAt.length, nudge);
  lines.push(`moves house                        → by itself: ${said(moved)} (only who holds the address)`);
  const cancelled = await api.patch(`/api/v1/sandbox/members/${encodeURIComponent(memberId)}`, { membership: { status: 'cancelled' } });
  if (!cancelled.ok) return [...lines, `(the lending system refused the cancellation: ${cancelled.error.code})`];
  const left = await newDisclosures(api, memberId, joinedAt.length + moved.length, nudge);
  lines.push(`cancels the membership             → by itself: ${said(left)}`);
  return lines;
}
