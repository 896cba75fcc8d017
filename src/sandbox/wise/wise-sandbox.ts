import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { ValidMember } from '../../domain/member';
import { memberToWise } from '../../mapping/wise/member-to-wise';
import { validateMember } from '../../domain/member.validator';
import { SchemaViolation } from '../../domain/schema-errors';
import { wiseToMember } from '../../mapping/wise/wise-to-member';
import { PartnerSandbox } from '../partner-sandbox';
import { WiseChurn } from './wise-churn';
import { WiseLibrary } from './wise-library';
import { DEFAULT_MEMBER_COUNT } from './wise-member.generator';
import { routeWiseRequest, WiseRouteAnswer } from './wise-routes';
import { WiseSandboxAuth, WiseSandboxCredentials } from './wise-sandbox.auth';
import { closeServer, listenOnLoopback } from '../support/loopback-http';

/** One request as the simulated Wise received it: exact body bytes, headers without credentials. */
export interface WiseRecordedRequest {
  readonly method: string;
  /** Path and query, as requested. */
  readonly path: string;
  /** Lower-case header names; WISE_KEY, Authorization and Cookie left out. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text (the bodies of the staff login and of PIN checks, which hold secrets, are replaced by '[redacted]'). */
  readonly body: string;
  /** The exact bytes that arrived (empty for the staff login). */
  readonly bytes: Buffer;
  readonly idempotencyKey?: string;
  /** True when the Idempotency-Key was answered before: answered again, not applied again. */
  readonly duplicate: boolean;
  /** The HTTP status the sandbox answered with (undefined while the answer is pending). */
  readonly status?: number;
}

type Recording = { -readonly [K in keyof WiseRecordedRequest]: WiseRecordedRequest[K] };

export type WiseFaultKind = 'none' | 'slow' | 'error500' | 'malformed-json' | 'reject400';
export type WiseFault = { readonly kind: 'none' | 'error500' | 'malformed-json' | 'reject400' } | { readonly kind: 'slow'; readonly ms: number };

export interface WiseSandboxOptions {
  readonly seed: number;
  /** Listen on this port (0, the default: an ephemeral one). */
  readonly port?: number;
  /** Members generated from the seed (default 50), made on demand: 400,000 cost no more memory than 50. */
  readonly memberCount?: number;
  /** Every churnMs ms one to three members join, change, leave or change a consent (0, the default: never). */
  readonly churnMs?: number;
  /** Answer GET /patron/cardnumber/… as Wise proper does: card validity only, no patron (default: the patron). */
  readonly cardValidationOnly?: boolean;
  readonly now?: () => number;
}

const HIDDEN_HEADERS = new Set(['wise_key', 'authorization', 'cookie']);

/**
 * A simulated OCLC Wise Rest-API on loopback (node:http), for the demo and the tests: a seeded library
 * of members, the WISE_KEY and staff-token checks, deliveries deduplicated by Idempotency-Key, every
 * request recorded byte for byte, and fault switches (slow, 500, malformed JSON, 400, wrong key).
 * Endpoints: see wise-routes.ts, plus POST /login.
 */
export class WiseSandbox implements PartnerSandbox {
  readonly partner = 'hka';
  readonly credentials: WiseSandboxCredentials;
  private readonly auth: WiseSandboxAuth;
  private readonly library: WiseLibrary;
  private readonly life: WiseChurn;
  private churnTimer: NodeJS.Timeout | undefined;
  private readonly log: Recording[] = [];
  private readonly answered = new Map<string, WiseRouteAnswer>();
  private server: Server | undefined;
  private baseUrl = '';
  private fault: WiseFault = { kind: 'none' };
  private counts = { applied: 0, duplicates: 0 };
  private references = 0;

  constructor(private readonly options: WiseSandboxOptions) {
    const now = options.now ?? Date.now;
    this.credentials = {
      apiId: 'BIEBGW',
      apiKey: `wise-sandbox-api-key-${options.seed}`,
      application: 'bieb-gateway',
      staffUser: 'gateway-koppeling',
      staffPassword: `wise-sandbox-password-${options.seed}`,
    };
    this.auth = new WiseSandboxAuth(this.credentials, now);
    this.library = new WiseLibrary({ seed: options.seed, memberCount: options.memberCount ?? DEFAULT_MEMBER_COUNT }, now);
    this.life = new WiseChurn(options.seed, this.library, now);
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    const url = await listenOnLoopback(server, this.options.port ?? 0);
    this.server = server;
    this.baseUrl = url;
    const churnMs = this.options.churnMs ?? 0;
    if (churnMs > 0 && this.churnTimer === undefined) {
      this.churnTimer = setInterval(() => this.life.tick(), churnMs);
      this.churnTimer.unref();
    }
  }

