import { redactedPath, redactedUrl } from './redacted-url';

describe('redactedPath', () => {
  it('keeps the words of a path and replaces what could identify a member', () => {
    expect(redactedPath('/api/v1/members/P1234/disclosure-report')).toBe('/api/v1/members/:redacted/disclosure-report');
    expect(redactedPath('/patron/21000012345678/library/STA/loans')).toBe('/patron/:redacted/library/STA/loans');
    expect(redactedPath('/v1/subscribers/jan.jansen@example.nl')).toBe('/v1/subscribers/:redacted');
    expect(redactedPath('/api/v1/exchanges/3f1c2a4e-8b7d-4c3e-9a1b-2d3e4f5a6b7c')).toBe('/api/v1/exchanges/:redacted');
  });

  it('keeps a route pattern as it is and drops a query string whole', () => {
    expect(redactedPath('/api/v1/members/:memberId/disclosure-report')).toBe('/api/v1/members/:memberId/disclosure-report');
    expect(redactedPath('/api/v1/exchanges?memberId=P1&card=2100')).toBe('/api/v1/exchanges?:redacted');
  });
});

describe('redactedUrl', () => {
  it('keeps scheme and host, never user info, and redacts path and query', () => {
    expect(redactedUrl('https://user:secret@partner.example:8443/patrons/2100123?pin=1234')).toBe('https://partner.example:8443/patrons/:redacted?:redacted');
  });
});
