import { DataSource } from 'typeorm';
import { Member } from '../src/domain/member';
import { fieldOf, fieldsOf, parseSip2 } from '../src/mapping/sip2/sip2-message';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { Sip2Client } from '../src/sandbox/sip2/sip2-client';
import { Sip2TerminalSandbox } from '../src/sandbox/sip2/sip2-terminal.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { Sip2Listener } from '../src/sip2-server/sip2-listener';
import { describeEachDatabase } from './support/databases';
import { freePort } from './support/gateway-process';
import { startTestApp, TestApp } from './support/test-app';

const IDLE_TIMEOUT_MS = 1500;

describeEachDatabase('SIP2 server (bibliotheca, appguard)', (database) => {
  let gateway: TestApp;
  let port: number;
  let members: Member[];
  const credentials: Record<string, { name: string; token: string }> = {};
  const clients: Sip2Client[] = [];
  const ledger = async (query: string) => (await gateway.http.get(`/api/v1/disclosures?${query}&limit=500`).set(gateway.as('auditor'))).body.items as Array<Record<string, any>>;

  /** A terminal of the partner's simulated kind, recording what it receives (checked at the end). */
  async function terminal(partner: 'bibliotheca' | 'appguard' = 'bibliotheca'): Promise<Sip2Client> {
    const sandbox = gateway.app.get(SandboxHost).get(partner) as Sip2TerminalSandbox;
    const client = await sandbox.terminal({ port });
    clients.push(client);
    return client;
  }

  async function loggedIn(partner: 'bibliotheca' | 'appguard' = 'bibliotheca'): Promise<Sip2Client> {
    const client = await terminal(partner);
    const credential = credentials[partner] as { name: string; token: string };
    expect((await client.login(credential.name, credential.token)).message.fixed).toBe('1');
    return client;
  }

  const withOpenFees = () => members.find((m) => m.membership?.status === 'active' && (m.fees ?? []).filter((f) => f.status === 'open').length >= 2 && (m.loans ?? []).length > 0) as Member;

  beforeAll(async () => {
    port = await freePort();
    gateway = await startTestApp({
      database,
      env: { SANDBOX: 'on', CONNECTORS: 'hka,bibliotheca,appguard', SIP2_PORT: String(port), SIP2_HOST: '127.0.0.1', SIP2_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS), APPGUARD_PIN_REQUIRED: 'false' },
    });
    for (const [partner, name] of [['bibliotheca', 'betaalautomaat-balie'], ['appguard', 'zelfbediening-hal'], ['kb', 'kb-online']] as const) {
      const created = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name, role: 'partner', partner });
      expect(created.status).toBe(201);
      credentials[partner] = { name, token: created.body.token };
    }
    members = (await gateway.http.get('/api/v1/sandbox/members?limit=40').set(gateway.as('operator'))).body as Member[];
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
  });

  it('listens on SIP2_PORT', () => {
    expect(gateway.app.get(Sip2Listener).port()).toBe(port);
  });

  it('keeps the gateway up when the SIP2 port is taken, and says so on /health', async () => {
    const second = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'bibliotheca', SIP2_PORT: String(port), SIP2_HOST: '127.0.0.1' } });
    try {
      expect(second.app.get(Sip2Listener).port()).toBeUndefined();
      const health = await second.http.get('/health').set(second.as('operator'));
      expect(health.body.checks['sip2-server']).toEqual({ status: 'down', info: { detail: 'EADDRINUSE' } });
      expect((await gateway.http.get('/health').set(gateway.as('operator'))).body.checks['sip2-server']).toEqual({ status: 'up' });
    } finally {
      await second.close();
    }
  });

  it('logs a terminal in with its partner credential and refuses a wrong or non-SIP2 one with 94 ok=0', async () => {
    const client = await terminal();
    const bibliotheca = credentials.bibliotheca as { name: string; token: string };
    expect((await client.login(bibliotheca.name, 'wrong-token')).message).toMatchObject({ code: '94', fixed: '0' });
    expect((await client.login('someone-else', bibliotheca.token)).message).toMatchObject({ code: '94', fixed: '0' });
    const kb = credentials.kb as { name: string; token: string };
    expect((await client.login(kb.name, kb.token)).message).toMatchObject({ code: '94', fixed: '0' });
    expect((await client.login(bibliotheca.name, bibliotheca.token)).message).toMatchObject({ code: '94', fixed: '1' });
  });

  it('answers 99 with 98, listing what the logged-in terminal may send', async () => {
    const anonymous = await terminal();
    const before = (await anonymous.scStatus()).message;
    expect(before.code).toBe('98');
    expect(fieldOf(before, 'BX')).toBe('NNNNYNYNNNNNNNNN');
    const payment = (await (await loggedIn('bibliotheca')).scStatus()).message;
    expect(fieldOf(payment, 'BX')).toBe('YNNNYYYYYYNNNNNN');
    expect(payment.fixed.slice(0, 3)).toBe('YNN');
    const selfService = (await (await loggedIn('appguard')).scStatus()).message;
    expect(fieldOf(selfService, 'BX')).toBe('YYYNYYYYYNNNNNNN');
    expect(selfService.fixed.slice(0, 3)).toBe('YYY');
  });

  it('refuses patron questions before login', async () => {
    const client = await terminal();
    const member = withOpenFees();
    const answer = (await client.patronInformation(member.cardNumber)).message;
    expect(answer.code).toBe('64');
    expect(fieldOf(answer, 'BL')).toBe('N');
    expect(fieldOf(answer, 'AE')).toBeUndefined();
    expect(fieldOf(answer, 'AF')).toContain('93');
  });

  it('answers the payment terminal with what its policy allows: name and what is owed, no address, e-mail, phone or birth date', async () => {
    const member = withOpenFees();
    const client = await loggedIn('bibliotheca');
    const answer = await client.patronInformation(member.cardNumber, 3);
    const message = answer.message;
    expect(message.code).toBe('64');
    expect(fieldOf(message, 'AA')).toBe(member.cardNumber);
    expect(fieldOf(message, 'BL')).toBe('Y');
    expect(fieldOf(message, 'AE')).toContain(member.name.lastName);
    expect(fieldOf(message, 'AE')).not.toContain(member.name.firstNames ?? '\u0000');
    expect(fieldOf(message, 'BV')).toBe(((member.balanceCents ?? 0) / 100).toFixed(2));
    const open = (member.fees ?? []).filter((fee) => fee.status === 'open');
    expect(fieldsOf(message, 'AV').map((line) => line.split(' ')[0])).toEqual(open.map((fee) => fee.feeId));
    for (const withheld of ['BD', 'BE', 'BF', 'PB', 'AU', 'AT', 'AS']) expect([withheld, fieldOf(message, withheld)]).toEqual([withheld, undefined]);
    // Nor does a withheld value travel in another field.
    for (const value of [member.email, member.phone, member.birthDate, member.birthDate?.replace(/-/g, ''), member.addresses?.[0]?.street, member.addresses?.[0]?.postalCode]) {
      if (value !== undefined) expect(answer.raw).not.toContain(value);
    }
    // Loans are not the terminal's business: their count is blank, not zero.
    expect(message.fixed.slice(35 + 8, 35 + 12)).toBe('    ');
    expect(message.fixed.slice(35 + 12, 35 + 16)).toBe(String(open.length).padStart(4, '0'));
  });

  it('answers the self-service machine with its own lists and no fees', async () => {
    const member = withOpenFees();
    const client = await loggedIn('appguard');
    const charged = await client.patronInformation(member.cardNumber, 2);
    expect(fieldOf(charged.message, 'AE')).toContain(member.name.lastName);
    expect(fieldsOf(charged.message, 'AU')).toEqual((member.loans ?? []).map((loan) => loan.itemId));
    for (const withheld of ['BV', 'BH', 'AV', 'BD', 'BE', 'BF', 'PB']) expect([withheld, fieldOf(charged.message, withheld)]).toEqual([withheld, undefined]);
    expect(charged.message.fixed.slice(35 + 8, 35 + 12)).toBe(String((member.loans ?? []).length).padStart(4, '0'));
    expect(charged.message.fixed.slice(35 + 12, 35 + 16)).toBe('    ');
    const status = (await client.patronStatus(member.cardNumber)).message;
    expect(status.code).toBe('24');
    expect(fieldOf(status, 'BL')).toBe('Y');
    expect(fieldOf(status, 'BV')).toBeUndefined();
  });

  it('says BL N for an unknown card', async () => {
    const client = await loggedIn('bibliotheca');
    const answer = (await client.patronInformation('99999999999999')).message;
    expect(fieldOf(answer, 'BL')).toBe('N');
    expect(fieldOf(answer, 'AE')).toBeUndefined();
  });

  it('writes one ledger entry per patron session and member, not one per question', async () => {
    const member = members.filter((m) => m.membership?.status === 'active')[3] as Member;
    const entries = async () => (await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=bibliotheca`)).length;
    const before = await entries();
    const client = await loggedIn('bibliotheca');
    await client.patronInformation(member.cardNumber);
    await client.patronInformation(member.cardNumber, 3);
    await client.patronStatus(member.cardNumber);
    expect(await entries()).toBe(before + 1);
    expect((await client.endSession(member.cardNumber)).message).toMatchObject({ code: '36' });
    await client.patronInformation(member.cardNumber);
    expect(await entries()).toBe(before + 2);
    const [entry] = await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=bibliotheca`);
    expect(entry).toMatchObject({ purpose: 'fee-payment' });
  });

  it('asks for a resend (96) when the checksum is wrong, and answers a resend request (97) with the last message', async () => {
    const client = await loggedIn('bibliotheca');
    const damaged = await client.raw('9900802.00AY1AZ0000\r');
    expect(damaged.message.code).toBe('96');
    const status = await client.scStatus();
    expect((await client.raw('97\r')).raw).toBe(status.raw);
  });

  it('refuses an unknown message and a message the terminal may not send, clearly', async () => {
    const client = await loggedIn('appguard');
    // No SIP2 message at all: a resend request (96); a standard message the gateway does not serve: its
    // own response code saying no, which the terminal can parse (not an ACS status).
    const unknown = (await client.raw('XXSomeUnknownData\r')).message;
    expect(unknown.code).toBe('96');
    const itemInformation = (await client.request('1720260101    120000AOstaphorst|AB123|')).message;
    expect(itemInformation.code).toBe('18');
    expect(fieldOf(itemInformation, 'AF')).toContain('17');
    expect(fieldOf(itemInformation, 'AB')).toBe('123');
    const renew = (await client.request(`29NN20260101    12000020260101    120000AOstaphorst|AAx|AB123|`)).message;
    expect(renew).toMatchObject({ code: '30' });
    expect(renew.fixed.slice(0, 1)).toBe('0');
    const member = withOpenFees();
    const payment = (await client.feePaid(member.cardNumber, '1.00', 'T-APPGUARD')).message;
    expect(payment).toMatchObject({ code: '38' });
    expect(payment.fixed.slice(0, 1)).toBe('N');
    expect(fieldOf(payment, 'AF')).toContain('niet toegestaan');
  });

  it('closes a silent and a garbage-sending client after the idle timeout, while another keeps working', async () => {
    const silent = await terminal();
    const garbage = await terminal();
    const working = await loggedIn('bibliotheca');
    const noise = setInterval(() => garbage.write('this is not SIP2\r'), 100);
    const beat = setInterval(() => void working.scStatus().catch(() => undefined), 300);
    try {
      const [silentClosed, garbageClosed] = await Promise.all([silent.whenClosed(IDLE_TIMEOUT_MS * 3), garbage.whenClosed(IDLE_TIMEOUT_MS * 3)]);
      expect(silentClosed).toBe(true);
      expect(garbageClosed).toBe(true);
    } finally {
      clearInterval(noise);
      clearInterval(beat);
    }
    expect(working.closed).toBe(false);
    expect((await working.patronInformation(withOpenFees().cardNumber)).message.code).toBe('64');
  });

  it('cuts off a disabled terminal account at once: its open connection closes, and it cannot log in again', async () => {
    const created = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zuil-vertrekt', role: 'partner', partner: 'appguard' });
    const client = await terminal('appguard');
    expect((await client.login('zuil-vertrekt', created.body.token)).message.fixed).toBe('1');
    expect((await client.patronInformation(withOpenFees().cardNumber)).message.code).toBe('64');
    expect((await gateway.http.delete(`/api/v1/accounts/${created.body.id}`).set(gateway.as('admin'))).status).toBe(200);
    expect(await client.whenClosed(1000)).toBe(true);
    const again = await terminal('appguard');
    expect((await again.login('zuil-vertrekt', created.body.token)).message.fixed).toBe('0');

    // Disabled by another instance (only the database says so): the next message is refused and the connection closed.
    const other = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zuil-elders', role: 'partner', partner: 'appguard' });
    const machine = await terminal('appguard');
    expect((await machine.login('zuil-elders', other.body.token)).message.fixed).toBe('1');
    await gateway.app.get(DataSource).query(`UPDATE accounts SET disabled_at = '2026-12-03T10:00:00.000Z', disabled_by = 'admin' WHERE name = 'zuil-elders'`);
    const refused = (await machine.patronInformation(withOpenFees().cardNumber)).message;
    expect(fieldOf(refused, 'AE')).toBeUndefined();
    expect(await machine.whenClosed(1000)).toBe(true);
  });

  it('closes a client whose line never ends', async () => {
    const client = await terminal();
    client.write('63'.padEnd(20_000, 'x'));
    expect(await client.whenClosed(1000)).toBe(true);
  });

  it('forwards a fee payment to the lending system, and 38 says it was accepted', async () => {
    const member = members.find((m) => m.membership?.status === 'active' && (m.fees ?? []).filter((f) => f.status === 'open').length >= 2 && m !== withOpenFees()) as Member;
    const [fee, other] = (member.fees ?? []).filter((f) => f.status === 'open') as [NonNullable<Member['fees']>[number], NonNullable<Member['fees']>[number]];
    const wise = gateway.app.get(SandboxHost).get('hka');
    wise?.reset();
    const client = await loggedIn('bibliotheca');
    const before = (await client.patronInformation(member.cardNumber)).message;
    expect(fieldOf(before, 'BV')).toBe(((member.balanceCents ?? 0) / 100).toFixed(2));

    const wrongAmount = (await client.feePaid(member.cardNumber, '0.01', 'T-1', fee.feeId)).message;
    expect(wrongAmount.fixed.slice(0, 1)).toBe('N');

    const paid = (await client.feePaid(member.cardNumber, (fee.amountCents / 100).toFixed(2), 'T-2', fee.feeId)).message;
    expect(paid.code).toBe('38');
    expect(paid.fixed.slice(0, 1)).toBe('Y');
    expect(fieldOf(paid, 'BK')).toBe('T-2');
    const payments = (wise?.received() ?? []).filter((message) => message.body.includes(fee.feeId));
    expect(payments).toHaveLength(1);
    expect(payments[0]?.body).toContain('PAID');

    // The next question sees the lending system's new balance (a new release, after the payment).
    const after = (await client.patronInformation(member.cardNumber)).message;
    expect(fieldOf(after, 'BV')).toBe(((member.balanceCents ?? 0) / 100 - fee.amountCents / 100).toFixed(2));
    expect(other.status).toBe('open');

    // The terminal that lost the 38 repeats the same transaction: the same answer, nothing booked twice.
    const paymentsBefore = wisePosts('/payment').length;
    const repeated = (await client.feePaid(member.cardNumber, (fee.amountCents / 100).toFixed(2), 'T-2', fee.feeId)).message;
    expect(repeated.fixed.slice(0, 1)).toBe('Y');
    expect(fieldOf(repeated, 'AF')).toBe(fieldOf(paid, 'AF'));
    expect(wisePosts('/payment').length).toBe(paymentsBefore);
    const hka = await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=hka`);
    expect(hka.filter((entry) => entry.purpose === 'payments')).toHaveLength(1);
  });

  const wise = () => gateway.app.get(SandboxHost).get('hka') as WiseSandbox;
  const lendable = () => members.find((m) => m.membership?.status === 'active' && (m.loans ?? []).length > 0 && m !== withOpenFees()) as Member;
  const wisePosts = (suffix: string) => wise().received().filter((request) => request.method === 'POST' && request.path.endsWith(suffix));

  it('lends a copy at the self-service machine: Wise registers it, the machine sees title and due date, 63 lists it', async () => {
    const member = lendable();
    const shelf = await gateway.http.get('/api/v1/sandbox/items').set(gateway.as('operator'));
    expect(shelf.body).toEqual({ onShelf: wise().itemsOnShelf({ holdWaiting: false }), holdWaiting: wise().itemsOnShelf({ holdWaiting: true }) });
    const item = shelf.body.onShelf[0] as string;
    const client = await loggedIn('appguard');
    const before = (await client.patronInformation(member.cardNumber, 2)).message;
    const loansBefore = fieldsOf(before, 'AU');
    const sentBefore = wisePosts('/loan').length;

    const checkout = (await client.checkout(member.cardNumber, item)).message;
    expect(checkout).toMatchObject({ code: '12' });
    expect(checkout.fixed.slice(0, 4)).toBe('1NUY');
    expect(fieldOf(checkout, 'AA')).toBe(member.cardNumber);
    expect(fieldOf(checkout, 'AB')).toBe(item);
    expect(fieldOf(checkout, 'AJ')).toMatch(/\S/);
    expect(fieldOf(checkout, 'AH')).toMatch(/^\d{8} {4}000000$/);

    const loan = wisePosts('/loan').slice(sentBefore);
    expect(loan).toHaveLength(1);
    expect(loan[0]?.path).toBe(`/patron/${member.memberId}/library/STA/loan`);
    expect(JSON.parse(loan[0]?.body ?? '')).toEqual({ patronSystemId: member.memberId, loans: [{ itemBarcode: item }] });

    const after = (await client.patronInformation(member.cardNumber, 2)).message;
    expect(fieldsOf(after, 'AU')).toEqual([...loansBefore, item]);

    const hka = await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=hka`);
    expect(hka.filter((entry) => entry.purpose === 'circulation').map((entry) => entry.fields)).toEqual([[{ path: 'memberId', transform: 'copy' }, { path: 'loans[].itemId', transform: 'copy' }]]);
    // The terminal saw this member's loans before the checkout: the new loan adds no ledger entry of its own.
    expect(await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=appguard`)).toHaveLength(1);
  });

  it("refuses a copy Wise does not know or has lent to someone else, and a blocked card without asking Wise", async () => {
    const member = lendable();
    const client = await loggedIn('appguard');
    const sentBefore = wisePosts('/loan').length;
    const unknown = (await client.checkout(member.cardNumber, 'GEEN-EXEMPLAAR')).message;
    expect(unknown.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(unknown, 'AF')).toMatch(/onbekend/);
    const other = members.find((m) => m !== member && (m.loans ?? []).length > 0) as Member;
    const lentElsewhere = (await client.checkout(member.cardNumber, (other.loans ?? [])[0]?.itemId as string)).message;
    expect(lentElsewhere.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(lentElsewhere, 'AJ')).toBe('');
    expect(wisePosts('/loan').length).toBe(sentBefore + 2);

    const blocked = members.find((m) => m.membership?.status === 'blocked') as Member;
    const refused = (await client.checkout(blocked.cardNumber, wise().itemsOnShelf({ holdWaiting: false })[0] as string)).message;
    expect(refused.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(refused, 'AF')).toBe('Pas geblokkeerd');
    expect(wisePosts('/loan').length).toBe(sentBefore + 2);
    // Lent while the machine was offline (no block): the gateway does not refuse it; the lending system decides.
    const offline = (await client.checkout(blocked.cardNumber, wise().itemsOnShelf({ holdWaiting: false })[0] as string, 'staphorst', undefined, true)).message;
    expect(wisePosts('/loan').length).toBe(sentBefore + 3);
    expect(fieldOf(offline, 'AF')).toBe('Pas geblokkeerd');
    expect(fieldOf((await client.checkout('00000000000000', 'X')).message, 'AF')).toBe('Pas onbekend');
  });

  it('takes a copy back by its barcode only: the answer names no patron, a waiting hold is flagged, the loan is gone', async () => {
    const member = lendable();
    const item = (member.loans ?? [])[0]?.itemId as string;
    const client = await loggedIn('appguard');
    const loansBefore = fieldsOf((await client.patronInformation(member.cardNumber, 2)).message, 'AU');

    const answered = await client.checkin(item);
    const checkin = answered.message;
    expect(checkin).toMatchObject({ code: '10' });
    expect(checkin.fixed.slice(0, 4)).toBe('1YUN');
    expect(fieldOf(checkin, 'AB')).toBe(item);
    expect(fieldOf(checkin, 'AJ')).toMatch(/\S/);
    expect(fieldOf(checkin, 'AA')).toBeUndefined();
    expect(answered.raw).not.toContain(member.cardNumber);
    expect(answered.raw).not.toContain(member.name.lastName);
    expect(wisePosts('/checkin').at(-1)?.body).toBe(JSON.stringify({ itemBarcode: item }));
    expect(fieldsOf((await client.patronInformation(member.cardNumber, 2)).message, 'AU')).toHaveLength(loansBefore.length - 1);

    const reserved = wise().itemsOnShelf({ holdWaiting: true })[0] as string;
    expect((await client.checkout(member.cardNumber, reserved)).message.fixed.slice(0, 1)).toBe('1');
    const onHold = (await client.checkin(reserved)).message;
    expect(onHold.fixed.slice(0, 4)).toBe('1YUY');
    expect(fieldOf(onHold, 'CV')).toBe('01');
    expect(fieldOf((await client.checkin('GEEN-EXEMPLAAR')).message, 'AF')).toMatch(/onbekend/);
  });

  it('answers a loan or a return the lending system cannot take with ok=0, and the machine can try again', async () => {
    const member = lendable();
    const client = await loggedIn('appguard');
    await client.patronInformation(member.cardNumber);
    wise().setFault('error500');
    try {
      const checkout = (await client.checkout(member.cardNumber, wise().itemsOnShelf({ holdWaiting: false })[0] as string)).message;
      expect(checkout.fixed.slice(0, 1)).toBe('0');
      expect(fieldOf(checkout, 'AF')).toMatch(/niet bereikbaar/);
      const checkin = (await client.checkin((member.loans ?? [])[0]?.itemId as string)).message;
      expect(checkin.fixed.slice(0, 1)).toBe('0');
    } finally {
      wise().setFault('none');
    }
    const item = wise().itemsOnShelf({ holdWaiting: false })[0] as string;
    const before = wise().deliveryCounts().applied;
    expect((await client.checkout(member.cardNumber, item)).message.fixed.slice(0, 1)).toBe('1');
    expect(wise().deliveryCounts().applied).toBe(before + 1);
  });

  it('has the lending system check a PIN (AD): the right one answers with CQ Y, a wrong one with CQ N and nothing of the patron', async () => {
    const member = lendable();
    const pin = wise().pinOf(member.cardNumber) as string;
    const wrong = String((Number(pin) + 1) % 10_000).padStart(4, '0');
    const client = await loggedIn('appguard');
    const recorded = (await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=appguard`)).length;

    const refused = await client.patronInformation(member.cardNumber, 2, 'staphorst', wrong);
    expect(fieldOf(refused.message, 'BL')).toBe('Y');
    expect(fieldOf(refused.message, 'CQ')).toBe('N');
    expect(fieldOf(refused.message, 'AE')).toBeUndefined();
    expect(fieldsOf(refused.message, 'AU')).toEqual([]);
    expect(refused.raw).not.toContain(member.name.lastName);
    expect(await ledger(`memberId=${encodeURIComponent(member.memberId)}&partner=appguard`)).toHaveLength(recorded);
    const noLoan = (await client.checkout(member.cardNumber, wise().itemsOnShelf({ holdWaiting: false })[0] as string, 'staphorst', wrong)).message;
    expect(noLoan.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(noLoan, 'AF')).toBe('Pincode onjuist');

    const answered = (await client.patronInformation(member.cardNumber, 2, 'staphorst', pin)).message;
    expect(fieldOf(answered, 'CQ')).toBe('Y');
    expect(fieldOf(answered, 'AE')).toContain(member.name.lastName);
    expect(fieldOf((await client.patronInformation(member.cardNumber)).message, 'CQ')).toBeUndefined();
  });

  it("lends nothing once the officers take the circulation purpose out of the lending system's policy", async () => {
    const [author, approver] = [await gateway.newOfficer('sip2.auteur'), await gateway.newOfficer('sip2.fiatteur')];
    const { body: current } = await gateway.http.get('/api/v1/policies/hka').set({ Authorization: `Bearer ${author}` });
    const document = structuredClone(current.document);
    document.purposes = document.purposes.filter((purpose: { id: string }) => purpose.id !== 'circulation');
    const draft = await gateway.http.post('/api/v1/policies/hka/versions').set({ Authorization: `Bearer ${author}` }).send({ document, note: 'geen uitlenen via de zuil' });
    expect(draft.status).toBe(201);
    expect((await gateway.http.post(`/api/v1/policies/hka/versions/${draft.body.version}/approve`).set({ Authorization: `Bearer ${approver}` })).status).toBe(200);

    const member = lendable();
    const client = await loggedIn('appguard');
    const sentBefore = wisePosts('/loan').length;
    const checkout = (await client.checkout(member.cardNumber, wise().itemsOnShelf({ holdWaiting: false })[0] as string)).message;
    expect(checkout.fixed.slice(0, 1)).toBe('0');
    expect(fieldOf(checkout, 'AF')).toBe('Uitlenen is niet toegestaan door het deelbeleid van het uitleensysteem');
    expect(wisePosts('/loan').length).toBe(sentBefore);
  });

  it('sent every message to the terminals with a checksum that verifies (latin1 bytes), and a sequence number wherever the request had one', () => {
    const received = ['bibliotheca', 'appguard'].flatMap((partner) => (gateway.app.get(SandboxHost).get(partner) as Sip2TerminalSandbox).received());
    expect(received.length).toBeGreaterThan(20);
    for (const { body } of received) {
      expect(body.endsWith('\r')).toBe(true);
      const parsed = parseSip2(body, 'latin1');
      expect(parsed.ok && parsed.message.checksummed).toBe(true);
      if (parsed.ok && parsed.message.sequence !== undefined) expect(parsed.message.sequence).toMatch(/^\d$/);
    }
    expect(received.filter(({ body }) => /AY\dAZ/.test(body)).length).toBeGreaterThan(received.length / 2);
  });
});
