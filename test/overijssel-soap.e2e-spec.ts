import { ValidMember } from '../src/domain/member';
import { CARD_SERVICE_NS, SOAP11_ENVELOPE_NS, WSSE_NS, WSSE_PASSWORD_TEXT, WSU_NS } from '../src/mapping/overijssel/card-service.contract';
import { readMemberLookupAnswer } from '../src/mapping/overijssel/member-lookup-answer';
import { readProvinceRequest } from '../src/mapping/overijssel/province-request';
import { OverijsselSandbox } from '../src/sandbox/overijssel/card-service.sandbox';
import { LibraryCredential, MemberLookupClient } from '../src/sandbox/overijssel/member-lookup.client';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { bodyContent, cardServiceSchemaErrors } from './support/card-service-schema';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);

/** A MemberLookup envelope as a library's SOAP stack (or curl) would send it. */
function lookupEnvelope(cardNumber: string, credential?: LibraryCredential, body?: string): string {
  const security =
    credential === undefined
      ? ''
      : `<soap:Header><wsse:Security xmlns:wsse="${WSSE_NS}"><wsse:UsernameToken><wsse:Username>${credential.username}</wsse:Username>` +
        `<wsse:Password Type="${WSSE_PASSWORD_TEXT}">${credential.password}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP11_ENVELOPE_NS}" xmlns:pas="${CARD_SERVICE_NS}">${security}` +
    `<soap:Body>${body ?? `<pas:MemberLookup><pas:CardNumber>${cardNumber}</pas:CardNumber></pas:MemberLookup>`}</soap:Body></soap:Envelope>`
  );
}

/** The envelope with a wsu:Timestamp in its wsse:Security header, as WS-Security stacks write it. */
function withTimestamp(envelope: string, created: string | undefined, expires: string | undefined): string {
  const times = (created === undefined ? '' : `<wsu:Created>${created}</wsu:Created>`) + (expires === undefined ? '' : `<wsu:Expires>${expires}</wsu:Expires>`);
  return envelope.replace('<wsse:UsernameToken>', `<wsu:Timestamp xmlns:wsu="${WSU_NS}" wsu:Id="TS-1">${times}</wsu:Timestamp><wsse:UsernameToken>`);
}

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

