import { XmlElement } from '../xml/xml-tree';
import { XmlLimits } from '../xml/xml-safety';
import { creditorIdProblem, ibanProblem, isValidBic, normaliseBic, normaliseCreditorId, normaliseIban } from './iban';
import { refuseProblems, SepaMessageUnreadable, SepaProblem } from './sepa-errors';
import { amsterdamDateTime, isIsoDate } from './sepa-dates';
import { formatCents, identifierProblems, parseAmountCents, SEPA_MAX_AMOUNT_CENTS, sepaName, toSepaLatin } from './sepa-text';
import { el, leaf, pathOf, readIso20022, renderDocument, requiredText, SEPA_XML_LIMITS, textAt, all, XmlNode } from './sepa-xml';
import { isTargetDay, SequenceType } from './target2-calendar';

/**
 * ISO 20022 CustomerDirectDebitInitiation (pain.008) for SEPA Core direct debit: written strictly (what the
 * gateway sends breaks no SEPA or XSD rule, or is refused with SepaInvalid naming the path), read liberally
 * (any pain.008.001.NN version, BIC or BICFI) for the sandbox bank and the tests.
 */

export type { SequenceType } from './target2-calendar';

/** The pain.008 versions the gateway writes: .02 (Dutch Betaalvereniging guidelines), .08 (EPC guidelines 2023+). */
export type Pain008Version = '02' | '08';

/** The order in which payment information blocks are written. */
export const SEQUENCE_TYPES: readonly SequenceType[] = ['FRST', 'RCUR', 'OOFF', 'FNAL'];

/** The library as creditor: its name, account, bank (optional) and SEPA creditor identifier (incassant ID). */
export interface SepaCreditor {
  readonly name: string;
  readonly iban: string;
  readonly bic?: string;
  readonly creditorId: string;
}

/** The mandate the member signed: its unique reference and the day of signature. */
export interface SepaMandate {
  readonly id: string;
  readonly signedOn: string;
}

/** The account holder who pays. */
export interface SepaDebtor {
  readonly name: string;
  readonly iban: string;
  readonly bic?: string;
}

/** One collection from one debtor. */
export interface DirectDebitTransaction {
  /** The creditor's reference for this transaction, at most 35 SEPA Latin characters; carries no member data. */
  readonly endToEndId: string;
  /** Euro cents, more than 0. */
  readonly amountCents: number;
  readonly sequenceType: SequenceType;
  readonly mandate: SepaMandate;
  readonly debtor: SepaDebtor;
  /** Unstructured remittance information shown to the debtor, at most 140 characters. */
  readonly remittanceInformation?: string;
}

/** One pain.008 file: a SEPA Core collection on one date, one payment information block per sequence type. */
export interface DirectDebitCollection {
  /** Unique per file; at most 30 characters (the payment information ids are this id and -FRST, -RCUR, …). */
  readonly messageId: string;
  readonly createdAt: Date;
  readonly initiatingPartyName: string;
  readonly creditor: SepaCreditor;
  /** The collection date (YYYY-MM-DD), a TARGET day: see target2-calendar.ts checkCollectionDate. */
  readonly requestedCollectionDate: string;
  /** BtchBookg: true books one credit per block, false one per transaction; absent leaves it to the bank's agreement. */
  readonly batchBooking?: boolean;
  readonly transactions: readonly DirectDebitTransaction[];
}

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.';
const MESSAGE_ID_MAX = 30;
const REMITTANCE_MAX = 140;

/** The PmtInfId of a sequence type's block: `<messageId>-FRST`. */
export function paymentInformationId(messageId: string, sequenceType: SequenceType): string {
  return `${messageId}-${sequenceType}`;
}

/**
 * The recommended EndToEndId: the collection's own reference and the transaction's number in it
 * (`makeEndToEndId('BIEB-20260302-1', 17)` → "BIEB-20260302-1-000017"). It says nothing about the member;
 * the ledger links it to the fee lines. Throws SepaInvalid when the result breaks the identifier rules.
 */
export function makeEndToEndId(collectionReference: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new RangeError('a transaction number is a whole number, not negative');
  const id = `${collectionReference}-${String(sequence).padStart(6, '0')}`;
  refuseProblems(identifierProblems(id, 'endToEndId'));
  return id;
}

