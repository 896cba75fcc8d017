import { connect, Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { formatSip2Date } from '../../mapping/sip2/sip2-date';
import { Sip2FrameSplitter } from '../../mapping/sip2/sip2-frames';
import { sip2Bytes, sip2ChecksumOfText, Sip2Encoding } from '../../mapping/sip2/sip2-checksum';
import { parseSip2, Sip2Message } from '../../mapping/sip2/sip2-message';

export interface Sip2ClientOptions {
  readonly host?: string;
  readonly port: number;
  /** How long to wait for an answer. */
  readonly timeoutMs?: number;
  /** Called with every message received, byte for byte (the sandbox records them). */
  readonly onReceived?: (raw: string) => void;
  /** Wait this long before each request (a slow terminal). */
  readonly delayMs?: () => number;
  /** The terminal's encoding (latin1, the SIP2 default; or utf-8): its bytes and checksums. */
  readonly encoding?: Sip2Encoding;
  /** Connect over TLS, trusting this certificate (PEM) as the server's. */
  readonly tls?: { readonly ca: Buffer; readonly servername?: string };
}

/** An answer as received: the raw message (CR included) and its parts (checksum verified). */
export interface Sip2Answer {
  readonly raw: string;
  readonly message: Sip2Message;
}

/**
 * A SIP2 terminal (SC) for the demo, the tests and the benchmark: it connects, logs in and runs the
 * dialogs, one request at a time, each with AY/AZ. An answer whose checksum does not verify rejects.
 */
export class Sip2Client {
  private readonly splitter = new Sip2FrameSplitter();
  private readonly waiting: Array<{ resolve: (raw: string) => void; reject: (error: Error) => void }> = [];
  private readonly arrived: string[] = [];
  private sequence = 0;
  private ended: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly options: Sip2ClientOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk)) this.arrive(`${frame.toString(this.encoding === 'utf-8' ? 'utf8' : 'latin1')}\r`);
    });
    const end = (error?: Error) => {
      this.ended = error ?? new Error('the SIP2 server closed the connection');
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.ended);
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static connect(options: Sip2ClientOptions): Promise<Sip2Client> {
    return new Promise((resolve, reject) => {
      const host = options.host ?? '127.0.0.1';
      const socket = options.tls === undefined ? connect({ host, port: options.port }) : connectTls({ host, port: options.port, ca: options.tls.ca, servername: options.tls.servername ?? 'localhost' });
      socket.once('error', reject);
      socket.once(options.tls === undefined ? 'connect' : 'secureConnect', () => {
        socket.off('error', reject);
        resolve(new Sip2Client(socket, options));
      });
    });
  }

  private get encoding(): Sip2Encoding {
    return this.options.encoding ?? 'latin1';
  }

  /** True once the server has closed the connection. */
  get closed(): boolean {
    return this.ended !== undefined;
  }

  /** Resolves when the server closes the connection (or after the timeout, with false). */
  whenClosed(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Sends a message body (code, fixed and variable fields, each ended by '|') with AY/AZ added, and awaits the answer. */
  async request(body: string): Promise<Sip2Answer> {
    const message = `${body}AY${this.sequence++ % 10}AZ`;
    return this.exchange(`${message}${sip2ChecksumOfText(message, this.encoding)}\r`);
  }

  /** Sends bytes as they are (no AY/AZ added): for damaged and raw messages. */
  async raw(bytes: string): Promise<Sip2Answer> {
    return this.exchange(bytes);
  }

  /** Writes bytes without waiting for an answer. */
  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  login(user: string, password: string, location = 'terminal'): Promise<Sip2Answer> {
    return this.request(`9300CN${user}|CO${password}|CP${location}|`);
  }

  scStatus(): Promise<Sip2Answer> {
    return this.request('9900802.00');
  }

  /** 63; `summary` is the position of the item list asked for (0 holds … 5 unavailable holds); `pin` is sent as AD. */
  patronInformation(card: string, summary?: number, institution = 'staphorst', pin?: string): Promise<Sip2Answer> {
    const flags = Array.from({ length: 10 }, (_, index) => (index === summary ? 'Y' : ' ')).join('');
    return this.request(`63000${formatSip2Date(new Date())}${flags}AO${institution}|AA${card}|${pin === undefined ? '' : `AD${pin}|`}`);
  }

  patronStatus(card: string, institution = 'staphorst'): Promise<Sip2Answer> {
    return this.request(`23000${formatSip2Date(new Date())}AO${institution}|AA${card}|`);
  }

  feePaid(card: string, amount: string, transactionId: string, feeId?: string, institution = 'staphorst'): Promise<Sip2Answer> {
    return this.request(`37${formatSip2Date(new Date())}0100BHEUR|BV${amount}|AO${institution}|AA${card}|${feeId === undefined ? '' : `CG${feeId}|`}BK${transactionId}|`);
  }

  /** 11; `offline`: the copy was lent while the machine was offline (no block = Y). */
  checkout(card: string, item: string, institution = 'staphorst', pin?: string, offline = false): Promise<Sip2Answer> {
    const now = formatSip2Date(new Date());
    return this.request(`11N${offline ? 'Y' : 'N'}${now}${now}AO${institution}|AA${card}|AB${item}|${pin === undefined ? '' : `AD${pin}|`}`);
  }

  checkin(item: string, institution = 'staphorst'): Promise<Sip2Answer> {
    const now = formatSip2Date(new Date());
    return this.request(`09N${now}${now}APdesk|AO${institution}|AB${item}|`);
  }

  endSession(card: string, institution = 'staphorst'): Promise<Sip2Answer> {
    return this.request(`35${formatSip2Date(new Date())}AO${institution}|AA${card}|`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 200).unref();
    });
  }

  private async exchange(bytes: string): Promise<Sip2Answer> {
    const delay = this.options.delayMs?.() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.ended !== undefined) throw this.ended;
    const answer = this.next();
    this.socket.write(sip2Bytes(bytes, this.encoding));
    const raw = await answer;
    const parsed = parseSip2(raw, this.encoding);
    if (!parsed.ok) throw new Error(`the SIP2 server answered a damaged message (${parsed.problem}: ${parsed.reason})`);
    if (!parsed.message.checksummed) throw new Error('the SIP2 server answered without a checksum');
    return { raw, message: parsed.message };
  }

  private next(): Promise<string> {
    const ready = this.arrived.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (raw: string) => {
          clearTimeout(timer);
          resolve(raw);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error('no answer from the SIP2 server in time'));
      }, this.options.timeoutMs ?? 5000);
      this.waiting.push(waiter);
    });
  }

  private arrive(raw: string): void {
    this.options.onReceived?.(raw);
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter.resolve(raw);
    else this.arrived.push(raw);
  }
}
