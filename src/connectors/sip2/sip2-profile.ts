/**
 * What a SIP2 partner may do on the gateway's SIP2 server: the purpose of its sharing policy that its
 * patron answers are released under, and the request messages it may send.
 */
export interface Sip2Profile {
  readonly purpose: string;
  readonly messages: ReadonlySet<string>;
  /** Whether a patron question (63, 23), a loan (11) or a payment (37) needs the patron's PIN (AD). */
  readonly pinRequired: boolean;
  /** How the terminal's text is encoded on the wire (the checksum is over these bytes). */
  readonly encoding: 'latin1' | 'utf-8';
}

/** The settings every terminal partner has: `<PARTNER>_PIN_REQUIRED`, `<PARTNER>_ENCODING`. */
export function terminalSettings(pinRequiredByDefault: boolean) {
  return {
    pinRequired: { kind: 'choice', description: "whether patron questions, loans and payments need the patron's PIN (AD)", choices: ['true', 'false'], default: pinRequiredByDefault ? 'true' : 'false' },
    encoding: { kind: 'choice', description: "the terminal's character encoding: latin1 (the SIP2 default) or utf-8", choices: ['latin1', 'utf-8'], default: 'latin1' },
  } as const;
}

/** Login, SC status, resend and end of session: every terminal needs them. */
export const SIP2_SESSION_MESSAGES = ['93', '99', '97', '35'] as const;
