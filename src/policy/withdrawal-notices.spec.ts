import { join } from 'node:path';
import { loadPolicyDirectory } from './policy.loader';
import { PolicyDocument } from './policy.document';
import { withdrawalNotices } from './withdrawal-notices';

const DEFAULTS = loadPolicyDirectory(join(__dirname, '../../policies')).map((file) => file.document);

describe('withdrawalNotices', () => {
  it('finds the newsletter unsubscribe for a withdrawn newsletter consent in the default policies', () => {
    expect(withdrawalNotices(DEFAULTS, 'newsletter')).toEqual({ notices: [{ partner: 'newsletter', purpose: 'unsubscribe' }], uninformed: [] });
  });

  it('names the partners that need a consent but have no notice purpose', () => {
    expect(withdrawalNotices(DEFAULTS, 'directDebit').uninformed).toEqual([{ partner: 'bank', purpose: 'direct-debit' }]);
  });

  it("finds the panel's removal list: its withdrawal notice, sent with the next export", () => {
    expect(withdrawalNotices(DEFAULTS, 'researchPanel')).toEqual({ notices: [{ partner: 'biebpanel', purpose: 'removal' }], uninformed: [] });
  });

  it('is no notice when only some fields wait for the withdrawal, or when they wait for another consent', () => {
    const partial: PolicyDocument = {
      partner: 'x',
      displayName: 'X',
      relationship: 'processor',
      agreement: { reference: 'r', signedOn: '2024-01-01', validFrom: '2024-01-01' },
      purposes: [
        { id: 'half', description: 'd', legalBasis: 'consent', requiresConsent: 'newsletter', fields: [{ path: 'memberId', when: { 'consents.newsletter.granted': false } }, { path: 'email' }] },
        { id: 'other', description: 'd', legalBasis: 'legal-obligation', fields: [{ path: 'memberId', when: { 'consents.researchPanel.granted': false } }] },
      ],
    };
    expect(withdrawalNotices([partial], 'newsletter')).toEqual({ notices: [], uninformed: [{ partner: 'x', purpose: 'half' }] });
  });

  it('takes a purpose sent on consent-withdrawn as the notice, but only where a purpose of that partner needs the consent', () => {
    const policy = (partner: string, requiresConsent: 'newsletter' | 'researchPanel'): PolicyDocument => ({
      partner,
      displayName: partner,
      relationship: 'processor',
      agreement: { reference: 'r', validFrom: '2024-01-01' },
      purposes: [
        { id: 'mail', description: 'd', legalBasis: 'consent', requiresConsent, sendOn: ['consent-granted'], fields: [{ path: 'email' }] },
        { id: 'stop', description: 'd', legalBasis: 'legal-obligation', sendOn: ['consent-withdrawn', 'left'], fields: [{ path: 'memberId', transform: 'pseudonym' }] },
      ],
    });
    expect(withdrawalNotices([policy('a', 'newsletter'), policy('b', 'researchPanel')], 'newsletter')).toEqual({ notices: [{ partner: 'a', purpose: 'stop' }], uninformed: [] });
  });
});
