import fc from 'fast-check';
import { Camt054Input, readCamt054, writeCamt054 } from '../../src/mapping/sepa/camt054';
import { DirectDebitCollection, DirectDebitTransaction, Pain008Version, readPain008, receivedPain008Problems, SEQUENCE_TYPES, writePain008 } from '../../src/mapping/sepa/pain008';
import { amsterdamDateTime } from '../../src/mapping/sepa/sepa-dates';
import { sepaName, toSepaLatin } from '../../src/mapping/sepa/sepa-text';
import { sepaReference, SepaSchema, sepaSchemaErrors } from '../support/sepa-reference';
import { collectionArbitrary, sampleCollection } from './sepa-collections';

/** The transactions as the reader returns them: names and text in the SEPA set, IBAN/BIC normalised, in block order. */
function expectedTransactions(collection: DirectDebitCollection): DirectDebitTransaction[] {
  return SEQUENCE_TYPES.flatMap((sequenceType) =>
    collection.transactions
      .filter((transaction) => transaction.sequenceType === sequenceType)
      .map((transaction) => ({
        ...transaction,
        debtor: { name: sepaName(transaction.debtor.name), iban: transaction.debtor.iban, ...(transaction.debtor.bic !== undefined ? { bic: transaction.debtor.bic } : {}) },
        ...(transaction.remittanceInformation !== undefined ? { remittanceInformation: toSepaLatin(transaction.remittanceInformation) } : {}),
      })),
  );
}

const RETURNS: Camt054Input = {
  messageId: 'SANDBOX-BANK-0001',
  created: new Date('2026-03-16T16:00:00Z'),
  accountIban: 'NL91ABNA0417164300',
  entries: [
    { endToEndId: 'BIEB-20260302-1-000001', amountCents: 1250, booked: true },
    { endToEndId: 'BIEB-20260302-1-000002', amountCents: 500, booked: true, returned: { reasonCode: 'AC04' } },
    { endToEndId: 'BIEB-20260302-1-000003', amountCents: 995, booked: true, returned: { reasonCode: 'MD06' } },
    { endToEndId: 'BIEB-20260302-1-000004', amountCents: 75, booked: false, mandateId: 'BIEB-M-1' },
  ],
};

describe('pain.008 write → read, for any valid collection (property)', () => {
  it('reads back the same transactions, and every CtrlSum is the sum of its transactions', () => {
    fc.assert(
      fc.property(collectionArbitrary, fc.constantFrom<Pain008Version>('02', '08'), (collection, version) => {
        const read = readPain008(writePain008(collection, version));
        const sum = collection.transactions.reduce((total, transaction) => total + transaction.amountCents, 0);
        expect(read.version).toBe(version);
        expect(read.messageId).toBe(collection.messageId);
        expect(Date.parse(read.createdAt)).toBe(Math.floor(collection.createdAt.getTime() / 1000) * 1000);
        expect(read.initiatingPartyName).toBe(sepaName(collection.initiatingPartyName));
        expect(read.creditor).toEqual({ ...collection.creditor, name: sepaName(collection.creditor.name) });
        expect(read.requestedCollectionDate).toBe(collection.requestedCollectionDate);
        expect(read.transactions).toEqual(expectedTransactions(collection));
        expect([read.declaredNumberOfTransactions, read.declaredControlSumCents, read.controlSumCents]).toEqual([collection.transactions.length, sum, sum]);
        for (const block of read.paymentInformations) {
          expect(block.declaredControlSumCents).toBe(block.transactions.reduce((total, transaction) => total + transaction.amountCents, 0));
          expect(block.declaredNumberOfTransactions).toBe(block.transactions.length);
          expect(block.transactions.every((transaction) => transaction.sequenceType === block.sequenceType)).toBe(true);
        }
        expect(receivedPain008Problems(read)).toEqual([]);
      }),
    );
  });
});

