import { createHmac } from 'node:crypto';
import { Member, ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { compilePolicy, CompiledPolicy } from './policy.compiler';
import { FieldRule, PolicyDocument, Purpose } from './policy.document';
import { PolicyRefusal } from './policy-refusal';
import { validatePolicyDocument } from './policy.validator';
import { isReleasedPayload, ReleasedPayload } from './released-payload';

/** 2026-06-15 12:00 in Amsterdam (CEST). */
const NOW = Date.parse('2026-06-15T12:00:00+02:00');
const SECRET = Buffer.from('pseudonym secret of kb');
const PURPOSE = 'lending';

type Json = Record<string, unknown>;

/** A member with a bit of everything (src/ may not import test/factories: the architecture check forbids it). */
function sampleMember(overrides: Partial<Member> = {}): ValidMember {
  const member: Member = {
    memberId: 'P100234',
    cardNumber: '20001234567890',
    libraryId: 'STA',
    name: { firstNames: 'Jan-Pieter Hendrik', initials: 'J.P.H.', prefix: 'van der', lastName: 'Berg' },
    birthDate: '2008-06-16',
    gender: 'M',
    email: 'jp.vanderberg@example.nl',
    phone: '+31 6 12345678',
    addresses: [
      { kind: 'home', street: 'Gemeentehuisplein', houseNumber: '1', houseNumberSuffix: 'a', postalCode: '7951AB', city: 'Staphorst', country: 'NL' },
      { kind: 'postal', street: 'Postbus', houseNumber: '42', postalCode: '7951 ab', city: 'Staphorst' },
      { kind: 'postal', street: 'Meir', houseNumber: '50', postalCode: '2000', city: 'Antwerpen', country: 'BE' },
    ],
    notificationChannel: 'email',
    membership: { subscription: 'jeugd', status: 'active', validUntil: '2027-03-31', branchId: 'STA-HOOFD' },
    bankAccount: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', holder: 'J.P.H. van der Berg' },
    directDebitMandate: { mandateId: 'STA-DD-100234', signedOn: '2024-01-05' },
    balanceCents: 350,
    loans: [
      { itemId: 'ITM1', recordId: 'PPN1', title: 'De avonden', author: 'Gerard Reve', loanedOn: '2026-06-01', dueOn: '2026-06-22' },
      { itemId: 'ITM2', recordId: 'PPN2', loanedOn: '2026-06-02', dueOn: '2026-06-23' },
      { itemId: 'ITM3', title: 'Tirza', medium: 'e-book' },
    ],
    holds: [{ recordId: 'PPN9', title: 'Max Havelaar', status: 'ready', pickupBranchId: 'STA-HOOFD' }],
    fees: [
      { feeId: 'FEE1', on: '2026-05-24', description: 'Te laat', amountCents: 350, status: 'open' },
      { feeId: 'FEE2', amountCents: 200, status: 'paid' },
    ],
    interests: ['streekromans', 'geschiedenis'],
    consents: {
      directDebit: { granted: true, on: '2024-01-05T10:00:00+01:00' },
      newsletter: { granted: false, on: '2024-01-05T10:00:00+01:00' },
      loanHistory: { granted: true, on: '2024-01-05T10:00:00Z' },
    },
    ...overrides,
  };
  const result = validateMember(member);
  if (!result.ok) throw new Error(`sample member is not valid: ${JSON.stringify(result.violations)}`);
  return result.member;
}

function documentWith(purposes: Array<Partial<Purpose> & { fields: FieldRule[] }>, agreement: Partial<PolicyDocument['agreement']> = {}, partner = 'kb'): PolicyDocument {
  const document: PolicyDocument = {
    partner,
    displayName: 'Koninklijke Bibliotheek',
    relationship: 'joint-controller',
    agreement: { reference: 'GVV-KB-2023', validFrom: '2023-02-01', validUntil: '2027-12-31', ...agreement },
    purposes: purposes.map((p, i) => ({ id: `purpose-${i}`, description: 'test', legalBasis: 'contract', ...p })),
  };
  const result = validatePolicyDocument(document);
  if (!result.ok) throw new Error(`test policy is not valid: ${JSON.stringify(result.violations)}`);
  return result.document;
}

function compiled(fields: FieldRule[], purpose: Partial<Purpose> = {}, agreement: Partial<PolicyDocument['agreement']> = {}, secret = SECRET): CompiledPolicy {
  return compilePolicy(documentWith([{ id: PURPOSE, ...purpose, fields }], agreement), { version: 7, contentHash: 'sha256:abc', pseudonymSecret: secret });
}

function release(fields: FieldRule[], member: unknown = sampleMember(), purpose: Partial<Purpose> = {}): Json {
  return compiled(fields, purpose).release(member as ValidMember, PURPOSE, NOW).fields;
}

function refusal(run: () => unknown): PolicyRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyRefusal) return error;
    throw error;
  }
  throw new Error('expected a PolicyRefusal, but the release went through');
}

