import { join } from 'node:path';
import { MappingFailed } from '../../errors/partner-errors';
import { compilePolicy } from '../../policy/policy.compiler';
import { policyContentHash } from '../../policy/policy.hash';
import { loadPolicyDirectory } from '../../policy/policy.loader';
import { realisticMember } from '../../../test/factories/member.factory';
import { fromNcipRegistration, toNcipRegistration } from './ncip-registration';
import { readRegistrationAnswer, writeRegistrationProblem, writeRegistrationResponse } from './ncip-registration-response';
import { ncipProblem } from './ncip-problem';
import { NcipWriteFailed } from './ncip-xml';

const CONTEXT = { partner: 'kb', agencyId: 'NL-0530250000', partnerAgencyId: 'KB' };
const kb = loadPolicyDirectory(join(__dirname, '..', '..', '..', 'policies')).find((policy) => policy.partner === 'kb');
if (kb === undefined) throw new Error('no kb policy');
const policy = compilePolicy(kb.document, { version: 1, contentHash: policyContentHash(kb.document), pseudonymSecret: Buffer.from('kb secret') });

describe('NCIP registration (UpdateUser / DeleteUser)', () => {
  it('carries exactly what the kb policy releases for online registration, and reads back as it', () => {
    const member = realisticMember(3);
    const { fields } = policy.release(member, 'online-registration');
    const xml = toNcipRegistration('UpdateUser', fields, CONTEXT);
    expect(fromNcipRegistration(xml)).toEqual({ service: 'UpdateUser', fromAgencyId: CONTEXT.agencyId, fields });
    expect(fields).toEqual({
      memberId: member.memberId,
      cardNumber: member.cardNumber,
      birthDate: member.birthDate,
      membership: { subscription: member.membership?.subscription, status: member.membership?.status, validUntil: member.membership?.validUntil },
    });
    for (const withheld of [member.name.lastName, member.email, member.addresses?.[0]?.street, member.phone, member.bankAccount?.iban, member.libraryId]) {
      expect(xml).not.toContain(`>${withheld}<`);
    }
  });

  it('keys the user by membership number and sends the card as its barcode input; by card when the number is withheld', () => {
    const both = toNcipRegistration('UpdateUser', { memberId: 'P100', cardNumber: '21234' }, CONTEXT);
    expect(both).toMatch(/<ns1:UserId>.*Institution Id Number.*P100<\/ns1:UserIdentifierValue><\/ns1:UserId><ns1:AddUserFields><ns1:AuthenticationInput><ns1:AuthenticationInputData>21234</);
    const cardOnly = toNcipRegistration('UpdateUser', { cardNumber: '21234' }, CONTEXT);
    expect(cardOnly).toContain('>Barcode</ns1:UserIdentifierType><ns1:UserIdentifierValue>21234<');
    expect(cardOnly).not.toContain('AddUserFields');
    expect(fromNcipRegistration(cardOnly).fields).toEqual({ cardNumber: '21234' });
  });

  it('writes the validity as the end of that day in Staphorst, in UTC, and reads the day back', () => {
    const winter = toNcipRegistration('UpdateUser', { memberId: 'P1', membership: { validUntil: '2026-12-31' } }, CONTEXT);
    const summer = toNcipRegistration('UpdateUser', { memberId: 'P1', membership: { validUntil: '2026-07-31' } }, CONTEXT);
    expect(winter).toContain('<ns1:ValidToDate>2026-12-31T22:59:59Z</ns1:ValidToDate>');
    expect(summer).toContain('<ns1:ValidToDate>2026-07-31T21:59:59Z</ns1:ValidToDate>');
    expect(fromNcipRegistration(summer).fields).toEqual({ memberId: 'P1', membership: { validUntil: '2026-07-31' } });
  });

  it('deregisters with a DeleteUser that names the user only', () => {
    const { fields } = policy.release(realisticMember(4), 'online-deregistration');
    const xml = toNcipRegistration('DeleteUser', fields, CONTEXT);
    expect(fromNcipRegistration(xml)).toEqual({ service: 'DeleteUser', fromAgencyId: CONTEXT.agencyId, fields });
    expect(() => toNcipRegistration('DeleteUser', { memberId: 'P1', birthDate: '1990-01-01' }, CONTEXT)).toThrow("also releases 'birthDate'");
  });

  it('escapes what it writes: markup in a value stays a value', () => {
    const fields = { memberId: 'P<1>&"\'', name: { lastName: 'Berg & <Zn>' } };
    const xml = toNcipRegistration('UpdateUser', fields, CONTEXT);
    expect(xml).not.toContain('<1>');
    expect(fromNcipRegistration(xml).fields).toEqual(fields);
  });

  it.each([
    ['a field NCIP does not carry here', { memberId: 'P1', libraryId: 'STA', gender: 'V' }, "carries no 'libraryId', 'gender'"],
    ['a birth date coarsened to an age band', { memberId: 'P1', birthDate: '25-44' }, "'birthDate' is released in a form"],
    ['no identifier at all', { birthDate: '1990-01-01' }, "needs 'memberId' or 'cardNumber'"],
    ['name parts without the last name', { memberId: 'P1', name: { firstNames: 'Anna' } }, "needs 'name.lastName'"],
  ])('refuses %s with MappingFailed naming the path', (_case, fields, reason) => {
    expect(() => toNcipRegistration('UpdateUser', fields, CONTEXT)).toThrow(MappingFailed);
    expect(() => toNcipRegistration('UpdateUser', fields, CONTEXT)).toThrow(reason);
  });

  it('refuses a value XML cannot carry without quoting it', () => {
    expect(() => toNcipRegistration('UpdateUser', { memberId: 'P\u00011secret' }, CONTEXT)).toThrow(NcipWriteFailed);
    expect(() => toNcipRegistration('UpdateUser', { memberId: 'P\u00011secret' }, CONTEXT)).not.toThrow(/secret/);
  });

  it("reads the partner's answer: the user it registered, or its Problems", () => {
    expect(readRegistrationAnswer(writeRegistrationResponse('UpdateUser', { agencyId: 'KB', value: 'P1' }))).toEqual({ response: 'UpdateUserResponse', problems: [], userIdentifier: 'P1' });
    const refused = readRegistrationAnswer(writeRegistrationProblem('DeleteUser', [ncipProblem('unknownUser', { element: 'UserId' })]));
    expect(refused.response).toBe('DeleteUserResponse');
    expect(refused.problems).toEqual([expect.objectContaining({ type: 'Unknown User', element: 'UserId' })]);
  });
});
