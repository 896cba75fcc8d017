import fc from 'fast-check';
import { memberArbitrary } from '../../../test/factories/member.arbitrary';
import { minimalMember, realisticMember } from '../../../test/factories/member.factory';
import { MappingFailed } from '../../errors/partner-errors';
import { validateMember } from '../../domain/member.validator';
import { memberToWise } from './member-to-wise';
import { WisePatronDocument } from './wise-patron';
import { wiseToMember } from './wise-to-member';

/** Splits a patron document the way the Wise API serves it: patron information, then loans, holds, fees. */
function served(document: WisePatronDocument): { patron: WisePatronDocument; loans: unknown; holds: unknown; fees: unknown } {
  const { loans = [], holds = [], fees = [], ...patron } = document;
  return { patron, loans, holds, fees };
}

function roundTrip(member: unknown): unknown {
  const { patron, ...activity } = served(memberToWise(member));
  return wiseToMember(patron, activity);
}

/** What 'blank strings are absent' makes of a member: no blank strings, no empty lists or objects. */
function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutBlanks).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, withoutBlanks(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

describe('memberToWise', () => {
  it('writes the Wise vocabulary: patron fields, address codes, amounts in cents, consents as a list', () => {
    const member = realisticMember(1);
    const document = memberToWise(member);
    expect(document).toMatchObject({
      patronSystemId: member.memberId,
      cardNumber: member.cardNumber,
      middleName: member.name.prefix,
      dateOfBirth: member.birthDate,
      balance: member.balanceCents,
      addresses: [{ addressType: 'HOME' }, { addressType: 'POSTAL' }],
    });
    expect(document.fees?.[0]).toEqual({ feeId: member.fees?.[0]?.feeId, date: member.fees?.[0]?.on, description: member.fees?.[0]?.description, amount: member.fees?.[0]?.amountCents, status: 'OPEN' });
    expect(document.consents?.map((consent) => consent.type)).toEqual(['DIRECT_DEBIT', 'NEWSLETTER', 'RESEARCH_PANEL', 'LOAN_HISTORY']);
  });

  it.each([1, 2, 3, 17, 99])('round-trips realistic member %i through Wise unchanged', (seed) => {
    const member = realisticMember(seed);
    expect(roundTrip(member)).toEqual(member);
  });

  it('round-trips the least member the contract allows', () => {
    expect(roundTrip(minimalMember())).toEqual(minimalMember());
  });

  it('round-trips every valid member: canonical → Wise → canonical keeps every field (blank strings count as absent)', () => {
    fc.assert(
      fc.property(memberArbitrary(), (generated) => {
        const expected = withoutBlanks(generated);
        fc.pre(validateMember(expected).ok);
        expect(roundTrip(expected)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('writes only the fields it is given and never a field outside the contract', () => {
    const document = memberToWise({ memberId: 'P1', fees: [{ feeId: 'F1', amountCents: 250, status: 'paid', canary: 'x' }], canary: 'CANARY-7' });
    expect(document).toEqual({ patronSystemId: 'P1', fees: [{ feeId: 'F1', amount: 250, status: 'PAID' }] });
    expect(JSON.stringify(document)).not.toContain('CANARY');
  });

  it.each([
    ['a birth year where text is due', { birthDate: 1980 }, 'birthDate'],
    ['a status outside the contract', { fees: [{ feeId: 'F', amountCents: 1, status: 'refunded' }] }, 'fees[0].status'],
    ['an amount in euros', { fees: [{ feeId: 'F', amountCents: 2.5 }] }, 'fees[0].amountCents'],
    ['a consent that the contract does not know', { consents: { marketing: { granted: true, on: '2024-01-01T00:00:00Z' } } }, 'consents.marketing'],
  ])('refuses %s with MappingFailed naming the field', (_what, fields, path) => {
    let caught: unknown;
    try {
      memberToWise(fields);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MappingFailed);
    expect((caught as MappingFailed).message).toContain(path);
  });
});