describeEachDatabase('Overijssel over SOAP: MemberLookup answered, registrations sent', (database) => {
  let gateway: TestApp;
  let library: LibraryCredential;
  let client: MemberLookupClient;
  let members: ValidMember[];
  let sandbox: OverijsselSandbox;
  const post = (body: string) => gateway.http.post('/soap/overijssel').set('Content-Type', 'text/xml; charset=utf-8').set('SOAPAction', `"${CARD_SERVICE_NS}#MemberLookup"`).send(body);
  const disclosures = async (query: string) => (await gateway.http.get(`/api/v1/disclosures?${query}&limit=500`).set(gateway.as('auditor'))).body.items as Array<Record<string, any>>;

  async function settled(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(gateway.as('operator'));
      if (DONE.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`exchange ${id} did not settle`);
  }

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka,overijssel', DELIVERY_POLL_MS: '20', DELIVERY_BACKOFF_BASE_MS: '10', DELIVERY_BACKOFF_MAX_MS: '20' } });
    await gateway.app.listen(0, '127.0.0.1');
    const created = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'bibliotheek-zwolle', role: 'partner', partner: 'overijssel' });
    library = { username: 'bibliotheek-zwolle', password: created.body.token };
    client = await MemberLookupClient.connect(await gateway.app.getUrl(), library);
    members = (await gateway.http.get('/api/v1/sandbox/members?limit=5').set(gateway.as('operator'))).body;
    sandbox = gateway.app.get(SandboxHost).get('overijssel') as OverijsselSandbox;
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => sandbox.reset());

  it('serves its WSDL at ?wsdl, with the address it is reached at', async () => {
    const response = await gateway.http.get('/soap/overijssel?wsdl');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toContain('<wsdl:operation name="MemberLookup">');
    expect(response.text).toMatch(/<soap:address location="http:\/\/127\.0\.0\.1:\d+\/soap\/overijssel"\/>/);
  });

  it('answers a MemberLookup with only what the policy allows, and records it in the ledger', async () => {
    const member = members[0] as ValidMember;
    const { status, answer, envelope } = await client.lookup(member.cardNumber);
    expect(status).toBe(200);
    expect(client.lastRequest()).toContain('wsse:UsernameToken');
    expect(answer).toEqual({
      kind: 'member',
      member: {
        CardNumber: member.cardNumber,
        HomeLibrary: member.libraryId,
        Name: expect.objectContaining({ LastName: member.name.lastName, Initials: expect.stringMatching(/^([^.\s]{1,3}\.)+$/u) }),
        Membership: expect.any(Object),
      },
    });
    const name = answer.kind === 'member' ? answer.member.Name : undefined;
    expect(Object.keys(name ?? {}).sort()).toEqual(['Initials', 'LastName', ...(member.name.prefix !== undefined ? ['Prefix'] : [])].sort());
    const membership = answer.kind === 'member' ? answer.member.Membership : undefined;
    expect(membership).toEqual({ Subscription: member.membership?.subscription, Status: member.membership?.status, ValidUntil: member.membership?.validUntil });
    for (const withheld of [member.memberId, member.email, member.phone, member.birthDate, member.bankAccount?.iban, member.name.firstNames, member.addresses?.[0]?.street, member.fees?.[0]?.feeId]) {
      if (withheld !== undefined) expect(envelope).not.toContain(`>${withheld}<`);
    }
    expect(envelope).not.toMatch(/Iban|Balance|Fee|Payment|Email|AgeBand|Address|Reference/);
    expect(await cardServiceSchemaErrors([bodyContent(envelope)])).toEqual([[]]);

    const ledger = await disclosures(`memberId=${member.memberId}&partner=overijssel`);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ partner: 'overijssel', purpose: 'member-lookup', policyVersion: 1 });
    expect(ledger[0]?.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ['cardNumber', 'libraryId', 'membership.status', 'membership.subscription', 'membership.validUntil', 'name.firstNames', 'name.lastName', ...(member.name.prefix !== undefined ? ['name.prefix'] : [])].sort(),
    );
  });

  it('answers an unknown card with a soap:Client fault and records nothing', async () => {
    const before = (await disclosures('partner=overijssel')).length;
    const { status, answer, envelope } = await client.lookup('ONBEKEND0000');
    expect(status).toBe(500);
    expect(answer).toEqual({ kind: 'fault', faultCode: 'Client', code: 'UNKNOWN_CARD' });
    expect(await cardServiceSchemaErrors([bodyContent(envelope)])).toEqual([[]]);
    expect(await disclosures('partner=overijssel')).toHaveLength(before);
  });

  it('answers a card number outside the contract with a soap:Client fault', async () => {
    const response = await post(lookupEnvelope('12 34', library));
    expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Client', code: 'INVALID_CARD_NUMBER' });
  });

  describe('refuses bad credentials with a soap:Client fault, and discloses nothing', () => {
    let others: Record<string, LibraryCredential>;

    beforeAll(async () => {
      const kb = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kb-online', role: 'partner', partner: 'kb' });
      const operator = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'ops', role: 'operator' });
      others = {
        'a wrong password': { username: 'bibliotheek-zwolle', password: 'not-the-token-0123456789' },
        'another name for the token': { username: 'bibliotheek-deventer', password: library.password },
        "a credential of another partner ('kb')": { username: 'kb-online', password: kb.body.token },
        'a staff account': { username: 'ops', password: operator.body.token },
        "the administrator's token": { username: 'admin', password: gateway.adminToken },
      };
    });

    it.each([
      ['a wrong password'],
      ['another name for the token'],
      ["a credential of another partner ('kb')"],
      ['a staff account'],
      ["the administrator's token"],
      ['no UsernameToken at all'],
      ['a PasswordDigest'],
    ])('%s', async (which) => {
      const member = members[1] as ValidMember;
      const envelope =
        which === 'no UsernameToken at all'
          ? lookupEnvelope(member.cardNumber)
          : which === 'a PasswordDigest'
            ? lookupEnvelope(member.cardNumber, library).replace(WSSE_PASSWORD_TEXT, WSSE_PASSWORD_TEXT.replace('PasswordText', 'PasswordDigest'))
            : lookupEnvelope(member.cardNumber, others[which]);
      const response = await post(envelope);
      expect(response.status).toBe(500);
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Client', code: 'AUTHENTICATION_FAILED' });
      expect(response.text).not.toContain(member.name.lastName);
      expect(await disclosures(`memberId=${member.memberId}`)).toHaveLength(0);
    });
  });

  describe('refuses malformed envelopes and unsafe XML with a soap:Client fault, and records nothing', () => {
    const card = () => (members[2] as ValidMember).cardNumber;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
    const cases: Array<[string, () => string, string]> = [
      ['a body that is not XML', () => 'CardNumber=1234', 'MALFORMED_ENVELOPE'],
      ['XML that is not well-formed', () => lookupEnvelope(card(), library).replace('</soap:Body>', ''), 'MALFORMED_ENVELOPE'],
      ['XML that is not a SOAP envelope', () => `<MemberLookup xmlns="${CARD_SERVICE_NS}"><CardNumber>${card()}</CardNumber></MemberLookup>`, 'MALFORMED_ENVELOPE'],
      ['an empty Body', () => lookupEnvelope(card(), library, ''), 'MALFORMED_ENVELOPE'],
      ['an operation the gateway does not serve', () => lookupEnvelope(card(), library, `<pas:RegisterMember><pas:Member><pas:CardNumber>${card()}</pas:CardNumber></pas:Member></pas:RegisterMember>`), 'UNKNOWN_OPERATION'],
      ['a DOCTYPE with an external entity', () => lookupEnvelope(card(), library).replace('?>', '?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace(card(), '&xxe;'), 'XML_REJECTED'],
      ['billion laughs', () => laughs + lookupEnvelope(card(), library).replace(/^<\?xml[^>]*\?>/, '').replace(card(), '&lol3;'), 'XML_REJECTED'],
      ['deep nesting', () => lookupEnvelope(card(), library, `${'<pas:X>'.repeat(200)}${'</pas:X>'.repeat(200)}`), 'XML_REJECTED'],
      ['an oversized body', () => lookupEnvelope(card(), library).replace('<soap:Body>', `<soap:Body><!--${'x'.repeat(100_000)}-->`), 'XML_REJECTED'],
      ['a processing instruction', () => lookupEnvelope(card(), library).replace('<soap:Body>', '<soap:Body><?evil run?>'), 'XML_REJECTED'],
      ['a processing instruction with a `?` inside', () => lookupEnvelope(card(), library).replace('<soap:Body>', '<soap:Body><?evil a="?"?>'), 'XML_REJECTED'],
      ['deep nesting behind a comment full of `</`', () => lookupEnvelope(card(), library, `<!--${'</pas:X>'.repeat(2_000)}-->${'<pas:X>'.repeat(2_000)}${'</pas:X>'.repeat(2_000)}`), 'XML_REJECTED'],
    ];

    it.each(cases)('%s', async (_case, body, code) => {
      const before = (await disclosures('partner=overijssel')).length;
      const response = await post(body());
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Client', code });
      expect(response.text).not.toContain((members[2] as ValidMember).name.lastName);
      expect(response.text).not.toMatch(/at \w+ \(|node_modules|lolz|passwd/);
      expect(await disclosures('partner=overijssel')).toHaveLength(before);
    });

    it('a body over BODY_LIMIT_BYTES: refused by the HTTP layer, still as a SOAP Fault', async () => {
      const response = await post(lookupEnvelope(card(), library).replace('<soap:Body>', `<soap:Body><!--${'x'.repeat(1_100_000)}-->`));
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Client', code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  describe('refuses an expired or future wsu:Timestamp with wsse:MessageExpired, and discloses nothing', () => {
    it.each([
      ['Expires in 2020', '2019-12-31T23:55:00Z', '2020-01-01T00:00:00Z'],
      ['Expires six minutes ago', inMinutes(-11), inMinutes(-6)],
      ['Created an hour ahead', inMinutes(60), inMinutes(65)],
      ['Created six minutes ahead, no Expires', inMinutes(6), undefined],
    ])('%s', async (_case, created, expires) => {
      const member = members[1] as ValidMember;
      const response = await post(withTimestamp(lookupEnvelope(member.cardNumber, library), created, expires));
      expect(response.status).toBe(500);
      expect(response.text).toContain(`<soap:Fault xmlns:wsse="${WSSE_NS}"><faultcode>wsse:MessageExpired</faultcode>`);
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'MessageExpired', code: 'MESSAGE_EXPIRED' });
      expect(response.text).not.toContain(member.name.lastName);
      expect(await disclosures(`memberId=${member.memberId}`)).toHaveLength(0);
    });

    it('refuses a timestamp it cannot read with wsse:InvalidSecurity', async () => {
      const response = await post(withTimestamp(lookupEnvelope((members[1] as ValidMember).cardNumber, library), 'gisteren', undefined));
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'InvalidSecurity', code: 'INVALID_SECURITY' });
    });

    it.each([
      ['a current timestamp', inMinutes(0), inMinutes(5)],
      ['a Created four minutes ahead (within the allowed clock skew)', inMinutes(4), inMinutes(9)],
      ['an Expires four minutes ago (within the allowed clock skew)', inMinutes(-9), inMinutes(-4)],
      ['a Created with an offset and a fraction', new Date().toISOString().replace('Z', '+00:00'), undefined],
    ])('accepts %s', async (_case, created, expires) => {
      const member = members[1] as ValidMember;
      const response = await post(withTimestamp(lookupEnvelope(member.cardNumber, library), created, expires));
      expect(response.status).toBe(200);
      expect(readMemberLookupAnswer(response.text)).toMatchObject({ kind: 'member', member: { CardNumber: member.cardNumber } });
    });
  });

  it('answers a SOAP 1.2 envelope with a SOAP 1.1 VersionMismatch fault', async () => {
    const member = members[2] as ValidMember;
    const response = await gateway.http
      .post('/soap/overijssel')
      .set('Content-Type', `application/soap+xml; charset=utf-8; action="${CARD_SERVICE_NS}#MemberLookup"`)
      .send(lookupEnvelope(member.cardNumber, library).replace(SOAP11_ENVELOPE_NS, 'http://www.w3.org/2003/05/soap-envelope'));
    expect(response.status).toBe(500);
    expect(response.text).toContain('<faultcode>soap:VersionMismatch</faultcode>');
    expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'VersionMismatch', code: 'VERSION_MISMATCH' });
    expect(await disclosures(`memberId=${member.memberId}`)).toHaveLength(0);
  });

  describe('checks the SOAPAction header against the operation in the Body', () => {
    const send = (soapAction: string | undefined) => {
      const request = gateway.http.post('/soap/overijssel').set('Content-Type', 'text/xml; charset=utf-8');
      return (soapAction === undefined ? request : request.set('SOAPAction', soapAction)).send(lookupEnvelope((members[2] as ValidMember).cardNumber, library));
    };

    it.each([[`"${CARD_SERVICE_NS}#RegisterMember"`], ['"MemberLookup"'], ['"urn:other:service#MemberLookup"']])('refuses SOAPAction %s with a soap:Client fault', async (soapAction) => {
      const response = await send(soapAction);
      expect(response.status).toBe(500);
      expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Client', code: 'SOAP_ACTION_MISMATCH' });
    });

    it.each([
      ["the WSDL's action, quoted", `"${CARD_SERVICE_NS}#MemberLookup"`],
      ["the WSDL's action, unquoted", `${CARD_SERVICE_NS}#MemberLookup`],
      ['an empty SOAPAction ("": the intent is the URL)', '""'],
      ['no SOAPAction header', undefined],
    ])('accepts %s', async (_case, soapAction) => {
      const response = await send(soapAction);
      expect(response.status).toBe(200);
      expect(readMemberLookupAnswer(response.text).kind).toBe('member');
    });
  });

  it('sends a registration as RegisterMember with no withheld field, once, and records it', async () => {
    const member = members[3] as ValidMember;
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'overijssel', purpose: 'registration', memberId: member.memberId });
    expect(accepted.status).toBe(202);
    expect(await settled(accepted.body.deliveryId)).toMatchObject({ status: 'delivered', partner: 'overijssel', purpose: 'registration' });

    const [request, ...more] = sandbox.received();
    expect(more).toEqual([]);
    expect(request?.idempotencyKey).toBe(accepted.body.deliveryId);
    const sent = readProvinceRequest(request?.body ?? '');
    expect(sent.operation).toBe('RegisterMember');
    expect(sent.member).toMatchObject({ CardNumber: member.cardNumber, HomeLibrary: member.libraryId, Name: { LastName: member.name.lastName } });
    expect(sent.member.Reference).toMatch(/^[0-9a-f]{64}$/);
    for (const withheld of [member.memberId, member.phone, member.birthDate, member.bankAccount?.iban, member.name.firstNames, member.loans?.[0]?.title, member.fees?.[0]?.feeId, member.addresses?.[0]?.country]) {
      if (withheld !== undefined) expect(request?.body).not.toContain(`>${withheld}<`);
    }
    expect(request?.body).not.toMatch(/Iban|Phone|Loan|Fee|Balance|Mandate/);
    expect(sandbox.register.get(member.cardNumber)).toBeDefined();

    const ledger = await disclosures(`memberId=${member.memberId}&partner=overijssel`);
    expect(ledger.map((entry) => [entry.purpose, entry.exchangeId])).toEqual([['registration', accepted.body.deliveryId]]);
  });

  it('sends a deregistration as DeregisterMember with the card and the pseudonym only', async () => {
    const member = members[4] as ValidMember;
    const registered = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'overijssel', purpose: 'registration', memberId: member.memberId });
    await settled(registered.body.deliveryId);
    expect(sandbox.register.get(member.cardNumber)).toBeDefined();
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'overijssel', purpose: 'deregistration', memberId: member.memberId });
    expect((await settled(accepted.body.deliveryId)).status).toBe('delivered');
    const sent = readProvinceRequest(sandbox.received().at(-1)?.body ?? '');
    expect(sent.operation).toBe('DeregisterMember');
    expect(Object.keys(sent.member).sort()).toEqual(['CardNumber', 'HomeLibrary', 'Reference']);
    expect(sandbox.register.get(member.cardNumber)).toBeUndefined();
  });
});

describeEachDatabase('Overijssel over SOAP on a gateway without the overijssel connector', (database) => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers MemberLookup with a soap:Server fault: the inbound service belongs to the connector', async () => {
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    const created = await gateway.http.post('/api/v1/accounts').set(admin).send({ name: 'bibliotheek-zwolle', role: 'partner', partner: 'overijssel' });
    const [member] = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body as ValidMember[];
    const response = await gateway.http
      .post('/soap/overijssel')
      .set('Content-Type', 'text/xml')
      .send(lookupEnvelope(member?.cardNumber ?? '0000', { username: 'bibliotheek-zwolle', password: created.body.token }));
    expect(readMemberLookupAnswer(response.text)).toEqual({ kind: 'fault', faultCode: 'Server', code: 'SERVICE_DISABLED' });
    expect((await gateway.http.get('/api/v1/disclosures?partner=overijssel').set(gateway.as('auditor'))).body.items).toEqual([]);
  });
});
