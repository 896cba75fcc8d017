import { XmlElement } from '../xml/xml-tree';
import { XmlLimits } from '../xml/xml-safety';
import { ibanProblem, normaliseIban } from './iban';
import { refuseProblems, SepaMessageUnreadable, SepaProblem } from './sepa-errors';
import { amsterdamDateTime, dayInAmsterdam, isIsoDate } from './sepa-dates';
import { formatCents, identifierProblems, parseAmountCents, SEPA_MAX_AMOUNT_CENTS } from './sepa-text';
import { all, el, leaf, pathOf, readIso20022, renderDocument, requiredText, SEPA_XML_LIMITS, textAt, XmlNode } from './sepa-xml';

/**
 * ISO 20022 BankToCustomerDebitCreditNotification (camt.054): the bank's notice of what it booked on the
 * library's account for a collection, and what came back. Read liberally (versions 02 and 04, and any other
 * camt.054.001.NN of the same structure); written (02 or 04) for the sandbox bank's answers.
 * The reader takes no party data (names, debtor accounts) from the notification: only references, amounts,
 * status and reasons, so nothing about a member is kept beyond the booking.
 */

export { returnReasonDutch, RETURN_REASONS_DUTCH } from './return-reasons';

export type Camt054Version = '02' | '04';

/**
 * Bank transaction sub-families (ISO 20022 external code set) that mark an entry as a return or reversal:
 * UPDD unpaid direct debit (returned), PRDD reversal of a direct debit, RCDD reversal after a cancellation
 * request, RRTN reversal due to a payment return, RPCR reversal due to a payment cancellation request.
 */
export const RETURN_SUB_FAMILIES: ReadonlySet<string> = new Set(['UPDD', 'PRDD', 'RCDD', 'RRTN', 'RPCR']);

/** One booked (or pending) collection in a notification to write. */
export interface Camt054EntryInput {
  readonly endToEndId: string;
  readonly amountCents: number;
  readonly booked: boolean;
  /** Set when the debit came back: the ISO return reason code (AC04, AM04, MD06, …). */
  readonly returned?: { readonly reasonCode: string };
  readonly mandateId?: string;
}

/** A notification for one account of the library. */
export interface Camt054Input {
  readonly messageId: string;
  readonly created: Date;
  readonly accountIban: string;
  /** Ntfctn/Id; the message id when absent. */
  readonly notificationId?: string;
  /** The booking and value date of the entries; the day of `created` in the Netherlands when absent. */
  readonly bookingDate?: string;
  readonly entries: readonly Camt054EntryInput[];
}

/** One transaction as read: per TxDtls, or per entry when it has none. */
export interface Camt054Transaction {
  readonly notificationId: string;
  /** The creditor's EndToEndId as the bank reports it; absent when none or NOTPROVIDED. */
  readonly endToEndId?: string;
  readonly mandateId?: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly creditDebit: 'CRDT' | 'DBIT';
  /** The entry status: BOOK, PDNG, INFO (or what a later version calls it). */
  readonly status: string;
  readonly booked: boolean;
  readonly bookingDate?: string;
  readonly valueDate?: string;
  /** RvslInd is true: the entry reverses an earlier one. */
  readonly reversal: boolean;
  /** A return or reversal: RvslInd true, return information present, or a returning bank transaction code. */
  readonly returned: boolean;
  /** RtrInf/Rsn/Cd, the ISO return reason code. */
  readonly returnReasonCode?: string;
  /** RtrInf/Rsn/Prtry, a bank's own reason. */
  readonly returnReasonProprietary?: string;
  /** Domain/family/sub-family, e.g. "PMNT/IDDT/UPDD" (the transaction's own code, else the entry's). */
  readonly bankTransactionCode?: string;
  /** NtryRef or AcctSvcrRef of the entry. */
  readonly entryReference?: string;
}

export interface Camt054NotificationSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly accountIban?: string;
  readonly accountOtherId?: string;
  readonly entries: number;
}

export interface ReadCamt054 {
  /** The version from the namespace: "02", "04", or another NN. */
  readonly version: string;
  readonly messageId: string;
  readonly createdAt: string;
  readonly notifications: readonly Camt054NotificationSummary[];
  readonly transactions: readonly Camt054Transaction[];
}

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.';

