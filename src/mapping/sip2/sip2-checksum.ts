/**
 * SIP2 error detection: the checksum field `AZ` holds four upper-case hex digits, the two's complement
 * (mod 0x10000) of the sum of every byte of the message up to and including the letters `AZ`.
 */
export function sip2Checksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** How a terminal's text goes over the wire: latin1 (ISO 8859-1, the SIP2 default) or UTF-8. */
export type Sip2Encoding = 'latin1' | 'utf-8';

/** The bytes of a text as the terminal sends and reads them; a character latin1 has no byte for becomes '?'. */
export function sip2Bytes(text: string, encoding: Sip2Encoding = 'utf-8'): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : Buffer.from(text.replace(/[\u0100-\u{10ffff}]/gu, '?'), 'latin1');
}

/** The checksum of a message's text (its bytes in the encoding) up to and including its `AZ`. */
export function sip2ChecksumOfText(text: string, encoding: Sip2Encoding = 'utf-8'): string {
  return sip2Checksum(sip2Bytes(text, encoding));
}