function nameProblems(name: string, path: string): SepaProblem[] {
  return sepaName(name) === '' ? [{ path, rule: 'required', message: 'is empty once written in the SEPA character set' }] : [];
}

function ibanProblems(iban: string, path: string): SepaProblem[] {
  const problem = ibanProblem(iban);
  return problem === undefined ? [] : [{ path, rule: 'iban', message: `is not a valid IBAN (${problem})` }];
}

function bicProblems(bic: string | undefined, path: string): SepaProblem[] {
  return bic === undefined || isValidBic(bic) ? [] : [{ path, rule: 'bic', message: 'is not a valid BIC' }];
}

function creditorProblems(creditor: SepaCreditor, path: string): SepaProblem[] {
  const idProblem = creditorIdProblem(creditor.creditorId);
  return [
    ...nameProblems(creditor.name, `${path}.name`),
    ...ibanProblems(creditor.iban, `${path}.iban`),
    ...bicProblems(creditor.bic, `${path}.bic`),
    ...(idProblem === undefined ? [] : [{ path: `${path}.creditorId`, rule: 'creditor-id' as const, message: `is not a valid SEPA creditor identifier (${idProblem})` }]),
  ];
}

function collectionDateProblems(day: string, path: string): SepaProblem[] {
  if (!isIsoDate(day)) return [{ path, rule: 'date', message: 'is not a day written YYYY-MM-DD' }];
  return isTargetDay(day) ? [] : [{ path, rule: 'date', message: 'is not a TARGET2 day' }];
}

function amountProblems(cents: number, path: string): SepaProblem[] {
  if (!Number.isSafeInteger(cents)) return [{ path, rule: 'amount', message: 'is not a whole number of cents' }];
  if (cents <= 0) return [{ path, rule: 'amount', message: 'is not more than zero' }];
  if (cents > SEPA_MAX_AMOUNT_CENTS) return [{ path, rule: 'amount', message: 'is more than SEPA allows in one transaction' }];
  return [];
}

function transactionProblems(transaction: DirectDebitTransaction, path: string, collectionDate: string): SepaProblem[] {
  const problems = [
    ...identifierProblems(transaction.endToEndId, `${path}.endToEndId`),
    ...amountProblems(transaction.amountCents, `${path}.amountCents`),
    ...identifierProblems(transaction.mandate.id, `${path}.mandate.id`),
    ...nameProblems(transaction.debtor.name, `${path}.debtor.name`),
    ...ibanProblems(transaction.debtor.iban, `${path}.debtor.iban`),
    ...bicProblems(transaction.debtor.bic, `${path}.debtor.bic`),
  ];
  if (transaction.endToEndId === 'NOTPROVIDED') problems.push({ path: `${path}.endToEndId`, rule: 'charset', message: 'is NOTPROVIDED, the value for no reference' });
  if (!SEQUENCE_TYPES.includes(transaction.sequenceType)) problems.push({ path: `${path}.sequenceType`, rule: 'required', message: 'is not FRST, RCUR, OOFF or FNAL' });
  if (!isIsoDate(transaction.mandate.signedOn)) problems.push({ path: `${path}.mandate.signedOn`, rule: 'date', message: 'is not a day written YYYY-MM-DD' });
  else if (isIsoDate(collectionDate) && transaction.mandate.signedOn > collectionDate) problems.push({ path: `${path}.mandate.signedOn`, rule: 'date', message: 'is after the collection date' });
  if (transaction.remittanceInformation !== undefined) {
    const remittance = toSepaLatin(transaction.remittanceInformation);
    if (remittance === '') problems.push({ path: `${path}.remittanceInformation`, rule: 'required', message: 'is empty once written in the SEPA character set' });
    else if (remittance.length > REMITTANCE_MAX) problems.push({ path: `${path}.remittanceInformation`, rule: 'length', message: `is longer than ${REMITTANCE_MAX} characters` });
  }
  return problems;
}

function duplicateProblems(ids: readonly string[], path: (index: number) => string, what: string): SepaProblem[] {
  const seen = new Set<string>();
  const problems: SepaProblem[] = [];
  ids.forEach((id, index) => {
    if (seen.has(id)) problems.push({ path: path(index), rule: 'duplicate', message: `repeats an earlier ${what}` });
    seen.add(id);
  });
  return problems;
}

