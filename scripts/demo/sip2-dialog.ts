import { randomBytes } from 'node:crypto';
import { GatewayApi } from './api';

/** Fields a plain SIP2 patron answer would carry that the self-service policy keeps home. */
const PERSONAL = { BD: 'home address', BE: 'e-mail', BF: 'phone', PB: 'birth date' } as const;

/**
 * The self-service machine's dialog with the gateway's SIP2 server: log in as an `appguard` machine,
 * ask for the patron (63), lend a copy from the simulated library's shelf (11) and take it back (09).
 * Returns what to print: SIP2 field codes and outcomes, never a member value.
 */
export async function sip2Dialog(api: GatewayApi, port: number, card: string): Promise<string[]> {
  // Loaded only here, and only the sandbox's terminal: the demo does not need the gateway's own code.
  const { Sip2Client } = await import('../../src/sandbox/sip2/sip2-client');
  const { fieldOf } = await import('../../src/mapping/sip2/sip2-message');
  const name = `demo-zuil-${randomBytes(3).toString('hex')}`;
  const account = await api.must(api.post<{ token: string }>('/api/v1/accounts', { name, role: 'partner', partner: 'appguard' }), 'creating a self-service machine account');
  const shelf = await api.must(api.get<{ onShelf: string[] }>('/api/v1/sandbox/items'), "listing the simulated library's shelf");
  const item = shelf.onShelf[0];
  if (item === undefined) return ['the simulated library has no copy on the shelf'];
  let client;
  try {
    client = await Sip2Client.connect({ port });
  } catch {
    return [`no SIP2 server answers on port ${port} (SIP2_PORT): skipped`];
  }
  try {
    const login = (await client.login(name, account.token)).message;
    if (login.fixed !== '1') return ['the machine could not log in'];
    // The self-service machine asks the patron's PIN (APPGUARD_PIN_REQUIRED); the simulated library tells it.
    const known = await api.get<{ pin: string }>(`/api/v1/sandbox/pins/${encodeURIComponent(card)}`);
    const pin = known.ok ? known.body.pin : undefined;
    const patron = (await client.patronInformation(card, 2, 'staphorst', pin)).message;
    const carried = patron.fields.map((field) => field.id).filter((code, i, all) => all.indexOf(code) === i);
    const kept = Object.entries(PERSONAL).filter(([code]) => fieldOf(patron, code) === undefined).map(([, what]) => what);
    const checkout = (await client.checkout(card, item, 'staphorst', pin)).message;
    const lent = checkout.fixed.startsWith('1');
    const checkin = lent ? (await client.checkin(item)).message : undefined;
    return [
      `63 Patron Information → 64 with fields ${carried.join(' ')}; kept home: ${kept.join(', ')}`,
      `11 Checkout of copy ••••${item.slice(-4)} → ${lent ? `lent, due ${(fieldOf(checkout, 'AH') ?? '').slice(0, 8)} (registered at the lending system)` : `refused: ${fieldOf(checkout, 'AF') ?? ''}`}`,
      ...(checkin === undefined ? [] : [`09 Checkin → ${checkin.fixed.startsWith('1') ? 'returned' : 'refused'}; the answer names no patron (no AA)`]),
    ];
  } finally {
    await client.close();
  }
}
