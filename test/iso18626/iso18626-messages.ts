import fc from 'fast-check';
import {
  Iso18626Message,
  Iso18626Request,
  REQUEST_SUB_TYPES,
  REQUEST_TYPES,
  SERVICE_TYPES,
  RequestConfirmation,
  RequestingAgencyMessage,
  RequestingAgencyMessageConfirmation,
  SupplyingAgencyMessage,
  SupplyingAgencyMessageConfirmation,
} from '../../src/mapping/iso18626/iso18626-types';

/** Staphorst asks Zwolle; agency ids as ISIL codes. */
export const HEADER = {
  supplyingAgencyId: { type: 'ISIL', value: 'NL-ZWOLLE' },
  requestingAgencyId: { type: 'ISIL', value: 'NL-STAPHORST' },
  timestamp: '2026-12-03T10:00:00.000Z',
  requestingAgencyRequestId: 'STAPHORST-IBL-000001',
} as const;

/** A Request as the gateway writes it under the ibl policy: a pseudonym, initials, surname, the pickup branch. */
export const SAMPLE_REQUEST: Iso18626Request = {
  kind: 'request',
  header: HEADER,
  bibliographicInfo: { title: 'De avonden', author: 'Gerard Reve', itemIds: [{ code: 'ISBN', identifier: '9789023417179' }] },
  publicationInfo: { publisher: 'De Bezige Bij', publicationDate: '1947' },
  serviceInfo: { requestType: 'New', requestSubType: 'PatronRequest', serviceType: 'Loan', needBeforeDate: '2026-12-31T00:00:00Z' },
  pickupLocation: { line1: 'Bibliotheek Staphorst', locality: 'Staphorst' },
  patronInfo: { patronId: 'ibl-5f2c9a41', surname: 'Brink', givenName: 'J.' },
};

export const SAMPLE_SUPPLYING: SupplyingAgencyMessage = {
  kind: 'supplyingAgencyMessage',
  header: { ...HEADER, supplyingAgencyRequestId: 'ZWOLLE-77' },
  messageInfo: { reasonForMessage: 'StatusChange', note: 'Verzonden met de bibliotheekkoerier' },
  statusInfo: { status: 'Loaned', dueDate: '2027-01-07T00:00:00Z', lastChange: '2026-12-04T09:00:00Z' },
  deliveryInfo: { dateSent: '2026-12-04T09:00:00Z', itemId: '30001000123456', sentVia: 'Courier', sentToPatron: false, loanCondition: 'LibraryUseOnly' },
};

export const SAMPLE_REQUESTING: RequestingAgencyMessage = { kind: 'requestingAgencyMessage', header: { ...HEADER, supplyingAgencyRequestId: 'ZWOLLE-77' }, action: 'ShippedReturn', note: 'Terug per koerier' };

const CONFIRMATION_HEADER = { ...HEADER, timestampReceived: '2026-12-03T10:00:01.000Z' };
export const SAMPLE_CONFIRMATIONS: readonly [RequestConfirmation, SupplyingAgencyMessageConfirmation, RequestingAgencyMessageConfirmation, RequestConfirmation] = [
  { kind: 'requestConfirmation', confirmationHeader: { ...CONFIRMATION_HEADER, messageStatus: 'OK' } },
  { kind: 'supplyingAgencyMessageConfirmation', confirmationHeader: { ...CONFIRMATION_HEADER, messageStatus: 'OK' }, reasonForMessage: 'StatusChange' },
  { kind: 'requestingAgencyMessageConfirmation', confirmationHeader: { ...CONFIRMATION_HEADER, messageStatus: 'ERROR' }, action: 'Renew', errorData: { errorType: 'UnsupportedActionType', errorValue: 'requestingAgencyMessage/action' } },
  { kind: 'requestConfirmation', confirmationHeader: { ...CONFIRMATION_HEADER, messageStatus: 'ERROR' }, errorData: { errorType: 'BadlyFormedMessage', errorValue: 'request/header/timestamp' } },
];

export const SAMPLE_MESSAGES: readonly Iso18626Message[] = [SAMPLE_REQUEST, SAMPLE_SUPPLYING, SAMPLE_REQUESTING, ...SAMPLE_CONFIRMATIONS];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** A text the writer accepts and the reader gives back as is: trimmed, no control characters, XML specials welcome. */
export function textArbitrary(max: number): fc.Arbitrary<string> {
  return fc
    .string({ minLength: 1, maxLength: max, unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", ' ', 'ë', 'ĳ', '€', '😀'), fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code))) })
    .filter((text) => text === text.trim() && text !== '' && !CONTROL.test(text));
}

const opt = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });
const dateTime = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
const agency = fc.record({ type: fc.constantFrom('ISIL', 'OCLC', 'RESHARE'), value: textArbitrary(30) });

/** Drops undefined keys (fc.record with optional keys does the same; this keeps the shapes exact). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const address = fc
  .record({ line1: opt(textArbitrary(60)), line2: opt(textArbitrary(60)), locality: opt(textArbitrary(40)), postalCode: opt(fc.stringMatching(/^[1-9][0-9]{3}[A-Z]{2}$/)), country: opt(fc.constantFrom('NL', 'BE', 'DE')) })
  .map(compact)
  .filter((value) => Object.keys(value).length > 0);

/** Any Request the writer accepts, with the patron part bounded as the gateway's policy bounds it. */
export const requestArbitrary: fc.Arbitrary<Iso18626Request> = fc
  .record({
    header: fc.record({
      supplyingAgencyId: agency,
      requestingAgencyId: agency,
      multipleItemRequestId: opt(textArbitrary(30)),
      timestamp: dateTime,
      requestingAgencyRequestId: textArbitrary(60),
    }),
    bibliographicInfo: fc
      .record({
        supplierUniqueRecordId: opt(textArbitrary(40)),
        title: textArbitrary(120),
        author: opt(textArbitrary(80)),
        subtitle: opt(textArbitrary(80)),
        edition: opt(textArbitrary(20)),
        itemIds: opt(fc.array(fc.record({ code: fc.constantFrom('ISBN', 'ISSN', 'PPN'), identifier: textArbitrary(20) }), { minLength: 1, maxLength: 3 })),
      })
      .map(compact),
    serviceInfo: fc
      .record({
        requestType: opt(fc.constantFrom(...REQUEST_TYPES)),
        requestSubType: opt(fc.constantFrom(...REQUEST_SUB_TYPES)),
        serviceType: fc.constantFrom(...SERVICE_TYPES),
        needBeforeDate: opt(dateTime),
        note: opt(textArbitrary(200)),
      })
      .map(compact),
    pickupLocation: opt(address),
    patronInfo: opt(
      fc
        .record({
          patronId: opt(fc.stringMatching(/^ibl-[0-9a-f]{8,32}$/)),
          surname: opt(textArbitrary(60)),
          givenName: opt(fc.stringMatching(/^([A-Z]\.){1,4}$/)),
          email: opt(fc.emailAddress().filter((email) => email.length <= 254)),
          phone: opt(fc.stringMatching(/^\+?[0-9]{6,15}$/)),
          address: opt(address),
        })
        .map(compact),
    ),
  })
  .map((value) => compact({ kind: 'request' as const, ...value, header: compact(value.header) }));
