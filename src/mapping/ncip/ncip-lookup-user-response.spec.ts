import { ncipReference } from '../../../test/support/ncip-reference';
import { fromLookupUserResponse, toLookupUserResponse } from './ncip-lookup-user-response';
import { ncipProblem, writeProblemMessage } from './ncip-problem';
import { USER_ELEMENT_TYPES } from './ncip-schemes';

const CONTEXT = { partner: 'kb', agencyId: 'NL-0530250000' };
const RELEASED = {
  memberId: 'P100234',
  cardNumber: '21234000012345',
  birthDate: '1990-05-01',
  membership: { subscription: 'volwassen-basis', status: 'active', validUntil: '2026-12-31' },
};
const EVERYTHING = new Set(USER_ELEMENT_TYPES);

describe('LookupUserResponse from released fields', () => {
  it('answers every requested element the policy released, and reads back as the released fields', () => {
    const xml = toLookupUserResponse(RELEASED, { elements: EVERYTHING, userIdentifier: '21234000012345' }, CONTEXT);
    expect(fromLookupUserResponse(xml)).toEqual({ problems: [], fields: RELEASED });
  });

  it('leaves out what was not requested', () => {
    const xml = toLookupUserResponse(RELEASED, { elements: new Set(['User Privilege']), userIdentifier: '21234000012345' }, CONTEXT);
    expect(fromLookupUserResponse(xml)).toEqual({ problems: [], fields: { cardNumber: RELEASED.cardNumber, membership: RELEASED.membership } });
    expect(xml).not.toContain('DateOfBirth');
    expect(xml).not.toContain(RELEASED.memberId);
  });

  it('leaves out a requested element the policy withholds: no empty element, no placeholder', () => {
    const withheld = { cardNumber: '21234000012345', membership: { status: 'active' } };
    const xml = toLookupUserResponse(withheld, { elements: EVERYTHING, userIdentifier: '21234000012345' }, CONTEXT);
    for (const element of ['NameInformation', 'UserAddressInformation', 'DateOfBirth', 'ValidToDate', 'Institution Id Number', 'Subscription']) expect(xml).not.toContain(element);
    expect(fromLookupUserResponse(xml)).toEqual({ problems: [], fields: withheld });
  });

  it("names the user by the initiator's own identifier when the card number is withheld", () => {
    const xml = toLookupUserResponse({ membership: { status: 'active' } }, { elements: EVERYTHING, userIdentifier: 'as-sent-1' }, CONTEXT);
    expect(xml).toContain('<ns1:UserIdentifierValue>as-sent-1</ns1:UserIdentifierValue>');
  });

  it('answers the initiator by agency in a ResponseHeader when it named its own', () => {
    const xml = toLookupUserResponse(RELEASED, { elements: new Set(), userIdentifier: 'x', agencies: { from: CONTEXT.agencyId, to: 'KB' } }, CONTEXT);
    expect(xml).toContain('<ns1:ResponseHeader><ns1:FromAgencyId><ns1:AgencyId>NL-0530250000</ns1:AgencyId></ns1:FromAgencyId><ns1:ToAgencyId><ns1:AgencyId>KB</ns1:AgencyId>');
  });

  it('reads a Problem answer as its problems', () => {
    const xml = writeProblemMessage([ncipProblem('unknownUser', { element: 'UserId', value: '999' })], 'LookupUserResponse');
    expect(fromLookupUserResponse(xml)).toEqual({
      problems: [{ type: 'Unknown User', scheme: 'http://www.niso.org/ncip/v1_0/schemes/processingerrortype/lookupuserprocessingerror.scm', element: 'UserId', value: '999' }],
    });
  });

  const reference = ncipReference('reading the reference NCIP responses (XC toolkit)');
  if (reference !== undefined) {
    it('reads the XC toolkit responses: a user, and bare Problems', () => {
      expect(fromLookupUserResponse(reference.messages.get('LookupUserResponseSample1.xml') ?? '')).toEqual({ problems: [], fields: { cardNumber: '987181' } });
      const problems = fromLookupUserResponse(reference.messages.get('ProblemResponseSample1.xml') ?? '').problems;
      expect(problems.map((problem) => problem.type)).toEqual(['Agency Authentication Failed', 'Needed Data Missing']);
    });
  }
});
