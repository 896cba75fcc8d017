import type { PublicUrlSettings } from '../config/gateway.config';
import { canonicalIp } from './ip-address';

/** What of a request says where it arrived: its headers and its socket (node's IncomingMessage fits). */
export interface ArrivedRequest {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly socket: { readonly localAddress?: string; readonly localPort?: number; readonly remoteAddress?: string; readonly encrypted?: boolean };
}

/** A host name or IP literal with an optional port: nothing that could break out of a URL or an attribute. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The last value of a header a proxy adds to: the one the proxy in front of us wrote. */
function lastValue(header: string | readonly string[] | undefined): string | undefined {
  const joined = typeof header === 'string' ? header : header?.join(',');
  const value = joined?.split(',').at(-1)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function isTrustedProxy(request: ArrivedRequest, settings: PublicUrlSettings): boolean {
  const remote = request.socket.remoteAddress === undefined ? undefined : canonicalIp(request.socket.remoteAddress);
  return remote !== undefined && settings.trustedProxies.includes(remote);
}

/** The address and port the connection arrived at on this server, as a URL authority. */
function localAuthority(request: ArrivedRequest): string {
  const raw = request.socket.localAddress;
  const address = raw === undefined ? undefined : (canonicalIp(raw) ?? raw);
  const host = address === undefined ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  return request.socket.localPort === undefined ? host : `${host}:${request.socket.localPort}`;
}

/**
 * The gateway's own base URL as its callers reach it (no trailing slash), for addresses the gateway
 * writes into documents, such as a WSDL's soap:address:
 * 1. PUBLIC_BASE_URL, when it is set — always;
 * 2. else, from a peer listed in TRUSTED_PROXIES, its X-Forwarded-Proto and X-Forwarded-Host (the last
 *    value of each; one that is not http/https or not a host is ignored);
 * 3. else the address and port the server listens on, as the socket the request came in on says.
 * Never the Host header, nor forwarded headers from anyone else: a caller cannot choose the address.
 */
export function publicBaseUrl(request: ArrivedRequest, settings: PublicUrlSettings): string {
  if (settings.baseUrl !== undefined) return settings.baseUrl;
  const trusted = isTrustedProxy(request, settings);
  const forwardedProto = trusted ? lastValue(request.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  const forwardedHost = trusted ? lastValue(request.headers['x-forwarded-host']) : undefined;
  const protocol = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : request.socket.encrypted === true ? 'https' : 'http';
  const host = forwardedHost !== undefined && HOST.test(forwardedHost) ? forwardedHost : localAuthority(request);
  return `${protocol}://${host}`;
}