/** The sum must stay exact; amounts that are no whole cents are reported on their own. */
function sumProblems(amounts: readonly number[], path: string): SepaProblem[] {
  if (!amounts.every((cents) => Number.isSafeInteger(cents))) return [];
  const total = amounts.reduce((sum, cents) => sum + cents, 0);
  return Number.isSafeInteger(total) ? [] : [{ path, rule: 'amount', message: 'the control sum is too large' }];
}

/** Every rule the collection breaks; empty when writePain008 will write it. */
export function collectionProblems(collection: DirectDebitCollection): SepaProblem[] {
  const problems = [
    ...identifierProblems(collection.messageId, 'messageId', MESSAGE_ID_MAX),
    ...nameProblems(collection.initiatingPartyName, 'initiatingPartyName'),
    ...creditorProblems(collection.creditor, 'creditor'),
    ...collectionDateProblems(collection.requestedCollectionDate, 'requestedCollectionDate'),
  ];
  if (!(collection.createdAt instanceof Date) || Number.isNaN(collection.createdAt.getTime())) problems.push({ path: 'createdAt', rule: 'date', message: 'is not a valid instant' });
  if (collection.transactions.length === 0) problems.push({ path: 'transactions', rule: 'count', message: 'holds no transaction' });
  collection.transactions.forEach((transaction, index) => problems.push(...transactionProblems(transaction, `transactions[${index}]`, collection.requestedCollectionDate)));
  problems.push(...duplicateProblems(collection.transactions.map((t) => t.endToEndId), (index) => `transactions[${index}].endToEndId`, 'EndToEndId'));
  problems.push(...sumProblems(collection.transactions.map((t) => t.amountCents), 'transactions'));
  return problems;
}

function agent(bic: string | undefined, version: Pain008Version): XmlNode {
  const id = bic === undefined ? el('Othr', leaf('Id', 'NOTPROVIDED')) : leaf(version === '02' ? 'BIC' : 'BICFI', normaliseBic(bic));
  return el('FinInstnId', id);
}

function transactionNode(transaction: DirectDebitTransaction, version: Pain008Version): XmlNode {
  return el(
    'DrctDbtTxInf',
    el('PmtId', leaf('EndToEndId', transaction.endToEndId)),
    leaf('InstdAmt', formatCents(transaction.amountCents), { Ccy: 'EUR' }),
    el('DrctDbtTx', el('MndtRltdInf', leaf('MndtId', transaction.mandate.id), leaf('DtOfSgntr', transaction.mandate.signedOn))),
    el('DbtrAgt', agent(transaction.debtor.bic, version)),
    el('Dbtr', leaf('Nm', sepaName(transaction.debtor.name))),
    el('DbtrAcct', el('Id', leaf('IBAN', normaliseIban(transaction.debtor.iban)))),
    transaction.remittanceInformation === undefined ? undefined : el('RmtInf', leaf('Ustrd', toSepaLatin(transaction.remittanceInformation))),
  );
}

function sumCents(transactions: readonly DirectDebitTransaction[]): number {
  return transactions.reduce((sum, transaction) => sum + transaction.amountCents, 0);
}

/**
 * Writes a SEPA Core pain.008.001.02 or .08 document, valid against that version's XSD: one PmtInf per
 * sequence type present (FRST, RCUR, OOFF, FNAL, in that order, transactions in input order), NbOfTxs and
 * CtrlSum computed for each block and the header, ChrgBr SLEV, the creditor identifier as a SEPA private id.
 * Names are written in the SEPA Latin character set and cut at 70 characters; remittance text is converted
 * too; identifiers are never changed. Throws SepaInvalid (paths and rules, no values) for any problem
 * collectionProblems finds.
 */