describe('SEPA messages against the ISO 20022 schemas (xmllint-wasm)', () => {
  const reference = sepaReference('validating SEPA messages against the pain.008 and camt.054 XSDs, reading the reference examples');
  if (reference === undefined) return;

  const example = (schema: SepaSchema): string => reference.example.get(schema) ?? '';

  it('has a validator that does fail, and the reference examples are schema-valid', async () => {
    for (const schema of ['pain.008.001.02', 'pain.008.001.08', 'camt.054.001.02', 'camt.054.001.04'] as const) {
      expect([schema, await sepaSchemaErrors(reference, schema, [example(schema)])]).toEqual([schema, [[]]]);
    }
    // BICFI is .08's element: in a .02 document it is an error, and so is a .08 element order broken.
    const [v02WithBicfi] = await sepaSchemaErrors(reference, 'pain.008.001.02', [example('pain.008.001.02').replace(/<BIC>/g, '<BICFI>').replace(/<\/BIC>/g, '</BICFI>')]);
    expect(v02WithBicfi).toEqual(expect.arrayContaining([expect.stringContaining('BICFI')]));
    const [tooLong] = await sepaSchemaErrors(reference, 'pain.008.001.08', [writePain008(sampleCollection(), '08').replace('BIEB-20260302-1-000001', 'E'.repeat(36))]);
    expect(tooLong?.length).toBeGreaterThan(0);
  });

  it('writes pain.008 valid against the XSD of each version, for the sample and for random collections', async () => {
    const collections = [sampleCollection(), sampleCollection({ batchBooking: false, creditor: { ...sampleCollection().creditor, bic: undefined } }), ...fc.sample(collectionArbitrary, 25)];
    for (const version of ['02', '08'] as const) {
      const documents = collections.map((collection) => writePain008(collection, version));
      const errors = await sepaSchemaErrors(reference, `pain.008.001.${version}`, documents);
      expect(errors).toEqual(documents.map(() => []));
    }
  });

  it('reads the reference pain.008 examples of both versions', () => {
    for (const version of ['02', '08'] as const) {
      const read = readPain008(example(`pain.008.001.${version}`));
      expect(read).toMatchObject({ version, messageId: 'OurMessageIdentification', createdAt: '2025-08-19T08:32:02+00:00', initiatingPartyName: 'OurCorp', declaredNumberOfTransactions: 1, declaredControlSumCents: 1234, controlSumCents: 1234, requestedCollectionDate: '2025-08-19' });
      expect(read.creditor).toEqual({ name: 'OurCorp', iban: 'BG87200500001234567890', bic: 'BANKBGFFXXX', creditorId: 'BG40ZZZ507778' });
      expect(read.transactions).toEqual([
        {
          endToEndId: 'SomethingUnique',
          amountCents: 1234,
          sequenceType: 'OOFF',
          mandate: { id: 'SomeOtherUniqueThing', signedOn: '2025-08-19' },
          debtor: { name: 'John Doe', iban: 'DE87200500001234567890', bic: 'BANKDEFFXXX' },
          remittanceInformation: 'OurCorp Billing',
        },
      ]);
      // A bank's checks find what the XSD cannot: the example's creditor account and id have wrong check digits.
      expect(receivedPain008Problems(read).map((problem) => problem.path)).toEqual(['paymentInformations[0].creditor.iban', 'paymentInformations[0].creditor.creditorId']);
    }
  });

  it('reads the reference camt.054 examples of both versions (the .04 one starts with SWIFT test processing instructions)', () => {
    expect(example('camt.054.001.04')).toContain('<?valid true?>');
    for (const version of ['02', '04'] as const) {
      const read = readCamt054(example(`camt.054.001.${version}`));
      expect(read).toMatchObject({ version, messageId: 'AAAASESS-FP-00001', createdAt: '2010-10-18T13:20:00+01:00' });
      expect(read.notifications).toEqual([{ id: 'AAAASESS-FP-CN-98765', createdAt: '2010-10-18T13:20:00+01:00', accountOtherId: '50000000054910000003', entries: 1 }]);
      expect(read.transactions).toEqual([
        {
          notificationId: 'AAAASESS-FP-CN-98765',
          endToEndId: 'MUELL/FINP/RA12345',
          amountCents: 10_567_850,
          currency: 'SEK',
          creditDebit: 'CRDT',
          status: 'BOOK',
          booked: true,
          bookingDate: '2010-10-18',
          valueDate: '2010-10-18',
          reversal: false,
          returned: false,
          bankTransactionCode: 'PAYM/0001/0005',
          entryReference: 'AAAASESS-FP-CN-98765/01',
        },
      ]);
    }
  });

  it('writes camt.054 with returns valid against both XSDs, and reads back the reason codes', async () => {
    for (const version of ['02', '04'] as const) {
      const xml = writeCamt054(RETURNS, version);
      expect(await sepaSchemaErrors(reference, `camt.054.001.${version}`, [xml, writeCamt054({ ...RETURNS, entries: [], notificationId: 'N-EMPTY', bookingDate: '2026-03-17' }, version)])).toEqual([[], []]);
      const read = readCamt054(xml);
      expect(read.notifications[0]).toEqual({ id: RETURNS.messageId, createdAt: amsterdamDateTime(RETURNS.created), accountIban: RETURNS.accountIban, entries: 4 });
      expect(read.transactions.map((t) => [t.endToEndId, t.amountCents, t.booked, t.returned, t.returnReasonCode])).toEqual([
        ['BIEB-20260302-1-000001', 1250, true, false, undefined],
        ['BIEB-20260302-1-000002', 500, true, true, 'AC04'],
        ['BIEB-20260302-1-000003', 995, true, true, 'MD06'],
        ['BIEB-20260302-1-000004', 75, false, false, undefined],
      ]);
    }
  });
});
