import { WSU_NS } from './card-service.contract';
import { InvalidTimestamp, judgeTimestamp, readSecurityTimestamp } from './security-timestamp';
import { readXmlTree } from '../xml/xml-tree';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const security = (inner: string) => readXmlTree(`<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU_NS}">${inner}</wsse:Security>`);
const timestamp = (created?: string, expires?: string) =>
  `<wsu:Timestamp>${created === undefined ? '' : `<wsu:Created>${created}</wsu:Created>`}${expires === undefined ? '' : `<wsu:Expires>${expires}</wsu:Expires>`}</wsu:Timestamp>`;

describe('wsu:Timestamp', () => {
  it('reads Created and Expires in the spellings clients write: Z, an offset, a fraction, no zone (UTC)', () => {
    expect(readSecurityTimestamp(security(timestamp('2026-06-01T10:00:00Z', '2026-06-01T10:05:00.123456Z')))).toEqual({
      created: Date.parse('2026-06-01T10:00:00Z'),
      expires: Date.parse('2026-06-01T10:05:00.123Z'),
    });
    expect(readSecurityTimestamp(security(timestamp('2026-06-01T12:00:00+02:00')))).toEqual({ created: Date.parse('2026-06-01T10:00:00Z') });
    expect(readSecurityTimestamp(security(timestamp(undefined, ' 2026-06-01T10:00:00 ')))).toEqual({ expires: Date.parse('2026-06-01T10:00:00Z') });
  });

  it('is absent when the header has none, or has one in another namespace', () => {
    expect(readSecurityTimestamp(undefined)).toBeUndefined();
    expect(readSecurityTimestamp(security(''))).toBeUndefined();
    expect(readSecurityTimestamp(security(`<Timestamp xmlns="urn:other"><Created>2020-01-01T00:00:00Z</Created></Timestamp>`))).toBeUndefined();
  });

  it.each([
    ['a Created that is not a time', timestamp('yesterday')],
    ['a date without a time', timestamp('2026-06-01')],
    ['a day the calendar has not', timestamp('2026-02-31T10:00:00Z')],
    ['an hour past 23', timestamp('2026-06-01T24:30:00Z')],
    ['Expires before Created', timestamp('2026-06-01T10:05:00Z', '2026-06-01T10:00:00Z')],
    ['two timestamps', timestamp('2026-06-01T10:00:00Z') + timestamp('2026-06-01T10:00:00Z')],
  ])('refuses %s', (_case, inner) => {
    expect(() => readSecurityTimestamp(security(inner))).toThrow(InvalidTimestamp);
  });

  describe('judged against the clock, with the allowed skew either way', () => {
    const now = Date.parse('2026-06-01T10:00:00Z');
    const skew = 5 * 60_000;
    const minutes = (n: number) => now + n * 60_000;

    it.each([
      ['Expires in the past, beyond the skew', { created: minutes(-20), expires: minutes(-6) }, 'expired'],
      ['Expires in the past, within the skew', { created: minutes(-20), expires: minutes(-4) }, 'current'],
      ['Created ahead, beyond the skew', { created: minutes(6) }, 'not-yet-valid'],
      ['Created ahead, within the skew', { created: minutes(4), expires: minutes(9) }, 'current'],
      ['no times at all', {}, 'current'],
    ] as const)('%s', (_case, stamp, verdict) => {
      expect(judgeTimestamp(stamp, now, skew)).toBe(verdict);
    });
  });
});