const hmac = (secret: Buffer, value: string): string => createHmac('sha256', secret).update(value).digest('hex');

describe('CompiledPolicy.release', () => {
  describe('default deny', () => {
    it('lets out only the listed paths', () => {
      expect(release([{ path: 'memberId' }, { path: 'name.lastName' }])).toStrictEqual({ memberId: 'P100234', name: { lastName: 'Berg' } });
    });

    it('lets out nothing for a purpose without fields', () => {
      expect(release([])).toStrictEqual({});
    });

    it('leaves out a listed path the member does not have', () => {
      const member = sampleMember({ email: undefined, phone: undefined });
      delete (member as Member).email;
      expect(release([{ path: 'email' }, { path: 'memberId' }], member)).toStrictEqual({ memberId: 'P100234' });
    });

    it('copies, never aliases, the member: changing the member afterwards changes nothing released', () => {
      const member = sampleMember();
      const fields = release([{ path: 'name' }, { path: 'loans[]' }, { path: 'interests[]' }], member);
      expect(fields.name).not.toBe(member.name);
      expect(fields.loans).not.toBe(member.loans);
      expect((fields.loans as unknown[])[0]).not.toBe(member.loans?.[0]);
      expect(fields.interests).not.toBe(member.interests);
      member.name.lastName = 'Changed';
      expect(fields.name).toStrictEqual({ firstNames: 'Jan-Pieter Hendrik', initials: 'J.P.H.', prefix: 'van der', lastName: 'Berg' });
    });

    it('does not change the member', () => {
      const member = sampleMember();
      const before = JSON.stringify(member);
      release([{ path: 'name.firstNames', transform: 'initials' }, { path: 'addresses[].postalCode', transform: 'postcode4' }, { path: 'loans[]' }], member);
      expect(JSON.stringify(member)).toBe(before);
    });

    it('orders the output by the model, not by the policy', () => {
      const fields = release([{ path: 'loans[].itemId' }, { path: 'email' }, { path: 'name.lastName' }, { path: 'memberId' }, { path: 'name.firstNames' }]);
      expect(Object.keys(fields)).toEqual(['memberId', 'name', 'email', 'loans']);
      expect(Object.keys(fields.name as Json)).toEqual(['firstNames', 'lastName']);
    });
  });

  describe("'[]' paths and arrays", () => {
    it('applies a path inside an array to every element, keeping only elements that hold something', () => {
      expect(release([{ path: 'loans[].title' }]).loans).toStrictEqual([{ title: 'De avonden' }, { title: 'Tirza' }]);
    });

    it('combines several paths inside the same array per element', () => {
      expect(release([{ path: 'loans[].itemId' }, { path: 'loans[].dueOn' }]).loans).toStrictEqual([
        { itemId: 'ITM1', dueOn: '2026-06-22' },
        { itemId: 'ITM2', dueOn: '2026-06-23' },
        { itemId: 'ITM3' },
      ]);
    });

    it("copies whole elements for 'loans[]', with every model key they hold", () => {
      expect(release([{ path: 'loans[]' }]).loans).toStrictEqual(sampleMember().loans);
    });

    it('applies the transform of a repeated leaf to each value', () => {
      expect(release([{ path: 'interests[]', transform: 'pseudonym' }]).interests).toStrictEqual([hmac(SECRET, 'streekromans'), hmac(SECRET, 'geschiedenis')]);
    });

    it('leaves out an array whose elements all come out empty, and an empty array', () => {
      const noTitles = sampleMember({ loans: [{ itemId: 'ITM1' }, { itemId: 'ITM2' }] });
      expect(release([{ path: 'loans[].title' }, { path: 'memberId' }], noTitles)).toStrictEqual({ memberId: 'P100234' });
      const none = sampleMember({ loans: [], interests: [] });
      expect(release([{ path: 'loans[]' }, { path: 'interests[]' }, { path: 'memberId' }], none)).toStrictEqual({ memberId: 'P100234' });
    });
  });

  describe('object paths', () => {
    it("copies for 'name' only the keys the model defines", () => {
      const member = JSON.parse(
        '{"memberId":"P1","cardNumber":"1234","libraryId":"STA","name":{"lastName":"Berg","nickname":"Bergje","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prefix":"van"}}',
      ) as unknown;
      const fields = release([{ path: 'name' }], member);
      expect(fields).toStrictEqual({ name: { lastName: 'Berg', prefix: 'van' } });
      expect(Object.getPrototypeOf(fields.name)).toBe(Object.prototype);
      expect(Object.getOwnPropertyNames(fields.name)).toEqual(['prefix', 'lastName']);
      expect(({} as Json).polluted).toBeUndefined();
    });

    it("copies nested objects whole for 'consents', and only the consents the member has", () => {
      expect(release([{ path: 'consents' }]).consents).toStrictEqual(sampleMember().consents);
    });

    it('leaves out an object that comes out empty', () => {
      const member = sampleMember({ membership: { subscription: 'jeugd' }, name: { lastName: 'Berg' } });
      expect(release([{ path: 'membership.status' }, { path: 'name.prefix' }, { path: 'memberId' }], member)).toStrictEqual({ memberId: 'P100234' });
      expect(release([{ path: 'membership' }], sampleMember({ membership: {} }))).toStrictEqual({});
    });
  });

  describe("'when' conditions", () => {
    it('lets a field out only when the condition holds', () => {
      const fields: FieldRule[] = [{ path: 'email', when: { notificationChannel: 'email' } }, { path: 'phone', when: { notificationChannel: 'sms' } }];
      expect(release(fields, sampleMember({ notificationChannel: 'email' }))).toStrictEqual({ email: 'jp.vanderberg@example.nl' });
      expect(release(fields, sampleMember({ notificationChannel: 'sms' }))).toStrictEqual({ phone: '+31 6 12345678' });
      expect(release(fields, sampleMember({ notificationChannel: 'post' }))).toStrictEqual({});
    });

    it('reads a nested condition path such as consents.loanHistory.granted', () => {
      const fields: FieldRule[] = [{ path: 'loans[].itemId', when: { 'consents.loanHistory.granted': true } }, { path: 'memberId' }];
      expect(release(fields).loans).toStrictEqual([{ itemId: 'ITM1' }, { itemId: 'ITM2' }, { itemId: 'ITM3' }]);
      const refused = sampleMember({ consents: { loanHistory: { granted: false, on: '2025-01-01T00:00:00Z' } } });
      expect(release(fields, refused)).toStrictEqual({ memberId: 'P100234' });
      const silent = sampleMember({ consents: {} });
      expect(release(fields, silent)).toStrictEqual({ memberId: 'P100234' });
    });

    it('treats an absent value as unequal to false', () => {
      const fields: FieldRule[] = [{ path: 'memberId', when: { 'consents.researchPanel.granted': false } }];
      expect(release(fields)).toStrictEqual({});
      const declined = sampleMember({ consents: { researchPanel: { granted: false, on: '2025-01-01T00:00:00Z' } } });
      expect(release(fields, declined)).toStrictEqual({ memberId: 'P100234' });
    });

    it('needs every condition of a field to hold', () => {
      const fields: FieldRule[] = [{ path: 'phone', when: { notificationChannel: 'sms', 'membership.status': 'active' } }];
      expect(release(fields, sampleMember({ notificationChannel: 'sms' }))).toStrictEqual({ phone: '+31 6 12345678' });
      expect(release(fields, sampleMember({ notificationChannel: 'sms', membership: { status: 'blocked' } }))).toStrictEqual({});
      expect(release(fields, sampleMember({ notificationChannel: 'email' }))).toStrictEqual({});
    });

    it('guards a whole object or array path', () => {
      const fields: FieldRule[] = [{ path: 'addresses[]', when: { notificationChannel: 'post' } }];
      expect(release(fields, sampleMember({ notificationChannel: 'email' }))).toStrictEqual({});
      expect((release(fields, sampleMember({ notificationChannel: 'post' })).addresses as unknown[]).length).toBe(3);
    });

    it('compares numbers as numbers', () => {
      const fields: FieldRule[] = [{ path: 'memberId', when: { balanceCents: 350 } }];
      expect(release(fields)).toStrictEqual({ memberId: 'P100234' });
      expect(release(fields, sampleMember({ balanceCents: 351 }))).toStrictEqual({});
    });

    it("treats an empty condition ('when: {}', valid under the contract) as always true", () => {
      expect(release([{ path: 'memberId', when: {} }, { path: 'loans[].itemId', when: {} }])).toStrictEqual({
        memberId: 'P100234',
        loans: [{ itemId: 'ITM1' }, { itemId: 'ITM2' }, { itemId: 'ITM3' }],
      });
    });
  });

  describe('transforms on the way out', () => {
    it('reduces postcodes to four digits and withholds the foreign one', () => {
      expect(release([{ path: 'addresses[].postalCode', transform: 'postcode4' }, { path: 'addresses[].city' }]).addresses).toStrictEqual([
        { postalCode: '7951', city: 'Staphorst' },
        { postalCode: '7951', city: 'Staphorst' },
        { city: 'Antwerpen' },
      ]);
    });

    it('gives initials, an age band on the birthday boundary, a year and last4', () => {
      const fields = release([
        { path: 'name.firstNames', transform: 'initials' },
        { path: 'birthDate', transform: 'age-band' },
        { path: 'directDebitMandate.signedOn', transform: 'year' },
        { path: 'bankAccount.iban', transform: 'last4' },
        { path: 'cardNumber', transform: 'last4' },
        { path: 'libraryId', transform: 'last4' },
      ]);
      expect(fields).toStrictEqual({
        cardNumber: '**********7890',
        libraryId: 'STA',
        name: { firstNames: 'J.P.H.' },
        birthDate: '12-17', // 18 tomorrow
        bankAccount: { iban: '**************4300' },
        directDebitMandate: { signedOn: '2024' },
      });
      const onBirthday = compiled([{ path: 'birthDate', transform: 'age-band' }]).release(sampleMember(), PURPOSE, Date.parse('2026-06-16T00:00:00+02:00'));
      expect(onBirthday.fields).toStrictEqual({ birthDate: '18-24' });
    });

    it("pseudonymises with the partner's secret: stable for one partner, different between partners", () => {
      const fields: FieldRule[] = [{ path: 'memberId', transform: 'pseudonym' }, { path: 'balanceCents', transform: 'pseudonym' }];
      const kb = compiled(fields).release(sampleMember(), PURPOSE, NOW).fields;
      const kbAgain = compiled(fields, {}, {}, Buffer.from('pseudonym secret of kb')).release(sampleMember(), PURPOSE, NOW + 86_400_000).fields;
      const other = compiled(fields, {}, {}, Buffer.from('pseudonym secret of overijssel')).release(sampleMember(), PURPOSE, NOW).fields;
      expect(kb).toStrictEqual({ memberId: hmac(SECRET, 'P100234'), balanceCents: hmac(SECRET, '350') });
      expect(kbAgain).toStrictEqual(kb);
      expect(other.memberId).not.toBe(kb.memberId);
      expect(other.balanceCents).not.toBe(kb.balanceCents);
    });
  });

  describe('consent', () => {
    const fields: FieldRule[] = [{ path: 'email' }];

    it('releases nothing without the consent the purpose requires', () => {
      const policy = compiled(fields, { requiresConsent: 'newsletter', legalBasis: 'consent' });
      const declined = refusal(() => policy.release(sampleMember(), PURPOSE, NOW));
      expect(declined.code).toBe('CONSENT_MISSING');
      expect(declined.status).toBe(422);
      expect(declined.details).toEqual({ consent: 'newsletter' });
      const absent = sampleMember({ consents: { directDebit: { granted: true, on: '2024-01-05T10:00:00Z' } } });
      expect(refusal(() => policy.release(absent, PURPOSE, NOW)).code).toBe('CONSENT_MISSING');
      expect(refusal(() => policy.release(sampleMember({ consents: undefined }), PURPOSE, NOW)).code).toBe('CONSENT_MISSING');
      expect(refusal(() => policy.preview(sampleMember(), PURPOSE, NOW)).code).toBe('CONSENT_MISSING');
    });

    it('releases once consents.<name>.granted is true', () => {
      const policy = compiled(fields, { requiresConsent: 'newsletter', legalBasis: 'consent' });
      const granted = sampleMember({ consents: { newsletter: { granted: true, on: '2026-06-01T09:00:00+02:00' } } });
      expect(policy.release(granted, PURPOSE, NOW).fields).toStrictEqual({ email: 'jp.vanderberg@example.nl' });
    });
  });

  describe('purposes', () => {
    it('refuses an unknown purpose, naming the ones there are', () => {
      const policy = compilePolicy(documentWith([{ id: 'lending', fields: [] }, { id: 'reminders', fields: [] }]), { version: 3, contentHash: 'h', pseudonymSecret: SECRET });
      for (const purpose of ['marketing', '__proto__', 'constructor', 'toString', '']) {
        const error = refusal(() => policy.release(sampleMember(), purpose, NOW));
        expect(error.code).toBe('PURPOSE_UNKNOWN');
        expect(error.details).toEqual({ purposes: ['lending', 'reminders'] });
      }
      expect(policy.purposeIds()).toEqual(['lending', 'reminders']);
    });

    it('names an unknown purpose before an agreement that is not in force', () => {
      const expired = compiled([], {}, { validFrom: '2020-01-01', validUntil: '2021-01-01' });
      expect(refusal(() => expired.release(sampleMember(), 'nope', NOW)).code).toBe('PURPOSE_UNKNOWN');
    });

    it('keeps the purposes apart', () => {
      const policy = compilePolicy(documentWith([{ id: 'newsletter', fields: [{ path: 'email' }] }, { id: 'reminders', fields: [{ path: 'phone' }] }]), { version: 1, contentHash: 'h', pseudonymSecret: SECRET });
      expect(policy.release(sampleMember(), 'newsletter', NOW).fields).toStrictEqual({ email: 'jp.vanderberg@example.nl' });
      expect(policy.release(sampleMember(), 'reminders', NOW).fields).toStrictEqual({ phone: '+31 6 12345678' });
    });
  });

  describe('agreement dates, in Amsterdam days', () => {
    const at = (validity: Partial<PolicyDocument['agreement']>, instant: string): string => {
      try {
        compiled([{ path: 'memberId' }], {}, validity).release(sampleMember(), PURPOSE, Date.parse(instant));
        return 'released';
      } catch (error) {
        if (error instanceof PolicyRefusal) return error.code;
        throw error;
      }
    };

    it('is in force on its validUntil day until midnight Amsterdam time (winter, UTC+1), not after', () => {
      const until = { validFrom: '2024-01-01', validUntil: '2026-12-31' };
      expect(at(until, '2026-12-31T23:59:59.999+01:00')).toBe('released');
      expect(at(until, '2026-12-31T22:59:59.999Z')).toBe('released');
      expect(at(until, '2027-01-01T00:00:00+01:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(at(until, '2026-12-31T23:30:00Z')).toBe('AGREEMENT_NOT_IN_FORCE'); // still 31 December in UTC
    });

    it('is in force on its validUntil day until midnight Amsterdam time (summer, UTC+2), not after', () => {
      const until = { validFrom: '2024-01-01', validUntil: '2026-07-31' };
      expect(at(until, '2026-07-31T23:59:59.999+02:00')).toBe('released');
      expect(at(until, '2026-08-01T00:00:00+02:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(at(until, '2026-07-31T22:30:00Z')).toBe('AGREEMENT_NOT_IN_FORCE');
    });

    it('is not in force before its validFrom day begins in Amsterdam (a validFrom in the future)', () => {
      const from = { validFrom: '2026-06-01', validUntil: '2027-01-01' };
      expect(at(from, '2026-05-31T23:59:59.999+02:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(at(from, '2026-06-01T00:00:00+02:00')).toBe('released');
      expect(at(from, '2026-05-31T22:30:00Z')).toBe('released'); // 00:30 on 1 June in Amsterdam
      expect(at({ validFrom: '2099-01-01', validUntil: undefined }, '2026-06-15T12:00:00Z')).toBe('AGREEMENT_NOT_IN_FORCE');
    });

    it('ends at the right instant on the days the clocks change', () => {
      const spring = { validFrom: '2024-01-01', validUntil: '2026-03-29' }; // 23-hour day
      expect(at(spring, '2026-03-29T23:59:59+02:00')).toBe('released');
      expect(at(spring, '2026-03-30T00:00:00+02:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      const autumn = { validFrom: '2024-01-01', validUntil: '2026-10-25' }; // 25-hour day
      expect(at(autumn, '2026-10-25T23:59:59+01:00')).toBe('released');
      expect(at(autumn, '2026-10-26T00:00:00+01:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      const startsInSpring = { validFrom: '2026-03-29' };
      expect(at(startsInSpring, '2026-03-28T23:59:59+01:00')).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(at(startsInSpring, '2026-03-29T00:00:00+01:00')).toBe('released');
    });

    it('runs without end when there is no validUntil, and says why it refuses', () => {
      expect(at({ validFrom: '2024-01-01', validUntil: undefined }, '2099-12-31T12:00:00Z')).toBe('released');
      const error = refusal(() => compiled([], {}, { reference: 'VWO-1', validFrom: '2024-01-01', validUntil: '2024-12-31' }).release(sampleMember(), PURPOSE, NOW));
      expect(error.code).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(error.status).toBe(422);
      expect(error.details).toEqual({ validFrom: '2024-01-01', validUntil: '2024-12-31' });
      expect(error.message).toContain('VWO-1');
    });
  });

  describe('unknown keys in an unvalidated member', () => {
    it("never copies '__proto__', 'constructor' or other unknown keys, at any depth, and pollutes nothing", () => {
      const text =
        '{"memberId":"P1","cardNumber":"1234","libraryId":"STA","__proto__":{"email":"leak@example.nl","polluted":"yes"},' +
        '"constructor":{"prototype":{"polluted":"yes"}},"name":{"lastName":"Berg","__proto__":{"firstNames":"Leak"}},' +
        '"loans":[{"itemId":"I1","__proto__":{"title":"Leak"},"prototype":{"x":1}}],' +
        '"consents":{"__proto__":{"granted":true,"on":"2025-01-01T00:00:00Z"},"newsletter":{"granted":true,"on":"2025-01-01T00:00:00Z","extra":"leak"}}}';
      const member: unknown = JSON.parse(text);
      const fields = release([{ path: 'memberId' }, { path: 'email' }, { path: 'name' }, { path: 'loans[]' }, { path: 'consents' }], member);
      expect(fields).toStrictEqual({
        memberId: 'P1',
        name: { lastName: 'Berg' },
        loans: [{ itemId: 'I1' }],
        consents: { newsletter: { granted: true, on: '2025-01-01T00:00:00Z' } },
      });
      expect(JSON.stringify(fields)).not.toMatch(/leak|polluted|prototype|__proto__/i);
      expect(({} as Json).polluted).toBeUndefined();
      expect(({} as Json).email).toBeUndefined();
    });

    it('skips values of the wrong shape instead of copying them', () => {
      const member = { memberId: { nested: 'object' }, cardNumber: ['1234'], name: 'Berg', loans: { 0: { itemId: 'x' }, length: 1 }, interests: ['ok', { no: 1 }, null, 3] };
      expect(release([{ path: 'memberId' }, { path: 'cardNumber' }, { path: 'name' }, { path: 'loans[]' }, { path: 'interests[]' }], member)).toStrictEqual({ interests: ['ok', 3] });
    });
  });
});

describe('disclosed fields and preview', () => {
  it('describes each leaf that leaves, with its transform; leaves under an object path as copy', () => {
    const policy = compiled([{ path: 'name' }, { path: 'birthDate', transform: 'age-band' }, { path: 'addresses[].postalCode', transform: 'postcode4' }, { path: 'loans[].title' }]);
    const payload = policy.release(sampleMember({ name: { lastName: 'Berg', prefix: 'van' } }), PURPOSE, NOW);
    expect(payload.disclosedFields()).toEqual([
      { path: 'name.prefix', transform: 'copy' },
      { path: 'name.lastName', transform: 'copy' },
      { path: 'birthDate', transform: 'age-band' },
      { path: 'addresses[].postalCode', transform: 'postcode4' },
      { path: 'loans[].title', transform: 'copy' },
    ]);
    expect(payload.origin).toEqual({ partner: 'kb', purpose: PURPOSE, policyVersion: 7, policyHash: 'sha256:abc', agreementReference: 'GVV-KB-2023' });
  });

  it("lists as withheld every present leaf path that does not leave, including one a transform withheld", () => {
    const member = sampleMember({ addresses: [{ kind: 'home', street: 'Meir', houseNumber: '50', postalCode: '2000', city: 'Antwerpen' }] });
    const policy = compiled([{ path: 'memberId' }, { path: 'addresses[].postalCode', transform: 'postcode4' }, { path: 'email', when: { notificationChannel: 'sms' } }]);
    const { payload, withheld } = policy.preview(member, PURPOSE, NOW);
    expect(payload.fields).toStrictEqual({ memberId: 'P100234' });
    expect(withheld).toContain('addresses[].postalCode');
    expect(withheld).toContain('email');
    // The condition decided that e-mail stays home: the partner learns the member is not reached by sms.
    expect(withheld).not.toContain('notificationChannel');
    expect(withheld).not.toContain('memberId');
    expect(withheld).toContain('bankAccount.iban');
    expect(withheld).toContain('consents.loanHistory.granted');
    expect(withheld).not.toContain('consents.researchPanel.granted'); // the member has none
    expect(payload.disclosedFields()).toEqual([
      { path: 'memberId', transform: 'copy' },
      { path: 'notificationChannel', transform: 'inferred' },
    ]);
  });
});

describe('ReleasedPayload', () => {
  it('is issued by the compiler, frozen, and recognised', () => {
    const payload = compiled([{ path: 'memberId' }]).release(sampleMember(), PURPOSE, NOW);
    expect(isReleasedPayload(payload)).toBe(true);
    expect(payload).toBeInstanceOf(ReleasedPayload);
    expect(Object.isFrozen(payload)).toBe(true);
    expect(() => {
      (payload as unknown as { origin: unknown }).origin = {};
    }).toThrow(TypeError);
  });

  it('cannot be made outside the compiler: a look-alike, a prototype trick, the private constructor or a copy is not one', () => {
    const real = compiled([{ path: 'memberId' }]).release(sampleMember(), PURPOSE, NOW);
    const lookAlike = { origin: real.origin, fields: { memberId: 'P100234', bankAccount: { iban: 'NL91ABNA0417164300' } }, disclosedFields: () => [] };
    expect(isReleasedPayload(lookAlike)).toBe(false);
    expect(isReleasedPayload(Object.create(ReleasedPayload.prototype))).toBe(false);
    const PrivateConstructor = ReleasedPayload as unknown as new (...args: unknown[]) => object;
    const forged = new PrivateConstructor(real.origin, { iban: 'NL91ABNA0417164300' }, () => []);
    expect(forged).toBeInstanceOf(ReleasedPayload);
    expect(isReleasedPayload(forged)).toBe(false);
    expect(isReleasedPayload({ ...real })).toBe(false);
    expect(isReleasedPayload(Object.assign(Object.create(ReleasedPayload.prototype) as object, real))).toBe(false);
    expect(isReleasedPayload(JSON.parse(JSON.stringify(real)))).toBe(false);
    for (const value of [null, undefined, 'payload', 42, [], {}]) expect(isReleasedPayload(value)).toBe(false);
  });
});