/** Every rule the notification breaks; empty when writeCamt054 will write it. */
export function camt054Problems(input: Camt054Input): SepaProblem[] {
  const problems = [...identifierProblems(input.messageId, 'messageId'), ...(input.notificationId === undefined ? [] : identifierProblems(input.notificationId, 'notificationId'))];
  if (!(input.created instanceof Date) || Number.isNaN(input.created.getTime())) problems.push({ path: 'created', rule: 'date', message: 'is not a valid instant' });
  const iban = ibanProblem(input.accountIban);
  if (iban !== undefined) problems.push({ path: 'accountIban', rule: 'iban', message: `is not a valid IBAN (${iban})` });
  if (input.bookingDate !== undefined && !isIsoDate(input.bookingDate)) problems.push({ path: 'bookingDate', rule: 'date', message: 'is not a day written YYYY-MM-DD' });
  input.entries.forEach((entry, index) => {
    const path = `entries[${index}]`;
    problems.push(...identifierProblems(entry.endToEndId, `${path}.endToEndId`));
    if (entry.mandateId !== undefined) problems.push(...identifierProblems(entry.mandateId, `${path}.mandateId`));
    if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0 || entry.amountCents > SEPA_MAX_AMOUNT_CENTS) problems.push({ path: `${path}.amountCents`, rule: 'amount', message: 'is not a whole number of cents above zero within the SEPA maximum' });
    if (entry.returned !== undefined && !/^[A-Z0-9]{4}$/.test(entry.returned.reasonCode)) problems.push({ path: `${path}.returned.reasonCode`, rule: 'reason-code', message: 'is not a four-character ISO return reason code' });
  });
  return problems;
}

function entryNode(entry: Camt054EntryInput, day: string, version: Camt054Version): XmlNode {
  const returned = entry.returned !== undefined;
  const direction = returned ? 'DBIT' : 'CRDT';
  const amount = formatCents(entry.amountCents);
  return el(
    'Ntry',
    leaf('Amt', amount, { Ccy: 'EUR' }),
    leaf('CdtDbtInd', direction),
    returned ? leaf('RvslInd', 'true') : undefined,
    leaf('Sts', entry.booked ? 'BOOK' : 'PDNG'),
    entry.booked ? el('BookgDt', leaf('Dt', day)) : undefined,
    el('ValDt', leaf('Dt', day)),
    el('BkTxCd', el('Domn', leaf('Cd', 'PMNT'), el('Fmly', leaf('Cd', 'IDDT'), leaf('SubFmlyCd', returned ? 'UPDD' : 'ESDD')))),
    el(
      'NtryDtls',
      el(
        'TxDtls',
        el('Refs', leaf('EndToEndId', entry.endToEndId), leaf('MndtId', entry.mandateId)),
        version === '04' ? leaf('Amt', amount, { Ccy: 'EUR' }) : undefined,
        version === '04' ? leaf('CdtDbtInd', direction) : undefined,
        entry.returned === undefined ? undefined : el('RtrInf', el('Rsn', leaf('Cd', entry.returned.reasonCode))),
      ),
    ),
  );
}

/**
 * Writes a camt.054.001.02 or .04 notification, valid against that version's XSD: one entry per collection,
 * each with one transaction carrying the EndToEndId. A collected debit is a credit to the library (CRDT,
 * PMNT/IDDT/ESDD); a returned one is booked back as a debit (DBIT, RvslInd true, PMNT/IDDT/UPDD) with its
 * reason in RtrInf/Rsn/Cd. Pending entries (booked: false) carry no booking date. Throws SepaInvalid.
 */
export function writeCamt054(input: Camt054Input, version: Camt054Version = '04'): string {
  if (version !== '02' && version !== '04') throw new RangeError('camt.054 is written in version 02 or 04');
  refuseProblems(camt054Problems(input));
  const created = amsterdamDateTime(input.created);
  const day = input.bookingDate ?? dayInAmsterdam(input.created);
  const message = el(
    'BkToCstmrDbtCdtNtfctn',
    el('GrpHdr', leaf('MsgId', input.messageId), leaf('CreDtTm', created)),
    el(
      'Ntfctn',
      leaf('Id', input.notificationId ?? input.messageId),
      leaf('CreDtTm', created),
      el('Acct', el('Id', leaf('IBAN', normaliseIban(input.accountIban))), leaf('Ccy', 'EUR')),
      ...input.entries.map((entry) => entryNode(entry, day, version)),
    ),
  );
  return renderDocument(`${NAMESPACE_PREFIX}${version}`, message);
}

