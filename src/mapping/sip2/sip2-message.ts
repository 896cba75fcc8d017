import { sip2Bytes, sip2Checksum, sip2ChecksumOfText, Sip2Encoding } from './sip2-checksum';
import { FIXED_LENGTHS, STANDARD_FIELD_IDS } from './sip2-layout';

/** One variable field `XXvalue|`, as it came. */
export interface Sip2Field {
  readonly id: string;
  readonly value: string;
}

/** A SIP2 message split into its parts. */
export interface Sip2Message {
  /** The two-digit message identifier, e.g. '63'. */
  readonly code: string;
  /** Whether the codec knows the layout of this code (an unknown code keeps everything in `fixed`). */
  readonly known: boolean;
  /** The fixed-length fields, as one string. */
  readonly fixed: string;
  /** Variable fields in order, unknown ids included. */
  readonly fields: readonly Sip2Field[];
  /** The sequence number `AY`, when the sender uses error detection. */
  readonly sequence?: string;
  /** Whether a checksum `AZ` was present (it was verified if so). */
  readonly checksummed: boolean;
}

export type Sip2ParseResult =
  | { readonly ok: true; readonly message: Sip2Message }
  | { readonly ok: false; readonly problem: 'checksum' | 'malformed'; readonly reason: string };

const CHECKSUM_AT_END = /AZ([0-9A-Fa-f]{4})$/;

function malformed(reason: string): Sip2ParseResult {
  return { ok: false, problem: 'malformed', reason };
}

/**
 * Parses one message (without or with its CR / LF / CRLF terminator). Liberal in what it takes: a
 * missing checksum, a missing final `|`, unknown field ids and a fixed currency in a 37 are accepted;
 * a checksum that does not match the bytes is refused as 'checksum' (the server answers 96).
 */
export function parseSip2(input: string | Uint8Array, encoding: Sip2Encoding = 'utf-8'): Sip2ParseResult {
  let bytes = typeof input === 'string' ? sip2Bytes(input, encoding) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x0a)) end -= 1;
  bytes = bytes.subarray(0, end);
  let text = bytes.toString(encoding === 'utf-8' ? 'utf8' : 'latin1');
  // Binary junk (a TLS handshake on the plain port, a stray protocol) is no SIP2 message.
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what is looked for
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return malformed('control bytes in the message');
  if (text.length < 2) return malformed('shorter than a message identifier');
  if (/[\r\n]/.test(text)) return malformed('a line break inside the message');

  let checksummed = false;
  const sum = CHECKSUM_AT_END.exec(text);
  if (sum !== null) {
    const covered = bytes.subarray(0, bytes.length - 4);
    if (sip2Checksum(covered) !== (sum[1] ?? '').toUpperCase()) return { ok: false, problem: 'checksum', reason: 'the checksum does not match the message' };
    checksummed = true;
    text = text.slice(0, -6);
  } else if (/(^|\||AY.)AZ[^|]*$/.test(text.slice(2))) {
    return { ok: false, problem: 'checksum', reason: 'the checksum field is not four hex digits' };
  }

  const code = text.slice(0, 2);
  const fixedLength = FIXED_LENGTHS[code];
  let sequence: string | undefined;
  const numbered = /AY(.)$/.exec(text);
  if (numbered !== null) {
    const before = text.length - 3;
    if (text[before - 1] === '|' || (fixedLength !== undefined && before === 2 + fixedLength) || fixedLength === undefined) {
      sequence = numbered[1];
      text = text.slice(0, before);
    }
  }
  if (!/^[0-9A-Z]{2}$/.test(code)) return malformed('the message identifier is not two characters');
  if (fixedLength === undefined) return { ok: true, message: { code, known: false, fixed: text.slice(2), fields: [], ...(sequence !== undefined ? { sequence } : {}), checksummed } };
  if (text.length < 2 + fixedLength) return malformed(`message ${code} is shorter than its fixed fields`);

  let fixedEnd = 2 + fixedLength;
  // Fee Paid: the 3M examples carry the currency as a fixed field after the payment type.
  if (code === '37' && /^[A-Z]{3}/.test(text.slice(fixedEnd)) && !STANDARD_FIELD_IDS.has(text.slice(fixedEnd, fixedEnd + 2)) && STANDARD_FIELD_IDS.has(text.slice(fixedEnd + 3, fixedEnd + 5))) {
    fixedEnd += 3;
  }
  const fields = splitFields(text.slice(fixedEnd));
  if (fields === undefined) return malformed(`message ${code} has a variable field without an id`);
  if (fields.some((field) => field.id === 'AZ')) return { ok: false, problem: 'checksum', reason: 'the checksum field is not at the end' };
  return { ok: true, message: { code, known: true, fixed: text.slice(2, fixedEnd), fields, ...(sequence !== undefined ? { sequence } : {}), checksummed } };
}

function splitFields(text: string): Sip2Field[] | undefined {
  const fields: Sip2Field[] = [];
  let at = 0;
  while (at < text.length) {
    const bar = text.indexOf('|', at);
    const stop = bar === -1 ? text.length : bar;
    if (stop - at < 2) {
      if (stop === at && bar !== -1) {
        at = bar + 1; // a stray '|'
        continue;
      }
      return undefined;
    }
    fields.push({ id: text.slice(at, at + 2), value: text.slice(at + 2, stop) });
    at = stop + 1;
  }
  return fields;
}

/** The first value of a variable field, or undefined. */
export function fieldOf(message: Sip2Message, id: string): string | undefined {
  return message.fields.find((field) => field.id === id)?.value;
}

/** Every value of a (repeatable) variable field, in order. */
export function fieldsOf(message: Sip2Message, id: string): string[] {
  return message.fields.filter((field) => field.id === id).map((field) => field.value);
}

/** What a builder hands to the encoder: fixed parts in order, then variable fields (undefined = omitted). */
export interface Sip2Outgoing {
  readonly code: string;
  readonly fixed: readonly string[];
  readonly fields: ReadonlyArray<readonly [string, string | undefined]>;
}

/** A value never breaks the frame: the field delimiter and control characters become spaces. */
export function sip2Value(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    out += char === '|' || code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out;
}

/**
 * Encodes a message with error detection: `AY` with the sequence number (0-9) and `AZ` with the
 * checksum, ended by CR. Without a sequence number (the 96 resend request) only the checksum is added.
 */
export function encodeSip2(message: Sip2Outgoing, sequence?: number | string, encoding: Sip2Encoding = 'utf-8'): string {
  const fixedLength = FIXED_LENGTHS[message.code];
  const fixed = message.fixed.join('');
  if (fixedLength !== undefined && fixed.length !== fixedLength) {
    throw new RangeError(`message ${message.code} needs ${fixedLength} fixed characters, got ${fixed.length}`);
  }
  let text = message.code + fixed;
  for (const [id, value] of message.fields) if (value !== undefined) text += `${id}${sip2Value(value)}|`;
  if (sequence !== undefined) text += `AY${String(sequence).slice(-1)}`;
  text += 'AZ';
  return `${text}${sip2ChecksumOfText(text, encoding)}\r`;
}

/** The same as bytes on the wire in the terminal's encoding (the checksum is over exactly these bytes). */
export function encodeSip2Bytes(message: Sip2Outgoing, sequence: number | string | undefined, encoding: Sip2Encoding): Buffer {
  return sip2Bytes(encodeSip2(message, sequence, encoding), encoding);
}
