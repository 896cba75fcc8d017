import { DisclosureRecord } from '../../src/audit/disclosure-record';

export function disclosure(overrides: Partial<DisclosureRecord> = {}): DisclosureRecord {
  return {
    memberId: 'P000101',
    partner: 'kb',
    purpose: 'online-library',
    policyVersion: 1,
    policyHash: 'e'.repeat(64),
    agreementReference: 'KB-Wsob-2023-01',
    fields: [
      { path: 'memberId', transform: 'copy' },
      { path: 'name.family', transform: 'initials' },
      { path: 'birthDate', transform: 'year' },
    ],
    exchangeId: 'delivery-1',
    ...overrides,
  };
}