function amountOf(element: XmlElement | undefined, where: string): { cents: number; currency: string } | undefined {
  if (element === undefined) return undefined;
  const cents = parseAmountCents(element.text);
  if (cents === undefined) throw new SepaMessageUnreadable(`${where} is not an amount in cents`);
  const currency = element.attributes.find((attribute) => attribute.local === 'Ccy')?.value ?? '';
  return { cents, currency };
}

function direction(text: string | undefined, where: string): 'CRDT' | 'DBIT' {
  if (text === 'CRDT' || text === 'DBIT') return text;
  throw new SepaMessageUnreadable(`${where}/CdtDbtInd is missing or not CRDT or DBIT`);
}

function dayOf(element: XmlElement | undefined, ns: string): string | undefined {
  return textAt(element, ns, 'Dt') ?? textAt(element, ns, 'DtTm')?.slice(0, 10);
}

function bankTransactionCode(element: XmlElement | undefined, ns: string): string | undefined {
  const domain = textAt(element, ns, 'Domn', 'Cd');
  const family = textAt(element, ns, 'Domn', 'Fmly', 'Cd');
  const subFamily = textAt(element, ns, 'Domn', 'Fmly', 'SubFmlyCd');
  return domain === undefined || family === undefined || subFamily === undefined ? undefined : `${domain}/${family}/${subFamily}`;
}

function isTrue(text: string | undefined): boolean {
  return text === 'true' || text === '1';
}

function readEntry(entry: XmlElement, ns: string, where: string, notificationId: string): Camt054Transaction[] {
  const entryAmount = amountOf(pathOf(entry, ns, 'Amt'), `${where}/Amt`);
  if (entryAmount === undefined) throw new SepaMessageUnreadable(`${where}/Amt is missing`);
  const entryDirection = direction(textAt(entry, ns, 'CdtDbtInd'), where);
  // Sts is a code up to version 07 and a choice (Cd, Prtry) from 08 on.
  const status = textAt(entry, ns, 'Sts') ?? textAt(entry, ns, 'Sts', 'Cd') ?? textAt(entry, ns, 'Sts', 'Prtry');
  if (status === undefined) throw new SepaMessageUnreadable(`${where}/Sts is missing`);
  const reversal = isTrue(textAt(entry, ns, 'RvslInd'));
  const entryCode = bankTransactionCode(pathOf(entry, ns, 'BkTxCd'), ns);
  const bookingDate = dayOf(pathOf(entry, ns, 'BookgDt'), ns);
  const valueDate = dayOf(pathOf(entry, ns, 'ValDt'), ns);
  const entryReference = textAt(entry, ns, 'NtryRef') ?? textAt(entry, ns, 'AcctSvcrRef');
  const details = all(entry, ns, 'NtryDtls').flatMap((group) => all(group, ns, 'TxDtls'));
  const common = {
    notificationId,
    status,
    booked: status === 'BOOK',
    ...(bookingDate !== undefined ? { bookingDate } : {}),
    ...(valueDate !== undefined ? { valueDate } : {}),
    reversal,
    ...(entryReference !== undefined ? { entryReference } : {}),
  };
  if (details.length === 0) {
    return [{ ...common, amountCents: entryAmount.cents, currency: entryAmount.currency, creditDebit: entryDirection, returned: reversal || (entryCode !== undefined && RETURN_SUB_FAMILIES.has(entryCode.slice(-4))), ...(entryCode !== undefined ? { bankTransactionCode: entryCode } : {}) }];
  }
  return details.map((transaction, index) => {
    const at = `${where}/NtryDtls/TxDtls[${index + 1}]`;
    // One transaction: the entry's amount is what was booked (some banks leave TxDtls/Amt at 0, as the SWIFT
    // test message does). Several (batch booking): each transaction's own amount.
    const own =
      amountOf(pathOf(transaction, ns, 'AmtDtls', 'TxAmt', 'Amt'), `${at}/AmtDtls/TxAmt/Amt`) ??
      amountOf(pathOf(transaction, ns, 'Amt'), `${at}/Amt`) ??
      amountOf(pathOf(transaction, ns, 'AmtDtls', 'InstdAmt', 'Amt'), `${at}/AmtDtls/InstdAmt/Amt`);
    const transactionAmount = details.length === 1 ? entryAmount : own;
    if (transactionAmount === undefined) throw new SepaMessageUnreadable(`${at} has no amount in a batch entry`);
    const ownDirection = textAt(transaction, ns, 'CdtDbtInd');
    const code = bankTransactionCode(pathOf(transaction, ns, 'BkTxCd'), ns) ?? entryCode;
    const returnInformation = pathOf(transaction, ns, 'RtrInf');
    const reasonCode = textAt(returnInformation, ns, 'Rsn', 'Cd');
    const reasonProprietary = textAt(returnInformation, ns, 'Rsn', 'Prtry');
    const endToEndId = textAt(transaction, ns, 'Refs', 'EndToEndId');
    const mandateId = textAt(transaction, ns, 'Refs', 'MndtId');
    return {
      ...common,
      ...(endToEndId !== undefined && endToEndId !== 'NOTPROVIDED' ? { endToEndId } : {}),
      ...(mandateId !== undefined ? { mandateId } : {}),
      amountCents: transactionAmount.cents,
      currency: transactionAmount.currency,
      creditDebit: ownDirection === undefined ? entryDirection : direction(ownDirection, at),
      returned: reversal || returnInformation !== undefined || (code !== undefined && RETURN_SUB_FAMILIES.has(code.slice(-4))),
      ...(reasonCode !== undefined ? { returnReasonCode: reasonCode } : {}),
      ...(reasonProprietary !== undefined ? { returnReasonProprietary: reasonProprietary } : {}),
      ...(code !== undefined ? { bankTransactionCode: code } : {}),
    };
  });
}

