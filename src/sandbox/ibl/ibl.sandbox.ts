import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { confirmationFor, Iso18626Confirmation } from '../../mapping/iso18626/iso18626-confirmation';
import { Iso18626ReadResult, readIso18626 } from '../../mapping/iso18626/iso18626-reader';
import {
  AgencyId,
  Iso18626Action,
  Iso18626ErrorType,
  Iso18626MessageKind,
  Iso18626Request,
  Iso18626Status,
  Iso18626Version,
  MessageInfo,
  ReasonForMessage,
  RequestingAgencyMessage,
  SupplyingAgencyMessage,
} from '../../mapping/iso18626/iso18626-types';
import { writeIso18626 } from '../../mapping/iso18626/iso18626-writer';
import { PartnerSandbox, ReceivedMessage, SandboxDefinition, SandboxFault } from '../partner-sandbox';
import { closeServer, listenOnLoopback } from '../support/loopback-http';

/** The bearer token the simulated library expects, and the agency ids on both sides (ISIL); loopback only. */
const SANDBOX_API_KEY = 'sandbox-ibl-iso18626-key-0001';
export const IBL_SANDBOX_AGENCY: AgencyId = { type: 'ISIL', value: 'NL-ZWOLLE' };
export const IBL_LIBRARY_AGENCY: AgencyId = { type: 'ISIL', value: 'NL-STAPHORST' };
const MAX_BODY_BYTES = 262_144;
const ENDPOINT = '/iso18626';

/** A message as the simulated library received it: also its kind and, when checked, its schema errors. */
export interface IblReceivedMessage extends ReceivedMessage {
  /** The exact bytes as they arrived. */
  readonly bytes: Buffer;
  /** The ISO 18626 message it carried ('' when unreadable). */
  readonly messageKind: Iso18626MessageKind | '';
  /** What the library answered: OK or ERROR (absent when refused before reading: auth, fault). */
  readonly messageStatus?: 'OK' | 'ERROR';
  readonly errorType?: Iso18626ErrorType;
  readonly schemaErrors?: readonly string[];
}

/** A message the simulated library sent (to the gateway), and the answer it got. */
export interface IblSentMessage {
  readonly url: string;
  readonly body: string;
  readonly httpStatus: number;
  readonly answer: string;
  readonly confirmation: Iso18626ReadResult;
}

/** Checks a message against an ISO 18626 XSD and returns its errors (tests install xmllint-wasm's). */
export type SchemaCheck = (xml: string) => Promise<readonly string[]>;

export interface IblSandboxOptions {
  /** The gateway's ISO 18626 endpoint (POST /iso18626) to which supplier messages go. */
  readonly peerUrl?: string;
  /** The partner credential the gateway expects from this library. */
  readonly peerToken?: string;
  /** 'scripted' (default): after a Request, ExpectToSupply, WillSupply and Loaned follow by themselves; 'manual': only `supply()`. */
  readonly schedule?: 'scripted' | 'manual';
  /** The statuses a scripted loan runs through, and the pause before each. */
  readonly script?: readonly Iso18626Status[];
  readonly scriptDelayMs?: number;
  /** The schema version the library writes (v1.2 by default). */
  readonly version?: Iso18626Version;
  /** Loan period in days for the due date of Loaned. */
  readonly loanDays?: number;
  readonly clock?: () => Date;
}

/** A loan this library supplies: ids and status only; the requester's patron data is not kept apart from the received log. */
interface SuppliedLoan {
  readonly requestingAgencyId: AgencyId;
  readonly requestingAgencyRequestId: string;
  readonly supplyingAgencyRequestId: string;
  readonly serviceType: string;
  status: Iso18626Status;
  dueDate?: string;
}

/** A book of Staphorst's this library asks for, as the requesting library. */
export interface IblItem {
  readonly title: string;
  readonly author?: string;
  readonly isbn?: string;
  /** Staphorst's own record or copy id. */
  readonly supplierUniqueRecordId?: string;
}

/** The requesting library's own patron: a pseudonym, surname and initials. */
export interface IblPatron {
  readonly patronId: string;
  readonly surname?: string;
  readonly givenName?: string;
}

type Entry = { -readonly [K in keyof IblReceivedMessage]: IblReceivedMessage[K] };

interface Answer {
  readonly status: number;
  readonly body: string;
}

