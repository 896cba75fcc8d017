const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** An IPv4 address mapped into IPv6 as the URL parser writes it: ::ffff:7f00:1 for 127.0.0.1. */
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * An IP address in one spelling, so that two spellings of the same address compare equal: IPv4 dotted
 * (also for an IPv4-mapped IPv6 address such as ::ffff:127.0.0.1, as a dual-stack socket reports it),
 * IPv6 compressed and in lower case. Undefined for anything else (a host name, a range, a zone id).
 */
export function canonicalIp(text: string): string | undefined {
  const value = text.trim();
  if (IPV4.test(value)) return value;
  if (!value.includes(':')) return undefined;
  let host: string;
  try {
    host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = MAPPED_IPV4.exec(host);
  if (mapped === null) return host;
  const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2] ?? '0', 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
