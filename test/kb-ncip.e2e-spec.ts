import { ValidMember } from '../src/domain/member';
import { fromLookupUserResponse } from '../src/mapping/ncip/ncip-lookup-user-response';
import { writeLookupUser } from '../src/mapping/ncip/ncip-lookup-user';
import { KbSandbox, KB_SANDBOX_AGENCY, LIBRARY_SANDBOX_AGENCY } from '../src/sandbox/kb/kb.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { MAX_WRONG_PINS, PinAttempts } from '../src/exchange/pin-attempts';
import { describeEachDatabase } from './support/databases';
import { ncipReference, ncipSchemaErrors } from './support/ncip-reference';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);
const reference = ncipReference('kb-ncip e2e: checking the gateway\'s NCIP messages against ncip_v2_02.xsd');
const NS = 'http://www.niso.org/2008/ncip';

/** Schema errors of one message; [] when the reference XSD is absent (the NOT RUN note says so). */
async function schemaErrors(xml: string): Promise<readonly string[]> {
  return reference === undefined ? [] : ((await ncipSchemaErrors(reference, [xml]))[0] ?? []);
}

describeEachDatabase('KB over NCIP: LookupUser answered, registrations sent', (database) => {
  let gateway: TestApp;
  let kb: KbSandbox;
  let wise: WiseSandbox;
  let token: string;
  let members: ValidMember[];
  const target = () => ({ baseUrl: gatewayUrl, token });
  let gatewayUrl = '';
  const post = (body: string, authorization = `Bearer ${token}`) => gateway.http.post('/ncip').set('Authorization', authorization).set('Content-Type', 'application/xml').send(body);
  const ledger = async (query: string) => (await gateway.http.get(`/api/v1/disclosures?${query}&limit=500`).set(gateway.as('auditor'))).body.items as Array<Record<string, any>>;
  const member = (status: string) => {
    const found = members.find((candidate) => candidate.membership?.status === status);
    if (found === undefined) throw new Error(`the Wise sandbox has no ${status} member among the first ${members.length}`);
    return found;
  };
  const pinOf = (cardNumber: string) => wise.pinOf(cardNumber) as string;
  const wrongPin = (cardNumber: string) => String((Number(pinOf(cardNumber)) + 1) % 10_000).padStart(4, '0');
  const lookupOf = (cardNumber: string) => writeLookupUser({ cardNumber, elements: ['User Privilege'], fromAgencyId: KB_SANDBOX_AGENCY, toAgencyId: LIBRARY_SANDBOX_AGENCY });

  async function settled(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(gateway.as('operator'));
      if (DONE.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`exchange ${id} did not settle`);
  }

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka,kb', DELIVERY_POLL_MS: '20', DELIVERY_BACKOFF_BASE_MS: '10', DELIVERY_BACKOFF_MAX_MS: '20' } });
    await gateway.app.listen(0, '127.0.0.1');
    gatewayUrl = await gateway.app.getUrl();
    token = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kb-online', role: 'partner', partner: 'kb' })).body.token;
    members = (await gateway.http.get('/api/v1/sandbox/members?limit=60').set(gateway.as('operator'))).body;
    kb = gateway.app.get(SandboxHost).get('kb') as KbSandbox;
    wise = gateway.app.get(SandboxHost).get('hka') as WiseSandbox;
    if (reference !== undefined) kb.checkSchemaWith(schemaErrors);
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => kb.reset());

  it('answers a LookupUser from the KB with a schema-valid LookupUserResponse holding only what the kb policy allows, and records it', async () => {
    const active = member('active');
    const answer = await kb.lookupUser(target(), { cardNumber: active.cardNumber });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/xml/);
    expect(await schemaErrors(answer.body)).toEqual([]);
    expect(fromLookupUserResponse(answer.body)).toEqual({
      problems: [],
      fields: {
        memberId: active.memberId,
        cardNumber: active.cardNumber,
        ...(active.birthDate !== undefined ? { birthDate: active.birthDate } : {}),
        membership: { subscription: active.membership?.subscription, status: 'active', validUntil: active.membership?.validUntil },
      },
    });
    // Asked for everything; what the policy withholds is simply absent.
    for (const element of ['NameInformation', 'UserAddressInformation', 'BlockOrTrap']) expect(answer.body).not.toContain(element);
    for (const withheld of [active.name.lastName, active.email, active.phone, active.addresses?.[0]?.street, active.libraryId]) {
      if (withheld !== undefined) expect(answer.body).not.toContain(`>${withheld}<`);
    }
    const [entry] = await ledger(`memberId=${active.memberId}&partner=kb`);
    expect(entry).toMatchObject({ partner: 'kb', purpose: 'single-identity', policyVersion: 1 });
    expect(entry?.fields.map((f: { path: string }) => f.path).sort()).toEqual(['birthDate', 'cardNumber', 'memberId', 'membership.status', 'membership.subscription', 'membership.validUntil'].filter((p) => p !== 'birthDate' || active.birthDate !== undefined));
  });

  it('understands a FOLIO-style LookupUser (no prefix, unqualified version) as well', async () => {
    const active = member('active');
    const folio = `<?xml version="1.0" encoding="UTF-8"?><NCIPMessage version="http://www.niso.org/schemas/ncip/v2_0/ncip_v2_0.xsd" xmlns="${NS}"><LookupUser><UserId><UserIdentifierValue>${active.cardNumber}</UserIdentifierValue></UserId><UserElementType>User Id</UserElementType></LookupUser></NCIPMessage>`;
    const response = await post(folio);
    expect(response.status).toBe(200);
    expect(fromLookupUserResponse(response.text)).toEqual({ problems: [], fields: { cardNumber: active.cardNumber, memberId: active.memberId } });
  });

  it.each([
    ['an unknown card', () => lookupOf('99999999999999'), 'Unknown User'],
    ['a blocked member', () => lookupOf(member('blocked').cardNumber), 'User Access Denied'],
    ['a wrong PIN', () => writeLookupUser({ cardNumber: member('active').cardNumber, pin: wrongPin(member('active').cardNumber), elements: [], fromAgencyId: 'KB', toAgencyId: 'NL' }), 'User Authentication Failed'],
    ['another service', () => `<NCIPMessage xmlns="${NS}" version="2"><CheckOutItem/></NCIPMessage>`, 'Unsupported Service'],
    ['an unknown service', () => `<NCIPMessage xmlns="${NS}" version="2"><BorrowEverything/></NCIPMessage>`, 'Unknown Service'],
  ])('answers %s with an NCIP Problem (200, schema-valid)', async (_case, message, problemType) => {
    const response = await post(message());
    expect(response.status).toBe(200);
    expect(await schemaErrors(response.text)).toEqual([]);
    expect(fromLookupUserResponse(response.text).problems.map((problem) => problem.type)).toEqual([problemType]);
  });

  it('has the lending system check a PIN: the right one gets the answer, wrong ones nothing, and five lock the card', async () => {
    const [first, second] = members.filter((candidate) => candidate.membership?.status === 'active').slice(1, 3) as [ValidMember, ValidMember];
    const withPin = (card: string, pin: string) => writeLookupUser({ cardNumber: card, pin, elements: ['User Privilege'], fromAgencyId: KB_SANDBOX_AGENCY, toAgencyId: LIBRARY_SANDBOX_AGENCY });
    const problems = async (card: string, pin: string) => fromLookupUserResponse((await post(withPin(card, pin))).text).problems;

    const right = await post(withPin(first.cardNumber, pinOf(first.cardNumber)));
    expect(fromLookupUserResponse(right.text)).toMatchObject({ problems: [], fields: { cardNumber: first.cardNumber } });
    const recorded = (await ledger(`memberId=${second.memberId}&partner=kb`)).length;
    const checks = () => wise.received().filter((request) => request.path.endsWith('/patronauthentication')).length;
    const checksBefore = checks();
    for (let i = 0; i < 5; i++) expect(await problems(second.cardNumber, wrongPin(second.cardNumber))).toMatchObject([{ type: 'User Authentication Failed', detail: 'the PIN is not valid' }]);
    expect(await problems(second.cardNumber, pinOf(second.cardNumber))).toMatchObject([{ type: 'User Authentication Failed', detail: 'too many wrong PINs for this card: try again later' }]);
    expect(checks()).toBe(checksBefore + 5);
    expect(await ledger(`memberId=${second.memberId}&partner=kb`)).toHaveLength(recorded);
    // The PIN went to Wise only, and Wise's recording keeps it redacted.
    expect(wise.received().filter((request) => request.path.endsWith('/patronauthentication')).every((request) => request.body === '[redacted]')).toBe(true);
  });

  it('names the block in the Problem and records the answered lookup; records nothing for an unknown card', async () => {
    const blocked = member('blocked');
    const recorded = (await ledger(`memberId=${blocked.memberId}&partner=kb`)).length;
    const response = await post(lookupOf(blocked.cardNumber));
    expect(fromLookupUserResponse(response.text).problems[0]).toMatchObject({ detail: 'User Blocked', element: 'UserId' });
    expect(await ledger(`memberId=${blocked.memberId}&partner=kb`)).toHaveLength(recorded + 1);
    const before = (await ledger('partner=kb')).length;
    await post(lookupOf('99999999999999'));
    expect(await ledger('partner=kb')).toHaveLength(before);
  });

  it('refuses bad credentials with 401/403 and an NCIP Problem', async () => {
    const overijssel = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zwolle', role: 'partner', partner: 'overijssel' })).body.token;
    const card = member('active').cardNumber;
    const cases: Array<[string | undefined, number, string]> = [
      [undefined, 401, 'System Authentication Failed'],
      ['Bearer not-a-token-at-all', 401, 'System Authentication Failed'],
      [`Bearer ${gateway.adminToken}`, 403, 'Unauthorized Service For System'],
      [`Bearer ${overijssel}`, 403, 'Unauthorized Service For System'],
    ];
    for (const [authorization, status, problemType] of cases) {
      const request = gateway.http.post('/ncip').set('Content-Type', 'application/xml');
      const response = await (authorization === undefined ? request : request.set('Authorization', authorization)).send(lookupOf(card));
      expect([authorization?.slice(0, 12), response.status]).toEqual([authorization?.slice(0, 12), status]);
      expect(response.headers['content-type']).toMatch(/^application\/xml/);
      expect(fromLookupUserResponse(response.text).problems.map((problem) => problem.type)).toEqual([problemType]);
      expect(response.text).not.toContain(card);
    }
  });

  it('keeps a locked card locked when a LookupUser carries no PIN', async () => {
    const locked = member('active');
    const pins = gateway.app.get(PinAttempts);
    for (let i = 0; i < MAX_WRONG_PINS; i++) await pins.begin(locked.cardNumber);
    const answer = await post(lookupOf(locked.cardNumber));
    expect(fromLookupUserResponse(answer.text).problems.map((problem) => problem.type)).toEqual(['User Authentication Failed']);
    expect(answer.text).not.toContain(locked.name.lastName);
  });

  describe('XML hardening: refused with a protocol error, nothing looked up, nothing recorded', () => {
    const card = () => member('active').cardNumber;
    const nest = (depth: number) => `${'<Ext>'.repeat(depth)}${'</Ext>'.repeat(depth)}`;
    const cases: Array<[string, () => string]> = [
      ['a DOCTYPE with an external entity', () => `<?xml version="1.0"?><!DOCTYPE NCIPMessage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><NCIPMessage xmlns="${NS}"><LookupUser><UserId><UserIdentifierValue>&xxe;</UserIdentifierValue></UserId></LookupUser></NCIPMessage>`],
      ['billion laughs', () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><NCIPMessage xmlns="${NS}"><LookupUser><UserId><UserIdentifierValue>&lol9;</UserIdentifierValue></UserId></LookupUser></NCIPMessage>`],
      ['200-deep nesting', () => `<NCIPMessage xmlns="${NS}"><LookupUser><UserId><UserIdentifierValue>${card()}</UserIdentifierValue></UserId>${nest(200)}</LookupUser></NCIPMessage>`],
      ['an oversized body', () => `<NCIPMessage xmlns="${NS}"><LookupUser><UserId><UserIdentifierValue>${card()}</UserIdentifierValue></UserId><Ext>${'x'.repeat(200_000)}</Ext></LookupUser></NCIPMessage>`],
      ['a processing instruction', () => `<?xml version="1.0"?><?xml-stylesheet href="http://evil"?><NCIPMessage xmlns="${NS}"><LookupUser/></NCIPMessage>`],
      ['malformed XML', () => `<NCIPMessage xmlns="${NS}"><LookupUser><UserId></LookupUser>`],
      ['3,000-deep nesting behind a comment full of `</`', () => `<NCIPMessage xmlns="${NS}"><LookupUser><!--${'</Ext>'.repeat(3_000)}-->${nest(3_000)}</LookupUser></NCIPMessage>`],
      ['deep nesting behind quoted `/>` in attributes', () => `<NCIPMessage xmlns="${NS}"><LookupUser>${'<Ext a="/>">'.repeat(100)}${'</Ext>'.repeat(100)}</LookupUser></NCIPMessage>`],
      ['a processing instruction with a `?` inside', () => `<NCIPMessage xmlns="${NS}"><LookupUser><?evil a="?"?></LookupUser></NCIPMessage>`],
    ];

    it.each(cases)('%s', async (_case, body) => {
      const ledgerBefore = (await ledger('partner=kb')).length;
      const wiseBefore = wise.received().length;
      const response = await post(body());
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/xml/);
      expect(await schemaErrors(response.text)).toEqual([]);
      expect(fromLookupUserResponse(response.text).problems.map((problem) => problem.type)).toEqual(['Invalid Message Syntax Error']);
      expect(response.text).not.toMatch(/passwd|lol|xxe/);
      expect(wise.received().length).toBe(wiseBefore);
      expect(await ledger('partner=kb')).toHaveLength(ledgerBefore);
    });

    it('a body over BODY_LIMIT_BYTES is refused by the HTTP layer (413) with an NCIP Problem', async () => {
      const response = await post(`<NCIPMessage xmlns="${NS}"><LookupUser><Ext>${'x'.repeat(1_100_000)}</Ext></LookupUser></NCIPMessage>`);
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toContain('xml');
      expect(fromLookupUserResponse(response.text).problems[0]).toMatchObject({ type: 'Invalid Message Syntax Error' });
    });
  });

  it('registers a member with the KB: a schema-valid UpdateUser with no withheld field, recorded in the ledger; and deregisters it', async () => {
    const active = member('active');
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'kb', purpose: 'online-registration', memberId: active.memberId });
    expect(accepted.status).toBe(202);
    expect(await settled(accepted.body.deliveryId)).toMatchObject({ status: 'delivered', partner: 'kb', purpose: 'online-registration' });
    const [received] = kb.received();
    expect(received).toMatchObject({ service: 'UpdateUser', idempotencyKey: accepted.body.deliveryId, duplicate: false });
    expect(await schemaErrors(received?.body ?? '')).toEqual([]);
    for (const withheld of [active.name.lastName, active.name.firstNames, active.email, active.phone, active.addresses?.[0]?.street, active.addresses?.[0]?.postalCode, active.libraryId]) {
      if (withheld !== undefined) expect(received?.body).not.toContain(`>${withheld}<`);
    }
    expect(kb.register.user(active.memberId)).toEqual({
      memberId: active.memberId,
      cardNumber: active.cardNumber,
      ...(active.birthDate !== undefined ? { birthDate: active.birthDate } : {}),
      membership: { subscription: active.membership?.subscription, status: 'active', validUntil: active.membership?.validUntil },
    });
    expect((await ledger(`memberId=${active.memberId}&partner=kb`)).map((entry) => entry.purpose)).toContain('online-registration');

    const removed = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'kb', purpose: 'online-deregistration', memberId: active.memberId });
    expect(await settled(removed.body.deliveryId)).toMatchObject({ status: 'delivered' });
    expect(kb.received().map((message) => message.service)).toEqual(['UpdateUser', 'DeleteUser']);
    expect(kb.register.user(active.memberId)).toBeUndefined();
  });
});
