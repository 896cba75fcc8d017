import { buildDisclosureReport } from './disclosure-report';
import { LedgerEntry } from './ledger.chain';

function entry(seq: number, partner: string, purpose: string, paths: string[], agreementReference = `${partner}-agreement`, transform = 'copy'): LedgerEntry {
  return {
    seq,
    prevHash: '0'.repeat(64),
    hash: String(seq).padStart(64, '0'),
    recordedAt: `2025-03-${String(seq).padStart(2, '0')}T09:00:00.000Z`,
    memberId: 'P42',
    partner,
    purpose,
    policyVersion: seq,
    policyHash: 'd'.repeat(64),
    agreementReference,
    fields: paths.map((path) => ({ path, transform: path === 'memberId' ? 'copy' : transform })),
    exchangeId: seq === 2 ? null : `ex-${seq}`,
  };
}

describe('buildDisclosureReport', () => {
  it('lists every disclosure chronologically and summarises each recipient', () => {
    const entries = [
      entry(5, 'kb', 'online-library', ['memberId', 'email']),
      entry(2, 'overijssel', 'provincial-card', ['memberId', 'name.family']),
      entry(1, 'kb', 'registration', ['memberId', 'name.firstNames', 'email'], 'KB-2023', 'initials'),
    ];
    const report = buildDisclosureReport('P42', entries, new Date('2025-04-01T00:00:00Z'));
    expect(report.memberId).toBe('P42');
    expect(report.generatedAt).toBe('2025-04-01T00:00:00.000Z');
    expect(report.total).toBe(3);
    expect(report.disclosures.map((d) => d.seq)).toEqual([1, 2, 5]);
    expect(report.disclosures[1]).toEqual({
      seq: 2,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: '2025-03-02T09:00:00.000Z',
      partner: 'overijssel',
      purpose: 'provincial-card',
      policyVersion: 2,
      policyHash: 'd'.repeat(64),
      agreementReference: 'overijssel-agreement',
      fields: [
        { path: 'memberId', transform: 'copy' },
        { path: 'name.family', transform: 'copy' },
      ],
      exchangeId: null,
      outcome: 'answered',
    });
    expect(report.recipients).toEqual([
      {
        partner: 'kb',
        disclosures: 2,
        firstAt: '2025-03-01T09:00:00.000Z',
        lastAt: '2025-03-05T09:00:00.000Z',
        purposes: ['online-library', 'registration'],
        // In the catalog's order, each with how it left (the e-mail address once as is, once otherwise).
        fields: ['memberId', 'name.firstNames', 'email'],
        disclosed: [
          { path: 'memberId', transforms: ['copy'] },
          { path: 'name.firstNames', transforms: ['initials'] },
          { path: 'email', transforms: ['copy', 'initials'] },
        ],
        agreementReferences: ['KB-2023', 'kb-agreement'],
      },
      {
        partner: 'overijssel',
        disclosures: 1,
        firstAt: '2025-03-02T09:00:00.000Z',
        lastAt: '2025-03-02T09:00:00.000Z',
        purposes: ['provincial-card'],
        fields: ['memberId', 'name.family'],
        disclosed: [
          { path: 'memberId', transforms: ['copy'] },
          { path: 'name.family', transforms: ['copy'] },
        ],
        agreementReferences: ['overijssel-agreement'],
      },
    ]);
  });

  it('reports nothing disclosed for a member without entries', () => {
    expect(buildDisclosureReport('P7', [], new Date(0))).toEqual({ memberId: 'P7', generatedAt: '1970-01-01T00:00:00.000Z', total: 0, recipients: [], disclosures: [] });
  });
});
