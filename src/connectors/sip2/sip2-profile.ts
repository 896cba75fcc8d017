/**
 * What a SIP2 partner may do on the gateway's SIP2 server: the purpose of its sharing policy that its
 * patron answers are released under, and the request messages it may send.
 */
export interface Sip2Profile {
  readonly purpose: string;
  readonly messages: ReadonlySet<string>;
}

/** Login, SC status, resend and end of session: every terminal needs them. */
export const SIP2_SESSION_MESSAGES = ['93', '99', '97', '35'] as const;
