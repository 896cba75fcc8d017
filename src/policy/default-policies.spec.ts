import { join } from 'node:path';
import { catalogField, leafPathsUnder } from '../domain/field-catalog';
import { FieldRule, PolicyDocument, Purpose } from './policy.document';
import { loadPolicyDirectory } from './policy.loader';

/**
 * The privacy statement's promises, checked on the default policies under policies/. A change to a
 * default document that breaks one of them fails here, whatever the validator accepts.
 */
const policies = new Map<string, PolicyDocument>(loadPolicyDirectory(join(__dirname, '..', '..', 'policies')).map((p) => [p.partner, p.document]));

function policy(partner: string): PolicyDocument {
  const document = policies.get(partner);
  if (document === undefined) throw new Error(`no default policy for '${partner}'`);
  return document;
}

function rules(document: PolicyDocument): FieldRule[] {
  return document.purposes.flatMap((purpose) => purpose.fields);
}

/** The leaf paths a rule can let out ('name' → 'name.firstNames', ...). */
function leaves(rule: FieldRule): string[] {
  return leafPathsUnder(rule.path);
}

function purpose(document: PolicyDocument, id: string): Purpose {
  const found = document.purposes.find((p) => p.id === id);
  if (found === undefined) throw new Error(`${document.partner} has no purpose '${id}'`);
  return found;
}

describe('default policies: every document', () => {
  const all = [...policies.values()];

  it.each(all.map((d) => [d.partner, d] as const))('%s names its agreement and a legal basis for each purpose', (_partner, document) => {
    expect(document.agreement.reference.trim()).not.toBe('');
    for (const p of document.purposes) {
      expect(p.legalBasis).toBeDefined();
      expect(p.description.trim()).not.toBe('');
      expect(p.retentionDays).toBeDefined();
    }
  });

  it('asks for the consent it rests on whenever the legal basis is consent', () => {
    const withoutCondition = all.flatMap((d) =>
      d.purposes.filter((p) => p.legalBasis === 'consent' && p.requiresConsent === undefined).map((p) => `${d.partner}/${p.id}`),
    );
    expect(withoutCondition).toEqual([]);
  });

  it('gives bank details and the mandate to the bank only', () => {
    for (const document of all.filter((d) => d.partner !== 'bank')) {
      const financial = rules(document).filter((r) => r.path.startsWith('bankAccount') || r.path.startsWith('directDebitMandate'));
      expect([document.partner, financial]).toEqual([document.partner, []]);
    }
  });

  it('never gives an independent recipient the member id in clear', () => {
    for (const document of all.filter((d) => d.relationship === 'recipient')) {
      const clear = rules(document).filter((r) => r.path === 'memberId' && r.transform !== 'pseudonym');
      expect([document.partner, clear]).toEqual([document.partner, []]);
    }
  });
});

describe('default policies: the bank', () => {
  const bank = policy('bank');

  it('shares only for members who gave explicit direct-debit consent', () => {
    expect(bank.purposes.length).toBeGreaterThan(0);
    for (const p of bank.purposes) expect(p.requiresConsent).toBe('directDebit');
  });

  it('gets what a direct debit needs: IBAN, holder, mandate and name', () => {
    const paths = rules(bank).flatMap(leaves);
    expect(paths).toEqual(expect.arrayContaining(['bankAccount.iban', 'bankAccount.holder', 'directDebitMandate.mandateId', 'name.lastName']));
  });

  it('gets no loans, holds, contact details or birth date', () => {
    const paths = rules(bank).flatMap(leaves);
    expect(paths.filter((p) => /^(loans|holds|addresses)\[\]|^(email|phone|birthDate)$/.test(p))).toEqual([]);
  });
});

describe('default policies: the newsletter', () => {
  it('shares only for members who subscribed, and tells of a withdrawal, a leaver or an erasure with nothing but the pseudonym', () => {
    const newsletter = policy('newsletter');
    const [subscribe, ...others] = newsletter.purposes;
    expect(subscribe?.requiresConsent).toBe('newsletter');
    expect(subscribe?.sendOn).toEqual(['consent-granted', 'changed']);
    expect(others.map((p) => p.id)).toEqual(['unsubscribe']);
    expect(others[0]?.fields).toEqual([{ path: 'memberId', transform: 'pseudonym' }]);
    expect(others[0]?.sendOn).toEqual(['consent-withdrawn', 'left', 'erased']);
  });
});

describe('default policies: lifecycle triggers', () => {
  it('register at the KB and the province on joined/changed and deregister on left/erased; the lending system, the source, gets none', () => {
    const triggers = (partner: string) => Object.fromEntries(policy(partner).purposes.filter((p) => p.sendOn !== undefined).map((p) => [p.id, p.sendOn]));
    expect(triggers('kb')).toEqual({ 'online-registration': ['joined', 'changed'], 'online-deregistration': ['left', 'erased'] });
    expect(triggers('overijssel')).toEqual({ registration: ['joined', 'changed'], deregistration: ['left', 'erased'] });
    expect(triggers('hka')).toEqual({});
  });
});

