import { join } from 'node:path';
import { realisticMember } from '../../../test/factories/member.factory';
import { MappingFailed } from '../../errors/partner-errors';
import { compilePolicy } from '../../policy/policy.compiler';
import { policyContentHash } from '../../policy/policy.hash';
import { loadPolicyDirectory } from '../../policy/policy.loader';
import { fromMemberRecord, toMemberRecord } from './member-record';

const NOW = Date.parse('2026-06-01T10:00:00Z');
const document = loadPolicyDirectory(join(__dirname, '..', '..', '..', 'policies')).find((p) => p.partner === 'overijssel')?.document;
if (document === undefined) throw new Error('no overijssel policy');
const policy = compilePolicy(document, { version: 1, contentHash: policyContentHash(document), pseudonymSecret: Buffer.from('overijssel test secret') });

describe('overijssel mapping: released fields ↔ MemberRecord', () => {
  it.each(document.purposes.map((p) => [p.id]))('round-trips what purpose %s releases, for many members', (purpose) => {
    for (let seed = 1; seed <= 25; seed++) {
      const fields = policy.release(realisticMember(seed), purpose, NOW).fields;
      expect(fromMemberRecord(toMemberRecord(fields))).toEqual(fields);
    }
  });

  it('maps a lookup to what a lending library needs: card, home library, name as initials, membership', () => {
    const member = realisticMember(3);
    const record = toMemberRecord(policy.release(member, 'member-lookup', NOW).fields);
    expect(record).toEqual({
      CardNumber: member.cardNumber,
      HomeLibrary: member.libraryId,
      Name: { Initials: member.name.initials, ...(member.name.prefix !== undefined ? { Prefix: member.name.prefix } : {}), LastName: member.name.lastName },
      Membership: { Subscription: member.membership?.subscription, Status: member.membership?.status, ValidUntil: member.membership?.validUntil },
    });
  });

  it('keeps the schema order of the elements (the soap serializer follows key order)', () => {
    const record = toMemberRecord(policy.release(realisticMember(4), 'registration', NOW).fields);
    expect(Object.keys(record)).toEqual(['Reference', 'CardNumber', 'HomeLibrary', 'Name', 'AgeBand', 'Email', 'Address', 'Membership']);
  });

  it.each([
    ['no card number', { libraryId: 'STA' }, "needs 'cardNumber'"],
    ['a card number outside the contract', { cardNumber: '12 34' }, "'cardNumber' is not a card number"],
    ['a field the record has no element for', { cardNumber: 'A1234', phone: '0522 123456' }, "no element for 'phone'"],
    ['a sub-field the record has no element for', { cardNumber: 'A1234', addresses: [{ city: 'Staphorst', country: 'NL' }] }, "no element for 'addresses[].country'"],
    ['first names that are not initials', { cardNumber: 'A1234', name: { firstNames: 'Jan Pieter' } }, "'name.firstNames' must be released as initials"],
    ['a birth date that is not an age band', { cardNumber: 'A1234', birthDate: '1980-02-03' }, "'birthDate' must be released as an age band"],
    ['a character XML cannot carry', { cardNumber: 'A1234', name: { lastName: 'Berg\u0001' } }, "'name.lastName' holds a character that XML cannot carry"],
    ['more than five addresses', { cardNumber: 'A1234', addresses: Array.from({ length: 6 }, () => ({ city: 'Staphorst' })) }, 'more than the 5 addresses'],
  ])('refuses %s with MappingFailed naming the field, never its value', (_case, fields, reason) => {
    expect(() => toMemberRecord(fields)).toThrow(MappingFailed);
    expect(() => toMemberRecord(fields)).toThrow(reason);
    try {
      toMemberRecord(fields);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/Jan Pieter|1980-02-03|0522|Berg/);
    }
  });
});
