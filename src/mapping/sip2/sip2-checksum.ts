/**
 * SIP2 error detection: the checksum field `AZ` holds four upper-case hex digits, the two's complement
 * (mod 0x10000) of the sum of every byte of the message up to and including the letters `AZ`.
 */
export function sip2Checksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** The checksum of a message's text (UTF-8 bytes) up to and including its `AZ`. */
export function sip2ChecksumOfText(text: string): string {
  return sip2Checksum(Buffer.from(text, 'utf8'));
}
