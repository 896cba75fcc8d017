/**
 * The layout of SIP2 2.00 messages that the codec needs: the length of each message's fixed part (the
 * fields before the first variable field) and the two-letter ids of the variable fields of the
 * standard. Messages of other codes parse as unknown; variable fields of other ids are kept as they came.
 */
export const FIXED_LENGTHS: Readonly<Record<string, number>> = {
  // SC -> ACS
  '01': 19, // card retained (1), transaction date (18)
  '09': 37, // no block, transaction date, return date
  '11': 38, // SC renewal policy, no block, transaction date, nb due date
  '15': 19, // hold mode, transaction date
  '17': 18,
  '19': 18,
  '23': 21, // language (3), transaction date
  '25': 18,
  '29': 38, // third party allowed, no block, transaction date, nb due date
  '35': 18,
  '37': 22, // transaction date, fee type (2), payment type (2); some terminals add the currency (3) here
  '63': 31, // language, transaction date, summary (10)
  '65': 18,
  '93': 2, // UID algorithm, PWD algorithm
  '97': 0,
  '99': 8, // status code (1), max print width (3), protocol version (4)
  // ACS -> SC
  '10': 22, // ok, resensitize, magnetic media, alert, transaction date
  '12': 22, // ok, renewal ok, magnetic media, desensitize, transaction date
  '16': 20,
  '18': 24, // circulation status (2), security marker (2), fee type (2), transaction date
  '20': 19,
  '24': 35, // patron status (14), language, transaction date
  '26': 35,
  '30': 22,
  '36': 19, // end session, transaction date
  '38': 19, // payment accepted, transaction date
  '64': 59, // patron status, language, transaction date, six item counts (4 each)
  '66': 27,
  '94': 1,
  '96': 0,
  '98': 34, // six flags, timeout period (3), retries allowed (3), date/time sync, protocol version
};

/** The variable field ids of SIP2 2.00 (AY and AZ are the error-detection fields). */
export const STANDARD_FIELD_IDS: ReadonlySet<string> = new Set([
  'AA', 'AB', 'AC', 'AD', 'AE', 'AF', 'AG', 'AH', 'AJ', 'AL', 'AM', 'AN', 'AO', 'AP', 'AQ', 'AS', 'AT', 'AU', 'AV',
  'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BK', 'BL', 'BM', 'BN', 'BO', 'BP', 'BQ', 'BR', 'BS', 'BT', 'BU', 'BV', 'BW',
  'BX', 'BY', 'BZ', 'CA', 'CB', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CJ', 'CK', 'CL', 'CM', 'CN', 'CO', 'CP', 'CQ',
  'PB',
]);
