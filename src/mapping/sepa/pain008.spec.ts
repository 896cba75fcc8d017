import { LIBRARY_CREDITOR, sampleCollection } from '../../../test/sepa/sepa-collections';
import { UnsafeXml } from '../xml/xml-safety';
import { makeCreditorId } from './iban';
import { collectionProblems, DirectDebitCollection, DirectDebitTransaction, makeEndToEndId, readPain008, receivedPain008Problems, writePain008 } from './pain008';
import { SepaInvalid, SepaMessageUnreadable } from './sepa-errors';

function refusal(collection: DirectDebitCollection): SepaInvalid {
  try {
    writePain008(collection, '08');
  } catch (error) {
    if (error instanceof SepaInvalid) return error;
    throw error;
  }
  throw new Error('the collection was written');
}

function withTransaction(change: Partial<DirectDebitTransaction>, index = 0): DirectDebitCollection {
  const collection = sampleCollection();
  return { ...collection, transactions: collection.transactions.map((transaction, at) => (at === index ? { ...transaction, ...change } : transaction)) };
}

const first = sampleCollection().transactions[0] as DirectDebitTransaction;

describe('writePain008: strict in what it sends', () => {
  it('writes one block per sequence type, FRST before RCUR, with counts and sums per block and in the header', () => {
    const read = readPain008(writePain008(sampleCollection(), '08'));
    expect(read.paymentInformations.map((block) => [block.id, block.sequenceType, block.declaredNumberOfTransactions, block.declaredControlSumCents])).toEqual([
      ['BIEB-20260302-1-FRST', 'FRST', 1, 500],
      ['BIEB-20260302-1-RCUR', 'RCUR', 1, 1250],
    ]);
    expect([read.declaredNumberOfTransactions, read.declaredControlSumCents, read.controlSumCents]).toEqual([2, 1750, 1750]);
    expect(receivedPain008Problems(read)).toEqual([]);
  });

  it('writes the SEPA Core fixed parts, the amount in euros with two places and the creditor id as a SEPA private id', () => {
    const xml = writePain008(sampleCollection(), '08');
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08">');
    expect(xml).toContain('<PmtMtd>DD</PmtMtd>');
    expect(xml).toContain('<Cd>SEPA</Cd>');
    expect(xml).toContain('<Cd>CORE</Cd>');
    expect(xml).toContain('<ChrgBr>SLEV</ChrgBr>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">12.50</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">5.00</InstdAmt>');
    expect(xml).toContain(`<Id>${LIBRARY_CREDITOR.creditorId}</Id>`);
    expect(xml).toContain('<Prtry>SEPA</Prtry>');
    expect(xml).toContain('<CreDtTm>2026-03-02T09:15:00+01:00</CreDtTm>');
  });

  it('names the bank by BIC in .02 and BICFI in .08, and NOTPROVIDED without a BIC', () => {
    const v02 = writePain008(sampleCollection(), '02');
    const v08 = writePain008(sampleCollection(), '08');
    expect(v02).toContain('<BIC>ABNANL2A</BIC>');
    expect(v02).not.toContain('BICFI');
    expect(v08).toContain('<BICFI>ABNANL2A</BICFI>');
    expect(v08).not.toContain('<BIC>');
    for (const xml of [v02, v08]) expect(xml).toMatch(/<Othr>\s*<Id>NOTPROVIDED<\/Id>\s*<\/Othr>/);
    const withoutCreditorBic = readPain008(writePain008(sampleCollection({ creditor: { ...LIBRARY_CREDITOR, bic: undefined } }), '02'));
    expect(withoutCreditorBic.creditor.bic).toBeUndefined();
  });

  it('writes names in the SEPA Latin set, cut at 70 characters, and normalises IBAN and BIC', () => {
    const long = `Maria-José Çelik-Østergaard & Zn “de Bibliotheekvriend” ${'x'.repeat(60)}`;
    const collection = withTransaction({ debtor: { name: long, iban: 'nl02 abna 0123 4567 89', bic: 'abna nl 2a' }, remittanceInformation: 'Boete — “Het Achterhuis”' });
    const read = readPain008(writePain008(collection, '08'));
    const debtor = read.transactions.find((t) => t.endToEndId === first.endToEndId)?.debtor;
    expect(debtor?.name).toHaveLength(70);
    expect(debtor?.name.startsWith("Maria-Jose Celik-Ostergaard + Zn 'de Bibliotheekvriend' xxx")).toBe(true);
    expect(debtor?.iban).toBe('NL02ABNA0123456789');
    expect(debtor?.bic).toBe('ABNANL2A');
    expect(read.transactions.find((t) => t.endToEndId === first.endToEndId)?.remittanceInformation).toBe("Boete - 'Het Achterhuis'");
  });

  it('refuses an invalid IBAN, naming the path and never the value', () => {
    const error = refusal(withTransaction({ debtor: { ...first.debtor, iban: 'NL02ABNA0123456780' } }));
    expect(error.problems).toEqual([{ path: 'transactions[0].debtor.iban', rule: 'iban', message: 'is not a valid IBAN (check-digits)' }]);
    expect(error.message).not.toContain('0123456780');
    expect(JSON.stringify(error.details)).not.toContain('0123456780');
    expect(error.code).toBe('SEPA_INVALID');
    expect(error.status).toBe(422);
  });

  it('refuses amounts of zero, below zero, in fractions of a cent, or over the SEPA maximum', () => {
    for (const amountCents of [0, -100, 12.5, Number.NaN, 100_000_000_000]) {
      expect(refusal(withTransaction({ amountCents })).problems).toEqual([expect.objectContaining({ path: 'transactions[0].amountCents', rule: 'amount' })]);
    }
  });

  it('refuses an EndToEndId over 35 characters, outside the SEPA Latin set, with // or a leading /, repeated, or NOTPROVIDED', () => {
    const rule = (endToEndId: string, index = 0): string[] => refusal(withTransaction({ endToEndId }, index)).problems.map((p) => `${p.path} ${p.rule}`);
    expect(rule('E'.repeat(36))).toEqual(['transactions[0].endToEndId length']);
    expect(rule('BIEB-2026-é')).toEqual(['transactions[0].endToEndId charset']);
    expect(rule('BIEB_2026')).toEqual(['transactions[0].endToEndId charset']);
    expect(rule('BIEB//2026')).toEqual(['transactions[0].endToEndId charset']);
    expect(rule('/BIEB2026')).toEqual(['transactions[0].endToEndId charset']);
    expect(rule('')).toEqual(['transactions[0].endToEndId required']);
    expect(rule('NOTPROVIDED')).toEqual(['transactions[0].endToEndId charset']);
    expect(rule(first.endToEndId, 1)).toEqual(['transactions[1].endToEndId duplicate']);
    expect(() => writePain008(withTransaction({ endToEndId: 'E'.repeat(35) }), '02')).not.toThrow();
  });

  it('refuses a creditor id with wrong check digits, an invalid creditor IBAN or BIC', () => {
    const wrongId = `NL00ZZZ${LIBRARY_CREDITOR.creditorId.slice(7)}`;
    expect(refusal(sampleCollection({ creditor: { ...LIBRARY_CREDITOR, creditorId: wrongId } })).problems).toEqual([expect.objectContaining({ path: 'creditor.creditorId', rule: 'creditor-id' })]);
    expect(refusal(sampleCollection({ creditor: { ...LIBRARY_CREDITOR, creditorId: 'NL98ZZZ999999999999' } })).problems.map((p) => p.path)).toEqual(['creditor.creditorId']);
    expect(refusal(sampleCollection({ creditor: { ...LIBRARY_CREDITOR, iban: 'NL91ABNA0417164301', bic: 'ABNANL' } })).problems.map((p) => p.path)).toEqual(['creditor.iban', 'creditor.bic']);
  });

  it('refuses text over its length, empty names, a message id that leaves no room for the block ids, and bad dates', () => {
    const paths = (collection: DirectDebitCollection): string[] => refusal(collection).problems.map((p) => `${p.path} ${p.rule}`);
    expect(paths(withTransaction({ remittanceInformation: 'x'.repeat(141) }))).toEqual(['transactions[0].remittanceInformation length']);
    expect(paths(withTransaction({ debtor: { ...first.debtor, name: '  ¤ ' } }))).toEqual(['transactions[0].debtor.name required']);
    expect(paths(withTransaction({ mandate: { id: 'M'.repeat(36), signedOn: '2024-01-05' } }))).toEqual(['transactions[0].mandate.id length']);
    expect(paths(withTransaction({ mandate: { id: 'M-1', signedOn: '2026-03-17' } }))).toEqual(['transactions[0].mandate.signedOn date']);
    expect(paths(withTransaction({ mandate: { id: 'M-1', signedOn: '05-01-2024' } }))).toEqual(['transactions[0].mandate.signedOn date']);
    expect(paths(sampleCollection({ messageId: 'M'.repeat(31) }))).toEqual(['messageId length']);
    expect(paths(sampleCollection({ requestedCollectionDate: '2026-04-06' }))).toEqual(['requestedCollectionDate date']); // Easter Monday
    expect(paths(sampleCollection({ createdAt: new Date('not a date') }))).toEqual(['createdAt date']);
    expect(paths(sampleCollection({ transactions: [] }))).toEqual(['transactions count']);
    expect(() => writePain008(withTransaction({ remittanceInformation: 'x'.repeat(140) }), '08')).not.toThrow();
  });

  it('lists every problem at once, and collectionProblems is empty for what it writes', () => {
    const collection = withTransaction({ amountCents: 0, debtor: { ...first.debtor, iban: 'NL00', bic: 'X' }, endToEndId: 'E/' });
    expect(collectionProblems(collection).map((p) => p.path)).toEqual(['transactions[0].endToEndId', 'transactions[0].amountCents', 'transactions[0].debtor.iban', 'transactions[0].debtor.bic']);
    expect(refusal(collection).message).toMatch(/^the SEPA message cannot be written: transactions\[0\]\.endToEndId: /);
    expect(collectionProblems(sampleCollection())).toEqual([]);
  });

  it('makes EndToEndIds from the collection reference and a number, without member data', () => {
    expect(makeEndToEndId('BIEB-20260302-1', 17)).toBe('BIEB-20260302-1-000017');
    expect(() => makeEndToEndId('B'.repeat(30), 1)).toThrow(SepaInvalid);
    expect(() => makeEndToEndId('BIEB', -1)).toThrow(RangeError);
  });

  it('refuses a version it does not write', () => {
    expect(() => writePain008(sampleCollection(), '03' as never)).toThrow(RangeError);
  });
});

