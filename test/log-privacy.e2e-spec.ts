import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { FIELD_CATALOG } from '../src/domain/field-catalog';
import { writeLookupUser } from '../src/mapping/ncip/ncip-lookup-user';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { SANDBOX_SEED } from '../src/sandbox/sandbox-host';
import { Sip2Client } from '../src/sandbox/sip2/sip2-client';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from './factories/member.factory';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

/** Every text value of a member, long enough to be recognisable in a log line. */
function memberValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string' && value.length >= 5) out.add(value);
  else if (Array.isArray(value)) value.forEach((item) => memberValues(item, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => memberValues(item, out));
  return out;
}

/**
 * The gateway at its most talkative (LOG_LEVEL=trace) goes through good and bad requests — previews,
 * exchanges, refusals, invalid members, partner failures — and not one member field value appears in
 * what it writes to stdout or stderr.
 */
describe('logs', () => {
  const sandbox = new NewsletterSandbox();
  const wise = new WiseSandbox({ seed: SANDBOX_SEED });
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-logs-'));
  const token = newAccessToken();
  const staff = { operator: '', officer: '' };
  let gateway: GatewayProcess;
  let base = '';

  /** Previews are the officer's, exchanges the operator's. */
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${path.startsWith('/api/v1/exchanges') ? staff.operator : staff.officer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    await sandbox.start();
    await wise.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = startGatewayProcess({
      PORT: String(port),
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: token,
      SANDBOX: 'off',
      CONNECTORS: 'hka,newsletter',
      LOG_LEVEL: 'trace',
      DELIVERY_MAX_ATTEMPTS: '2',
      DELIVERY_BACKOFF_BASE_MS: '5',
      DELIVERY_POLL_MS: '20',
      ...sandbox.settings(),
      ...wise.settings(),
    });
    await waitForHttp(`${base}/health`, gateway);
    staff.operator = await staffAccount(base, token, 'ops', 'operator');
    staff.officer = await staffAccount(base, token, 'privacy.officer', 'officer');
  }, 60_000);
  afterAll(async () => {
    await gateway.stop();
    await sandbox.stop();
    await wise.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never contain a member field value', async () => {
    const member = realisticMember(31);
    const invalid = { ...realisticMember(32), shoeSize: 44, name: { lastName: '', firstNames: 'Hendrikje Geessien' } };
    const declined = realisticMember(33);
    delete declined.consents?.newsletter;
    // The library desk enrols them in the lending system; exchanges name them by id.
    for (const enrolled of [member, declined, realisticMember(34)]) expect(wise.addMember(enrolled)).toBe(enrolled.memberId);
    const statuses = [
      (await post('/api/v1/preview', { partner: 'hka', purpose: 'lending', member })).status,
      (await post('/api/v1/preview', { partner: 'kb', purpose: 'nope', member })).status,
      (await post('/api/v1/preview', { partner: 'kb', purpose: 'single-identity', member: invalid })).status,
      (await post('/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', memberId: declined.memberId })).status,
      (await post('/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', member })).status,
      (await post('/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId })).status,
    ];
    expect(statuses).toEqual([200, 422, 422, 422, 422, 202]);
    for (let i = 0; i < 200 && sandbox.received().length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    sandbox.setFault({ kind: 'reject400' });
    expect((await post('/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', memberId: realisticMember(34).memberId })).status).toBe(202);
    const malformed = await fetch(`${base}/api/v1/preview`, { method: 'POST', headers: { Authorization: `Bearer ${staff.officer}`, 'Content-Type': 'application/json' }, body: `{"member": {"email": "${member.email}"` });
    expect(malformed.status).toBe(400);
    await fetch(`${base}/api/v1/members/${member.memberId}/disclosure-report`, { headers: { Authorization: `Bearer ${staff.officer}` } });
    for (let i = 0; i < 200 && sandbox.received().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sandbox.received()).toHaveLength(2);
    // Stopped, so that every line it wrote (late ones too) is in what is searched; no fixed wait.
    await gateway.stop();

    const logs = gateway.stdout() + gateway.stderr();
    expect(logs.length).toBeGreaterThan(1000);
    const values = new Set([...memberValues(member), ...memberValues(invalid), ...memberValues(declined), ...memberValues(realisticMember(34))]);
    // Enumerated codes ('active', 'ready', 'email') are vocabulary, not personal data: words a log may use.
    const codes = new Set(FIELD_CATALOG.flatMap((field) => field.enumValues ?? []));
    const leaked = [...values].filter((value) => !codes.has(value) && logs.includes(value));
    expect(leaked).toEqual([]);
    for (const secret of [token, staff.operator, staff.officer]) expect(logs).not.toContain(secret);
  }, 60_000);
});

