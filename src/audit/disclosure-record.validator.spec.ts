import { GatewayError } from '../errors/gateway-error';
import { DisclosureRecord } from './disclosure-record';
import { assertDisclosureRecord, FIELD_PATH_PATTERN } from './disclosure-record.validator';

const valid: DisclosureRecord = {
  memberId: 'P000123',
  partner: 'kb',
  purpose: 'online-library',
  policyVersion: 2,
  policyHash: 'c'.repeat(64),
  agreementReference: 'KB-Wsob-2023',
  fields: [
    { path: 'memberId', transform: 'copy' },
    { path: 'address.postcode', transform: 'postcode4' },
    { path: 'loans[].title', transform: 'copy' },
    { path: 'interests[]', transform: 'copy' },
  ],
  exchangeId: '3f1c2a4e-0d7b-4a57-9b59-1b7f3d2e9c10',
};

function violationsOf(record: unknown): Array<{ path: string; message: string }> {
  try {
    assertDisclosureRecord(record as DisclosureRecord);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('VALIDATION_FAILED');
    return (error as GatewayError).details?.['violations'] as Array<{ path: string; message: string }>;
  }
  return [];
}

describe('assertDisclosureRecord', () => {
  it('accepts a well-formed record, with or without exchange id', () => {
    expect(() => assertDisclosureRecord(valid)).not.toThrow();
    const { exchangeId: _omitted, ...withoutExchange } = valid;
    expect(() => assertDisclosureRecord(withoutExchange)).not.toThrow();
  });

  it.each([
    'name.family=Jansen',
    'email jan@example.org',
    '7951AB',
    'address.postcode:7951 AB',
    'loans[0].title',
    'address..postcode',
    '.memberId',
    'memberId.',
    '',
  ])('refuses field path %p, which is no catalog path', (path) => {
    expect(FIELD_PATH_PATTERN.test(path)).toBe(false);
    expect(violationsOf({ ...valid, fields: [{ path, transform: 'copy' }] })).toEqual([{ path: 'fields[0].path', message: 'must be a catalog field path' }]);
  });

  it('never echoes the refused content in the error', () => {
    const smuggled = 'Jansen, Dorpsstraat 1, 7951 AB Staphorst';
    try {
      assertDisclosureRecord({ ...valid, purpose: smuggled, fields: [{ path: smuggled, transform: smuggled }] });
      throw new Error('expected a refusal');
    } catch (error) {
      const serialised = JSON.stringify({ message: (error as Error).message, details: (error as GatewayError).details });
      expect(serialised).not.toContain('Jansen');
      expect(serialised).not.toContain('7951');
    }
  });

  it('refuses unknown transforms and extra properties on a field', () => {
    expect(violationsOf({ ...valid, fields: [{ path: 'memberId', transform: 'P000123' }] })).toEqual([
      { path: 'fields[0].transform', message: expect.stringContaining('must be one of') },
    ]);
    expect(violationsOf({ ...valid, fields: [{ path: 'memberId', transform: 'copy', value: 'P000123' }] })).toEqual([
      { path: 'fields[0]', message: 'must hold only path and transform' },
    ]);
  });

  it('refuses missing or malformed identifiers and a bad policy version', () => {
    const paths = violationsOf({ ...valid, memberId: '', partner: 'k b', purpose: undefined, policyVersion: 0, policyHash: 7, agreementReference: 'x'.repeat(201), exchangeId: '' }).map((v) => v.path);
    expect(paths).toEqual(['memberId', 'partner', 'purpose', 'policyHash', 'agreementReference', 'exchangeId', 'policyVersion']);
    expect(violationsOf({ ...valid, policyVersion: 1.5 }).map((v) => v.path)).toEqual(['policyVersion']);
    expect(violationsOf({ ...valid, fields: 'memberId' }).map((v) => v.path)).toEqual(['fields']);
  });
});
