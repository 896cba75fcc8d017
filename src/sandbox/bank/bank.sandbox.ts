import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Camt054EntryInput, Camt054Version, writeCamt054 } from '../../mapping/sepa/camt054';
import { makeCreditorId, makeIban } from '../../mapping/sepa/iban';
import { DirectDebitTransaction, ReadPain008 } from '../../mapping/sepa/pain008';
import { SepaInvalid } from '../../mapping/sepa/sepa-errors';
import { PartnerSandbox, ReceivedMessage, SandboxDefinition, SandboxFault, SandboxOptions } from '../partner-sandbox';
import { SANDBOX_SEED } from '../sandbox-host';
import { closeServer, listenOnLoopback } from '../support/loopback-http';
import { BankRefusal, BankSchemaCheck, bookkeepingRefusal, examineFile, MAX_FILE_BYTES, utf8Text } from './bank-file-checks';
import { DEFAULT_RETURN_SHARE, ReturnPlanner } from './bank-returns';

export type { BankSchemaCheck } from './bank-file-checks';

/** The library as the bank knows it: the creditor of its direct debits (a KvK number and serial 0000, a Rabobank account). */
export const BANK_SANDBOX_CREDITOR = {
  name: 'Bibliotheek Staphorst',
  creditorId: makeCreditorId('NL', '400572310000'),
  iban: makeIban('NL', 'RABO0123456789'),
  bic: 'RABONL2U',
} as const;

const FILES_PATH = '/v1/direct-debit-files';
const NOTIFICATIONS_PATH = '/v1/notifications';
const NOTIFICATION_ID = /^NTF-(\d{6,})$/;
const IDEMPOTENCY_KEY_MAX = 255;

export interface BankSandboxOptions extends SandboxOptions {
  /** The camt.054 version of the notifications: '04' (default) or '02'. */
  readonly camtVersion?: Camt054Version;
  /** The share of debits returned, from 0 to 1 (default 0.1), chosen by a hash of the seed and the EndToEndId. */
  readonly returnShare?: number;
  /** When given, decides instead of the seeded share which EndToEndIds of a file come back (tests). */
  readonly returnEndToEndIds?: (endToEndIds: readonly string[]) => readonly string[];
  /** The bank's clock: the notifications' creation time (tests). */
  readonly now?: () => Date;
}

/** An upload as the simulated bank received it: the exact bytes, and what it answered. */
export interface BankReceivedMessage extends ReceivedMessage {
  /** The body's exact bytes (the listing shows them as base64 and SHA-256). */
  readonly bytes: Buffer;
  readonly contentType?: string;
  /** The HTTP status answered (201 accepted; a repeat answered again keeps the first answer's). */
  readonly status: number;
  /** The refusal's code (UNAUTHORIZED, SCHEMA_INVALID, INVALID_IBAN, …) or the fault's. */
  readonly code?: string;
  readonly fileId?: string;
  readonly messageId?: string;
  /** Why it was refused: schema errors as found, problems by path, transactions by EndToEndId. */
  readonly errors?: readonly string[];
}

/** A file the bank accepted: its transactions as read, and the notification it made for it. */
export interface BankFile {
  readonly fileId: string;
  readonly messageId: string;
  readonly idempotencyKey: string;
  /** The pain.008 version, '02' or '08'. */
  readonly version: string;
  readonly receivedAt: string;
  readonly requestedCollectionDate: string;
  readonly transactions: readonly DirectDebitTransaction[];
  readonly controlSumCents: number;
  readonly notificationId: string;
}

/** A camt.054 notification the bank made: the document, and which debits came back with which reason. */
export interface BankNotification {
  readonly id: string;
  readonly fileId: string;
  readonly createdAt: string;
  readonly camtVersion: Camt054Version;
  readonly xml: string;
  readonly returned: readonly { readonly endToEndId: string; readonly reasonCode: string }[];
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
  /** Set on a repeat answered again: `Idempotent-Replayed: true`. */
  readonly replayed?: boolean;
}

type Entry = { -readonly [K in keyof BankReceivedMessage]: BankReceivedMessage[K] };

