import { randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { LoanOutcome } from '../connectors/sdk/circulation';
import { MemberNotFound, PartnerRejected } from '../connectors/sdk/connector-errors';
import { prepareForPartner } from '../connectors/sdk/sendable';
import { Sip2Connection, Sip2Reply } from '../connectors/sip2/sip2.server';
import { Sip2Profile } from '../connectors/sip2/sip2-profile';
import { ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { formatSip2Date, sip2DateOfDay } from '../mapping/sip2/sip2-date';
import { Sip2Encoding } from '../mapping/sip2/sip2-checksum';
import { encodeSip2Bytes, fieldOf, parseSip2, Sip2Message, Sip2Outgoing } from '../mapping/sip2/sip2-message';
import { unservedResponse } from '../mapping/sip2/unserved-responses';
import { centsOf, sip2PatronOf } from '../mapping/sip2/sip2-patron';
import {
  parseCheckin,
  parseCheckout,
  parseEndSession,
  parseFeePaid,
  parseLogin,
  parsePatronInformation,
  parsePatronStatus,
  PatronAddress,
} from '../mapping/sip2/sip2-requests';
import {
  acsStatus,
  checkinResponse,
  checkoutResponse,
  endSessionResponse,
  feePaidResponse,
  loginResponse,
  patronInformationResponse,
  patronStatusResponse,
  requestScResend,
} from '../mapping/sip2/sip2-responses';
import { UNKNOWN_LABEL } from '../metrics/gateway-counters';
import { PolicyRefusal } from '../policy/policy-refusal';
import { ReleasedPayload } from '../policy/released-payload';
import { settleFees } from './fee-payment';
import { PaymentAnswer } from './payment-replays';
import { PatronSession, TerminalAudience } from './patron-session';
import { MESSAGES, PIN_REFUSED, REFUSED } from './sip2-screen-messages';
import { Sip2Gateway } from './sip2-gateway';

interface Login {
  readonly principal: Principal;
  readonly partner: string;
  readonly profile: Sip2Profile;
}

/** The request codes the server serves at all; anything else is refused with the list of what is served. */
const SERVED = new Set(['93', '99', '97', '63', '23', '37', '11', '09', '35']);

function audienceOf(login: Login): TerminalAudience {
  return { partner: login.partner, purpose: login.profile.purpose };
}

function isBlocked(payload: ReleasedPayload): boolean {
  return sip2PatronOf(payload.fields, '').status.startsWith('Y');
}

/**
 * One SIP2 connection: login, then the terminal's requests, each answered with AY/AZ. Patron answers
 * are the member through the logged-in partner's policy, released (and written to the ledger) once per
 * patron session: a second question about the same card reuses the release until 35 End Session, a
 * payment, or the connection's end. No member value is logged.
 */
export class Sip2Session implements Sip2Connection {
  private login: Login | undefined;
  private last: Buffer | undefined;
  private readonly patrons: PatronSession;
  /** Whether the message being answered was refused (not served, not logged in, not allowed, login refused): for its count. */
  private refused = false;

  constructor(private readonly gateway: Sip2Gateway) {
    this.patrons = new PatronSession(gateway);
  }

  /** The terminal's encoding: latin1, the SIP2 default, until a login says which partner it is. */
  private get encoding(): Sip2Encoding {
    return this.login?.profile.encoding ?? 'latin1';
  }

  async handle(frame: Buffer): Promise<Sip2Reply> {
    const parsed = parseSip2(frame, this.encoding);
    if (!parsed.ok) {
      // Damaged, malformed or no SIP2 at all (binary junk, a TLS handshake on the plain port): a 96 the
      // terminal understands, never silence.
      this.gateway.logger.warn(`sip2 message refused: ${parsed.problem}`);
      this.gateway.counted(UNKNOWN_LABEL, 'malformed');
      return { answer: encodeSip2Bytes(requestScResend(), undefined, this.encoding), wellFormed: false };
    }
    const message = parsed.message;
    // The code as a metric label: one of SIP2's, never whatever two characters a client sent.
    const code = message.known ? message.code : UNKNOWN_LABEL;
    const login = this.login;
    if (login !== undefined && !(await this.gateway.stillValid(login.principal))) {
      // The terminal's account was disabled since it logged in: nothing more is answered on this connection.
      this.gateway.logger.warn(`sip2 connection of a disabled '${login.partner}' account closed`);
      this.closed();
      this.gateway.counted(code, 'refused');
      return { answer: this.send(this.refuse(message, MESSAGES.loginFirst), message.sequence), wellFormed: true, close: true };
    }
    if (message.code === '97') {
      this.gateway.counted(code, 'answered');
      return { answer: this.last ?? this.send(this.status(message, 'Niets om opnieuw te sturen')), wellFormed: true };
    }
    this.refused = false;
    try {
      const answer = this.send(await this.answer(message), message.sequence);
      this.gateway.counted(code, this.refused ? 'refused' : 'answered');
      return { answer, wellFormed: true };
    } catch (error) {
      this.gateway.logger.error(`sip2 ${message.code} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      this.gateway.counted(code, 'failed');
      return { answer: this.send(this.failed(message), message.sequence), wellFormed: true };
    }
  }

  closed(): void {
    this.patrons.clear();
    this.login = undefined;
  }

  account(): string | undefined {
    return this.login?.principal.accountId;
  }

  /** AY is echoed only when the request carried one (a terminal without error detection gets none). */
  private send(outgoing: Sip2Outgoing, sequence?: string): Buffer {
    this.last = encodeSip2Bytes(outgoing, sequence !== undefined && /^\d$/.test(sequence) ? sequence : undefined, this.encoding);
    return this.last;
  }

  private async answer(message: Sip2Message): Promise<Sip2Outgoing> {
    if (!message.known || !SERVED.has(message.code)) {
      this.gateway.logger.warn(`sip2 message ${message.known ? message.code : 'with an unknown code'} refused: not served`);
      this.refused = true;
      const refusal = {
        transactionDate: this.date(),
        institutionId: this.gateway.settings.institutionId,
        screenMessage: `Bericht ${/^[0-9A-Z]{2}$/.test(message.code) ? message.code : '??'} wordt niet ondersteund; vraag het aan een medewerker`,
        ...(fieldOf(message, 'AA') !== undefined ? { patronId: fieldOf(message, 'AA') } : {}),
        ...(fieldOf(message, 'AB') !== undefined ? { itemId: fieldOf(message, 'AB') } : {}),
      };
      return unservedResponse(message.code, refusal) ?? requestScResend();
    }
    if (message.code === '93') return this.logIn(message);
    if (message.code === '99') return this.status(message);
    const login = this.login;
    if (login === undefined) return this.refuse(message, MESSAGES.loginFirst);
    if (!login.profile.messages.has(message.code)) return this.refuse(message, MESSAGES.notAllowed);
    switch (message.code) {
      case '63':
        return this.patronInformation(login, message);
      case '23':
        return this.patronStatus(login, message);
      case '37':
        return this.feePaid(login, message);
      case '11':
        return this.checkout(login, message);
      case '09':
        return this.checkin(login, message);
      default:
        return this.endSession(message);
    }
  }

  private async logIn(message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parseLogin(message);
    this.closed();
    const principal = request.userId === undefined || request.password === undefined ? undefined : await this.gateway.authenticate(request.userId, request.password);
    const partner = principal?.roles.includes('partner') === true ? principal.partner : undefined;
    const profile = partner === undefined ? undefined : this.gateway.profile(partner);
    if (principal === undefined || partner === undefined || profile === undefined) {
      this.gateway.logger.warn('sip2 login refused');
      this.refused = true;
      return loginResponse(false);
    }
    this.login = { principal, partner, profile };
    this.gateway.logger.log(`sip2 login of a '${partner}' terminal`);
    return loginResponse(true);
  }

  private date(): string {
    return formatSip2Date(this.gateway.now());
  }

  private institution(request: { readonly institutionId?: string }): string {
    return request.institutionId !== undefined && request.institutionId !== '' ? request.institutionId : this.gateway.settings.institutionId;
  }

  /** 98: also the refusal of a message the server does not serve, with the list of what it serves (BX). */
  private status(message: Sip2Message, screenMessage?: string): Sip2Outgoing {
    const messages = this.login?.profile.messages ?? new Set(['93', '99']);
    return acsStatus({
      online: true,
      checkinOk: messages.has('09'),
      checkoutOk: messages.has('11'),
      renewalPolicy: false,
      statusUpdateOk: false,
      offlineOk: false,
      timeoutPeriod: String(Math.min(999, Math.ceil(this.gateway.settings.idleTimeoutMs / 1000))).padStart(3, '0'),
      retriesAllowed: '003',
      dateTime: this.date(),
      institutionId: this.gateway.settings.institutionId,
      libraryName: this.gateway.settings.libraryName,
      supported: messages,
      ...(screenMessage !== undefined ? { screenMessage } : {}),
    });
  }

  /** The answer when the gateway could not do what was asked (the lending system did not answer). */
  private failed(message: Sip2Message): Sip2Outgoing {
    if (message.code === '93') return loginResponse(false);
    if (['63', '23', '37', '11', '09', '35'].includes(message.code)) return this.refuse(message, MESSAGES.unavailable);
    return this.status(message, MESSAGES.unavailable);
  }

  /** The negative answer of a request that is not allowed (not logged in, not this terminal's). */
  private refuse(message: Sip2Message, screenMessage: string): Sip2Outgoing {
    this.refused = true;
    const date = this.date();
    switch (message.code) {
      case '63':
      case '23': {
        const request = message.code === '63' ? parsePatronInformation(message) : parsePatronStatus(message);
        const answer = { language: request.language, transactionDate: date, institutionId: this.institution(request), patronId: request.patronId ?? '', screenMessage };
        return message.code === '63' ? patronInformationResponse(answer) : patronStatusResponse(answer);
      }
      case '37': {
        const request = parseFeePaid(message);
        return feePaidResponse({ accepted: false, transactionDate: date, institutionId: this.institution(request), patronId: request.patronId ?? '', ...(request.transactionId !== undefined ? { transactionId: request.transactionId } : {}), screenMessage });
      }
      case '11': {
        const request = parseCheckout(message);
        return checkoutResponse({ ok: false, renewalOk: false, transactionDate: date, institutionId: this.institution(request), patronId: request.patronId ?? '', itemId: request.itemId ?? '', screenMessage });
      }
      case '09': {
        const request = parseCheckin(message);
        return checkinResponse({ ok: false, transactionDate: date, institutionId: this.institution(request), itemId: request.itemId ?? '', screenMessage });
      }
      default: {
        const request = parseEndSession(message);
        return endSessionResponse({ ended: true, transactionDate: date, institutionId: this.institution(request), patronId: request.patronId ?? '', screenMessage });
      }
    }
  }

  private async patronAnswer(login: Login, request: PatronAddress & { readonly language: string }) {
    const card = request.patronId ?? '';
    const base = { language: request.language, transactionDate: this.date(), institutionId: this.institution(request), patronId: card };
    const pin = card === '' ? undefined : await this.patrons.gate(card, request.patronPassword, login.profile.pinRequired);
    if (pin !== undefined && pin !== 'valid') return { ...base, ...(pin === 'unknown' ? { screenMessage: MESSAGES.unknownPatron } : { passwordValid: false, screenMessage: PIN_REFUSED[pin] }) };
    const payload = card === '' ? undefined : await this.patrons.releaseFor(audienceOf(login), card);
    const patron = payload === undefined ? undefined : sip2PatronOf(payload.fields, this.gateway.now().toISOString().slice(0, 10), (path) => payload.releases(path));
    return { ...base, ...(pin === 'valid' ? { passwordValid: true } : {}), ...(patron !== undefined ? { patron } : { screenMessage: MESSAGES.unknownPatron }) };
  }

  private async patronInformation(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parsePatronInformation(message);
    const answer = await this.patronAnswer(login, request);
    return patronInformationResponse({
      ...answer,
      ...(request.summary !== undefined ? { summary: request.summary } : {}),
      ...(request.startItem !== undefined ? { startItem: request.startItem } : {}),
      ...(request.endItem !== undefined ? { endItem: request.endItem } : {}),
    });
  }

  private async patronStatus(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    return patronStatusResponse(await this.patronAnswer(login, parsePatronStatus(message)));
  }

  /**
   * 37: the payment is booked at the lending system before the terminal hears 'accepted'. The member
   * with the settled fees paid goes through the lending system's `payments` policy (ledger entry), and
   * is delivered at once through its connector; the delivery id is derived from the terminal's
   * transaction id, so a terminal that repeats a payment is not booked twice.
   */
  private async feePaid(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parseFeePaid(message);
    const answer = (accepted: boolean, screenMessage: string): Sip2Outgoing =>
      feePaidResponse({
        accepted,
        transactionDate: this.date(),
        institutionId: this.institution(request),
        patronId: request.patronId ?? '',
        ...(request.transactionId !== undefined ? { transactionId: request.transactionId } : {}),
        screenMessage,
      });
    const cents = request.amount === undefined ? undefined : centsOf(request.amount);
    if (request.patronId === undefined || request.patronId === '' || cents === undefined) return answer(false, 'Betaling onvolledig: pas en bedrag zijn nodig');
    if (request.currency !== undefined && request.currency.trim() !== '' && request.currency !== 'EUR') return answer(false, 'Alleen betalingen in euro');
    // A payment is the patron's like a loan: a wrong PIN (AD) or a locked card is refused, and so is one without a PIN where the terminal must ask for it.
    const pin = await this.patrons.gate(request.patronId, request.patronPassword, login.profile.pinRequired);
    if (pin === 'unknown') return answer(false, MESSAGES.unknownPatron);
    if (pin !== undefined && pin !== 'valid') return answer(false, PIN_REFUSED[pin]);
    const card = request.patronId;
    const book = () => this.bookPayment(login, card, cents, request.feeId, request.transactionId);
    const result = request.transactionId !== undefined && request.transactionId !== '' ? await this.gateway.payOnce(login.principal.accountId, card, request.transactionId, book) : await book();
    return answer(result.accepted, result.screenMessage);
  }

  /** Books a payment at the lending system: the settled fees through its `payments` policy (ledger entry), delivered at once. */
  private async bookPayment(login: Login, card: string, cents: number, feeId: string | undefined, transactionId: string | undefined): Promise<PaymentAnswer> {
    const refused = (screenMessage: string): PaymentAnswer => ({ accepted: false, screenMessage });
    const { settings } = this.gateway;
    let member: ValidMember;
    try {
      member = await this.gateway.memberByCard(card, AbortSignal.timeout(this.gateway.timeoutMs));
    } catch (error) {
      if (error instanceof MemberNotFound) return refused(MESSAGES.unknownPatron);
      throw error;
    }
    const settlement = settleFees(member, cents, feeId);
    if (!settlement.ok) {
      this.gateway.logger.warn(`sip2 fee paid refused: ${settlement.reason}`);
      return refused('Betaling past niet bij de openstaande kosten');
    }
    const checked = validateMember(settlement.member);
    if (!checked.ok) return refused('Betaling kan niet worden geboekt');
    const connector = this.gateway.lendingConnector();
    const payload = await this.gateway.release({ partner: settings.paymentsPartner, purpose: settings.paymentsPurpose, member: checked.member });
    const deliveryId = transactionId !== undefined && transactionId !== '' ? `sip2-${login.principal.accountId}-${transactionId}` : randomUUID();
    try {
      await connector.deliver(prepareForPartner(connector, payload), { deliveryId, signal: AbortSignal.timeout(this.gateway.timeoutMs) });
    } catch (error) {
      this.gateway.logger.warn(`sip2 fee paid not booked: ${error instanceof Error && 'code' in error ? String(error.code) : 'error'}`);
      return error instanceof PartnerRejected ? refused('Het uitleensysteem weigerde de betaling') : { accepted: false, screenMessage: MESSAGES.unavailable, final: false };
    }
    this.patrons.forget(card);
    this.gateway.logger.log(`sip2 fee paid booked (${settlement.paid.length} fees)`);
    return { accepted: true, screenMessage: 'Betaling ontvangen, dank u wel' };
  }

  /**
   * 11: the loan is registered at the lending system while the machine waits. The patron is checked
   * through the terminal's policy first (a blocked card is refused without asking the lending system);
   * then the member's id and the one item go out through the lending system's `circulation` purpose
   * (a ledger entry), and the answer shows title and due date only as far as the terminal's policy
   * releases them from the member's loans. A checkout with BI=Y (undoing a failed checkin) is the same loan;
   * one made offline (no block = Y) is not refused by the gateway, only by the lending system.
   */
  private async checkout(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parseCheckout(message);
    const card = request.patronId ?? '';
    const itemId = request.itemId ?? '';
    const answer = (screenMessage: string, loan?: { readonly title?: string; readonly dueDate?: string }): Sip2Outgoing =>
      checkoutResponse({ ok: loan !== undefined, renewalOk: false, transactionDate: this.date(), institutionId: this.institution(request), patronId: card, itemId, ...loan, screenMessage });
    if (itemId === '') return answer(MESSAGES.noItem);
    const pin = card === '' ? undefined : await this.patrons.gate(card, request.patronPassword, login.profile.pinRequired);
    if (pin === 'unknown') return answer(MESSAGES.unknownPatron);
    if (pin !== undefined && pin !== 'valid') return answer(PIN_REFUSED[pin]);
    const disclosed = card === '' ? undefined : await this.patrons.disclosedFor(audienceOf(login), card);
    if (disclosed === undefined) return answer(MESSAGES.unknownPatron);
    // No block (Y): the machine lent the copy while it was offline; only the lending system may still refuse.
    if (request.noBlock !== 'Y' && isBlocked(disclosed.payload)) return answer(disclosed.member.membership?.status === 'cancelled' ? MESSAGES.ended : MESSAGES.blocked);
    const connector = this.gateway.lendingConnector();
    if (connector.checkout === undefined) return answer(MESSAGES.noCirculation);
    const loanRequest = validateMember({ ...disclosed.member, loans: [{ itemId }] });
    if (!loanRequest.ok) return answer(REFUSED['item-unknown']);
    const { settings } = this.gateway;
    let outcome: LoanOutcome;
    try {
      const payload = await this.gateway.release({ partner: settings.paymentsPartner, purpose: settings.circulationPurpose, member: loanRequest.member });
      outcome = await connector.checkout(payload, { deliveryId: randomUUID(), signal: AbortSignal.timeout(this.gateway.timeoutMs) });
    } catch (error) {
      if (!(error instanceof PolicyRefusal)) throw error;
      this.gateway.logger.warn(`sip2 checkout refused by the lending system's policy: ${error.code}`);
      return answer(MESSAGES.notAgreed);
    }
    if (!outcome.ok) {
      this.gateway.logger.warn(`sip2 checkout refused by the lending system: ${outcome.refusal}`);
      return answer(REFUSED[outcome.refusal]);
    }
    const { title, loanedOn, dueOn } = outcome.loan;
    const lent = { itemId, ...(title !== undefined ? { title } : {}), ...(loanedOn !== undefined ? { loanedOn } : {}), ...(dueOn !== undefined ? { dueOn } : {}) };
    const loans = [...(disclosed.member.loans ?? []).filter((held) => held.itemId !== itemId), lent];
    const revised = await this.patrons.revise(audienceOf(login), card, disclosed, { ...disclosed.member, loans });
    const shown = lastLoanShown(revised.payload, loans.length);
    const dueDate = shown.dueOn === undefined ? undefined : sip2DateOfDay(shown.dueOn);
    this.gateway.logger.log('sip2 checkout registered');
    return answer(MESSAGES.lent, { ...(shown.title !== undefined ? { title: shown.title } : {}), ...(dueDate !== undefined ? { dueDate } : {}) });
  }

  /**
   * 09: the return is registered at the lending system with the item's barcode only; the answer never
   * names who had the item. A patron of this session who had it sees the loan gone (no new ledger entry).
   * A checkin with BI=Y (undoing a failed checkout) is the same return.
   */
  private async checkin(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parseCheckin(message);
    const itemId = request.itemId ?? '';
    const base = { transactionDate: this.date(), institutionId: this.institution(request), itemId };
    if (itemId === '') return checkinResponse({ ...base, ok: false, screenMessage: MESSAGES.noItem });
    const connector = this.gateway.lendingConnector();
    if (connector.checkin === undefined) return checkinResponse({ ...base, ok: false, screenMessage: MESSAGES.noCirculation });
    const outcome = await connector.checkin(itemId, { deliveryId: randomUUID(), signal: AbortSignal.timeout(this.gateway.timeoutMs) });
    if (!outcome.ok) {
      this.gateway.logger.warn(`sip2 checkin refused by the lending system: ${outcome.refusal}`);
      return checkinResponse({ ...base, ok: false, screenMessage: REFUSED[outcome.refusal] });
    }
    await this.patrons.forgetLoan(audienceOf(login), itemId);
    const { registered } = outcome;
    this.gateway.logger.log('sip2 checkin registered');
    return checkinResponse({
      ...base,
      ok: true,
      alert: registered.holdWaiting,
      ...(registered.holdWaiting ? { alertType: '01' } : {}),
      ...(registered.title !== undefined ? { title: registered.title } : {}),
      ...(registered.permanentLocation !== undefined ? { permanentLocation: registered.permanentLocation } : {}),
      screenMessage: registered.holdWaiting ? MESSAGES.holdWaiting : registered.wasOnLoan ? MESSAGES.returned : MESSAGES.notOnLoan,
    });
  }

  /** 35: the patron's session ends; the next question about any card is a new disclosure. */
  private endSession(message: Sip2Message): Sip2Outgoing {
    const request = parseEndSession(message);
    this.patrons.clear();
    return endSessionResponse({ ended: true, transactionDate: this.date(), institutionId: this.institution(request), patronId: request.patronId ?? '' });
  }
}

/**
 * Title and due date of the new loan — the member's last — as the terminal's policy released them
 * (absent when withheld; nothing when the policy does not release the loans one for one).
 */
function lastLoanShown(payload: ReleasedPayload, count: number): { readonly title?: string; readonly dueOn?: string } {
  const loans = payload.fields.loans;
  const loan: unknown = Array.isArray(loans) && loans.length === count ? loans[count - 1] : undefined;
  if (typeof loan !== 'object' || loan === null) return {};
  const { title, dueOn } = loan as Record<string, unknown>;
  return { ...(typeof title === 'string' ? { title } : {}), ...(typeof dueOn === 'string' ? { dueOn } : {}) };
}
