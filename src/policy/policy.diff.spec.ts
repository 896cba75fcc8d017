import { diffPolicies } from './policy.diff';
import { PolicyDocument } from './policy.document';
import { policyContentHash } from './policy.hash';

const base: PolicyDocument = {
  partner: 'kb',
  displayName: 'KB',
  relationship: 'joint-controller',
  agreement: { reference: 'A-1', validFrom: '2024-01-01' },
  purposes: [
    {
      id: 'login',
      description: 'inloggen',
      legalBasis: 'public-task',
      fields: [{ path: 'cardNumber' }, { path: 'birthDate', transform: 'year' }, { path: 'email', when: { notificationChannel: 'email' } }],
    },
    { id: 'gone', description: 'weg', legalBasis: 'contract', fields: [{ path: 'memberId' }] },
  ],
};

function edited(change: (document: PolicyDocument) => void): PolicyDocument {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

describe('diffPolicies', () => {
  it('reports nothing between equal documents', () => {
    expect(diffPolicies(base, structuredClone(base))).toEqual({ settingsChanged: [], purposes: [], unchanged: true });
  });

  it('lists fields added, removed and transforms changed per purpose', () => {
    const next = edited((d) => {
      const login = d.purposes[0];
      if (login === undefined) throw new Error('fixture');
      login.fields = [{ path: 'cardNumber', transform: 'last4' }, { path: 'birthDate', transform: 'age-band' }, { path: 'name.lastName' }];
    });
    const diff = diffPolicies(base, next);
    expect(diff.unchanged).toBe(false);
    expect(diff.purposes).toEqual([
      {
        purpose: 'login',
        change: 'changed',
        fieldsAdded: [{ path: 'name.lastName' }],
        fieldsRemoved: [{ path: 'email', when: { notificationChannel: 'email' } }],
        transformsChanged: [
          { path: 'cardNumber', from: 'copy', to: 'last4' },
          { path: 'birthDate', from: 'year', to: 'age-band' },
        ],
        conditionsChanged: [],
        settingsChanged: [],
      },
    ]);
  });

  it('names purposes added and removed, conditions and settings changed', () => {
    const next = edited((d) => {
      d.agreement.validUntil = '2027-12-31';
      d.purposes = [
        { ...(d.purposes[0] as PolicyDocument['purposes'][number]), legalBasis: 'consent', requiresConsent: 'newsletter' },
        { id: 'fresh', description: 'nieuw', legalBasis: 'contract', fields: [{ path: 'phone' }] },
      ];
      const login = d.purposes[0];
      if (login?.fields[2] !== undefined) login.fields[2].when = { notificationChannel: 'sms' };
    });
    const diff = diffPolicies(base, next);
    expect(diff.settingsChanged).toEqual([{ setting: 'agreement.validUntil', from: null, to: '2027-12-31' }]);
    const byId = Object.fromEntries(diff.purposes.map((p) => [p.purpose, p]));
    expect(byId.login?.conditionsChanged).toEqual([{ path: 'email', from: { notificationChannel: 'email' }, to: { notificationChannel: 'sms' } }]);
    expect(byId.login?.settingsChanged).toEqual([
      { setting: 'legalBasis', from: 'public-task', to: 'consent' },
      { setting: 'requiresConsent', from: null, to: 'newsletter' },
    ]);
    expect(byId.gone).toMatchObject({ change: 'removed', fieldsRemoved: [{ path: 'memberId' }] });
    expect(byId.fresh).toMatchObject({ change: 'added', fieldsAdded: [{ path: 'phone' }] });
  });

  it('names a change of triggers (sendOn), and the triggers of an added purpose', () => {
    const next = edited((d) => {
      const login = d.purposes[0];
      if (login !== undefined) login.sendOn = ['left', 'erased'];
      d.purposes.push({ id: 'fresh', description: 'nieuw', legalBasis: 'contract', sendOn: ['joined'], fields: [{ path: 'phone' }] });
    });
    const byId = Object.fromEntries(diffPolicies(base, next).purposes.map((p) => [p.purpose, p]));
    expect(byId.login?.settingsChanged).toEqual([{ setting: 'sendOn', from: null, to: ['left', 'erased'] }]);
    expect(byId.fresh).toMatchObject({ change: 'added', sendOn: ['joined'] });
  });
});

describe('policyContentHash', () => {
  it('depends on content, not on key order', () => {
    const reordered = JSON.parse(JSON.stringify({ purposes: base.purposes, agreement: base.agreement, relationship: base.relationship, displayName: base.displayName, partner: base.partner })) as PolicyDocument;
    expect(policyContentHash(reordered)).toBe(policyContentHash(base));
    expect(policyContentHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyContentHash(edited((d) => (d.displayName = 'KB!')))).not.toBe(policyContentHash(base));
  });
});