/**
 * A Dutch bank's corporate file API on loopback, for SEPA Core direct debit:
 * POST /v1/direct-debit-files takes a pain.008 (001.02 or 001.08) with a bearer API key and an Idempotency-Key,
 * checks it as a bank does (readable and safe XML, the XSD when a schema check is installed, the creditor
 * identifier, every IBAN, duplicates, control sums) and answers 201 or a refusal in JSON; every accepted file
 * is answered at once with one camt.054 notification booking its debits, a seeded share of them returned
 * (GET /v1/notifications?after=…, GET /v1/notifications/{id}). A repeat is answered with the first answer and
 * `Idempotent-Replayed: true`. Everything uploaded is kept byte for byte.
 */
export class BankSandbox implements PartnerSandbox {
  readonly partner = 'bank';
  private readonly seed: number;
  private readonly apiKey: string;
  private readonly camtVersion: Camt054Version;
  private readonly returns: ReturnPlanner;
  private readonly now: () => Date;
  private server: Server | undefined;
  private baseUrl = '';
  private fault: SandboxFault = { kind: 'none' };
  private schemaCheck: BankSchemaCheck | undefined;
  private readonly log: Entry[] = [];
  /** Accepted answers by Idempotency-Key: a repeat is answered with them, never applied again. Refusals are not kept. */
  private readonly answered = new Map<string, Answer>();
  private readonly accepted: BankFile[] = [];
  private readonly made: BankNotification[] = [];
  /** Uploads are examined one at a time, so that a key or a MsgId is applied once however requests overlap. */
  private desk: Promise<unknown> = Promise.resolve();
  /** Ids are never reused, not even after reset(): a gateway's cursor never points at another notification. */
  private fileSerial = 0;
  private notificationSerial = 0;

