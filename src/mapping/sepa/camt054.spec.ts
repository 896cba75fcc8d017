import { UnsafeXml } from '../xml/xml-safety';
import { Camt054Input, readCamt054, returnReasonDutch, RETURN_REASONS_DUTCH, writeCamt054 } from './camt054';
import { SepaInvalid, SepaMessageUnreadable } from './sepa-errors';

const NOTIFICATION: Camt054Input = {
  messageId: 'BANK-20260316-1',
  created: new Date('2026-03-16T16:00:00Z'),
  accountIban: 'NL91ABNA0417164300',
  entries: [
    { endToEndId: 'BIEB-20260302-1-000001', amountCents: 1250, booked: true, mandateId: 'BIEB-M-000481' },
    { endToEndId: 'BIEB-20260302-1-000002', amountCents: 500, booked: true, returned: { reasonCode: 'AM04' } },
    { endToEndId: 'BIEB-20260302-1-000003', amountCents: 995, booked: true, returned: { reasonCode: 'MD06' } },
    { endToEndId: 'BIEB-20260302-1-000004', amountCents: 300, booked: false },
  ],
};

/** A camt.054.001.04 document around the given entries, as a bank might write it. */
function notificationWith(entries: string, version = '04'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.${version}"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-16T17:00:00+01:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><CreDtTm>2026-03-16T17:00:00+01:00</CreDtTm><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>${entries}</Ntfctn>
</BkToCstmrDbtCdtNtfctn></Document>`;
}

describe('writeCamt054 → readCamt054', () => {
  it('reads back each collection: credited when paid, debited back with its reason when returned, pending unbooked', () => {
    for (const version of ['02', '04'] as const) {
      const read = readCamt054(writeCamt054(NOTIFICATION, version));
      expect(read.version).toBe(version);
      expect(read.notifications).toEqual([{ id: 'BANK-20260316-1', createdAt: '2026-03-16T17:00:00+01:00', accountIban: 'NL91ABNA0417164300', entries: 4 }]);
      expect(read.transactions.map((t) => [t.endToEndId, t.amountCents, t.currency, t.creditDebit, t.booked, t.returned, t.reversal, t.returnReasonCode, t.bankTransactionCode])).toEqual([
        ['BIEB-20260302-1-000001', 1250, 'EUR', 'CRDT', true, false, false, undefined, 'PMNT/IDDT/ESDD'],
        ['BIEB-20260302-1-000002', 500, 'EUR', 'DBIT', true, true, true, 'AM04', 'PMNT/IDDT/UPDD'],
        ['BIEB-20260302-1-000003', 995, 'EUR', 'DBIT', true, true, true, 'MD06', 'PMNT/IDDT/UPDD'],
        ['BIEB-20260302-1-000004', 300, 'EUR', 'CRDT', false, false, false, undefined, 'PMNT/IDDT/ESDD'],
      ]);
      expect(read.transactions[0]).toMatchObject({ mandateId: 'BIEB-M-000481', bookingDate: '2026-03-16', valueDate: '2026-03-16', status: 'BOOK' });
      expect(read.transactions[3]).toMatchObject({ status: 'PDNG' });
      expect(read.transactions[3]?.bookingDate).toBeUndefined();
    }
  });

  it('refuses what it cannot send, naming paths only', () => {
    const refusal = (input: Camt054Input): string[] => {
      try {
        writeCamt054(input);
      } catch (error) {
        if (error instanceof SepaInvalid) return error.problems.map((p) => `${p.path} ${p.rule}`);
        throw error;
      }
      return [];
    };
    expect(refusal({ ...NOTIFICATION, accountIban: 'NL91ABNA0417164301' })).toEqual(['accountIban iban']);
    expect(refusal({ ...NOTIFICATION, bookingDate: '16-03-2026' })).toEqual(['bookingDate date']);
    expect(refusal({ ...NOTIFICATION, entries: [{ endToEndId: 'E'.repeat(36), amountCents: 0, booked: true, returned: { reasonCode: 'am04' } }] })).toEqual([
      'entries[0].endToEndId length',
      'entries[0].amountCents amount',
      'entries[0].returned.reasonCode reason-code',
    ]);
    expect(() => writeCamt054(NOTIFICATION, '08' as never)).toThrow(RangeError);
  });
});

describe('readCamt054: what marks a return', () => {
  const entry = (inner: string, details: string): string =>
    `<Ntry><Amt Ccy="EUR">5.00</Amt>${inner}<NtryDtls><TxDtls><Refs><EndToEndId>E-1</EndToEndId></Refs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>${details}</TxDtls></NtryDtls></Ntry>`;
  const code = (subFamily: string): string => `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>${subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>`;

  it('RvslInd true alone, return information alone, or a returning bank transaction code alone', () => {
    const byReversal = readCamt054(notificationWith(entry(`<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>${code('ESDD')}`, ''))).transactions[0];
    expect(byReversal).toMatchObject({ returned: true, reversal: true });
    expect(byReversal?.returnReasonCode).toBeUndefined();
    const byReturnInformation = readCamt054(notificationWith(entry(`<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>${code('ESDD')}`, '<RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>closed</AddtlInf></RtrInf>'))).transactions[0];
    expect(byReturnInformation).toMatchObject({ returned: true, reversal: false, returnReasonCode: 'AC04' });
    const byProprietaryReason = readCamt054(notificationWith(entry(`<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>${code('ESDD')}`, '<RtrInf><Rsn><Prtry>BANK99</Prtry></Rsn></RtrInf>'))).transactions[0];
    expect(byProprietaryReason).toMatchObject({ returned: true, returnReasonProprietary: 'BANK99' });
    for (const subFamily of ['UPDD', 'PRDD', 'RRTN']) {
      expect(readCamt054(notificationWith(entry(`<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>${code(subFamily)}`, ''))).transactions[0]).toMatchObject({ returned: true, reversal: false });
    }
    // The transaction's own code counts too.
    expect(readCamt054(notificationWith(entry(`<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>${code('ESDD')}`, code('UPDD')))).transactions[0]).toMatchObject({ returned: true, bankTransactionCode: 'PMNT/IDDT/UPDD' });
    expect(readCamt054(notificationWith(entry(`<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>${code('ESDD')}`, ''))).transactions[0]).toMatchObject({ returned: false, reversal: false });
  });

  it('splits a batch entry into its transactions with their own amounts, and takes an entry without details as one', () => {
    const batch = `<Ntry><Amt Ccy="EUR">17.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>2026-03-16T09:00:00+01:00</DtTm></BookgDt>${code('ESDD')}<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
      <TxDtls><Refs><EndToEndId>E-1</EndToEndId></Refs><Amt Ccy="EUR">12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>
      <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls></NtryDtls></Ntry>
      <Ntry><NtryRef>R-9</NtryRef><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>${code('CHRG')}</Ntry>`;
    const read = readCamt054(notificationWith(batch));
    expect(read.transactions.map((t) => [t.endToEndId, t.amountCents, t.creditDebit, t.bookingDate, t.entryReference])).toEqual([
      ['E-1', 1250, 'CRDT', '2026-03-16', undefined],
      [undefined, 500, 'CRDT', '2026-03-16', undefined],
      [undefined, 100, 'DBIT', undefined, 'R-9'],
    ]);
    expect(read.notifications[0]?.entries).toBe(2);
  });

  it('tolerates later versions with the same structure, including the status as a choice (version 08 on)', () => {
    const entryV08 = `<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>${code('UPDD')}<NtryDtls><TxDtls><Refs><EndToEndId>E-8</EndToEndId></Refs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RtrInf><Rsn><Cd>MS02</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>`;
    const read = readCamt054(notificationWith(entryV08, '08'));
    expect(read.version).toBe('08');
    expect(read.transactions[0]).toMatchObject({ endToEndId: 'E-8', booked: true, returned: true, returnReasonCode: 'MS02' });
  });

  it('refuses what it cannot read without quoting it, and hostile XML through the hardened reader', () => {
    const reason = (xml: string): string => {
      try {
        readCamt054(xml);
      } catch (error) {
        if (error instanceof SepaMessageUnreadable) return error.reason;
        if (error instanceof UnsafeXml) return `unsafe: ${error.reason}`;
        throw error;
      }
      return 'read';
    };
    expect(reason(notificationWith(`<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>XXXX</CdtDbtInd><Sts>BOOK</Sts></Ntry>`))).toBe('Ntfctn[1]/Ntry[1]/CdtDbtInd is missing or not CRDT or DBIT');
    expect(reason(notificationWith(`<Ntry><Amt Ccy="EUR">geheim</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>`))).toBe('Ntfctn[1]/Ntry[1]/Amt is not an amount in cents');
    expect(
      reason(notificationWith(`<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><TxDtls><Refs><EndToEndId>A</EndToEndId></Refs></TxDtls><TxDtls><Refs><EndToEndId>B</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>`, '02')),
    ).toBe('Ntfctn[1]/Ntry[1]/NtryDtls/TxDtls[1] has no amount in a batch entry');
    expect(reason(notificationWith('').replace(/camt\.054\.001\.04/, 'camt.053.001.04'))).toBe('the root element is not a camt.054.001.NN Document');
    expect(reason(notificationWith('').replace(/<Ntfctn>.*<\/Ntfctn>/s, ''))).toBe('the document holds no Ntfctn');
    expect(reason(`<!DOCTYPE Document [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]>${notificationWith('').replace(/^<\?xml[^>]*>\s*/, '')}`)).toBe('unsafe: doctype');
    expect(reason(notificationWith('').replace('<GrpHdr>', '<GrpHdr><?evil?>'))).toBe('unsafe: processing-instruction');
    expect(reason(notificationWith('<Ntry>'.repeat(60) + '</Ntry>'.repeat(60)))).toBe('unsafe: too-deep');
  });
});

describe('returnReasonDutch', () => {
  it('says in Dutch why a collection came back', () => {
    expect(returnReasonDutch('AC04')).toBe('rekening opgeheven');
    expect(returnReasonDutch('AM04')).toBe('onvoldoende saldo');
    expect(returnReasonDutch('MD06')).toBe('terugboeking op verzoek van de rekeninghouder');
    expect(returnReasonDutch('MS02')).toBe('geweigerd door de rekeninghouder');
    expect(returnReasonDutch('MD01')).toBe('geen machtiging');
    expect(returnReasonDutch('AC01')).toBe('rekeningnummer onjuist');
    expect(returnReasonDutch('AC06')).toBe('rekening geblokkeerd');
    expect(returnReasonDutch('MS03')).toBe('reden niet opgegeven');
    expect(returnReasonDutch('SL01')).toBe('specifieke dienst van de bank');
    expect(returnReasonDutch(' md07 ')).toBe('rekeninghouder overleden');
    for (const [code, text] of Object.entries(RETURN_REASONS_DUTCH)) expect([code, returnReasonDutch(code)]).toEqual([code, text]);
  });

  it('names an unknown code, and does not repeat what is no code at all', () => {
    expect(returnReasonDutch('ZZ99')).toBe('teruggeboekt met redencode ZZ99 (onbekende code)');
    expect(returnReasonDutch(undefined)).toBe('teruggeboekt zonder opgegeven reden');
    expect(returnReasonDutch('<script>')).toBe('teruggeboekt met een onleesbare redencode');
  });
});
