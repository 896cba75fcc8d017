import { join } from 'node:path';
import { compilePolicy } from '../../policy/policy.compiler';
import { policyContentHash } from '../../policy/policy.hash';
import { loadPolicyDirectory } from '../../policy/policy.loader';
import { realisticMember } from '../../../test/factories/member.factory';
import { ncipReference, ncipSchemaErrors } from '../../../test/support/ncip-reference';
import { writeLookupAgency, writeLookupAgencyResponse } from './ncip-lookup-agency';
import { writeLookupUser } from './ncip-lookup-user';
import { toLookupUserResponse } from './ncip-lookup-user-response';
import { ncipProblem, PROBLEM_TYPES, ProblemKind, writeProblemMessage } from './ncip-problem';
import { toNcipRegistration } from './ncip-registration';
import { writeRegistrationProblem, writeRegistrationResponse } from './ncip-registration-response';
import { USER_ELEMENT_TYPES } from './ncip-schemes';

const CONTEXT = { partner: 'kb', agencyId: 'NL-0530250000', partnerAgencyId: 'KB' };
const FULL = {
  memberId: 'P100234',
  cardNumber: '21234000012345',
  birthDate: '1990-05-01',
  membership: { subscription: 'volwassen-basis', status: 'blocked', validUntil: '2026-03-29' },
  name: { prefix: 'van der', firstNames: 'Anna Maria', initials: 'A.M.', lastName: 'Berg & Zn <x>' },
  email: 'anna@example.nl',
};
const KINDS = Object.keys(PROBLEM_TYPES) as ProblemKind[];

/** Every kind of message the gateway and the KB sandbox write, with a name for the failure report. */
function generatedMessages(): Array<readonly [string, string]> {
  const kb = loadPolicyDirectory(join(__dirname, '..', '..', '..', 'policies')).find((policy) => policy.partner === 'kb');
  if (kb === undefined) throw new Error('no kb policy');
  const policy = compilePolicy(kb.document, { version: 1, contentHash: policyContentHash(kb.document), pseudonymSecret: Buffer.from('s') });
  const released = [1, 2, 3].flatMap((seed) => kb.document.purposes.map((purpose) => [purpose.id, policy.release(realisticMember(seed), purpose.id).fields] as const));
  const everything = new Set(USER_ELEMENT_TYPES);
  return [
    ['UpdateUser, every field NCIP carries', toNcipRegistration('UpdateUser', FULL, CONTEXT)],
    ['UpdateUser by card only', toNcipRegistration('UpdateUser', { cardNumber: '2123' }, CONTEXT)],
    ['DeleteUser', toNcipRegistration('DeleteUser', { memberId: 'P1' }, CONTEXT)],
    ...released.map(([purpose, fields]) => [`${purpose === 'online-deregistration' ? 'DeleteUser' : 'UpdateUser'} for ${purpose}`, toNcipRegistration(purpose === 'online-deregistration' ? 'DeleteUser' : 'UpdateUser', fields, CONTEXT)] as const),
    ...released.map(([purpose, fields]) => [`LookupUserResponse for ${purpose}`, toLookupUserResponse(fields, { elements: everything, userIdentifier: 'x', agencies: { from: CONTEXT.agencyId, to: 'KB' } }, CONTEXT)] as const),
    ['LookupUserResponse, every element', toLookupUserResponse(FULL, { elements: everything, userIdentifier: 'x' }, CONTEXT)],
    ['LookupUserResponse, nothing released', toLookupUserResponse({}, { elements: everything, userIdentifier: 'as-sent' }, CONTEXT)],
    ...KINDS.map((kind) => [`bare Problem ${kind}`, writeProblemMessage([ncipProblem(kind, { detail: 'd', element: 'e', value: 'v' })])] as const),
    ...KINDS.map((kind) => [`LookupUserResponse Problem ${kind}`, writeProblemMessage([ncipProblem(kind)], 'LookupUserResponse', { from: 'NL', to: 'KB' })] as const),
    ['UpdateUserResponse', writeRegistrationResponse('UpdateUser', { agencyId: 'KB', type: 'Institution Id Number', value: 'P1' })],
    ['DeleteUserResponse', writeRegistrationResponse('DeleteUser', { value: 'P1' })],
    ['UpdateUserResponse Problem', writeRegistrationProblem('UpdateUser', [ncipProblem('neededDataMissing'), ncipProblem('invalidMessageSyntax')])],
    ['LookupUser by card', writeLookupUser({ cardNumber: '2123', elements: [...USER_ELEMENT_TYPES], fromAgencyId: 'KB', toAgencyId: 'NL' })],
    ['LookupAgency', writeLookupAgency('NL-0530250000', 'KB')],
    ['LookupAgencyResponse', writeLookupAgencyResponse('KB', 'Koninklijke Bibliotheek')],
    ['LookupUser with PIN', writeLookupUser({ cardNumber: '2123', pin: '0000', elements: [], fromAgencyId: 'KB', toAgencyId: 'NL' })],
  ];
}

describe('NCIP messages against ncip_v2_02.xsd', () => {
  it('answers with scheme values from the NISO schemes', () => {
    for (const kind of KINDS) expect(PROBLEM_TYPES[kind].scheme).toMatch(/^http:\/\/www\.niso\.org\/ncip\/v1_0\/schemes\/(processingerrortype|messagingerrortype)\/[a-z]+\.scm$/);
  });

  const reference = ncipReference('validating generated NCIP messages against ncip_v2_02.xsd');
  if (reference === undefined) return;

  it('writes only schema-valid messages', async () => {
    const messages = generatedMessages();
    const errors = await ncipSchemaErrors(reference, messages.map(([, xml]) => xml));
    expect(messages.map(([name], index) => [name, errors[index]])).toEqual(messages.map(([name]) => [name, []]));
    expect(messages.length).toBeGreaterThan(40);
  });

  it('has a validator that does fail: the FOLIO samples are not schema-valid, the XC ones are', async () => {
    const [folio, xc] = await ncipSchemaErrors(reference, [reference.messages.get('lookupUser.xml') ?? '', reference.messages.get('LookupUserSample1.xml') ?? '']);
    expect(folio).toEqual(expect.arrayContaining([expect.stringContaining("attribute 'version'")]));
    expect(xc).toEqual([]);
  });
});
