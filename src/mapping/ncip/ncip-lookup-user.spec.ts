import { ncipReference } from '../../../test/support/ncip-reference';
import { UnsafeXml } from '../xml/xml-safety';
import { assertSafeXml } from '../xml/xml-tree';
import { LookupUserRequest, NcipRequest, readNcipRequest, writeLookupUser } from './ncip-lookup-user';
import { NcipMessageInvalid } from './ncip-xml';

function lookup(request: NcipRequest): LookupUserRequest {
  if (!('lookup' in request)) throw new Error(`expected a LookupUser, got ${request.service}`);
  return request.lookup;
}

const reference = ncipReference('parsing the reference NCIP requests (XC toolkit, FOLIO mod-ncip)');

describe('reading an inbound LookupUser', () => {
  it('reads what the gateway itself writes: by card, or by card and PIN', () => {
    const byCard = writeLookupUser({ cardNumber: '21234000012345', elements: ['User Privilege', 'Date Of Birth'], fromAgencyId: 'KB', toAgencyId: 'NL-STA' });
    expect(lookup(readNcipRequest(byCard))).toEqual({ userIdentifier: '21234000012345', elements: new Set(['User Privilege', 'Date Of Birth']), fromAgencyId: 'KB' });
    const withPin = writeLookupUser({ cardNumber: '21234000012345', pin: '0000', elements: [], fromAgencyId: 'KB', toAgencyId: 'NL-STA' });
    expect(lookup(readNcipRequest(withPin))).toMatchObject({ userIdentifier: '21234000012345', pin: '0000' });
  });

  it('is liberal: no prefix, unqualified version, NCIP 1 style agency, element types in any spacing or case', () => {
    const xml = `<?xml version="1.0"?>
      <NCIPMessage version="2.0" xmlns="http://www.niso.org/2008/ncip"><LookupUser>
        <InitiationHeader><FromAgencyId><UniqueAgencyId><Value>KB</Value></UniqueAgencyId></FromAgencyId></InitiationHeader>
        <UserId><UserIdentifierValue> 2123 </UserIdentifierValue></UserId>
        <AuthenticationInput><AuthenticationInputData>9999</AuthenticationInputData><AuthenticationInputType>password</AuthenticationInputType></AuthenticationInput>
        <UserElementType>userprivilege</UserElementType><UserElementType>Date_Of_Birth</UserElementType><UserElementType>Shoe Size</UserElementType>
      </LookupUser></NCIPMessage>`;
    expect(lookup(readNcipRequest(xml))).toEqual({ userIdentifier: '2123', pin: '9999', elements: new Set(['User Privilege', 'Date Of Birth']), fromAgencyId: 'KB' });
  });

  it('names any other service, known to NCIP or not', () => {
    const message = (service: string) => `<NCIPMessage xmlns="http://www.niso.org/2008/ncip"><${service}/></NCIPMessage>`;
    expect(readNcipRequest(message('CheckOutItem'))).toEqual({ service: 'CheckOutItem', known: true });
    expect(readNcipRequest(message('BorrowEverything'))).toEqual({ service: 'BorrowEverything', known: false });
  });

  it.each([
    ['not XML', 'hello', UnsafeXml],
    ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><NCIPMessage><LookupUser/></NCIPMessage>', UnsafeXml],
    ['not well-formed', '<NCIPMessage><LookupUser></NCIPMessage>', NcipMessageInvalid],
    ['another root', '<Envelope><LookupUser/></Envelope>', NcipMessageInvalid],
    ['another namespace', '<NCIPMessage xmlns="urn:other"><LookupUser/></NCIPMessage>', NcipMessageInvalid],
    ['no service', '<NCIPMessage xmlns="http://www.niso.org/2008/ncip"/>', NcipMessageInvalid],
    ['two services', '<NCIPMessage><LookupUser/><LookupUser/></NCIPMessage>', NcipMessageInvalid],
    ['an undeclared entity', '<NCIPMessage><LookupUser><UserId><UserIdentifierValue>&x;</UserIdentifierValue></UserId></LookupUser></NCIPMessage>', NcipMessageInvalid],
  ])('refuses %s, quoting nothing of it', (_case, xml, expected) => {
    expect(() => readNcipRequest(xml)).toThrow(expected);
    try {
      readNcipRequest(xml);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/LookupUser>|ENTITY/);
    }
  });

  if (reference !== undefined) {
    const messages = reference.messages;
    const text = (file: string): string => {
      const found = messages.get(file);
      if (found === undefined) throw new Error(`reference file ${file} is missing`);
      return found;
    };

    it('reads the XC toolkit sample: Barcode Id and Password inputs, no UserId', () => {
      expect(lookup(readNcipRequest(text('LookupUserSample1.xml')))).toEqual({ userIdentifier: '98765432', pin: 'password', elements: new Set() });
    });

    it('reads the FOLIO mod-ncip samples, schema-valid or not', () => {
      const everything = new Set(['Name Information', 'User Address Information', 'User Privilege', 'User Id']);
      expect(lookup(readNcipRequest(text('lookupUser.xml')))).toEqual({ userIdentifier: '8377630', elements: everything, fromAgencyId: 'Relais' });
      // A user name ('myluid') is not a library card: it names no user here (the answer asks for the UserId).
      expect(lookup(readNcipRequest(text('lookupUser-without-barcode.xml')))).toEqual({ elements: everything, fromAgencyId: 'Relais' });
      // UserId and AuthenticationInput together: the schema's choice forbids it, FOLIO's clients send it.
      expect(lookup(readNcipRequest(text('ncip-lookupUserCheckPin.xml')))).toEqual({ userIdentifier: '8377630', pin: '1234', elements: new Set(['User Id']), fromAgencyId: 'Relais' });
      expect(lookup(readNcipRequest(text('ncip-lookupUserCheckPinFailed.xml')))).toMatchObject({ pin: '5678' });
      for (const file of ['ncip-lookupUser.xml', 'ncip-lookupUserBlocked.xml', 'ncip-lookupUserAutomatedBlock.xml', 'ncip-lookupUserNotFound.xml']) {
        expect(lookup(readNcipRequest(text(file)))).toEqual({ userIdentifier: expect.stringMatching(/^\d+$/), elements: everything, fromAgencyId: 'Relais' });
      }
    });

    it('passes the hardening check and reads every reference message, naming the services it does not offer', () => {
      const services = [...messages.entries()].map(([file, xml]) => {
        assertSafeXml(xml);
        return [file, readNcipRequest(xml).service] as const;
      });
      expect(services.filter(([, service]) => service === 'LookupUser').map(([file]) => file).sort()).toEqual([
        'LookupUserSample1.xml',
        'lookupUser-without-barcode.xml',
        'lookupUser.xml',
        'ncip-lookupUser.xml',
        'ncip-lookupUserAutomatedBlock.xml',
        'ncip-lookupUserBlocked.xml',
        'ncip-lookupUserCheckPin.xml',
        'ncip-lookupUserCheckPinFailed.xml',
        'ncip-lookupUserNotFound.xml',
      ]);
      expect(readNcipRequest(text('ncip-checkout.xml'))).toEqual({ service: 'CheckOutItem', known: true });
    });
  }
});
