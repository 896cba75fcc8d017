import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { SandboxFault } from '../partner-sandbox';
import { closeServer, listenOnLoopback } from './loopback-http';

/** One request as the simulated partner received it: the exact body bytes, headers without credentials. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly idempotencyKey?: string;
  /** True when the Idempotency-Key was seen before: answered again, not applied again. */
  readonly duplicate: boolean;
}

export type Fault = SandboxFault;

export interface SandboxAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type SandboxHandler = (request: RecordedRequest) => SandboxAnswer;

const HIDDEN_HEADERS = new Set(['authorization', 'wise_key', 'x-api-key', 'cookie']);

/**
 * A loopback HTTP server for simulated partners: records what arrives byte for byte, answers a repeated
 * Idempotency-Key with the first answer (applied once), and can be switched to faults for the tests.
 */
export class RecordingHttpServer {
  private server: Server | undefined;
  private fault: Fault = { kind: 'none' };
  private readonly log: RecordedRequest[] = [];
  private readonly answered = new Map<string, SandboxAnswer>();
  private readonly effective = new WeakSet<RecordedRequest>();
  private open = 0;
  private mostOpen = 0;

  /** `authorization`: the exact Authorization header the partner expects; anything else gets 401. */
  constructor(
    private readonly handle: SandboxHandler,
    private readonly authorization?: string,
  ) {}

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    const url = await listenOnLoopback(server, port);
    this.server = server;
    return url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  setFault(fault: Fault): void {
    this.fault = fault;
  }

  received(): readonly RecordedRequest[] {
    return [...this.log];
  }

  /** Messages that took effect (answered with success, not as a repeat; GETs, such as health checks, are no messages): each Idempotency-Key once. */
  applied(): readonly RecordedRequest[] {
    return this.log.filter((request) => request.method !== 'GET' && this.effective.has(request));
  }

  /** The most messages (requests other than GET: health checks do not count) open at one time since the last reset. */
  maxConcurrent(): number {
    return this.mostOpen;
  }

  reset(): void {
    this.mostOpen = this.open;
    this.log.length = 0;
    this.answered.clear();
    this.fault = { kind: 'none' };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      this.open += 1;
      this.mostOpen = Math.max(this.mostOpen, this.open);
      res.once('close', () => (this.open -= 1));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HIDDEN_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
    }
    const key = headers['idempotency-key'];
    let earlier = key === undefined ? undefined : this.answered.get(key);
    // Everything that arrives is recorded, also what is then refused or faulted.
    const request: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      duplicate: earlier !== undefined,
    };
    this.log.push(request);
    const fault = this.fault;
    if (fault.kind === 'slow') {
      // A key is applied once however its repeats overlap: a repeat that came in while the first was
      // still being worked on (a gateway restarted mid-delivery) is answered as a repeat.
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      earlier ??= key === undefined ? undefined : this.answered.get(key);
      request.duplicate = earlier !== undefined;
    }
    if (fault.kind === 'error500') return this.reply(res, { status: 500, body: { code: 'INTERNAL' } });
    if (fault.kind === 'reject400') return this.reply(res, { status: 400, body: { code: 'INVALID_REQUEST' } });
    if (fault.kind === 'malformed-json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"subscriberId": ');
      return;
    }
    if (this.authorization !== undefined && req.headers.authorization !== this.authorization) {
      return this.reply(res, { status: 401, body: { code: 'UNAUTHORIZED' } });
    }
    if (earlier !== undefined) return this.reply(res, earlier);
    const answer = this.handle(request);
    if (answer.status < 300) this.effective.add(request);
    if (key !== undefined && answer.status < 500) this.answered.set(key, answer);
    this.reply(res, answer);
  }

  private reply(res: ServerResponse, answer: SandboxAnswer): void {
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
  }
}