const CLOSED: readonly Iso18626Status[] = ['Unfilled', 'Cancelled', 'LoanCompleted', 'CopyCompleted', 'CompletedWithoutReturn'];
const BEFORE_LOAN: readonly Iso18626Status[] = ['RequestReceived', 'ExpectToSupply', 'WillSupply', 'RetryPossible'];

/**
 * A second library (Zwolle) on loopback speaking ISO 18626 over HTTP: `POST /iso18626` takes a Request and
 * answers a RequestConfirmation (OK, or ERROR for what it cannot read), then — as the supplying agency —
 * posts SupplyingAgencyMessages to the gateway's endpoint (`peerUrl`, with the partner token), by script or by
 * `supply()`. RequestingAgencyMessages are confirmed and acted on (LoanCompleted after ShippedReturn,
 * Cancelled before the loan, a renewal, a status answer). As the requesting library it sends a Request to the
 * gateway for one of Staphorst's items (`sendRequest`) and confirms the gateway's SupplyingAgencyMessages.
 */
export class IblSandbox implements PartnerSandbox {
  readonly partner = 'ibl';
  private server: Server | undefined;
  private baseUrl = '';
  private peerUrl: string | undefined;
  private peerToken: string | undefined;
  private fault: SandboxFault = { kind: 'none' };
  private schemaCheck: SchemaCheck | undefined;
  private readonly log: Entry[] = [];
  private readonly outgoing: IblSentMessage[] = [];
  private readonly answered = new Map<string, Answer>();
  private readonly loans = new Map<string, SuppliedLoan>();
  /** Requests this library made as the requesting agency: the supplier's last status per request id. */
  private readonly asked = new Map<string, Iso18626Status | 'Requested'>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;
  private readonly schedule: 'scripted' | 'manual';
  private readonly script: readonly Iso18626Status[];
  private readonly scriptDelayMs: number;
  private readonly version: Iso18626Version;
  private readonly loanDays: number;
  private readonly clock: () => Date;

  constructor(options: IblSandboxOptions = {}) {
    this.peerUrl = options.peerUrl;
    this.peerToken = options.peerToken;
    this.schedule = options.schedule ?? 'scripted';
    this.script = options.script ?? ['ExpectToSupply', 'WillSupply', 'Loaned'];
    this.scriptDelayMs = options.scriptDelayMs ?? 200;
    this.version = options.version ?? '1.2';
    this.loanDays = options.loanDays ?? 28;
    this.clock = options.clock ?? (() => new Date());
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    const url = await listenOnLoopback(server, 0);
    this.server = server;
    this.baseUrl = `${url}${ENDPOINT}`;
  }

