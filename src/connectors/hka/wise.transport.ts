import { PartnerProtocolError, PartnerRejected } from '../sdk/connector-errors';
import { connectorErrorFromFailure } from '../sdk/http-error.mapper';
import { PlainAnswer, PlainHttp } from '../sdk/plain-http';
import { HkaSettings } from './hka.settings';
import { errorForStatus, NotFoundMeans, partnerReason } from './wise-errors';
import { DAY_MS, wiseKey } from './wise-key';

export interface WiseCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path under the base URL, already escaped, e.g. '/patron/123/library/STA/loans'. */
  readonly path: string;
  /** The exact bytes to send (as text); sent unchanged. */
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** What a 404 means here; 'rejected' unless the path names a patron. */
  readonly notFound?: NotFoundMeans;
  /** Refusals that are answers here, returned with their status instead of thrown (e.g. 409 for a copy on loan). */
  readonly answers?: readonly number[];
}

export interface WiseAnswer {
  readonly status: number;
  /** The parsed JSON answer; undefined for an empty one. */
  readonly data: unknown;
}

export interface WiseTransportOptions {
  /** Renew the staff token this long before it expires. */
  readonly renewMarginMs?: number;
  readonly now?: () => number;
}

interface Session {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * HTTP to the Wise Rest-API: the WISE_KEY header on every request, a staff login whose token (valid
 * until the end of the day) is cached, renewed before it expires and once more when Wise answers 401,
 * and every failure turned into a typed connector error. Nothing here logs or returns member data.
 */
export class WiseTransport {
  private readonly http: PlainHttp;
  private readonly renewMarginMs: number;
  private readonly now: () => number;
  private session: Session | undefined;
  private pendingLogin: Promise<Session> | undefined;

  constructor(
    private readonly partner: string,
    private readonly settings: HkaSettings,
    options: WiseTransportOptions = {},
  ) {
    this.renewMarginMs = options.renewMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
    // The body goes out exactly as prepared, and the answer is parsed here; no redirect is followed.
    this.http = new PlainHttp(settings.baseUrl, settings.timeoutMs);
  }

  /** A signal that aborts when the caller's does or the connector's timeout has passed: one per operation. */
  deadline(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, AbortSignal.timeout(this.settings.timeoutMs)]);
  }

  /** One authenticated call; a 401 is answered by one fresh login and one retry. */
  async call(call: WiseCall): Promise<WiseAnswer> {
    const session = await this.login(call.signal);
    let response = await this.exchange(call, session.token);
    if (response.status === 401) {
      this.forget(session);
      response = await this.exchange(call, (await this.login(call.signal)).token);
      if (response.status === 401) this.session = undefined;
    }
    return this.answer(call.method, response, call.notFound ?? 'rejected', call.answers ?? []);
  }

  /** Ends the kept-alive connections. */
  close(): void {
    this.http.close();
  }

  private async login(signal: AbortSignal): Promise<Session> {
    const current = this.session;
    if (current !== undefined && this.now() < current.expiresAt - this.renewMarginMs) return current;
    this.pendingLogin ??= this.freshLogin(signal).finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  private async freshLogin(signal: AbortSignal): Promise<Session> {
    const body = JSON.stringify({ username: this.settings.staffUser, password: this.settings.staffPassword.reveal() });
    const response = await this.exchange({ method: 'POST', path: '/login', body, contentType: 'application/json', signal }, undefined);
    if (response.status === 401 || response.status === 403) {
      throw new PartnerRejected(this.partner, `staff login refused: ${partnerReason(response.text, response.status)}`);
    }
    const { data } = this.answer('POST', response, 'rejected', []);
    const answer = typeof data === 'object' && data !== null ? (data as Readonly<Record<string, unknown>>) : {};
    const token = answer.token;
    if (typeof token !== 'string' || token === '') throw new PartnerProtocolError(this.partner, 'the staff login answered without a token');
    // Wise tokens are valid until the end of the day; a login that says until when is believed.
    const validUntil = typeof answer.validUntil === 'string' ? Date.parse(answer.validUntil) : Number.NaN;
    const endOfDay = (Math.floor(this.now() / DAY_MS) + 1) * DAY_MS - 1;
    this.session = { token, expiresAt: Number.isNaN(validUntil) ? endOfDay : validUntil };
    return this.session;
  }

  private forget(session: Session): void {
    if (this.session === session) this.session = undefined;
  }

  private async exchange(call: WiseCall, token: string | undefined): Promise<PlainAnswer> {
    const { apiId, apiKey, application } = this.settings;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      WISE_KEY: wiseKey(apiId, apiKey.reveal(), application, this.now()),
      ...call.headers,
    };
    if (token !== undefined) headers.Authorization = token;
    if (call.body !== undefined) headers['Content-Type'] = call.contentType ?? 'application/json';
    const send = () =>
      this.http.exchange({
        method: call.method,
        path: call.path,
        headers,
        ...(call.body === undefined ? {} : { body: Buffer.from(call.body, 'utf8') }),
        signal: call.signal,
      });
    try {
      return await send();
    } catch (error) {
      // A kept-alive connection the server closed just as it was reused resets at once; a read is safe to
      // send again on a fresh one (a write is not retried here: delivery's own retries decide that).
      if (call.method === 'GET' && isStaleConnection(error) && !call.signal.aborted) {
        try {
          return await send();
        } catch (again) {
          throw connectorErrorFromFailure(this.partner, again, call.signal, this.settings.timeoutMs);
        }
      }
      throw connectorErrorFromFailure(this.partner, error, call.signal, this.settings.timeoutMs);
    }
  }

  private answer(method: string, response: PlainAnswer, notFound: NotFoundMeans, answers: readonly number[]): WiseAnswer {
    const { text } = response;
    const success = response.status >= 200 && response.status < 300;
    if (!success && !answers.includes(response.status)) throw errorForStatus(this.partner, response.status, text, notFound);
    if (text.trim() === '') return { status: response.status, data: undefined };
    try {
      return { status: response.status, data: JSON.parse(text) as unknown };
    } catch {
      // A refusal answered in plain text is still a refusal; its text is not needed.
      if (!success) return { status: response.status, data: undefined };
      throw new PartnerProtocolError(this.partner, `the answer to a ${method} request is not JSON`);
    }
  }
}

/** A connection reset or broken before any answer: what a reused kept-alive socket the server had closed gives. */
function isStaleConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
