import { createHash } from 'node:crypto';
import { CONNECTOR_DEFINITIONS } from '../src/connectors/connector.registry';
import { readCamt054 } from '../src/mapping/sepa/camt054';
import { isValidCreditorId, isValidIban, makeCreditorId, makeIban } from '../src/mapping/sepa/iban';
import { DirectDebitCollection, DirectDebitTransaction, Pain008Version, writePain008 } from '../src/mapping/sepa/pain008';
import { BANK_SANDBOX_CREDITOR, BankSandbox, BankSandboxOptions, bankSandbox } from '../src/sandbox/bank/bank.sandbox';
import { SANDBOX_SEED, SandboxHost } from '../src/sandbox/sandbox-host';
import { SANDBOX_DEFINITIONS } from '../src/sandbox/sandbox.registry';
import { sepaReference, sepaSchemaErrors } from './support/sepa-reference';
import { startTestApp, TestApp } from './support/test-app';

const reference = sepaReference('bank sandbox e2e: the sandbox bank checking uploads against the pain.008 XSDs, and its camt.054 against the camt.054 XSDs');

/** Schema errors of one document; [] when the reference XSDs are absent (the NOT RUN note says so). */
async function schemaErrors(schema: 'pain.008.001.02' | 'pain.008.001.08' | 'camt.054.001.02' | 'camt.054.001.04', xml: string): Promise<readonly string[]> {
  return reference === undefined ? [] : ((await sepaSchemaErrors(reference, schema, [xml]))[0] ?? []);
}

/** A debtor's account: a valid Dutch IBAN made from a bank code and a number. */
const debtorIban = (n: number) => makeIban('NL', `ABNA${String(4_100_000_000 + n).padStart(10, '0')}`);

function transactions(reference: string, count: number): DirectDebitTransaction[] {
  return Array.from({ length: count }, (_unused, index) => ({
    endToEndId: `${reference}-${String(index + 1).padStart(6, '0')}`,
    amountCents: 1250 + index * 100,
    sequenceType: index % 2 === 0 ? 'RCUR' : 'FRST',
    mandate: { id: `BIEB-M-${String(index + 1).padStart(6, '0')}`, signedOn: '2025-06-01' },
    debtor: { name: `Lid ${index + 1}`, iban: debtorIban(index + 1), ...(index % 3 === 0 ? { bic: 'ABNANL2A' } : {}) },
    remittanceInformation: 'Bibliotheek contributie',
  }));
}

function collection(messageId: string, count = 3, overrides: Partial<DirectDebitCollection> = {}): DirectDebitCollection {
  return {
    messageId,
    createdAt: new Date('2026-03-02T08:15:00Z'),
    initiatingPartyName: BANK_SANDBOX_CREDITOR.name,
    creditor: BANK_SANDBOX_CREDITOR,
    requestedCollectionDate: '2026-03-16',
    transactions: transactions(messageId, count),
    ...overrides,
  };
}

const file = (messageId: string, count = 3, version: Pain008Version = '08') => writePain008(collection(messageId, count), version);