  settings(): Readonly<Record<string, string>> {
    return { IBL_BASE_URL: this.baseUrl, IBL_API_KEY: SANDBOX_API_KEY, IBL_AGENCY_ID: IBL_SANDBOX_AGENCY.value, IBL_LIBRARY_AGENCY_ID: IBL_LIBRARY_AGENCY.value };
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** Every message received, in order, byte for byte (also what was refused). */
  received(): readonly IblReceivedMessage[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** Every message this library sent to the gateway, with the gateway's answer. */
  sent(): readonly IblSentMessage[] {
    return [...this.outgoing];
  }

  setFault(fault: SandboxFault): void {
    this.fault = fault;
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.log.length = 0;
    this.outgoing.length = 0;
    this.answered.clear();
    this.loans.clear();
    this.asked.clear();
    this.fault = { kind: 'none' };
  }

  /** Where supplier messages go: the gateway's POST /iso18626 and this library's partner token there. */
  setPeer(url: string, token: string): void {
    this.peerUrl = url;
    this.peerToken = token;
  }

  /** From now on, answer ERROR (BadlyFormedMessage) for any message the check finds invalid; undefined turns it off. */
  checkSchemaWith(check: SchemaCheck | undefined): void {
    this.schemaCheck = check;
  }

  /** Resolves when every scripted and triggered message has been sent and answered. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.pending]);
      if (this.pending.size === 0 && this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The status of a loan this library supplies, by the requester's request id. */
  statusOf(requestingAgencyRequestId: string): Iso18626Status | undefined {
    return this.loans.get(requestingAgencyRequestId)?.status;
  }

  /** The last status the gateway (as supplier) sent for a request this library made. */
  askedStatusOf(requestId: string): Iso18626Status | 'Requested' | undefined {
    return this.asked.get(requestId);
  }

  /**
   * As the supplying agency: sends a SupplyingAgencyMessage with this status for a loan it holds (the test's
   * manual schedule). Unknown loans are refused here, not sent.
   */
  async supply(requestingAgencyRequestId: string, status: Iso18626Status, info: Partial<MessageInfo> = {}): Promise<IblSentMessage> {
    const loan = this.loans.get(requestingAgencyRequestId);
    if (loan === undefined) throw new Error('the sandbox library holds no such request');
    return this.track(this.sendStatus(loan, status, info.reasonForMessage ?? 'StatusChange', info));
  }

  /**
   * As the requesting library: a Request to the gateway (`toUrl`, its POST /iso18626) for one of
   * Staphorst's items, for one of this library's patrons. Returns the request id and the gateway's answer.
   */
  async sendRequest(toUrl: string, item: IblItem, patron: IblPatron, token = this.peerToken): Promise<IblSentMessage & { readonly requestId: string }> {
    this.counter += 1;
    const requestId = `ZWOLLE-REQ-${String(this.counter).padStart(6, '0')}`;
    const request: Iso18626Request = {
      kind: 'request',
      header: { supplyingAgencyId: IBL_LIBRARY_AGENCY, requestingAgencyId: IBL_SANDBOX_AGENCY, timestamp: this.now(), requestingAgencyRequestId: requestId },
      bibliographicInfo: {
        ...(item.supplierUniqueRecordId !== undefined ? { supplierUniqueRecordId: item.supplierUniqueRecordId } : {}),
        title: item.title,
        ...(item.author !== undefined ? { author: item.author } : {}),
        ...(item.isbn !== undefined ? { itemIds: [{ code: 'ISBN', identifier: item.isbn }] } : {}),
      },
      serviceInfo: { requestType: 'New', requestSubType: 'PatronRequest', serviceType: 'Loan' },
      pickupLocation: { line1: 'Stadsbibliotheek Zwolle', locality: 'Zwolle' },
      patronInfo: patron,
    };
    this.asked.set(requestId, 'Requested');
    const sent = await this.track(this.post(toUrl, writeIso18626(request, { version: this.version }), token));
    return { ...sent, requestId };
  }

  /**
   * As the requesting library: a RequestingAgencyMessage (Received, ShippedReturn, Cancel, …) to the gateway
   * about a request this library made.
   */
  async sendAction(toUrl: string, requestId: string, action: Iso18626Action, token = this.peerToken): Promise<IblSentMessage> {
    const message: RequestingAgencyMessage = {
      kind: 'requestingAgencyMessage',
      header: { supplyingAgencyId: IBL_LIBRARY_AGENCY, requestingAgencyId: IBL_SANDBOX_AGENCY, timestamp: this.now(), requestingAgencyRequestId: requestId },
      action,
    };
    return this.track(this.post(toUrl, writeIso18626(message, { version: this.version }), token));
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  private later(delayMs: number, run: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.track(run()).catch(() => undefined);
    }, delayMs);
    this.timers.add(timer);
  }

  private async post(url: string, body: string, token: string | undefined): Promise<IblSentMessage> {
    let httpStatus = 0;
    let answer = '';
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml; charset=utf-8', ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      httpStatus = response.status;
      answer = await response.text();
    } catch {
      httpStatus = 0;
    }
    const sent: IblSentMessage = { url, body, httpStatus, answer, confirmation: readIso18626(answer) };
    this.outgoing.push(sent);
    return sent;
  }