  settings(): Readonly<Record<string, string>> {
    const { apiId, apiKey, application, staffUser, staffPassword } = this.credentials;
    return {
      HKA_BASE_URL: this.baseUrl,
      HKA_API_ID: apiId,
      HKA_API_KEY: apiKey,
      HKA_APPLICATION: application,
      HKA_STAFF_USER: staffUser,
      HKA_STAFF_PASSWORD: staffPassword,
      HKA_LIBRARY_ID: this.library.libraryId,
    };
  }

  async stop(): Promise<void> {
    clearInterval(this.churnTimer);
    this.churnTimer = undefined;
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** The first `limit` members (all when not said) as canonical members, as they are now: for GET /api/v1/sandbox/members. */
  members(limit = Number.POSITIVE_INFINITY): ValidMember[] {
    return this.library.patrons(0, limit).map((record) => wiseToMember(record.patron, record, { libraryId: this.library.libraryId }));
  }

  /** One member as a canonical member, as it is now (undefined: no such member). */
  member(memberId: string): ValidMember | undefined {
    const record = this.library.find(memberId);
    return record === undefined ? undefined : wiseToMember(record.patron, record, { libraryId: this.library.libraryId });
  }

  /** Member ids in the delta feed's order (generated, then enrolled in enrolment order), from `offset`, at most `limit`: for tests and benchmarks. */
  memberIds(offset: number, limit: number): string[] {
    return this.library.memberIds(offset, limit);
  }

  /** Members held: generated and enrolled since (joiners included). */
  memberCount(): number {
    return this.library.memberCount;
  }

  /** Patrons kept in memory beyond their generation (changed or enrolled), and generated ones cached: stays small however many members. */
  heldInMemory(): { readonly overlay: number; readonly cached: number } {
    return this.library.held;
  }

  /** Ids in the delta feed of patrons changed on or after the day ('YYYY-MM-DD'), one page of them, as GET …/updatedpatron answers. */
  updatedSince(day: string, offset = 0, limit = Number.POSITIVE_INFINITY): string[] {
    return this.library.updatedSince(day, { offset, limit });
  }

  /** `events` desk events now, as the churn timer makes them (joiners, changes, leavers, consents), in the seed's order. */
  churn(events = 1): void {
    this.life.run(events);
  }

  /**
   * Enrols a member in the simulated lending system (as a library desk would): the gateway then loads it
   * like any other. Refused (undefined) when its memberId or card number is already someone's.
   */
  addMember(member: ValidMember): string | undefined {
    return this.library.enrol(memberToWise(member)) === 'ok' ? member.memberId : undefined;
  }

  /**
   * Changes a member's record as the library desk would: the partial canonical member is merged into it
   * (objects key by key, lists and values replaced). The merged member must meet the contract.
   */
  updateMember(memberId: string, patch: Readonly<Record<string, unknown>>): { readonly ok: true; readonly member: ValidMember } | { readonly ok: false; readonly reason: 'unknown' | 'taken' | 'invalid'; readonly violations?: readonly SchemaViolation[] } {
    const record = this.library.find(memberId);
    if (record === undefined) return { ok: false, reason: 'unknown' };
    const merged = mergeInto(wiseToMember(record.patron, record, { libraryId: this.library.libraryId }), { ...patch, memberId });
    const checked = validateMember(merged);
    if (!checked.ok) return { ok: false, reason: 'invalid', violations: checked.violations };
    const revised = this.library.revise(memberToWise(checked.member));
    return revised === 'ok' ? { ok: true, member: checked.member } : { ok: false, reason: revised };
  }

  /**
   * Barcodes of the copies on the shelf now: what a self-service machine can lend in a demo or a test.
   * `{ holdWaiting: true }`: only copies a member waits for (a return of one goes to the hold shelf).
   */
  itemsOnShelf(filter: { readonly holdWaiting?: boolean } = {}): string[] {
    return this.library.onShelf(filter.holdWaiting);
  }

  /** A patron's PIN by card number: the sandbox's secret, for tests and the demo (undefined: no such card). */
  pinOf(cardNumber: string): string | undefined {
    const patron = this.library.findByCard(cardNumber);
    return patron === undefined ? undefined : this.library.pinOf(patron);
  }

  /** Every request received since the start (or the last reset), oldest first. */
  received(): readonly WiseRecordedRequest[] {
    return this.log.map((request) => ({ ...request }));
  }

  /** Deliveries that took effect (each Idempotency-Key once) and repeats that were answered but not applied. */
  deliveryCounts(): { readonly applied: number; readonly duplicates: number } {
    return { ...this.counts };
  }

  /** Switch to a fault: setFault('slow', 2000), setFault('error500'), … setFault('none'); or the object form. */
  setFault(fault: WiseFaultKind | WiseFault, ms = 0): void {
    if (typeof fault !== 'string') this.fault = fault;
    else this.fault = fault === 'slow' ? { kind: 'slow', ms } : { kind: fault };
  }

  /** Wrong-key mode: the system's API key has changed, so every WISE_KEY the connector sends is refused (401). */
  setWrongKey(enabled: boolean): void {
    this.auth.setWrongKey(enabled);
  }

  /** Every staff token issued so far is expired now. */
  expireTokens(): void {
    this.auth.expireTokens();
  }

  /** Tokens issued from now on last `ms` instead of until the end of the UTC day (undefined: end of day). */
  setTokenLifetime(ms: number | undefined): void {
    this.auth.setTokenLifetime(ms);
  }

  /** Back to the start: generated members (and those enrolled, as enrolled), no recordings, no faults, no tokens, counts at zero. */
  reset(): void {
    this.log.length = 0;
    this.answered.clear();
    this.fault = { kind: 'none' };
    this.counts = { applied: 0, duplicates: 0 };
    this.auth.reset();
    this.library.reset();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const isLogin = req.method === 'POST' && url.pathname === '/login';
    // A PIN is a secret like the staff password: recorded as redacted.
    const isSecret = isLogin || (req.method === 'POST' && url.pathname.endsWith('/patronauthentication'));
    const bytes = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HIDDEN_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
    }
    const key = headers['idempotency-key'];
    const earlier = key === undefined ? undefined : this.answered.get(key);
    const authorised = this.auth.keyIsValid(header(req, 'wise_key')) && (isLogin || this.auth.tokenIsValid(header(req, 'authorization')));
    const duplicate = earlier !== undefined && authorised && this.fault.kind === 'none';
    const recording: Recording = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: isSecret ? '[redacted]' : bytes.toString('utf8'),
      bytes: isSecret ? Buffer.alloc(0) : bytes,
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      duplicate,
    };
    this.log.push(recording);
    res.once('finish', () => {
      recording.status = res.statusCode;
    });
    const fault = this.fault;
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault.kind === 'error500') return reply(res, { status: 500, body: { status: 500, message: 'Internal Server Error' } });
    if (fault.kind === 'reject400') return reply(res, { status: 400, body: { status: 400, message: 'request refused by the sandbox (fault reject400)' } });
    if (fault.kind === 'malformed-json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"patronSystemId": "1000001", "lastName": ');
      return;
    }
    if (!this.auth.keyIsValid(header(req, 'wise_key'))) return reply(res, { status: 401, body: { status: 401, message: 'invalid WISE_KEY' } });
    if (isLogin) return reply(res, this.login(bytes));
    if (!this.auth.tokenIsValid(header(req, 'authorization'))) return reply(res, { status: 401, body: { status: 401, message: 'token expired or invalid' } });
    if (earlier !== undefined) {
      this.counts.duplicates += 1;
      return reply(res, earlier);
    }
    const answer = routeWiseRequest(this.library, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: bytes.toString('utf8') }, (kind) => this.reference(kind), {
      cardValidationOnly: this.options.cardValidationOnly ?? false,
    });
    if (answer.applied === true) this.counts.applied += 1;
    if (key !== undefined && answer.status < 500) this.answered.set(key, answer);
    reply(res, answer);
  }

  private login(bytes: Buffer): WiseRouteAnswer {
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { status: 400, body: { status: 400, message: 'the request body is not JSON' } };
    }
    const credentials = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const session = this.auth.login(credentials.username, credentials.password);
    return session === undefined ? { status: 401, body: { status: 401, message: 'invalid username or password' } } : { status: 200, body: session };
  }

  private reference(kind: string): string {
    this.references += 1;
    return `${kind}-${String(this.references).padStart(6, '0')}`;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function reply(res: ServerResponse, answer: WiseRouteAnswer): void {
  res.writeHead(answer.status, { 'Content-Type': 'application/json;charset=UTF-8' }).end(JSON.stringify(answer.body));
}

/** `patch` laid over `base`: objects merged key by key, anything else (lists included) replaced; null removes. */
function mergeInto(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === null) delete out[key];
    else out[key] = mergeInto(out[key], value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