describe('default policies: Biebpanel', () => {
  const panel = policy('biebpanel');

  it('shares only for members who joined the panel; after they leave it, only the pseudonym, to have their data wiped', () => {
    expect(panel.purposes.length).toBeGreaterThan(0);
    for (const p of panel.purposes.filter((purpose) => purpose.id !== 'removal')) expect(p.requiresConsent).toBe('researchPanel');
    const removal = panel.purposes.find((purpose) => purpose.id === 'removal');
    expect(removal?.sendOn).toEqual(['consent-withdrawn']);
    expect(removal?.fields).toEqual([{ path: 'memberId', transform: 'pseudonym', when: { 'consents.researchPanel.granted': false } }]);
  });

  it('contains no name, email, phone or address leaf (a postcode only as its four digits)', () => {
    for (const rule of rules(panel)) {
      for (const leaf of leaves(rule)) {
        expect(leaf).not.toMatch(/^name\.|^email$|^phone$/);
        if (leaf.startsWith('addresses[]')) expect([leaf, rule.transform]).toEqual(['addresses[].postalCode', 'postcode4']);
      }
    }
  });

  it('pseudonymises the member id and coarsens the birth date', () => {
    for (const rule of rules(panel)) {
      if (rule.path === 'memberId') expect(rule.transform).toBe('pseudonym');
      if (rule.path === 'birthDate') expect(rule.transform).toBe('age-band');
    }
    expect(rules(panel).map((r) => r.path)).toContain('memberId');
  });
});

describe.each(['bibliotheca', 'appguard'])('default policies: %s (SIP2 machine in the library)', (partner) => {
  const document = policy(partner);

  it('contains no address path', () => {
    expect(rules(document).filter((r) => r.path.startsWith('addresses'))).toEqual([]);
  });

  it('contains no contact details at all', () => {
    expect(rules(document).filter((r) => catalogField(r.path)?.category === 'contact')).toEqual([]);
  });

  it('gets the card number it answers SIP2 requests for', () => {
    expect(rules(document).map((r) => r.path)).toContain('cardNumber');
  });
});

describe('default policies: the lending system (hka)', () => {
  const reminders = purpose(policy('hka'), 'reminders');

  it.each([
    ['email', 'email'],
    ['phone', 'sms'],
    ['addresses[]', 'post'],
  ])('sends reminders to %s only when the member chose %s', (path, channel) => {
    const rule = reminders.fields.find((r) => r.path === path);
    expect(rule?.when).toEqual({ notificationChannel: channel });
  });

  it('has no contact field in reminders that ignores the chosen channel', () => {
    const unconditional = reminders.fields.filter((r) => catalogField(r.path)?.category === 'contact' && r.when?.notificationChannel === undefined);
    expect(unconditional).toEqual([]);
  });
});

describe('default policies: the Overijssel library network', () => {
  const overijssel = policy('overijssel');

  it('answers a lookup at another library with enough to lend: name, card validity, home library, blocks', () => {
    const paths = purpose(overijssel, 'member-lookup').fields.flatMap(leaves);
    expect(paths).toEqual(expect.arrayContaining(['cardNumber', 'libraryId', 'name.lastName', 'membership.status', 'membership.validUntil']));
    expect(paths.filter((p) => catalogField(p)?.category !== 'identity' && !p.startsWith('membership.'))).toEqual([]);
  });

  it('never gives payment data, contact details, loans or a birth date in a lookup', () => {
    const paths = purpose(overijssel, 'member-lookup').fields.flatMap(leaves);
    const financialOrContact = paths.filter((p) => ['financial', 'contact'].includes(catalogField(p)?.category ?? ''));
    expect([...financialOrContact, ...paths.filter((p) => /^(loans|holds|fees)\[\]|^birthDate$/.test(p))]).toEqual([]);
  });

  it('deregisters with identifiers only', () => {
    expect(purpose(overijssel, 'deregistration').fields.map((r) => [r.path, r.transform ?? 'copy'])).toEqual([
      ['memberId', 'pseudonym'],
      ['cardNumber', 'copy'],
      ['libraryId', 'copy'],
    ]);
  });
});

describe('default policies: the KB', () => {
  const kb = policy('kb');

  it('gives the KB only what it publicly receives: membership number, card number, date of birth, subscription and its validity', () => {
    const allowed = ['memberId', 'cardNumber', 'birthDate', 'membership.subscription', 'membership.status', 'membership.validUntil'];
    for (const p of kb.purposes) expect([p.id, p.fields.flatMap(leaves).filter((path) => !allowed.includes(path))]).toEqual([p.id, []]);
  });

  it('deregisters by membership number only', () => {
    expect(purpose(kb, 'online-deregistration').fields.map((r) => r.path)).toEqual(['memberId']);
  });
});
