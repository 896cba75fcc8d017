import { Sip2Outgoing } from './sip2-message';

/** What every refusal of an unserved request carries: the date, the institution and a screen message. */
export interface Refusal {
  readonly transactionDate: string;
  readonly institutionId: string;
  readonly screenMessage: string;
  readonly patronId?: string;
  readonly itemId?: string;
}

/**
 * The standard response to a SIP2 request the gateway does not serve, saying no: a terminal that sends a
 * 29 Renew gets a 30 with ok=0 and a screen message it shows, not an ACS status it does not expect.
 * Undefined for a code that is no SIP2 request at all.
 */
export function unservedResponse(code: string, r: Refusal): Sip2Outgoing | undefined {
  const screen: Array<readonly [string, string | undefined]> = [['AF', r.screenMessage]];
  const patron: Array<readonly [string, string | undefined]> = [['AO', r.institutionId], ['AA', r.patronId ?? '']];
  switch (code) {
    case '01': // Block Patron: answered with a 24 Patron Status
      return { code: '24', fixed: ['YYYY          ', '000', r.transactionDate], fields: [...patron, ['AE', ''], ['BL', 'N'], ...screen] };
    case '15': // Hold
      return { code: '16', fixed: ['0', 'N', r.transactionDate], fields: [...patron, ...screen] };
    case '17': // Item Information
      return { code: '18', fixed: ['01', '00', '01', r.transactionDate], fields: [['AB', r.itemId ?? ''], ['AJ', ''], ...screen] };
    case '19': // Item Status Update
      return { code: '20', fixed: ['0', r.transactionDate], fields: [['AB', r.itemId ?? ''], ...screen] };
    case '25': // Patron Enable
      return { code: '26', fixed: ['YYYY          ', '000', r.transactionDate], fields: [...patron, ['AE', ''], ...screen] };
    case '29': // Renew
      return { code: '30', fixed: ['0', 'N', 'U', 'N', r.transactionDate], fields: [...patron, ['AB', r.itemId ?? ''], ['AJ', ''], ['AH', ''], ...screen] };
    case '65': // Renew All
      return { code: '66', fixed: ['0', '0000', '0000', r.transactionDate], fields: [['AO', r.institutionId], ...screen] };
    default:
      return undefined;
  }
}
