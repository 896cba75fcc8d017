import { ArrivedRequest, publicBaseUrl } from './public-base-url';
import { canonicalIp } from './ip-address';

const socket = { localAddress: '10.1.2.3', localPort: 3000, remoteAddress: '192.0.2.7' };
const arrived = (headers: ArrivedRequest['headers'], over: Partial<ArrivedRequest['socket']> = {}): ArrivedRequest => ({ headers, socket: { ...socket, ...over } });
const forwarded = { host: 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'bieb.example.nl' };

describe('publicBaseUrl', () => {
  it('is PUBLIC_BASE_URL when set, whatever the request says', () => {
    expect(publicBaseUrl(arrived(forwarded, { remoteAddress: '10.0.0.2' }), { baseUrl: 'https://gw.example.nl/bieb', trustedProxies: ['10.0.0.2'] })).toBe('https://gw.example.nl/bieb');
  });

  it('is the socket’s local address and port otherwise, never the Host header or forwarded headers of an untrusted peer', () => {
    expect(publicBaseUrl(arrived(forwarded), { baseUrl: undefined, trustedProxies: ['10.0.0.2'] })).toBe('http://10.1.2.3:3000');
    expect(publicBaseUrl(arrived({}, { localAddress: '::ffff:127.0.0.1', encrypted: true }), { baseUrl: undefined, trustedProxies: [] })).toBe('https://127.0.0.1:3000');
    expect(publicBaseUrl(arrived({}, { localAddress: '::1' }), { baseUrl: undefined, trustedProxies: [] })).toBe('http://[::1]:3000');
  });

  it('takes X-Forwarded-Proto and X-Forwarded-Host from a trusted proxy, in any spelling of its address', () => {
    const settings = { baseUrl: undefined, trustedProxies: ['10.0.0.2', '2001:db8::1'] };
    expect(publicBaseUrl(arrived(forwarded, { remoteAddress: '::ffff:10.0.0.2' }), settings)).toBe('https://bieb.example.nl');
    expect(publicBaseUrl(arrived(forwarded, { remoteAddress: '2001:DB8:0::1' }), settings)).toBe('https://bieb.example.nl');
    expect(publicBaseUrl(arrived({ 'x-forwarded-host': 'a.example, bieb.example.nl:8443' }, { remoteAddress: '10.0.0.2' }), settings)).toBe('http://bieb.example.nl:8443');
    expect(publicBaseUrl(arrived({ 'x-forwarded-proto': 'HTTPS' }, { remoteAddress: '10.0.0.2' }), settings)).toBe('https://10.1.2.3:3000');
  });

  it.each([['evil.example/path'], ['evil.example"><x'], ['user@evil.example'], ['-evil.example'], ['']])('ignores a forwarded host %j that is not a host', (host) => {
    expect(publicBaseUrl(arrived({ 'x-forwarded-host': host }, { remoteAddress: '10.0.0.2' }), { baseUrl: undefined, trustedProxies: ['10.0.0.2'] })).toBe('http://10.1.2.3:3000');
  });
});

describe('canonicalIp', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:7F00:1', '127.0.0.1'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['::1', '::1'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });

  it.each([['localhost'], ['10.0.0.0/8'], ['256.1.1.1'], ['010.0.0.1'], ['127.1'], ['fe80::1%eth0'], ['']])('%j is no IP address', (text) => {
    expect(canonicalIp(text)).toBeUndefined();
  });
});
