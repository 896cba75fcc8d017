import { CARD_SERVICE_NS, LibraryOperation, WSSE_NS, WSSE_PASSWORD_TEXT } from './card-service.contract';
import { readSecurityTimestamp, SecurityTimestamp } from './security-timestamp';
import { MalformedEnvelope, parseEnvelope } from './soap-envelope';
import { attributeOf, childOf } from '../xml/xml-tree';

/** A WS-Security UsernameToken as the caller sent it. */
export interface UsernameToken {
  readonly username: string;
  readonly password: string;
  /** PasswordText (the default when Type is absent) or another profile, e.g. PasswordDigest. */
  readonly passwordText: boolean;
}

export interface LibraryRequest {
  readonly operation: LibraryOperation;
  /** Absent when the envelope carries no wsse:Security/UsernameToken. */
  readonly token?: UsernameToken;
  /** Absent when the wsse:Security header carries no wsu:Timestamp. */
  readonly timestamp?: SecurityTimestamp;
}

/** Thrown when the Body holds an element that is not an operation of the library's service. */
export class UnknownOperation extends MalformedEnvelope {
  constructor() {
    super('the Body holds no operation of the library member service');
    this.name = 'UnknownOperation';
  }
}

/**
 * A request to the gateway's LibraryMemberService: which operation, the caller's UsernameToken and the
 * message's wsu:Timestamp. Throws UnsafeXml, XmlNotWellFormed, MalformedEnvelope (EnvelopeVersionMismatch
 * for another SOAP version), UnknownOperation or InvalidTimestamp.
 */
export function readLibraryRequest(xml: string): LibraryRequest {
  const { header, content } = parseEnvelope(xml);
  if (content.uri !== CARD_SERVICE_NS || content.local !== 'MemberLookup') throw new UnknownOperation();
  const security = childOf(header, WSSE_NS, 'Security');
  const timestamp = readSecurityTimestamp(security);
  const request = { operation: 'MemberLookup', ...(timestamp !== undefined ? { timestamp } : {}) } as const;
  const token = childOf(security, WSSE_NS, 'UsernameToken');
  const username = childOf(token, WSSE_NS, 'Username')?.text.trim();
  const password = childOf(token, WSSE_NS, 'Password');
  if (username === undefined || password === undefined) return request;
  const type = attributeOf(password, 'Type');
  return { ...request, token: { username, password: password.text, passwordText: type === undefined || type === WSSE_PASSWORD_TEXT } };
}
