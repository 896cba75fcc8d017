import { fromLookupUserResponse } from '../src/mapping/ncip/ncip-lookup-user-response';
import { readMemberLookupAnswer } from '../src/mapping/overijssel/member-lookup-answer';
import { readPain008 } from '../src/mapping/sepa/pain008';
import { ncipReference, ncipSchemaErrors } from './support/ncip-reference';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The officer's preview of a purpose that answers the partner's own question shows that answer — the
 * KB's LookupUserResponse, the province's MemberLookupResponse — not a registration the partner never gets.
 */
describe('wire preview of purposes that answer a partner', () => {
  let gateway: TestApp;
  let member: Record<string, unknown>;
  const preview = (partner: string, purpose: string) => gateway.http.post('/api/v1/console/wire-preview').set(gateway.as('officer')).send({ partner, purpose, member });

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on' } });
    member = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('officer'))).body[0];
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("shows the KB's single-identity as the LookupUserResponse it answers with, valid NCIP, and its registration as UpdateUser", async () => {
    const answer = await preview('kb', 'single-identity');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ direction: 'answer', reason: null, message: { route: { service: 'LookupUserResponse' } } });
    expect(answer.body.message.body).toContain('LookupUserResponse');
    expect(answer.body.message.body).not.toContain('UpdateUser');
    const read = fromLookupUserResponse(answer.body.message.body);
    expect(read.problems).toEqual([]);
    const reference = ncipReference('the schema check of the previewed LookupUserResponse');
    if (reference !== undefined) expect(await ncipSchemaErrors(reference, [answer.body.message.body])).toEqual([[]]);

    const registration = await preview('kb', 'online-registration');
    expect(registration.body).toMatchObject({ direction: 'sent', message: { route: { service: 'UpdateUser' } } });
  });

  it("shows the province's member-lookup as the MemberLookupResponse a library reads, with only what the policy releases", async () => {
    const answer = await preview('overijssel', 'member-lookup');
    expect(answer.body).toMatchObject({ direction: 'answer', reason: null });
    const read = readMemberLookupAnswer(answer.body.message.body);
    expect(read).toMatchObject({ kind: 'member', member: { CardNumber: member.cardNumber, Name: { Initials: expect.any(String) } } });
    // The lookup releases initials, not first names.
    expect(answer.body.message.body).not.toContain(`>${String((member.name as { firstNames: string }).firstNames)}<`);
    const registration = await preview('overijssel', 'registration');
    expect(registration.body.direction).toBe('sent');
    expect(registration.body.message.body).toContain('RegisterMember');
  });

  it("shows a member's direct debit as the one-transaction pain.008 the bank would get, with only what the bank policy releases", async () => {
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=50').set(gateway.as('officer'))).body as Array<Record<string, unknown>>;
    const payer = members.find((candidate) => (candidate.consents as { directDebit?: { granted?: boolean } } | undefined)?.directDebit?.granted === true && candidate.directDebitMandate !== undefined && ((candidate.fees as unknown[] | undefined) ?? []).length > 0);
    if (payer === undefined) throw new Error('the sandbox library has no member who pays by direct debit');
    const answer = await gateway.http.post('/api/v1/console/wire-preview').set(gateway.as('officer')).send({ partner: 'bank', purpose: 'direct-debit', member: payer });
    expect(answer.body).toMatchObject({ direction: 'sent', protocol: 'sepa', reason: null });
    const file = readPain008(answer.body.message.body);
    expect(file.transactions).toHaveLength(1);
    expect(file.transactions[0]?.mandate.id).toBe((payer.directDebitMandate as { mandateId: string }).mandateId);
    expect(answer.body.message.body).not.toContain(String(payer.email));
  });
});
