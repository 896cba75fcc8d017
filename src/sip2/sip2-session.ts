import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { Connector } from '../connectors/sdk/connector';
import { MemberNotFound, PartnerRejected } from '../connectors/sdk/connector-errors';
import { prepareForPartner } from '../connectors/sdk/sendable';
import { Sip2Connection, Sip2Reply } from '../connectors/sip2/sip2.server';
import { Sip2ServerSettings } from '../connectors/sip2/sip2-server.settings';
import { Sip2Profile } from '../connectors/sip2/sip2-profile';
import { ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { formatSip2Date } from '../mapping/sip2/sip2-date';
import { encodeSip2, parseSip2, Sip2Message, Sip2Outgoing } from '../mapping/sip2/sip2-message';
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
import { InboundQuestion } from '../exchange/inbound-disclosure.service';
import { ReleasedPayload } from '../policy/released-payload';
import { settleFees } from './fee-payment';

/** What a session needs from the gateway: the credential check, the members, the policy and the lending system. */
export interface Sip2Gateway {
  readonly settings: Sip2ServerSettings;
  readonly logger: Logger;
  authenticate(name: string, secret: string): Promise<Principal | undefined>;
  /** The enabled SIP2 partner's profile, or undefined. */
  profile(partner: string): Sip2Profile | undefined;
  memberByCard(cardNumber: string, signal: AbortSignal): Promise<ValidMember>;
  /** The member through the partner's policy for the purpose, recorded in the ledger. */
  release(question: InboundQuestion): Promise<ReleasedPayload>;
  /** The lending system's connector that payments go to. */
  paymentsConnector(): Connector;
  now(): Date;
  /** How long one call to the lending system may take. */
  readonly timeoutMs: number;
}

interface Login {
  readonly principal: Principal;
  readonly partner: string;
  readonly profile: Sip2Profile;
}

/** The request codes the server serves at all; anything else is refused with the list of what is served. */
const SERVED = new Set(['93', '99', '97', '63', '23', '37', '11', '09', '35']);

const MESSAGES = {
  loginFirst: 'Log eerst in (93)',
  notAllowed: 'Dit bericht is niet toegestaan voor deze terminal',
  unknownPatron: 'Pas onbekend',
  unavailable: 'Het uitleensysteem is niet bereikbaar; probeer het later opnieuw',
  noCirculation: 'Uitlenen en innemen lopen niet via de gateway: het uitleensysteem biedt daarvoor geen koppeling',
  blocked: 'Pas geblokkeerd',
} as const;

/**
 * One SIP2 connection: login, then the terminal's requests, each answered with AY/AZ. Patron answers
 * are the member through the logged-in partner's policy, released (and written to the ledger) once per
 * patron session: a second question about the same card reuses the release until 35 End Session, a
 * payment, or the connection's end. No member value is logged.
 */
export class Sip2Session implements Sip2Connection {
  private login: Login | undefined;
  private last: string | undefined;
  private counter = 0;
  private readonly released = new Map<string, Promise<ReleasedPayload>>();

  constructor(private readonly gateway: Sip2Gateway) {}

  async handle(frame: Buffer): Promise<Sip2Reply> {
    const parsed = parseSip2(frame);
    if (!parsed.ok) {
      this.gateway.logger.warn(`sip2 message refused: ${parsed.problem}`);
      return parsed.problem === 'checksum' ? { answer: encodeSip2(requestScResend()), wellFormed: false } : { wellFormed: false };
    }
    const message = parsed.message;
    if (message.code === '97') return { answer: this.last ?? this.send(this.status(message, 'Niets om opnieuw te sturen')), wellFormed: true };
    try {
      return { answer: this.send(await this.answer(message), message.sequence), wellFormed: true };
    } catch (error) {
      this.gateway.logger.error(`sip2 ${message.code} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      return { answer: this.send(this.failed(message), message.sequence), wellFormed: true };
    }
  }

  closed(): void {
    this.released.clear();
    this.login = undefined;
  }

  private send(outgoing: Sip2Outgoing, sequence?: string): string {
    const number = sequence !== undefined && /^\d$/.test(sequence) ? sequence : String(this.counter++ % 10);
    this.last = encodeSip2(outgoing, number);
    return this.last;
  }

  private async answer(message: Sip2Message): Promise<Sip2Outgoing> {
    if (!message.known || !SERVED.has(message.code)) {
      this.gateway.logger.warn(`sip2 message ${message.known ? message.code : 'with an unknown code'} refused: not served`);
      return this.status(message, `Bericht ${/^[0-9A-Z]{2}$/.test(message.code) ? message.code : '??'} wordt niet ondersteund`);
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
        return this.checkin(message);
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

  /** The member of the card through this terminal's policy; once per patron session (one ledger entry). */
  private releaseFor(login: Login, card: string): Promise<ReleasedPayload | undefined> {
    let release = this.released.get(card);
    if (release === undefined) {
      release = this.gateway
        .memberByCard(card, AbortSignal.timeout(this.gateway.timeoutMs))
        .then((member) => this.gateway.release({ partner: login.partner, purpose: login.profile.purpose, member }));
      this.released.set(card, release);
      void release.catch(() => this.released.delete(card));
    }
    return release.catch((error: unknown) => {
      if (error instanceof MemberNotFound) return undefined;
      throw error;
    });
  }

  private async patronAnswer(login: Login, request: PatronAddress & { readonly language: string }) {
    const card = request.patronId ?? '';
    const payload = card === '' ? undefined : await this.releaseFor(login, card);
    const patron = payload === undefined ? undefined : sip2PatronOf(payload.fields, this.gateway.now().toISOString().slice(0, 10));
    return {
      language: request.language,
      transactionDate: this.date(),
      institutionId: this.institution(request),
      patronId: card,
      ...(patron !== undefined ? { patron } : { screenMessage: MESSAGES.unknownPatron }),
    };
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
    const { settings } = this.gateway;
    let member: ValidMember;
    try {
      member = await this.gateway.memberByCard(request.patronId, AbortSignal.timeout(this.gateway.timeoutMs));
    } catch (error) {
      if (error instanceof MemberNotFound) return answer(false, MESSAGES.unknownPatron);
      throw error;
    }
    const settlement = settleFees(member, cents, request.feeId);
    if (!settlement.ok) {
      this.gateway.logger.warn(`sip2 fee paid refused: ${settlement.reason}`);
      return answer(false, 'Betaling past niet bij de openstaande kosten');
    }
    const checked = validateMember(settlement.member);
    if (!checked.ok) return answer(false, 'Betaling kan niet worden geboekt');
    const connector = this.gateway.paymentsConnector();
    const payload = await this.gateway.release({ partner: settings.paymentsPartner, purpose: settings.paymentsPurpose, member: checked.member });
    const deliveryId = request.transactionId !== undefined && request.transactionId !== '' ? `sip2-${login.principal.accountId}-${request.transactionId}` : randomUUID();
    try {
      await connector.deliver(prepareForPartner(connector, payload), { deliveryId, signal: AbortSignal.timeout(this.gateway.timeoutMs) });
    } catch (error) {
      this.gateway.logger.warn(`sip2 fee paid not booked: ${error instanceof Error && 'code' in error ? String(error.code) : 'error'}`);
      return answer(false, error instanceof PartnerRejected ? 'Het uitleensysteem weigerde de betaling' : MESSAGES.unavailable);
    }
    this.released.delete(request.patronId);
    this.gateway.logger.log(`sip2 fee paid booked (${settlement.paid.length} fees)`);
    return answer(true, 'Betaling ontvangen, dank u wel');
  }

  /**
   * 11: the patron is checked through the self-service policy (a blocked card is refused), but the
   * loan itself cannot be made: the lending system's connector has no checkout call. The machine is
   * told so plainly instead of being told that a loan was registered.
   */
  private async checkout(login: Login, message: Sip2Message): Promise<Sip2Outgoing> {
    const request = parseCheckout(message);
    const payload = request.patronId === undefined || request.patronId === '' ? undefined : await this.releaseFor(login, request.patronId);
    const status = payload === undefined ? undefined : sip2PatronOf(payload.fields, '').status;
    const screenMessage = payload === undefined ? MESSAGES.unknownPatron : status?.startsWith('Y') === true ? MESSAGES.blocked : MESSAGES.noCirculation;
    return checkoutResponse({ ok: false, renewalOk: false, transactionDate: this.date(), institutionId: this.institution(request), patronId: request.patronId ?? '', itemId: request.itemId ?? '', screenMessage });
  }

  /** 09: as checkout, the lending system's connector has no checkin call; the machine is told so. */
  private checkin(message: Sip2Message): Sip2Outgoing {
    const request = parseCheckin(message);
    return checkinResponse({ ok: false, transactionDate: this.date(), institutionId: this.institution(request), itemId: request.itemId ?? '', screenMessage: MESSAGES.noCirculation });
  }

  /** 35: the patron's session ends; the next question about any card is a new disclosure. */
  private endSession(message: Sip2Message): Sip2Outgoing {
    const request = parseEndSession(message);
    this.released.clear();
    return endSessionResponse({ ended: true, transactionDate: this.date(), institutionId: this.institution(request), patronId: request.patronId ?? '' });
  }
}
