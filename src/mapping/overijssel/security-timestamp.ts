import { WSU_NS } from './card-service.contract';
import { MalformedEnvelope } from './soap-envelope';
import { childOf, childrenOf, XmlElement } from '../xml/xml-tree';

/** The wsu:Timestamp of a WS-Security header, in milliseconds since the epoch; either part may be absent. */
export interface SecurityTimestamp {
  readonly created?: number;
  readonly expires?: number;
}

/** How a timestamp stands against the receiver's clock. */
export type TimestampVerdict = 'current' | 'expired' | 'not-yet-valid';

/** The wsu:Timestamp cannot be read: more than one, a time that is not an xsd:dateTime, Expires before Created. */
export class InvalidTimestamp extends MalformedEnvelope {
  constructor(reason: string) {
    super(`wsu:Timestamp: ${reason}`);
    this.name = 'InvalidTimestamp';
  }
}

/** xsd:dateTime as WS-Security uses it: seconds with an optional fraction, and Z or an offset (none: UTC). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

function instant(element: XmlElement | undefined, name: string): number | undefined {
  if (element === undefined) return undefined;
  const match = DATE_TIME.exec(element.text.trim());
  if (match === null) throw new InvalidTimestamp(`${name} is not an xsd:dateTime`);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const millis = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${zone}`);
  // Date.parse rolls 2026-02-31 over into March: the date must be one the calendar has.
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(millis) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) throw new InvalidTimestamp(`${name} is not a valid time`);
  return millis;
}

/**
 * The wsu:Timestamp inside a wsse:Security header; undefined when there is none. Throws InvalidTimestamp
 * for more than one, or for a Created or Expires that is not a time, or an Expires before its Created.
 * A time without an offset is read as UTC, which WS-Security requires.
 */
export function readSecurityTimestamp(security: XmlElement | undefined): SecurityTimestamp | undefined {
  const [timestamp, ...more] = childrenOf(security, WSU_NS, 'Timestamp');
  if (timestamp === undefined) return undefined;
  if (more.length > 0) throw new InvalidTimestamp('more than one in the header');
  const created = instant(childOf(timestamp, WSU_NS, 'Created'), 'Created');
  const expires = instant(childOf(timestamp, WSU_NS, 'Expires'), 'Expires');
  if (created !== undefined && expires !== undefined && expires < created) throw new InvalidTimestamp('Expires lies before Created');
  return { ...(created !== undefined ? { created } : {}), ...(expires !== undefined ? { expires } : {}) };
}

/**
 * A timestamp judged against `now`, allowing `skewMs` of clock difference either way: expired when its
 * Expires lies more than the skew in the past, not yet valid when its Created lies more than the skew ahead.
 */
export function judgeTimestamp(timestamp: SecurityTimestamp, now: number, skewMs: number): TimestampVerdict {
  if (timestamp.expires !== undefined && timestamp.expires < now - skewMs) return 'expired';
  if (timestamp.created !== undefined && timestamp.created > now + skewMs) return 'not-yet-valid';
  return 'current';
}