export function writePain008(collection: DirectDebitCollection, version: Pain008Version = '08'): string {
  if (version !== '02' && version !== '08') throw new RangeError('pain.008 is written in version 02 or 08');
  refuseProblems(collectionProblems(collection));
  const { creditor } = collection;
  const blocks = SEQUENCE_TYPES.map((sequenceType) => [sequenceType, collection.transactions.filter((t) => t.sequenceType === sequenceType)] as const).filter(
    ([, transactions]) => transactions.length > 0,
  );
  const paymentInformation = blocks.map(([sequenceType, transactions]) =>
    el(
      'PmtInf',
      leaf('PmtInfId', paymentInformationId(collection.messageId, sequenceType)),
      leaf('PmtMtd', 'DD'),
      leaf('BtchBookg', collection.batchBooking === undefined ? undefined : String(collection.batchBooking)),
      leaf('NbOfTxs', String(transactions.length)),
      leaf('CtrlSum', formatCents(sumCents(transactions))),
      el('PmtTpInf', el('SvcLvl', leaf('Cd', 'SEPA')), el('LclInstrm', leaf('Cd', 'CORE')), leaf('SeqTp', sequenceType)),
      leaf('ReqdColltnDt', collection.requestedCollectionDate),
      el('Cdtr', leaf('Nm', sepaName(creditor.name))),
      el('CdtrAcct', el('Id', leaf('IBAN', normaliseIban(creditor.iban)))),
      el('CdtrAgt', agent(creditor.bic, version)),
      leaf('ChrgBr', 'SLEV'),
      el('CdtrSchmeId', el('Id', el('PrvtId', el('Othr', leaf('Id', normaliseCreditorId(creditor.creditorId)), el('SchmeNm', leaf('Prtry', 'SEPA')))))),
      ...transactions.map((transaction) => transactionNode(transaction, version)),
    ),
  );
  const message = el(
    'CstmrDrctDbtInitn',
    el(
      'GrpHdr',
      leaf('MsgId', collection.messageId),
      leaf('CreDtTm', amsterdamDateTime(collection.createdAt)),
      leaf('NbOfTxs', String(collection.transactions.length)),
      leaf('CtrlSum', formatCents(sumCents(collection.transactions))),
      el('InitgPty', leaf('Nm', sepaName(collection.initiatingPartyName))),
    ),
    ...paymentInformation,
  );
  return renderDocument(`${NAMESPACE_PREFIX}${version}`, message);
}

/** One payment information block as read. Declared counts are as the file says; check them with receivedPain008Problems. */
export interface ReadPaymentInformation {
  readonly id: string;
  readonly sequenceType: SequenceType;
  readonly localInstrument?: string;
  readonly requestedCollectionDate: string;
  readonly creditor: SepaCreditor;
  readonly batchBooking?: boolean;
  readonly declaredNumberOfTransactions?: number;
  readonly declaredControlSumCents?: number;
  readonly transactions: readonly DirectDebitTransaction[];
}

/** A pain.008 document as read. `creditor` and `requestedCollectionDate` are the first block's. */
export interface ReadPain008 {
  /** The version from the namespace: "02", "08", or another NN. */
  readonly version: string;
  readonly messageId: string;
  /** CreDtTm as written (xs:dateTime). */
  readonly createdAt: string;
  readonly initiatingPartyName?: string;
  readonly declaredNumberOfTransactions: number;
  readonly declaredControlSumCents?: number;
  readonly paymentInformations: readonly ReadPaymentInformation[];
  readonly creditor: SepaCreditor;
  readonly requestedCollectionDate: string;
  /** Every transaction of every block, in document order. */
  readonly transactions: readonly DirectDebitTransaction[];
  /** The sum of every transaction's amount, computed. */
  readonly controlSumCents: number;
}

function count(text: string | undefined, where: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new SepaMessageUnreadable(`${where} is not a number of transactions`);
  return Number(text);
}

function amount(text: string | undefined, where: string): number | undefined {
  if (text === undefined) return undefined;
  const cents = parseAmountCents(text);
  if (cents === undefined) throw new SepaMessageUnreadable(`${where} is not an amount in cents`);
  return cents;
}

function bicOf(agentElement: XmlElement | undefined, ns: string): string | undefined {
  return textAt(agentElement, ns, 'FinInstnId', 'BICFI') ?? textAt(agentElement, ns, 'FinInstnId', 'BIC');
}

function sequenceTypeOf(text: string | undefined, where: string): SequenceType {
  const found = SEQUENCE_TYPES.find((type) => type === text);
  if (found === undefined) throw new SepaMessageUnreadable(`${where}/PmtTpInf/SeqTp is missing or not FRST, RCUR, OOFF or FNAL`);
  return found;
}

