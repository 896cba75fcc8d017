import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Member } from '../src/domain/member';
import { MAX_WRONG_PINS } from '../src/exchange/pin-attempts';
import { fieldOf, parseSip2 } from '../src/mapping/sip2/sip2-message';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { Sip2Client, Sip2ClientOptions } from '../src/sandbox/sip2/sip2-client';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { noteNotRun } from './support/databases';
import { freePort } from './support/gateway-process';
import { realisticMember } from './factories/member.factory';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What real SIP2 clients found (issue 12): PINs and locks, payments retried, malformed input, membership
 * status, counts, sequence numbers, encodings, and SIP2 over TLS. Each against the gateway's own SIP2
 * server and the simulated lending system; the self-service machines (appguard) ask for the PIN by default.
 */
describe('SIP2 terminals as real clients use them', () => {
  let gateway: TestApp;
  let port: number;
  let members: Member[];
  const accounts: Record<string, { name: string; token: string }> = {};
  const clients: Sip2Client[] = [];
  const wise = () => gateway.app.get(SandboxHost).get('hka') as WiseSandbox;
  const pinOf = (member: Member) => wise().pinOf(member.cardNumber) as string;
  const wrong = (pin: string) => String((Number(pin) + 1) % 10_000).padStart(4, '0');

  async function terminal(partner: 'bibliotheca' | 'appguard', options: Partial<Sip2ClientOptions> = {}): Promise<Sip2Client> {
    const client = await Sip2Client.connect({ port, ...options });
    clients.push(client);
    const account = accounts[partner] as { name: string; token: string };
    expect((await client.login(account.name, account.token)).message.fixed).toBe('1');
    return client;
  }

  beforeAll(async () => {
    port = await freePort();
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,bibliotheca,appguard', SIP2_PORT: String(port), SIP2_HOST: '127.0.0.1', BIBLIOTHECA_ENCODING: 'utf-8' } });
    for (const [partner, name] of [['bibliotheca', 'betaalautomaat'], ['appguard', 'zuil']] as const) {
      const created = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name, role: 'partner', partner });
      accounts[partner] = { name, token: created.body.token };
    }
    members = (await gateway.http.get('/api/v1/sandbox/members?limit=60').set(gateway.as('operator'))).body as Member[];
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
  });

  const active = (skip = 0) => members.filter((m) => m.membership?.status === 'active' && (m.membership.validUntil ?? '9999') > new Date().toISOString().slice(0, 10) && (m.fees ?? []).some((f) => f.status === 'open'))[skip] as Member;

  it('asks the self-service machine for the PIN: without one, nothing of the patron', async () => {
    const zuil = await terminal('appguard');
    const member = active(0);
    const without = (await zuil.patronInformation(member.cardNumber)).message;
    expect(fieldOf(without, 'AE')).toBeUndefined();
    expect(fieldOf(without, 'CQ')).toBe('N');
    expect(fieldOf(without, 'AF')).toBe('Voer uw pincode in');
    const loan = (await zuil.checkout(member.cardNumber, wise().itemsOnShelf()[0] as string)).message;
    expect(loan.fixed.slice(0, 1)).toBe('0');
    const withPin = (await zuil.patronInformation(member.cardNumber, undefined, 'staphorst', pinOf(member))).message;
    expect(fieldOf(withPin, 'AE')).toMatch(/\S/);
    expect(fieldOf(withPin, 'CQ')).toBe('Y');
  });

  it('keeps a locked card locked in every message, with or without a PIN', async () => {
    const kassa = await terminal('bibliotheca');
    const zuil = await terminal('appguard');
    const member = active(1);
    for (let i = 0; i < MAX_WRONG_PINS; i++) expect(fieldOf((await kassa.patronInformation(member.cardNumber, undefined, 'staphorst', wrong(pinOf(member)))).message, 'CQ')).toBe('N');
    for (const answer of [
      (await kassa.patronInformation(member.cardNumber)).message,
      (await kassa.raw(`23000${'20261203    120000'}AOstaphorst|AA${member.cardNumber}|AD|\r`)).message,
      (await kassa.patronStatus(member.cardNumber)).message,
      (await zuil.patronInformation(member.cardNumber, undefined, 'staphorst', pinOf(member))).message,
    ]) {
      expect(fieldOf(answer, 'AE')).toBeUndefined();
      expect(fieldOf(answer, 'AF')).toContain('Te vaak een onjuiste pincode');
    }
    const loan = (await zuil.checkout(member.cardNumber, wise().itemsOnShelf()[0] as string, 'staphorst', pinOf(member))).message;
    expect(loan.fixed.slice(0, 1)).toBe('0');
    const fee = (member.fees ?? []).find((f) => f.status === 'open');
    const payment = (await kassa.feePaid(member.cardNumber, ((fee?.amountCents ?? 0) / 100).toFixed(2), 'T-LOCK', fee?.feeId)).message;
    expect(payment.fixed.slice(0, 1)).toBe('N');
  });

  it('refuses a payment with a wrong PIN, and answers a repeated payment (same BK) as the first, booking it once', async () => {
    const kassa = await terminal('bibliotheca');
    const member = active(2);
    const fee = (member.fees ?? []).find((f) => f.status === 'open');
    if (fee === undefined) throw new Error('no open fee');
    const amount = (fee.amountCents / 100).toFixed(2);
    const body = (bk: string, pin?: string) => `37${'20261203    120000'}0100BHEUR|BV${amount}|AOstaphorst|AA${member.cardNumber}|${pin === undefined ? '' : `AD${pin}|`}CG${fee.feeId}|BK${bk}|`;
    const wrongPin = (await kassa.request(body('T-WRONG', wrong(pinOf(member))))).message;
    expect(wrongPin.fixed.slice(0, 1)).toBe('N');
    expect(fieldOf(wrongPin, 'AF')).toBe('Pincode onjuist');
    const payments = () => wise().received().filter((request) => request.method === 'POST' && request.path.endsWith('/payment')).length;
    const before = payments();
    const [first, retry] = await Promise.all([kassa.request(body('T-RETRY')), (await terminal('bibliotheca')).request(body('T-RETRY'))]);
    expect(first.message.fixed.slice(0, 1)).toBe('Y');
    expect(retry.message.fixed.slice(0, 1)).toBe('Y');
    expect(fieldOf(retry.message, 'AF')).toBe(fieldOf(first.message, 'AF'));
    const later = (await kassa.request(body('T-RETRY'))).message;
    expect(later.fixed.slice(0, 1)).toBe('Y');
    expect(payments() - before).toBe(1);
  });

  it('answers binary junk and a TLS ClientHello on the plain port with a 96, not silence', async () => {
    for (const junk of [Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d]), Buffer.from([0x00, 0xff, 0x10, 0x41, 0x42, 0x0d])]) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(junk));
        socket.once('data', (chunk) => {
          resolve(chunk.toString('latin1'));
          socket.destroy();
        });
        socket.once('error', reject);
      });
      const parsed = parseSip2(answer, 'latin1');
      expect(parsed.ok && parsed.message.code).toBe('96');
    }
  });

  it('says an ended membership is ended (not a lost card), and a lapsed one is not active: charge privileges denied, no loan', async () => {
    const kassa = await terminal('bibliotheca');
    const zuil = await terminal('appguard');
    const cancelled = members.find((m) => m.membership?.status === 'cancelled') as Member;
    const status = (await kassa.patronStatus(cancelled.cardNumber)).message;
    expect(status.fixed.slice(0, 14)).toBe('YYYY          ');
    const lapsed = active(3);
    await gateway.http.patch(`/api/v1/sandbox/members/${lapsed.memberId}`).set(gateway.as('operator')).send({ membership: { status: 'active', validUntil: '2026-01-31' } });
    const info = (await kassa.patronInformation(lapsed.cardNumber)).message;
    expect(info.fixed.slice(0, 1)).toBe('Y');
    expect(info.fixed.slice(4, 5)).toBe(' ');
    const loan = (await zuil.checkout(lapsed.cardNumber, wise().itemsOnShelf()[1] as string, 'staphorst', pinOf(lapsed))).message;
    expect(loan.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(loan, 'AF')).toBe('Uw lidmaatschap is afgelopen; kom langs bij de balie');
  });

  it('counts none as 0000 (blanks only for what the policy withholds), and echoes AY only when the request had one', async () => {
    const member = realisticMember(801);
    const fresh = { ...member, loans: [], holds: [], fees: [], balanceCents: 0, membership: { ...member.membership, status: 'active' as const } };
    await gateway.http.post('/api/v1/sandbox/members').set(gateway.as('operator')).send(fresh);
    const kassa = await terminal('bibliotheca');
    const info = (await kassa.patronInformation(member.cardNumber)).message;
    // 64: status (14), language (3), date (18), then six counts: the fee-payment policy releases the fees (0000).
    const counts = info.fixed.slice(35);
    expect(counts.slice(12, 16)).toBe('0000');
    const plain = (await kassa.raw(`9900802.00\r`)).raw;
    expect(plain).not.toMatch(/AY\d/);
    expect((await kassa.raw(`9900802.00AY7AZ${checksum('9900802.00AY7AZ')}\r`)).message.sequence).toBe('7');
  });

  it('computes checksums over the bytes as sent: latin1 for the self-service machine, utf-8 where the terminal says so', async () => {
    const member = realisticMember(802);
    const named = { ...member, name: { ...member.name, firstNames: 'Ö.K.', lastName: 'Mussche' } };
    await gateway.http.post('/api/v1/sandbox/members').set(gateway.as('operator')).send(named);
    const latin = await terminal('bibliotheca', { encoding: 'utf-8' });
    const answer = await latin.patronInformation(named.cardNumber);
    expect(fieldOf(answer.message, 'AE')).toContain('Mussche');
    expect(fieldOf(answer.message, 'AE')).toMatch(/^Ö|^O/u);
    // The same name to a latin1 client: its own checksum over latin1 bytes verifies (the client checks it).
    const zuil = await terminal('appguard', { encoding: 'latin1' });
    const status = await zuil.raw(`9900802.00AY1AZ${checksum('9900802.00AY1AZ')}\r`);
    expect(status.message.code).toBe('98');
  });
});