describe('the sandbox bank: SEPA direct debit files in, camt.054 notifications out', () => {
  let bank: BankSandbox;
  let baseUrl: string;
  let apiKey: string;

  const upload = (body: string | Buffer, key: string | undefined, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/v1/direct-debit-files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/xml', ...(key !== undefined ? { 'Idempotency-Key': key } : {}), ...headers },
      body,
    });
  const get = (path: string, authorization = `Bearer ${apiKey}`) => fetch(`${baseUrl}${path}`, { headers: { Authorization: authorization } });
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  beforeAll(async () => {
    bank = new BankSandbox({ seed: SANDBOX_SEED });
    await bank.start();
    const settings = bank.settings();
    baseUrl = settings.BANK_BASE_URL ?? '';
    apiKey = settings.BANK_API_KEY ?? '';
  });
  afterAll(async () => {
    await bank.stop();
  });
  beforeEach(() => {
    bank.reset();
    bank.setSchemaCheck(undefined);
  });

  it('hands the connector its loopback address, a seeded key and the library as creditor', () => {
    const settings = bank.settings();
    expect(settings.BANK_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings.BANK_API_KEY?.length).toBeGreaterThanOrEqual(16);
    expect(new BankSandbox({ seed: SANDBOX_SEED }).settings().BANK_API_KEY).toBe(settings.BANK_API_KEY);
    expect(new BankSandbox({ seed: 7 }).settings().BANK_API_KEY).not.toBe(settings.BANK_API_KEY);
    expect(settings.BANK_CREDITOR_ID).toMatch(/^NL\d{2}ZZZ\d{12}$/);
    expect(isValidCreditorId(settings.BANK_CREDITOR_ID as string)).toBe(true);
    expect(settings.BANK_CREDITOR_IBAN).toMatch(/^NL\d{2}RABO\d{10}$/);
    expect(isValidIban(settings.BANK_CREDITOR_IBAN as string)).toBe(true);
    expect(settings).toMatchObject({ BANK_CREDITOR_NAME: 'Bibliotheek Staphorst', BANK_CREDITOR_BIC: 'RABONL2U' });
    expect(SANDBOX_DEFINITIONS.filter((definition) => definition.partner === 'bank')).toEqual([bankSandbox]);
  });

  it.each(['08', '02'] as const)('accepts a pain.008.001.%s file (201) and answers it with a camt.054 booking every EndToEndId, the forced return with its reason', async (version) => {
    const xml = file(`BIEB-2026030${version === '08' ? 2 : 3}-1`, 3, version);
    const [first, second, third] = collection('x', 3).transactions.map((_t, index) => `BIEB-2026030${version === '08' ? 2 : 3}-1-${String(index + 1).padStart(6, '0')}`);
    bank.returnNext(second as string, 'MD06');
    const accepted = await upload(xml, `collection-${version}`);
    expect(accepted.status).toBe(201);
    const body = await json(accepted);
    expect(body).toEqual({ fileId: expect.stringMatching(/^BANK-FILE-\d{6}$/), messageId: `BIEB-2026030${version === '08' ? 2 : 3}-1`, transactions: 3, controlSumCents: 1250 + 1350 + 1450, status: 'accepted' });

    const listed = await get('/v1/notifications');
    expect(listed.status).toBe(200);
    const { notifications } = await json(listed);
    expect(notifications).toEqual([{ id: expect.stringMatching(/^NTF-\d{6}$/), fileId: body.fileId, createdAt: expect.any(String) }]);
    const fetched = await get(`/v1/notifications/${notifications[0].id as string}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toMatch(/^application\/xml/);
    const camt = await fetched.text();
    expect(await schemaErrors('camt.054.001.04', camt)).toEqual([]);

    const read = readCamt054(camt);
    expect(read.version).toBe('04');
    expect(read.notifications).toEqual([expect.objectContaining({ id: notifications[0].id, accountIban: BANK_SANDBOX_CREDITOR.iban, entries: 3 })]);
    expect(read.transactions.map((transaction) => transaction.endToEndId).sort()).toEqual([first, second, third].sort());
    expect(read.transactions.every((transaction) => transaction.booked && transaction.bookingDate === '2026-03-16')).toBe(true);
    const returned = read.transactions.find((transaction) => transaction.endToEndId === second);
    expect(returned).toMatchObject({ returned: true, returnReasonCode: 'MD06', creditDebit: 'DBIT', amountCents: 1350 });
    // The default share may return others too, but only with the cycle's reasons; the notification lists them.
    const returns = read.transactions.filter((transaction) => transaction.returned);
    expect(bank.notifications()[0]?.returned).toEqual(expect.arrayContaining([{ endToEndId: second, reasonCode: 'MD06' }]));
    expect(returns.map((transaction) => transaction.endToEndId).sort()).toEqual(bank.notifications()[0]?.returned.map((each) => each.endToEndId).sort());
    for (const paid of read.transactions.filter((transaction) => !transaction.returned)) expect(paid).toMatchObject({ creditDebit: 'CRDT', reversal: false });
    expect(JSON.stringify(read)).not.toContain(debtorIban(1));

    expect(bank.files()).toEqual([
      expect.objectContaining({ fileId: body.fileId, messageId: body.messageId, version, idempotencyKey: `collection-${version}`, notificationId: notifications[0].id, controlSumCents: 4050 }),
    ]);
    // Read as written: one block per sequence type, FRST before RCUR.
    expect(bank.files()[0]?.transactions.map((transaction) => transaction.debtor.iban)).toEqual([debtorIban(2), debtorIban(1), debtorIban(3)]);
  });

  it('writes camt.054.001.02 when asked, valid against its XSD', async () => {
    const old = new BankSandbox({ seed: SANDBOX_SEED, camtVersion: '02', returnEndToEndIds: (ids) => ids.filter((id) => id.endsWith('-000001')) });
    await old.start();
    try {
      const settings = old.settings() as Record<string, string>;
      const accepted = await fetch(`${settings.BANK_BASE_URL}/v1/direct-debit-files`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${settings.BANK_API_KEY}`, 'Content-Type': 'application/xml', 'Idempotency-Key': 'c-02' },
        body: file('BIEB-CAMT02-1'),
      });
      expect(accepted.status).toBe(201);
      const [notification] = old.notifications();
      expect(await schemaErrors('camt.054.001.02', notification?.xml ?? '')).toEqual([]);
      const read = readCamt054(notification?.xml ?? '');
      expect(read.version).toBe('02');
      expect(read.transactions.filter((transaction) => transaction.returned)).toEqual([expect.objectContaining({ endToEndId: 'BIEB-CAMT02-1-000001', returnReasonCode: 'AM04' })]);
    } finally {
      await old.stop();
    }
  });

  it('returns a seeded share, the same in every run and whatever the order, with reasons cycling AM04, AC04, MD06, MS02', async () => {
    const ids = Array.from({ length: 400 }, (_unused, index) => `E2E-${index}`);
    const returnedBy = async (options: BankSandboxOptions, order: readonly string[] = ids) => {
      const sandbox = new BankSandbox(options);
      await sandbox.start();
      try {
        const settings = sandbox.settings() as Record<string, string>;
        const xml = writePain008(
          collection('SEEDED-1', 1, {
            transactions: order.map((endToEndId, index) => ({ ...transactions('SEEDED-1', 1)[0]!, endToEndId, debtor: { name: 'Lid', iban: debtorIban(index) } })),
          }),
        );
        const accepted = await fetch(`${settings.BANK_BASE_URL}/v1/direct-debit-files`, { method: 'POST', headers: { Authorization: `Bearer ${settings.BANK_API_KEY}`, 'Content-Type': 'application/xml', 'Idempotency-Key': 'seeded' }, body: xml });
        expect(accepted.status).toBe(201);
        return sandbox.notifications()[0]?.returned ?? [];
      } finally {
        await sandbox.stop();
      }
    };
    const once = await returnedBy({ seed: SANDBOX_SEED });
    expect(once.length).toBeGreaterThan(400 * 0.05);
    expect(once.length).toBeLessThan(400 * 0.15);
    expect(once.map((each) => each.reasonCode).slice(0, 5)).toEqual(['AM04', 'AC04', 'MD06', 'MS02', 'AM04']);
    const again = await returnedBy({ seed: SANDBOX_SEED }, [...ids].reverse());
    expect(again.map((each) => each.endToEndId).sort()).toEqual(once.map((each) => each.endToEndId).sort());
    const otherSeed = await returnedBy({ seed: SANDBOX_SEED + 1 });
    expect(otherSeed.map((each) => each.endToEndId).sort()).not.toEqual(once.map((each) => each.endToEndId).sort());
    expect(await returnedBy({ seed: SANDBOX_SEED, returnShare: 0 })).toEqual([]);
    expect((await returnedBy({ seed: SANDBOX_SEED, returnShare: 0.5 })).length).toBeGreaterThan(150);
    expect(() => new BankSandbox({ seed: 1, returnShare: 1.5 })).toThrow(RangeError);
    expect(() => bank.returnNext('X', 'not a code')).toThrow(RangeError);
  });

  it('answers a repeated Idempotency-Key with the first answer and applies the file once, also when the repeats overlap', async () => {
    const xml = file('BIEB-REPEAT-1');
    const first = await upload(xml, 'collection-repeat');
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    const again = await upload(xml, 'collection-repeat');
    expect(again.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(again)).toEqual(firstBody);
    const overlapping = await Promise.all([upload(file('BIEB-REPEAT-2'), 'collection-overlap'), upload(file('BIEB-REPEAT-2'), 'collection-overlap')]);
    expect(overlapping.map((response) => response.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(overlapping.map(json));
    expect(a).toEqual(b);

    expect(bank.files().map((each) => each.messageId)).toEqual(['BIEB-REPEAT-1', 'BIEB-REPEAT-2']);
    expect(bank.notifications()).toHaveLength(2);
    expect(bank.received().map((each) => [each.idempotencyKey, each.duplicate, each.status])).toEqual([
      ['collection-repeat', false, 201],
      ['collection-repeat', true, 201],
      ['collection-overlap', false, 201],
      ['collection-overlap', true, 201],
    ]);
    expect(bank.received()[1]).toMatchObject({ fileId: firstBody.fileId, messageId: 'BIEB-REPEAT-1' });
  });

  it('refuses the same MsgId under another key (409 DUPLICATE_FILE), and does not remember a refusal under its key', async () => {
    expect((await upload(file('BIEB-DUP-1'), 'first-key')).status).toBe(201);
    const duplicate = await upload(file('BIEB-DUP-1'), 'second-key');
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({ code: 'DUPLICATE_FILE' });
    // A refusal is not an answer to repeat: the same key with a new file is examined afresh.
    expect((await upload(file('BIEB-DUP-2'), 'second-key')).status).toBe(201);
    expect(bank.files()).toHaveLength(2);
    expect(bank.received().map((each) => [each.status, each.code, each.duplicate])).toEqual([
      [201, undefined, false],
      [409, 'DUPLICATE_FILE', false],
      [201, undefined, false],
    ]);
  });

  it('refuses a file with a wrong debtor IBAN (422 INVALID_IBAN), naming the transaction by its EndToEndId and never the IBAN', async () => {
    const good = debtorIban(2);
    const wrong = `${good.slice(0, 2)}${String((Number(good.slice(2, 4)) + 1) % 98).padStart(2, '0')}${good.slice(4)}`;
    expect(isValidIban(wrong)).toBe(false);
    const xml = file('BIEB-IBAN-1').replace(good, wrong);
    const refused = await upload(xml, 'iban-key');
    expect(refused.status).toBe(422);
    const text = await refused.text();
    expect(JSON.parse(text)).toEqual({ code: 'INVALID_IBAN', endToEndIds: ['BIEB-IBAN-1-000002'] });
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(wrong.slice(4));
    expect(bank.files()).toEqual([]);
    expect(bank.notifications()).toEqual([]);
  });

  it('refuses a file whose creditor identifier has wrong check digits (422 INVALID_CREDITOR_ID)', async () => {
    const right = BANK_SANDBOX_CREDITOR.creditorId;
    const wrong = makeCreditorId('NL', '400572310000').replace(/^NL(\d{2})/, (_all, digits: string) => `NL${String((Number(digits) + 1) % 100).padStart(2, '0')}`);
    expect(isValidCreditorId(wrong)).toBe(false);
    const refused = await upload(file('BIEB-CDTR-1').split(right).join(wrong), 'creditor-key');
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({ code: 'INVALID_CREDITOR_ID' });
  });

  it('refuses a file whose declared NbOfTxs or CtrlSum do not add up (422 CONTROL_SUM_MISMATCH)', async () => {
    const xml = file('BIEB-SUM-1');
    const wrongSum = xml.replace('<CtrlSum>40.50</CtrlSum>', '<CtrlSum>40.51</CtrlSum>');
    expect(wrongSum).not.toBe(xml);
    const refused = await upload(wrongSum, 'sum-key');
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({ code: 'CONTROL_SUM_MISMATCH', paths: ['declaredControlSumCents'] });
    const wrongCount = xml.replace('<NbOfTxs>3</NbOfTxs>', '<NbOfTxs>4</NbOfTxs>');
    expect((await json(await upload(wrongCount, 'count-key'))).code).toBe('CONTROL_SUM_MISMATCH');
    expect(bank.files()).toEqual([]);
  });

  it('refuses a DTD, an entity, a non-pain.008 and a non-UTF-8 body (400 FILE_UNREADABLE), quoting none of it', async () => {
    const xml = file('BIEB-DTD-1');
    const withDtd = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>').replace('<Nm>Lid 1</Nm>', '<Nm>&secret;</Nm>');
    const refused = await upload(withDtd, 'dtd-key');
    expect(refused.status).toBe(400);
    const body = await json(refused);
    expect(body).toEqual({ code: 'FILE_UNREADABLE', detail: expect.stringMatching(/DTD|document type/i) });
    expect(JSON.stringify(body)).not.toContain('passwd');
    const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08">&lol2;</Document>`;
    expect((await json(await upload(billionLaughs, 'lol-key'))).code).toBe('FILE_UNREADABLE');
    expect((await json(await upload('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"/>', 'camt-key'))).code).toBe('FILE_UNREADABLE');
    expect((await json(await upload(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), 'bytes-key'))).code).toBe('FILE_UNREADABLE');
    const otherVersion = xml.replace('pain.008.001.08', 'pain.008.001.11');
    expect(await json(await upload(otherVersion, 'version-key'))).toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    expect(bank.files()).toEqual([]);
  });

  it('refuses a wrong or missing key (401), and an upload without Idempotency-Key, as XML or within 5 MB', async () => {
    const xml = file('BIEB-KEY-1');
    const wrongKey = await fetch(`${baseUrl}/v1/direct-debit-files`, { method: 'POST', headers: { Authorization: 'Bearer not-the-key-0000000', 'Content-Type': 'application/xml', 'Idempotency-Key': 'k' }, body: xml });
    expect(wrongKey.status).toBe(401);
    expect(await json(wrongKey)).toEqual({ code: 'UNAUTHORIZED' });
    expect((await fetch(`${baseUrl}/v1/direct-debit-files`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml })).status).toBe(401);
    expect((await get('/v1/notifications', 'Bearer wrong')).status).toBe(401);
    expect((await get('/v1/notifications/NTF-000001', '')).status).toBe(401);
    expect(await json(await upload(xml, undefined))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const asJson = await upload(xml, 'json-key', { 'Content-Type': 'application/json' });
    expect(asJson.status).toBe(415);
    const tooLarge = await upload(Buffer.alloc(5 * 1_048_576 + 10, 0x20), 'large-key');
    expect(tooLarge.status).toBe(413);
    expect(bank.files()).toEqual([]);
    expect(bank.received().map((each) => each.status)).toEqual([401, 401, 400, 415]);
  });

  it('pages the notifications after a cursor, oldest first, and answers an unknown one with 404', async () => {
    for (const n of [1, 2, 3]) expect((await upload(file(`BIEB-PAGE-${n}`), `page-${n}`)).status).toBe(201);
    const all = (await json(await get('/v1/notifications'))).notifications as Array<{ id: string; fileId: string }>;
    expect(all.map((each) => each.fileId)).toEqual(bank.files().map((each) => each.fileId));
    const later = (await json(await get(`/v1/notifications?after=${all[0]!.id}`))).notifications as Array<{ id: string }>;
    expect(later.map((each) => each.id)).toEqual(all.slice(1).map((each) => each.id));
    expect((await json(await get(`/v1/notifications?after=${all[2]!.id}`))).notifications).toEqual([]);
    // Not a notification id (the connector's health probe asks after=health): all of them.
    expect((await json(await get('/v1/notifications?after=health'))).notifications).toEqual(all);
    expect((await get('/v1/notifications/NTF-999999')).status).toBe(404);
    expect((await get('/v1/health')).status).toBe(200);
    // Ids are never reused: after a reset the gateway's cursor still points before what comes next.
    bank.reset();
    expect((await upload(file('BIEB-PAGE-4'), 'page-4')).status).toBe(201);
    expect((await json(await get(`/v1/notifications?after=${all[2]!.id}`))).notifications).toHaveLength(1);
  });

  it('switches to faults: 500, slow, a 200 that is no JSON, a 400; none applies the file, and reset() clears them', async () => {
    const xml = file('BIEB-FAULT-1');
    bank.setFault({ kind: 'error500' });
    expect((await upload(xml, 'fault-key')).status).toBe(500);
    bank.setFault({ kind: 'malformed-json' });
    const malformed = await upload(xml, 'fault-key');
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    bank.setFault({ kind: 'reject400' });
    expect((await upload(xml, 'fault-key')).status).toBe(400);
    expect(bank.files()).toEqual([]);
    bank.setFault({ kind: 'slow', ms: 150 });
    const started = Date.now();
    expect((await upload(xml, 'fault-key')).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(bank.received().map((each) => [each.status, each.duplicate])).toEqual([
      [500, false],
      [200, false],
      [400, false],
      [201, false],
    ]);
    bank.setFault({ kind: 'error500' });
    bank.reset();
    expect(bank.received()).toEqual([]);
    expect((await get('/v1/notifications')).status).toBe(200);
  });

  it('keeps every upload byte for byte, with its key and what it answered', async () => {
    const xml = file('BIEB-BYTES-1').replace(/\n/g, '\r\n');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
    const accepted = await upload(bytes, 'bytes-key');
    expect(accepted.status).toBe(201);
    const [received] = bank.received();
    expect(received?.bytes.equals(bytes)).toBe(true);
    expect(received).toMatchObject({ idempotencyKey: 'bytes-key', duplicate: false, status: 201, messageId: 'BIEB-BYTES-1', fileId: expect.any(String), contentType: 'application/xml' });
    expect(received?.body).toBe(bytes.toString('utf8'));
    expect(received?.errors).toBeUndefined();
  });

  describe('with the XSD check installed (xmllint-wasm)', () => {
    beforeEach(() => {
      if (reference !== undefined) bank.setSchemaCheck((xml, version) => schemaErrors(version === '02' ? 'pain.008.001.02' : 'pain.008.001.08', xml));
    });

    it.each(['02', '08'] as const)('accepts a valid pain.008.001.%s and refuses one with a schema error (400 SCHEMA_INVALID)', async (version) => {
      if (reference === undefined) return;
      expect((await upload(file(`BIEB-XSD-${version}`, 3, version), `xsd-${version}`)).status).toBe(201);
      const broken = file(`BIEB-XSD-${version}-2`, 3, version).replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>SLEV</ChrgBr><Unexpected>1</Unexpected>');
      const refused = await upload(broken, `xsd-broken-${version}`);
      expect(refused.status).toBe(400);
      const body = await json(refused);
      expect(body.code).toBe('SCHEMA_INVALID');
      expect(body.errors.length).toBeGreaterThan(0);
      expect(body.errors.join(' ')).toContain('Unexpected');
      expect(bank.received()[1]?.errors).toEqual(expect.arrayContaining([expect.stringContaining('Unexpected')]));
    });

    it('names the element and rule of a schema error, not the value (an account number)', async () => {
      if (reference === undefined) return;
      const iban = debtorIban(1);
      const lower = file('BIEB-XSD-VALUE').replace(`<IBAN>${iban}</IBAN>`, `<IBAN>${iban.toLowerCase()}</IBAN>`);
      const refused = await upload(lower, 'xsd-value');
      expect(refused.status).toBe(400);
      const text = await refused.text();
      expect(JSON.parse(text).code).toBe('SCHEMA_INVALID');
      expect(text).toContain('IBAN');
      expect(text.toLowerCase()).not.toContain(iban.toLowerCase());
    });
  });
});