function readTransaction(element: XmlElement, ns: string, where: string, blockSequenceType: string | undefined): DirectDebitTransaction {
  const instructed = pathOf(element, ns, 'InstdAmt');
  const currency = instructed?.attributes.find((attribute) => attribute.local === 'Ccy')?.value;
  if (instructed !== undefined && currency !== 'EUR') throw new SepaMessageUnreadable(`${where}/InstdAmt is not in euro`);
  const bic = bicOf(pathOf(element, ns, 'DbtrAgt'), ns);
  const remittance = textAt(element, ns, 'RmtInf', 'Ustrd');
  return {
    endToEndId: requiredText(element, ns, where, 'PmtId', 'EndToEndId'),
    amountCents: amount(requiredText(element, ns, where, 'InstdAmt'), `${where}/InstdAmt`) as number,
    sequenceType: sequenceTypeOf(textAt(element, ns, 'PmtTpInf', 'SeqTp') ?? blockSequenceType, where),
    mandate: {
      id: requiredText(element, ns, where, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'),
      signedOn: requiredText(element, ns, where, 'DrctDbtTx', 'MndtRltdInf', 'DtOfSgntr'),
    },
    debtor: {
      name: requiredText(element, ns, where, 'Dbtr', 'Nm'),
      iban: requiredText(element, ns, where, 'DbtrAcct', 'Id', 'IBAN'),
      ...(bic !== undefined ? { bic } : {}),
    },
    ...(remittance !== undefined ? { remittanceInformation: remittance } : {}),
  };
}

function readPaymentInformation(element: XmlElement, ns: string, where: string): ReadPaymentInformation {
  const blockSequenceType = textAt(element, ns, 'PmtTpInf', 'SeqTp');
  const localInstrument = textAt(element, ns, 'PmtTpInf', 'LclInstrm', 'Cd');
  const transactionElements = all(element, ns, 'DrctDbtTxInf');
  if (transactionElements.length === 0) throw new SepaMessageUnreadable(`${where} holds no DrctDbtTxInf`);
  const transactions = transactionElements.map((tx, index) => readTransaction(tx, ns, `${where}/DrctDbtTxInf[${index + 1}]`, blockSequenceType));
  const schemeIdPath = ['CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id'];
  const creditorId = textAt(element, ns, ...schemeIdPath) ?? textAt(transactionElements[0], ns, 'DrctDbtTx', ...schemeIdPath);
  if (creditorId === undefined) throw new SepaMessageUnreadable(`${where}/CdtrSchmeId is missing`);
  const creditorBic = bicOf(pathOf(element, ns, 'CdtrAgt'), ns);
  const batchBooking = textAt(element, ns, 'BtchBookg');
  const declaredNumberOfTransactions = count(textAt(element, ns, 'NbOfTxs'), `${where}/NbOfTxs`);
  const declaredControlSumCents = amount(textAt(element, ns, 'CtrlSum'), `${where}/CtrlSum`);
  return {
    id: requiredText(element, ns, where, 'PmtInfId'),
    sequenceType: transactions[0]?.sequenceType ?? sequenceTypeOf(blockSequenceType, where),
    ...(localInstrument !== undefined ? { localInstrument } : {}),
    requestedCollectionDate: requiredText(element, ns, where, 'ReqdColltnDt'),
    creditor: {
      name: requiredText(element, ns, where, 'Cdtr', 'Nm'),
      iban: requiredText(element, ns, where, 'CdtrAcct', 'Id', 'IBAN'),
      ...(creditorBic !== undefined ? { bic: creditorBic } : {}),
      creditorId,
    },
    ...(batchBooking !== undefined ? { batchBooking: batchBooking === 'true' || batchBooking === '1' } : {}),
    ...(declaredNumberOfTransactions !== undefined ? { declaredNumberOfTransactions } : {}),
    ...(declaredControlSumCents !== undefined ? { declaredControlSumCents } : {}),
    transactions,
  };
}

/**
 * Reads a pain.008 document of any version (namespace urn:iso:std:iso:20022:tech:xsd:pain.008.001.NN) with the
 * hardened reader: the header, every payment information block and its transactions. Liberal in what it takes
 * (BIC or BICFI, the sequence type per block or per transaction, the creditor identifier per block or in the
 * first transaction) but SEPA-mandatory parts must be there. Checks nothing else: receivedPain008Problems does.
 * Throws UnsafeXml (DTD, entities, too large or deep) and SepaMessageUnreadable (never quoting the document).
 */
export function readPain008(xml: string, limits: XmlLimits = SEPA_XML_LIMITS): ReadPain008 {
  const { version, namespace: ns, message } = readIso20022(xml, 'pain.008.001', 'CstmrDrctDbtInitn', limits);
  const header = pathOf(message, ns, 'GrpHdr');
  if (header === undefined) throw new SepaMessageUnreadable('GrpHdr is missing');
  const blocks = all(message, ns, 'PmtInf').map((element, index) => readPaymentInformation(element, ns, `PmtInf[${index + 1}]`));
  const first = blocks[0];
  if (first === undefined) throw new SepaMessageUnreadable('the document holds no PmtInf');
  const transactions = blocks.flatMap((block) => block.transactions);
  const initiatingPartyName = textAt(header, ns, 'InitgPty', 'Nm');
  const declaredControlSumCents = amount(textAt(header, ns, 'CtrlSum'), 'GrpHdr/CtrlSum');
  return {
    version,
    messageId: requiredText(header, ns, 'GrpHdr', 'MsgId'),
    createdAt: requiredText(header, ns, 'GrpHdr', 'CreDtTm'),
    ...(initiatingPartyName !== undefined ? { initiatingPartyName } : {}),
    declaredNumberOfTransactions: count(requiredText(header, ns, 'GrpHdr', 'NbOfTxs'), 'GrpHdr/NbOfTxs') as number,
    ...(declaredControlSumCents !== undefined ? { declaredControlSumCents } : {}),
    paymentInformations: blocks,
    creditor: first.creditor,
    requestedCollectionDate: first.requestedCollectionDate,
    transactions,
    controlSumCents: transactions.reduce((sum, transaction) => sum + transaction.amountCents, 0),
  };
}

/**
 * What a bank checks in a pain.008 it receives, beyond the XSD: every creditor and transaction rule of the
 * writer (IBAN and creditor identifier check digits, BICs, amounts, identifiers, TARGET collection dates),
 * EndToEndIds and PmtInfIds unique in the file, and the declared NbOfTxs and CtrlSum (header and blocks)
 * equal to what the transactions add up to. Names and remittance text are checked as the writer converts them
 * (not empty, remittance at most 140 characters). Paths follow the ReadPain008 structure.
 */
export function receivedPain008Problems(document: ReadPain008): SepaProblem[] {
  const problems: SepaProblem[] = [...identifierProblems(document.messageId, 'messageId')];
  document.paymentInformations.forEach((block, blockIndex) => {
    const path = `paymentInformations[${blockIndex}]`;
    problems.push(...identifierProblems(block.id, `${path}.id`));
    problems.push(...creditorProblems(block.creditor, `${path}.creditor`));
    problems.push(...collectionDateProblems(block.requestedCollectionDate, `${path}.requestedCollectionDate`));
    if (block.localInstrument !== undefined && block.localInstrument !== 'CORE') problems.push({ path: `${path}.localInstrument`, rule: 'required', message: 'is not CORE' });
    block.transactions.forEach((transaction, index) => problems.push(...transactionProblems(transaction, `${path}.transactions[${index}]`, block.requestedCollectionDate)));
    if (block.declaredNumberOfTransactions !== undefined && block.declaredNumberOfTransactions !== block.transactions.length) problems.push({ path: `${path}.declaredNumberOfTransactions`, rule: 'count', message: 'differs from the transactions in the block' });
    if (block.declaredControlSumCents !== undefined && block.declaredControlSumCents !== sumCents(block.transactions)) problems.push({ path: `${path}.declaredControlSumCents`, rule: 'count', message: 'differs from the sum of the block' });
  });
  const transactions = document.paymentInformations.flatMap((block, blockIndex) => block.transactions.map((transaction, index) => [transaction.endToEndId, `paymentInformations[${blockIndex}].transactions[${index}].endToEndId`] as const));
  problems.push(...duplicateProblems(transactions.map(([id]) => id), (index) => transactions[index]?.[1] ?? '', 'EndToEndId'));
  problems.push(...duplicateProblems(document.paymentInformations.map((block) => block.id), (index) => `paymentInformations[${index}].id`, 'PmtInfId'));
  if (document.declaredNumberOfTransactions !== document.transactions.length) problems.push({ path: 'declaredNumberOfTransactions', rule: 'count', message: 'differs from the transactions in the file' });
  if (document.declaredControlSumCents !== undefined && document.declaredControlSumCents !== document.controlSumCents) problems.push({ path: 'declaredControlSumCents', rule: 'count', message: 'differs from the sum of the file' });
  return problems;
}