  constructor(options: BankSandboxOptions = { seed: SANDBOX_SEED }) {
    const camtVersion = options.camtVersion ?? '04';
    if (camtVersion !== '02' && camtVersion !== '04') throw new RangeError("camtVersion is '02' or '04'");
    this.seed = options.seed;
    this.camtVersion = camtVersion;
    this.apiKey = `sandbox-bank-${createHash('sha256').update(`bank-api-key:${options.seed}`).digest('hex').slice(0, 24)}`;
    this.returns = new ReturnPlanner(options.seed, options.returnShare ?? DEFAULT_RETURN_SHARE, options.returnEndToEndIds);
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.serve(req, res).catch(() => {
        if (!res.headersSent) this.reply(res, { status: 500, body: { code: 'INTERNAL' } });
        else res.destroy();
      });
    });
    this.baseUrl = await listenOnLoopback(server, 0);
    this.server = server;
  }

  /** What the gateway's bank connector needs: where the bank is, its key, and the library as creditor. */
  settings(): Readonly<Record<string, string>> {
    return {
      BANK_BASE_URL: this.baseUrl,
      BANK_API_KEY: this.apiKey,
      BANK_CREDITOR_ID: BANK_SANDBOX_CREDITOR.creditorId,
      BANK_CREDITOR_IBAN: BANK_SANDBOX_CREDITOR.iban,
      BANK_CREDITOR_NAME: BANK_SANDBOX_CREDITOR.name,
      BANK_CREDITOR_BIC: BANK_SANDBOX_CREDITOR.bic,
    };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** Every upload to the file endpoint, in order of arrival, byte for byte: also the refused and faulted ones. */
  received(): readonly BankReceivedMessage[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The files the bank accepted, in order. */
  files(): readonly BankFile[] {
    return [...this.accepted];
  }

  /** The notifications the bank made, oldest first. */
  notifications(): readonly BankNotification[] {
    return [...this.made];
  }

  setFault(fault: SandboxFault): void {
    this.fault = fault;
  }

  /** Forgets uploads, files, notifications, keys and forced returns, and clears the fault (the schema check stays). */
  reset(): void {
    this.log.length = 0;
    this.answered.clear();
    this.accepted.length = 0;
    this.made.length = 0;
    this.returns.reset();
    this.fault = { kind: 'none' };
  }

  /** From now on, refuse (400 SCHEMA_INVALID) any file the check finds invalid against its version's XSD; undefined turns it off. */
  setSchemaCheck(check: BankSchemaCheck | undefined): void {
    this.schemaCheck = check;
  }

  /** The next accepted file holding this EndToEndId returns it, with this reason (else the next of AM04, AC04, MD06, MS02). */
  returnNext(endToEndId: string, reasonCode?: string): void {
    this.returns.force(endToEndId, reasonCode);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bank.invalid');
    const upload = url.pathname === FILES_PATH;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_FILE_BYTES) return this.reply(res, { status: 413, body: { code: 'FILE_TOO_LARGE', detail: `a file is at most ${MAX_FILE_BYTES} bytes` } }, true);
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const contentType = req.headers['content-type'];
    // Every upload that arrives is recorded, also what is then refused or faulted.
    const entry: Entry | undefined =
      upload && req.method === 'POST'
        ? { body: bytes.toString('utf8'), bytes, duplicate: false, status: 0, ...(key !== undefined ? { idempotencyKey: key } : {}), ...(contentType !== undefined ? { contentType } : {}) }
        : undefined;
    if (entry !== undefined) this.log.push(entry);
    const answer = await this.answer(req.method ?? 'GET', url, req.headers.authorization, entry);
    if (entry !== undefined) {
      entry.status = answer.status;
      const code = (answer.body as { code?: unknown } | undefined)?.code;
      if (typeof code === 'string' && entry.code === undefined && answer.status >= 400) entry.code = code;
    }
    this.reply(res, answer);
  }

  private async answer(method: string, url: URL, authorization: string | undefined, entry: Entry | undefined): Promise<Answer> {
    const fault = this.fault;
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault.kind === 'error500') return { status: 500, body: { code: 'INTERNAL' } };
    if (fault.kind === 'reject400') return { status: 400, body: { code: 'INVALID_REQUEST' } };
    if (fault.kind === 'malformed-json') return { status: 200, body: '{"fileId": "', contentType: 'application/json' };
    if (authorization !== `Bearer ${this.apiKey}`) return { status: 401, body: { code: 'UNAUTHORIZED' } };
    if (url.pathname === FILES_PATH) {
      if (method !== 'POST' || entry === undefined) return { status: 405, body: { code: 'METHOD_NOT_ALLOWED' } };
      const done = this.desk.then(() => this.upload(entry));
      this.desk = done.catch(() => undefined);
      return done;
    }
    if (method !== 'GET') return { status: 405, body: { code: 'METHOD_NOT_ALLOWED' } };
    if (url.pathname === '/v1/health') return { status: 200, body: { status: 'ok' } };
    if (url.pathname === NOTIFICATIONS_PATH) return this.list(url.searchParams.get('after'));
    const match = /^\/v1\/notifications\/([^/]+)$/.exec(url.pathname);
    if (match?.[1] !== undefined) {
      const id = decodeURIComponent(match[1]);
      const notification = this.made.find((each) => each.id === id);
      return notification === undefined ? { status: 404, body: { code: 'NOT_FOUND' } } : { status: 200, body: notification.xml, contentType: 'application/xml; charset=utf-8' };
    }
    return { status: 404, body: { code: 'NOT_FOUND' } };
  }

  private list(after: string | null): Answer {
    // A cursor that is no notification id of this bank (absent, or a health probe's 'after=health') lists them all.
    const from = after === null ? 0 : serialOf(after);
    const notifications = this.made.filter((notification) => serialOf(notification.id) > from).map(({ id, fileId, createdAt }) => ({ id, fileId, createdAt }));
    return { status: 200, body: { notifications } };
  }

  /** One upload at the desk: the checks in the bank's order, then the file is booked and notified at once. */
  private async upload(entry: Entry): Promise<Answer> {
    const refuse = (refusal: BankRefusal): Answer => {
      entry.errors = refusal.errors;
      return { status: refusal.status, body: refusal.body };
    };
    if (!/^(application|text)\/xml\s*(;|$)/i.test(entry.contentType ?? '')) return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'send the file as application/xml' } };
    const key = entry.idempotencyKey;
    if (key === undefined || key === '' || key.length > IDEMPOTENCY_KEY_MAX) return { status: 400, body: { code: 'IDEMPOTENCY_KEY_REQUIRED', detail: `an Idempotency-Key of 1 to ${IDEMPOTENCY_KEY_MAX} characters` } };
    const earlier = this.answered.get(key);
    if (earlier !== undefined) {
      entry.duplicate = true;
      const first = earlier.body as { fileId?: string; messageId?: string };
      if (first.fileId !== undefined) entry.fileId = first.fileId;
      if (first.messageId !== undefined) entry.messageId = first.messageId;
      return { ...earlier, replayed: true };
    }
    const examined = await examineFile(utf8Text(entry.bytes), this.schemaCheck);
    if (!examined.ok) return refuse(examined.refusal);
    const document = examined.document;
    entry.messageId = document.messageId;
    if (this.accepted.some((file) => file.messageId === document.messageId)) {
      return refuse({ status: 409, body: { code: 'DUPLICATE_FILE', messageId: document.messageId }, errors: ['this MsgId was accepted before under another Idempotency-Key'] });
    }
    const bookkeeping = bookkeepingRefusal(document);
    if (bookkeeping !== undefined) return refuse(bookkeeping);
    const booked = this.book(document, key);
    if (!booked.ok) return refuse(booked.refusal);
    entry.fileId = booked.file.fileId;
    const answer: Answer = {
      status: 201,
      body: { fileId: booked.file.fileId, messageId: document.messageId, transactions: document.transactions.length, controlSumCents: document.controlSumCents, status: 'accepted' },
    };
    this.answered.set(key, answer);
    return answer;
  }

  /** Books an accepted file and makes its camt.054: every debit booked, the planned ones returned. */
  private book(document: ReadPain008, key: string): { ok: true; file: BankFile } | { ok: false; refusal: BankRefusal } {
    const fileId = `BANK-FILE-${String(this.fileSerial + 1).padStart(6, '0')}`;
    const notificationId = `NTF-${String(this.notificationSerial + 1).padStart(6, '0')}`;
    const created = this.now();
    const returns = this.returns.plan(document.transactions.map((transaction) => transaction.endToEndId));
    const entries: Camt054EntryInput[] = document.transactions.map((transaction) => {
      const reasonCode = returns.get(transaction.endToEndId);
      return {
        endToEndId: transaction.endToEndId,
        amountCents: transaction.amountCents,
        booked: true,
        mandateId: transaction.mandate.id,
        ...(reasonCode !== undefined ? { returned: { reasonCode } } : {}),
      };
    });
    let xml: string;
    try {
      xml = writeCamt054({ messageId: `CAMT054-${notificationId}`, notificationId, created, accountIban: document.creditor.iban, bookingDate: document.requestedCollectionDate, entries }, this.camtVersion);
    } catch (error) {
      if (!(error instanceof SepaInvalid)) throw error;
      const problems = error.problems.map(({ path, rule }) => ({ path, rule }));
      return { ok: false, refusal: { status: 422, body: { code: 'FILE_INVALID', problems }, errors: error.problems.map((problem) => `${problem.path}: ${problem.message}`) } };
    }
    this.fileSerial += 1;
    this.notificationSerial += 1;
    const file: BankFile = {
      fileId,
      messageId: document.messageId,
      idempotencyKey: key,
      version: document.version,
      receivedAt: created.toISOString(),
      requestedCollectionDate: document.requestedCollectionDate,
      transactions: document.transactions,
      controlSumCents: document.controlSumCents,
      notificationId,
    };
    this.accepted.push(file);
    this.made.push({
      id: notificationId,
      fileId,
      createdAt: created.toISOString(),
      camtVersion: this.camtVersion,
      xml,
      returned: [...returns].map(([endToEndId, reasonCode]) => ({ endToEndId, reasonCode })),
    });
    return { ok: true, file };
  }

  private reply(res: ServerResponse, answer: Answer, close = false): void {
    const headers: Record<string, string> = { 'Content-Type': answer.contentType ?? 'application/json' };
    if (close) headers.Connection = 'close';
    if (answer.replayed === true) headers['Idempotent-Replayed'] = 'true';
    res.writeHead(answer.status, headers).end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }
}

function serialOf(notificationId: string): number {
  return Number(NOTIFICATION_ID.exec(notificationId)?.[1] ?? 0);
}

export const bankSandbox: SandboxDefinition = {
  partner: 'bank',
  create: (options) => new BankSandbox(options),
};