/**
 * The same at the terminals and the partner libraries: SIP2 dialogs (PINs right and wrong, patron
 * information, a loan and a return) and an NCIP lookup with a PIN, against the sandboxes, write not one
 * member value and not one PIN.
 */
describe('logs of SIP2 and NCIP dialogs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-logs-sip2-'));
  const token = newAccessToken();
  const wise = new WiseSandbox({ seed: SANDBOX_SEED });
  let gateway: GatewayProcess;
  let base = '';
  let sip2Port = 0;

  const api = async (method: string, path: string, body?: unknown) =>
    (await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json();

  beforeAll(async () => {
    const port = await freePort();
    sip2Port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = startGatewayProcess({
      PORT: String(port),
      SIP2_PORT: String(sip2Port),
      SIP2_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: token,
      SANDBOX: 'on',
      CONNECTORS: 'hka,appguard,kb',
      LOG_LEVEL: 'trace',
    });
    await waitForHttp(`${base}/health`, gateway);
  }, 60_000);
  afterAll(async () => {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never contain a member field value or a PIN', async () => {
    const machine = (await api('POST', '/api/v1/accounts', { name: 'zuil-logtest', role: 'partner', partner: 'appguard' })) as { token: string };
    const kb = (await api('POST', '/api/v1/accounts', { name: 'kb-logtest', role: 'partner', partner: 'kb' })) as { token: string };
    const members = wise.members(8);
    const operator = await staffAccount(base, token, 'ops', 'operator');
    const items = (await (await fetch(`${base}/api/v1/sandbox/items`, { headers: { Authorization: `Bearer ${operator}` } })).json()) as { onShelf: string[] };
    const pins = members.map((member) => wise.pinOf(member.cardNumber) as string);
    const wrongPin = (pin: string) => String((Number(pin) + 1) % 10_000).padStart(4, '0');

    const client = await Sip2Client.connect({ port: sip2Port });
    try {
      expect((await client.login('zuil-logtest', machine.token)).message.fixed).toBe('1');
      for (const [index, member] of members.entries()) {
        const pin = pins[index] as string;
        await client.patronInformation(member.cardNumber, 2, 'staphorst', wrongPin(pin));
        await client.patronInformation(member.cardNumber, 2, 'staphorst', pin);
        const loans = member.loans ?? [];
        if (loans[0] !== undefined) await client.checkin(loans[0].itemId);
        await client.checkout(member.cardNumber, items.onShelf[index] as string, 'staphorst', pin);
        await client.endSession(member.cardNumber);
      }
    } finally {
      await client.close();
    }
    const ncip = (card: string, pin: string) =>
      fetch(`${base}/ncip`, { method: 'POST', headers: { Authorization: `Bearer ${kb.token}`, 'Content-Type': 'application/xml' }, body: writeLookupUser({ cardNumber: card, pin, elements: ['User Privilege'], fromAgencyId: 'KB', toAgencyId: 'NL' }) });
    expect((await ncip(members[0]?.cardNumber as string, pins[0] as string)).status).toBe(200);
    expect((await ncip(members[1]?.cardNumber as string, wrongPin(pins[1] as string))).status).toBe(200);
    await gateway.stop();

    const logs = gateway.stdout() + gateway.stderr();
    expect(logs).toContain('sip2 checkout registered');
    expect(logs).toContain('sip2 patron PIN refused: invalid');
    const codes = new Set(FIELD_CATALOG.flatMap((field) => field.enumValues ?? []));
    const values = new Set(members.flatMap((member) => [...memberValues(member)]));
    expect([...values].filter((value) => !codes.has(value) && logs.includes(value))).toEqual([]);
    // Four digits can occur anywhere in a log (timestamps, ports): a PIN is looked for next to what would name it.
    for (const pin of pins) expect(logs).not.toMatch(new RegExp(`(AD|pin["':= ]+)${pin}`, 'i'));
    expect(logs).not.toContain(machine.token);
  }, 60_000);
});