/** SIP2's checksum over latin1 bytes, written out here as a client would. */
function checksum(text: string): string {
  let sum = 0;
  for (const byte of Buffer.from(text, 'latin1')) sum = (sum + byte) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

describe('SIP2 over TLS', () => {
  let openssl = true;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    openssl = false;
  }
  if (!openssl) {
    noteNotRun('SIP2 over TLS: no openssl to make a test certificate');
    return;
  }
  let gateway: TestApp;
  let port: number;
  let dir: string;
  let ca: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bgw-sip2-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'));
    port = await freePort();
    gateway = await startTestApp({
      database: 'sqlite',
      env: { SANDBOX: 'on', CONNECTORS: 'hka,bibliotheca', SIP2_PORT: String(port), SIP2_HOST: '127.0.0.1', SIP2_TLS_CERT: join(dir, 'cert.pem'), SIP2_TLS_KEY: join(dir, 'key.pem') },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks SIP2 over TLS with the configured certificate, and nothing in clear text', async () => {
    const account = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kassa-tls', role: 'partner', partner: 'bibliotheca' });
    const client = await Sip2Client.connect({ port, tls: { ca } });
    try {
      expect((await client.login('kassa-tls', account.body.token)).message.fixed).toBe('1');
      const member = ((await gateway.http.get('/api/v1/sandbox/members?limit=5').set(gateway.as('operator'))).body as Member[])[0] as Member;
      expect((await client.patronInformation(member.cardNumber)).message.code).toBe('64');
    } finally {
      await client.close();
    }
    // A plain client gets no SIP2 answer at all: the handshake fails and the connection ends.
    const plain = await Sip2Client.connect({ port, timeoutMs: 1000 });
    await expect(plain.scStatus()).rejects.toThrow();
    await plain.close();
  });
});