/**
 * Reads a camt.054 notification of any version (namespace urn:iso:std:iso:20022:tech:xsd:camt.054.001.NN) with
 * the hardened reader: per transaction its EndToEndId, amount in cents, credit or debit, booked or not, and
 * whether it is a return or reversal with the ISO reason code. Processing instructions before the root (as in
 * the SWIFT test messages) are dropped; a DTD, entities, or an oversized or too deep document are refused
 * (UnsafeXml). Throws SepaMessageUnreadable, quoting nothing of the document.
 */
export function readCamt054(xml: string, limits: XmlLimits = SEPA_XML_LIMITS): ReadCamt054 {
  const { version, namespace: ns, message } = readIso20022(xml, 'camt.054.001', 'BkToCstmrDbtCdtNtfctn', limits);
  const header = pathOf(message, ns, 'GrpHdr');
  if (header === undefined) throw new SepaMessageUnreadable('GrpHdr is missing');
  const notifications: Camt054NotificationSummary[] = [];
  const transactions: Camt054Transaction[] = [];
  all(message, ns, 'Ntfctn').forEach((notification, index) => {
    const where = `Ntfctn[${index + 1}]`;
    const id = requiredText(notification, ns, where, 'Id');
    const entries = all(notification, ns, 'Ntry');
    const accountIban = textAt(notification, ns, 'Acct', 'Id', 'IBAN');
    const accountOtherId = textAt(notification, ns, 'Acct', 'Id', 'Othr', 'Id');
    notifications.push({
      id,
      createdAt: requiredText(notification, ns, where, 'CreDtTm'),
      ...(accountIban !== undefined ? { accountIban } : {}),
      ...(accountOtherId !== undefined ? { accountOtherId } : {}),
      entries: entries.length,
    });
    entries.forEach((entry, entryIndex) => transactions.push(...readEntry(entry, ns, `${where}/Ntry[${entryIndex + 1}]`, id)));
  });
  if (notifications.length === 0) throw new SepaMessageUnreadable('the document holds no Ntfctn');
  return { version, messageId: requiredText(header, ns, 'GrpHdr', 'MsgId'), createdAt: requiredText(header, ns, 'GrpHdr', 'CreDtTm'), notifications, transactions };
}