  private async sendStatus(loan: SuppliedLoan, status: Iso18626Status, reasonForMessage: ReasonForMessage, info: Partial<MessageInfo> = {}): Promise<IblSentMessage> {
    if (this.peerUrl === undefined) throw new Error('the sandbox library has no peer URL (setPeer)');
    const peerUrl = this.peerUrl;
    const now = this.clock();
    if (status === 'Loaned' && loan.dueDate === undefined) loan.dueDate = new Date(now.getTime() + this.loanDays * 86_400_000).toISOString();
    loan.status = status;
    const message: SupplyingAgencyMessage = {
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: IBL_SANDBOX_AGENCY,
        requestingAgencyId: loan.requestingAgencyId,
        timestamp: now.toISOString(),
        requestingAgencyRequestId: loan.requestingAgencyRequestId,
        supplyingAgencyRequestId: loan.supplyingAgencyRequestId,
      },
      messageInfo: {
        reasonForMessage,
        ...(info.answerYesNo !== undefined ? { answerYesNo: info.answerYesNo } : {}),
        ...(info.note !== undefined ? { note: info.note } : {}),
        ...(status === 'Unfilled' ? { reasonUnfilled: info.reasonUnfilled ?? 'NotAvailableForILL' } : {}),
      },
      statusInfo: {
        status,
        ...(loan.dueDate !== undefined && ['Loaned', 'Overdue', 'Recalled'].includes(status) ? { dueDate: loan.dueDate } : {}),
        lastChange: now.toISOString(),
      },
      ...(status === 'Loaned' ? { deliveryInfo: { dateSent: now.toISOString(), itemId: `ZWOLLE-ITEM-${loan.supplyingAgencyRequestId}`, sentVia: 'Courier', sentToPatron: false } } : {}),
    };
    return this.post(peerUrl, writeIso18626(message, { version: this.version }), this.peerToken);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== ENDPOINT) return this.reply(res, { status: 404, body: '' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return this.reply(res, { status: 413, body: '' });
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    const body = bytes.toString('utf8');
    const received = this.now();
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const earlier = key === undefined ? undefined : this.answered.get(key);
    const read = readIso18626(body);
    // Everything that arrives is recorded, also what is then refused or faulted.
    const entry: Entry = { body, bytes, messageKind: read.ok ? read.message.kind : (read.kind ?? ''), duplicate: earlier !== undefined, ...(key !== undefined ? { idempotencyKey: key } : {}) };
    this.log.push(entry);
    const fault = this.fault;
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault.kind === 'error500') return this.reply(res, { status: 500, body: '' });
    if (fault.kind === 'malformed-json') return this.reply(res, { status: 200, body: '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><requestConfirmation>' });
    if (req.headers.authorization !== `Bearer ${SANDBOX_API_KEY}`) return this.reply(res, { status: 401, body: '' });
    if (earlier !== undefined) return this.reply(res, earlier);
    let result: Iso18626ReadResult = read;
    if (fault.kind === 'reject400') result = { ok: false, ...(read.ok ? { kind: read.message.kind } : read.kind !== undefined ? { kind: read.kind } : {}), errorType: 'BadlyFormedMessage', errorValue: 'refused by the sandbox (reject400)', echo: {} };
    else if (this.schemaCheck !== undefined) {
      entry.schemaErrors = await this.schemaCheck(body);
      if (entry.schemaErrors.length > 0) result = { ok: false, ...(read.ok ? { kind: read.message.kind } : {}), errorType: 'BadlyFormedMessage', errorValue: 'not valid against the ISO 18626 schema', echo: {} };
    }
    const { confirmation, after } = this.handle(result, received);
    entry.messageStatus = confirmation.confirmationHeader.messageStatus;
    if (confirmation.errorData !== undefined) entry.errorType = confirmation.errorData.errorType;
    const answer = { status: fault.kind === 'reject400' ? 400 : 200, body: writeIso18626(confirmation, { version: this.version }) };
    if (key !== undefined) this.answered.set(key, answer);
    this.reply(res, answer);
    // Status messages follow the confirmation, never inside it.
    if (after !== undefined) this.later(0, after);
  }

  /** The confirmation for what arrived, and what the library does next (a status message to the gateway). */
  private handle(result: Iso18626ReadResult, received: string): { confirmation: Iso18626Confirmation; after?: () => Promise<unknown> } {
    const times = { received, now: this.now(), version: this.version };
    const error = (errorType: Iso18626ErrorType, errorValue: string): Iso18626Confirmation =>
      confirmationFor({ ok: false, ...(result.ok ? { kind: result.message.kind } : result.kind !== undefined ? { kind: result.kind } : {}), errorType, errorValue, echo: result.ok ? echoOf(result) : result.echo }, times) as Iso18626Confirmation;
    const ok = (): Iso18626Confirmation => confirmationFor(result, times) as Iso18626Confirmation;
    if (!result.ok) return { confirmation: confirmationFor(result, times) as Iso18626Confirmation };
    const message = result.message;
    switch (message.kind) {
      case 'request': {
        if (message.header.supplyingAgencyId?.value !== IBL_SANDBOX_AGENCY.value) return { confirmation: error('UnrecognisedDataValue', 'request/header/supplyingAgencyId') };
        const id = message.header.requestingAgencyRequestId;
        if (!this.loans.has(id)) {
          this.counter += 1;
          this.loans.set(id, {
            requestingAgencyId: message.header.requestingAgencyId,
            requestingAgencyRequestId: id,
            supplyingAgencyRequestId: `ZWOLLE-${String(this.counter).padStart(6, '0')}`,
            serviceType: message.serviceInfo?.serviceType ?? 'Loan',
            status: 'RequestReceived',
          });
          if (this.schedule === 'scripted') this.runScript(id);
        }
        return { confirmation: ok() };
      }
      case 'requestingAgencyMessage': {
        const loan = this.loans.get(message.header.requestingAgencyRequestId);
        if (loan === undefined) return { confirmation: error('UnrecognisedDataValue', 'requestingAgencyMessage/header/requestingAgencyRequestId') };
        return this.act(loan, message.action, ok, error);
      }
      case 'supplyingAgencyMessage': {
        const id = message.header.requestingAgencyRequestId;
        if (!this.asked.has(id)) return { confirmation: error('UnrecognisedDataValue', 'supplyingAgencyMessage/header/requestingAgencyRequestId') };
        this.asked.set(id, message.statusInfo.status);
        return { confirmation: ok() };
      }
      default:
        // A confirmation travels in an HTTP answer, never as a message of its own.
        return { confirmation: confirmationFor({ ok: false, errorType: 'UnrecognisedDataElement', errorValue: message.kind, echo: {} }, times) as Iso18626Confirmation };
    }
  }

  private act(
    loan: SuppliedLoan,
    action: Iso18626Action,
    ok: () => Iso18626Confirmation,
    error: (errorType: Iso18626ErrorType, errorValue: string) => Iso18626Confirmation,
  ): { confirmation: Iso18626Confirmation; after?: () => Promise<unknown> } {
    const closed = CLOSED.includes(loan.status);
    switch (action) {
      case 'Received':
      case 'Notification':
        return { confirmation: ok() };
      case 'StatusRequest':
        return { confirmation: ok(), after: () => this.sendStatus(loan, loan.status, 'StatusRequestResponse') };
      case 'ShippedReturn':
        if (closed || BEFORE_LOAN.includes(loan.status)) return { confirmation: error('UnrecognisedDataValue', 'requestingAgencyMessage/action') };
        return { confirmation: ok(), after: () => this.sendStatus(loan, 'LoanCompleted', 'StatusChange') };
      case 'Cancel':
        if (BEFORE_LOAN.includes(loan.status)) return { confirmation: ok(), after: () => this.sendStatus(loan, 'Cancelled', 'CancelResponse', { answerYesNo: 'Y' }) };
        return { confirmation: ok(), after: () => this.sendStatus(loan, loan.status, 'CancelResponse', { answerYesNo: 'N' }) };
      case 'Renew':
        if (loan.status !== 'Loaned' && loan.status !== 'Overdue') return { confirmation: ok(), after: () => this.sendStatus(loan, loan.status, 'RenewResponse', { answerYesNo: 'N' }) };
        return {
          confirmation: ok(),
          after: () => {
            loan.dueDate = new Date(Date.parse(loan.dueDate ?? this.now()) + this.loanDays * 86_400_000).toISOString();
            return this.sendStatus(loan, 'Loaned', 'RenewResponse', { answerYesNo: 'Y' });
          },
        };
      default:
        return { confirmation: error('UnsupportedActionType', 'requestingAgencyMessage/action') };
    }
  }

  private runScript(id: string): void {
    const step = (index: number): void => {
      const status = this.script[index];
      if (status === undefined) return;
      this.later(this.scriptDelayMs, async () => {
        const loan = this.loans.get(id);
        // The requester cancelled meanwhile, or the loan moved on by other means: the script stops.
        if (loan === undefined || CLOSED.includes(loan.status) || this.peerUrl === undefined) return;
        await this.sendStatus(loan, status, index === 0 ? 'RequestResponse' : 'StatusChange');
        step(index + 1);
      });
    };
    step(0);
  }

  private reply(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'Content-Type': 'application/xml; charset=utf-8' }).end(answer.body);
  }
}

function echoOf(result: Iso18626ReadResult): { supplyingAgencyId?: AgencyId; requestingAgencyId?: AgencyId; requestingAgencyRequestId?: string } {
  if (!result.ok || !('header' in result.message)) return {};
  const header = result.message.header;
  return {
    ...(header.supplyingAgencyId !== undefined ? { supplyingAgencyId: header.supplyingAgencyId } : {}),
    requestingAgencyId: header.requestingAgencyId,
    requestingAgencyRequestId: header.requestingAgencyRequestId,
  };
}

export const iblSandbox: SandboxDefinition = {
  partner: 'ibl',
  create: () => new IblSandbox(),
};