describe('readPain008: liberal in what it takes, never quoting what it refuses', () => {
  const written = writePain008(sampleCollection(), '08');

  it('reads any pain.008.001.NN version with BIC or BICFI, the sequence type per transaction when the block has none', () => {
    const v09 = written.replace(/pain\.008\.001\.08/g, 'pain.008.001.09');
    expect(readPain008(v09).version).toBe('09');
    const perTransaction = written
      .replace('<SeqTp>FRST</SeqTp>', '')
      .replace('<DrctDbtTxInf>\n        <PmtId>\n          <EndToEndId>BIEB-20260302-1-000002</EndToEndId>\n        </PmtId>', '<DrctDbtTxInf>\n<PmtId><EndToEndId>BIEB-20260302-1-000002</EndToEndId></PmtId><PmtTpInf><SeqTp>FRST</SeqTp></PmtTpInf>');
    expect(readPain008(perTransaction).paymentInformations[0]?.sequenceType).toBe('FRST');
  });

  it('refuses what is not a pain.008, or misses a SEPA-mandatory part, naming the path only', () => {
    const unreadable = (xml: string): string => {
      try {
        readPain008(xml);
      } catch (error) {
        if (error instanceof SepaMessageUnreadable) return error.reason;
        throw error;
      }
      return 'read';
    };
    expect(unreadable(written.replace(/pain\.008\.001\.08/g, 'pain.001.001.03'))).toBe('the root element is not a pain.008.001.NN Document');
    expect(unreadable(written.replace(/<EndToEndId>BIEB-20260302-1-000002<\/EndToEndId>/, ''))).toBe('PmtInf[1]/DrctDbtTxInf[1]/PmtId/EndToEndId is missing');
    expect(unreadable(written.replace(/<IBAN>DE89370400440532013000<\/IBAN>/, '<Othr><Id>DE89370400440532013000</Id></Othr>'))).toBe('PmtInf[1]/DrctDbtTxInf[1]/DbtrAcct/Id/IBAN is missing');
    expect(unreadable(written.replace('Ccy="EUR">12.50<', 'Ccy="EUR">12.505<'))).toBe('PmtInf[2]/DrctDbtTxInf[1]/InstdAmt is not an amount in cents');
    expect(unreadable(written.replace('Ccy="EUR">12.50', 'Ccy="USD">12.50'))).toBe('PmtInf[2]/DrctDbtTxInf[1]/InstdAmt is not in euro');
    expect(unreadable(written.replace('<SeqTp>RCUR</SeqTp>', '<SeqTp>XXXX</SeqTp>'))).toBe('PmtInf[2]/DrctDbtTxInf[1]/PmtTpInf/SeqTp is missing or not FRST, RCUR, OOFF or FNAL');
    expect(unreadable(written.replace('</Document>', ''))).toBe('the document is not well-formed XML');
  });

  it('is the hardened reader: DTDs, entities, processing instructions in the body and oversized documents are refused', () => {
    const reason = (xml: string, limits?: { maxBytes: number; maxDepth: number }): string => {
      try {
        readPain008(xml, limits);
      } catch (error) {
        if (error instanceof UnsafeXml) return error.reason;
        if (error instanceof SepaMessageUnreadable) return 'unreadable';
        throw error;
      }
      return 'read';
    };
    const body = written.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '');
    expect(reason(`<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${body.replace('Danielle', '&lol2;')}`)).toBe('doctype');
    expect(reason(`<!DOCTYPE Document SYSTEM "file:///etc/passwd">${body}`)).toBe('doctype');
    expect(reason(`<?xml version="1.0"?><?valid true?><!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>${body}`)).toBe('doctype');
    expect(reason(written.replace('<Nm>Danielle van der Berg</Nm>', '<Nm>&xxe;</Nm>'))).toBe('unreadable');
    expect(reason(written.replace('<PmtMtd>', '<?php evil() ?><PmtMtd>'))).toBe('processing-instruction');
    expect(reason(written, { maxBytes: 1_000, maxDepth: 40 })).toBe('too-large');
    expect(reason(written, { maxBytes: 1_000_000, maxDepth: 8 })).toBe('too-deep');
    // A processing instruction before the root, as in the SWIFT test messages, is dropped and the rest read.
    expect(reason(written.replace('?>\n', '?>\n<?Standards Smart Test Messages?>\n<?valid true?>\n'))).toBe('read');
  });

  it('the sandbox bank finds what a tampered file gets wrong', () => {
    const tampered = written
      .replace('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>')
      .replace('<CtrlSum>5.00</CtrlSum>', '<CtrlSum>5.01</CtrlSum>')
      .replace('BIEB-20260302-1-000002', 'BIEB-20260302-1-000001')
      .replace('NL02ABNA0123456789', 'NL02ABNA0123456788')
      .replaceAll(LIBRARY_CREDITOR.creditorId, makeCreditorId('NL', '301234560000').replace(/^NL\d\d/, 'NL00'));
    expect(receivedPain008Problems(readPain008(tampered)).map((p) => `${p.path} ${p.rule}`)).toEqual([
      'paymentInformations[0].creditor.creditorId creditor-id',
      'paymentInformations[0].declaredControlSumCents count',
      'paymentInformations[1].creditor.creditorId creditor-id',
      'paymentInformations[1].transactions[0].debtor.iban iban',
      'paymentInformations[1].transactions[0].endToEndId duplicate',
      'declaredNumberOfTransactions count',
    ]);
  });
});
