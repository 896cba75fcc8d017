import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** An answer read whole, as text (UTF-8), whatever its status. */
export interface PlainAnswer {
  readonly status: number;
  readonly text: string;
}

export interface PlainRequest {
  readonly method: string;
  /** Under the base URL, already escaped. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
}

/** An answer larger than this is no answer a partner gives: the exchange fails (code ERR_ANSWER_TOO_LARGE). */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * HTTP/1.1 on kept-alive connections with nothing in between: no redirects followed, no proxy, no
 * transformation of the body either way, every status answered (the caller decides what a 4xx or 5xx
 * means). A failure to exchange at all rejects with Node's own error, its `code` intact (ECONNREFUSED,
 * ECONNRESET, ETIMEDOUT for a connection idle longer than `timeoutMs`); an aborted signal rejects with
 * the AbortError. What axios did for the lending system, at a fraction of its cost per request.
 */
export class PlainHttp {
  private readonly base: URL;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl.replace(/\/+$/, ''));
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  exchange(call: PlainRequest): Promise<PlainAnswer> {
    const send = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    const basePath = this.base.pathname === '/' ? '' : this.base.pathname;
    // The base URL's own query (an endpoint that names itself so) goes along unless the call brings one.
    const path = `${basePath}${call.path}`;
    const target = `${path === '' ? '/' : path}${call.path.includes('?') ? '' : this.base.search}`;
    return new Promise<PlainAnswer>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...call.headers };
      if (call.body !== undefined) headers['Content-Length'] = call.body.length;
      const req = send({ protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, path: target, method: call.method, headers, agent: this.agent, signal: call.signal }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(Object.assign(new Error('the answer is too large'), { code: 'ERR_ANSWER_TOO_LARGE' }));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(call.body);
    });
  }

  /** Ends the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