describe('the sandbox bank in a gateway: GET /api/v1/sandbox/bank/received', () => {
  let gateway: TestApp;
  // The sandbox module starts the sandboxes of the enabled connectors; until the bank's connector is
  // registered, CONNECTORS cannot name it, and the test starts the bank on the gateway's own SandboxHost.
  const bankConnector = CONNECTOR_DEFINITIONS.some((definition) => definition.manifest.id === 'bank');

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: bankConnector ? 'hka,bank' : 'hka' } });
    const host = gateway.app.get(SandboxHost);
    if (!bankConnector) await host.start([bankSandbox]);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('lists the uploaded files as received, byte for byte, with their keys and answers', async () => {
    const bank = gateway.app.get(SandboxHost).get('bank') as BankSandbox;
    expect(bank).toBeInstanceOf(BankSandbox);
    const settings = bank.settings() as Record<string, string>;
    const xml = file('BIEB-GATEWAY-1');
    const accepted = await fetch(`${settings.BANK_BASE_URL}/v1/direct-debit-files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${settings.BANK_API_KEY}`, 'Content-Type': 'application/xml', 'Idempotency-Key': 'gateway-collection-1' },
      body: xml,
    });
    expect(accepted.status).toBe(201);
    const listed = await gateway.http.get('/api/v1/sandbox/bank/received').set(gateway.as('officer'));
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ partner: 'bank', total: bank.received().length });
    const item = listed.body.items.find((each: { idempotencyKey?: string }) => each.idempotencyKey === 'gateway-collection-1');
    expect(item).toMatchObject({ duplicate: false, status: 201, messageId: 'BIEB-GATEWAY-1', fileId: expect.any(String), byteLength: Buffer.byteLength(xml) });
    expect(Buffer.from(item.bytesBase64, 'base64').toString('utf8')).toBe(xml);
    expect(item.sha256).toBe(createHash('sha256').update(xml).digest('hex'));
    expect((await gateway.http.get('/api/v1/sandbox/bank/received').set(gateway.as('operator'))).status).toBe(200);
    expect((await gateway.http.get('/api/v1/sandbox/bank/received')).status).toBe(401);
  });
});
