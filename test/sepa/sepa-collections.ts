import fc from 'fast-check';
import { makeCreditorId, makeIban } from '../../src/mapping/sepa/iban';
import { DirectDebitCollection, DirectDebitTransaction, SEQUENCE_TYPES } from '../../src/mapping/sepa/pain008';
import { addCalendarDays } from '../../src/mapping/sepa/sepa-dates';
import { targetDayOnOrAfter } from '../../src/mapping/sepa/target2-calendar';

/** The library as creditor in every test collection: a valid Dutch incassant ID and account. */
export const LIBRARY_CREDITOR = {
  name: 'Stichting Bibliotheek Midden-Nederland',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  creditorId: makeCreditorId('NL', '301234560000'),
} as const;

/** A small valid collection: a first and a recurring debit, one without BIC, names with accents. */
export function sampleCollection(overrides: Partial<DirectDebitCollection> = {}): DirectDebitCollection {
  return {
    messageId: 'BIEB-20260302-1',
    createdAt: new Date('2026-03-02T08:15:00Z'),
    initiatingPartyName: 'Bibliotheek Midden-Nederland',
    creditor: LIBRARY_CREDITOR,
    requestedCollectionDate: '2026-03-16',
    transactions: [
      {
        endToEndId: 'BIEB-20260302-1-000001',
        amountCents: 1250,
        sequenceType: 'RCUR',
        mandate: { id: 'BIEB-M-000481', signedOn: '2024-01-05' },
        debtor: { name: 'Daniëlle van der Berg', iban: 'NL02ABNA0123456789', bic: 'ABNANL2A' },
        remittanceInformation: 'Bibliotheek contributie maart 2026',
      },
      {
        endToEndId: 'BIEB-20260302-1-000002',
        amountCents: 500,
        sequenceType: 'FRST',
        mandate: { id: 'BIEB-M-000502', signedOn: '2026-02-20' },
        debtor: { name: 'Jørgen Ærø', iban: 'DE89370400440532013000' },
        remittanceInformation: 'Te laat ingeleverd',
      },
    ],
    ...overrides,
  };
}

/** Characters a member's name may hold: the SEPA Latin set, accents, and what XML must escape. */
const NAME_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ...' -.,\'/+?:()', ...'éëïöüÉçñßØøÆæ&<>"’–', '\t'];
const IDENTIFIER_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ...'-?:().,\'+'];

const nameArbitrary = fc.string({ unit: fc.constantFrom(...NAME_CHARACTERS), minLength: 1, maxLength: 90 }).filter((name) => /[A-Za-z0-9]/.test(name));
/** At most 70 characters, so that even spelled-out letters (ß → ss) stay within the 140 of remittance text. */
const remittanceArbitrary = fc.string({ unit: fc.constantFrom(...NAME_CHARACTERS), minLength: 1, maxLength: 70 }).filter((text) => /[A-Za-z0-9]/.test(text));
const identifierArbitrary = fc.string({ unit: fc.constantFrom(...IDENTIFIER_CHARACTERS), minLength: 1, maxLength: 28 });
const bankCodes = ['ABNA', 'RABO', 'INGB', 'SNSB', 'TRIO', 'ASNB', 'KNAB', 'BUNQ'];
const ibanArbitrary = fc.oneof(
  fc.tuple(fc.constantFrom(...bankCodes), fc.stringMatching(/^\d{10}$/)).map(([bank, account]) => makeIban('NL', `${bank}${account}`)),
  fc.stringMatching(/^\d{18}$/).map((bban) => makeIban('DE', bban)),
  fc.stringMatching(/^\d{12}$/).map((bban) => makeIban('BE', bban)),
);
const bicArbitrary = fc.option(fc.constantFrom('ABNANL2A', 'RABONL2U', 'INGBNL2A', 'COBADEFFXXX', 'GEBABEBB'), { nil: undefined });
/** A day from 2026 to 2030, moved to a TARGET day. */
const collectionDateArbitrary = fc.integer({ min: 0, max: 5 * 365 }).map((offset) => targetDayOnOrAfter(addCalendarDays('2026-01-01', offset)));

/** Random valid collections: 1 to 12 transactions over all sequence types, unique EndToEndIds, valid IBANs. */
export const collectionArbitrary: fc.Arbitrary<DirectDebitCollection> = fc
  .record({
    messageId: identifierArbitrary,
    createdAt: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
    initiatingPartyName: nameArbitrary,
    creditorName: nameArbitrary,
    requestedCollectionDate: collectionDateArbitrary,
    transactions: fc.uniqueArray(
      fc.record({
        endToEndId: identifierArbitrary,
        amountCents: fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 99_999_999_999 })),
        sequenceType: fc.constantFrom(...SEQUENCE_TYPES),
        mandateId: identifierArbitrary,
        signedDaysBefore: fc.integer({ min: 0, max: 3000 }),
        debtorName: nameArbitrary,
        iban: ibanArbitrary,
        bic: bicArbitrary,
        remittance: fc.option(remittanceArbitrary, { nil: undefined }),
      }),
      { minLength: 1, maxLength: 12, selector: (transaction) => transaction.endToEndId },
    ),
  })
  .map(({ creditorName, transactions, requestedCollectionDate, ...rest }) => ({
    ...rest,
    creditor: { ...LIBRARY_CREDITOR, name: creditorName },
    requestedCollectionDate,
    transactions: transactions.map(
      (t): DirectDebitTransaction => ({
        endToEndId: t.endToEndId,
        amountCents: t.amountCents,
        sequenceType: t.sequenceType,
        mandate: { id: t.mandateId, signedOn: addCalendarDays(requestedCollectionDate, -t.signedDaysBefore) },
        debtor: { name: t.debtorName, iban: t.iban, ...(t.bic !== undefined ? { bic: t.bic } : {}) },
        ...(t.remittance !== undefined ? { remittanceInformation: t.remittance } : {}),
      }),
    ),
  }));
