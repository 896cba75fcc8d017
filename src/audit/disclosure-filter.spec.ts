import { GatewayError } from '../errors/gateway-error';
import { parseDisclosureQuery } from './disclosure-filter';

function refusal(query: Record<string, unknown>): GatewayError {
  try {
    parseDisclosureQuery(query);
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a refusal');
}

describe('parseDisclosureQuery', () => {
  it('returns an empty filter for an empty query', () => {
    expect(parseDisclosureQuery({})).toEqual({});
    expect(parseDisclosureQuery({ memberId: '', partner: '' })).toEqual({});
  });

  it('parses every parameter', () => {
    expect(parseDisclosureQuery({ memberId: 'P1', partner: 'kb', from: '2025-01-01T10:00:00+01:00', to: '2025-02-01T00:00:00Z', limit: '10', offset: '20' })).toEqual({
      memberId: 'P1',
      partner: 'kb',
      from: new Date('2025-01-01T09:00:00.000Z'),
      to: new Date('2025-02-01T00:00:00.000Z'),
      limit: 10,
      offset: 20,
    });
  });

  it('reads a date-only period as whole UTC days, both ends inclusive', () => {
    expect(parseDisclosureQuery({ from: '2025-01-01', to: '2025-01-31' })).toEqual({
      from: new Date('2025-01-01T00:00:00.000Z'),
      to: new Date('2025-01-31T23:59:59.999Z'),
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2025-13-45' }, 'to'],
    [{ from: '2025-01-01T10:00:00' }, 'from'],
    [{ partner: ['kb', 'ibl'] }, 'partner'],
    [{ from: '2025-02-01', to: '2025-01-01' }, 'from'],
  ])('refuses %p with 400 naming %s', (query, parameter) => {
    const error = refusal(query);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'INVALID_QUERY', status: 400, details: { parameter } });
  });
});
