/**
 * A path segment that is kept: a word of an API's vocabulary ('members', 'disclosure-report'), a route
 * parameter's name (':memberId') or a version ('v1'). Anything else — a card number, a member id, a
 * UUID, an e-mail address, a token — becomes ':redacted'.
 */
const WORD = /^(?::?[A-Za-z_-]{1,40}|v\d{1,2})$/;

/**
 * A request target ('/api/v1/members/P123/report?x=1') without what could identify a member: every
 * segment that is not a plain word is replaced, and a query string is dropped whole (its values are
 * the caller's, its names may be too).
 */
export function redactedPath(target: string): string {
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  const redacted = path
    .split('/')
    .map((segment) => (segment === '' || WORD.test(segment) ? segment : ':redacted'))
    .join('/');
  return end < 0 ? redacted : `${redacted}?:redacted`;
}

/** The same for an absolute URL: scheme and host stay (they name a partner, not a member), no user info. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${redactedPath(`${parsed.pathname}${parsed.search}`)}`;
  } catch {
    return redactedPath(url);
  }
}
