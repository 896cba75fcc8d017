import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Sip2FrameSplitter } from '../../mapping/sip2/sip2-frames';

/** What one connection's dialog answers to one message. */
export interface Sip2Reply {
  /** The encoded answer (with its CR), if any. */
  readonly answer?: string;
  /** A well-formed message keeps the connection alive; garbage and damaged messages do not. */
  readonly wellFormed: boolean;
}

/** The dialog of one connection: its state lives as long as the connection. */
export interface Sip2Connection {
  handle(frame: Buffer): Promise<Sip2Reply>;
  closed(): void;
}

export interface Sip2ServerOptions {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly idleTimeoutMs: number;
  readonly maxMessageBytes: number;
}

export interface Sip2ServerEvents {
  /** Why a connection was closed by the server: never a message's content. */
  disconnected(reason: 'idle' | 'oversized' | 'failed'): void;
}

/**
 * The SIP2 transport: a TCP server that cuts each connection's bytes into messages, hands them to the
 * connection's dialog one at a time (answers leave in order) and closes a connection that sends no
 * well-formed message within the idle timeout or a line longer than the limit. Connections are
 * independent: one client's garbage, silence or failure touches no other.
 */
export class Sip2Server {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly options: Sip2ServerOptions,
    private readonly open: () => Sip2Connection,
    private readonly events: Sip2ServerEvents,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Stops accepting and closes every open connection. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const splitter = new Sip2FrameSplitter();
    const dialog = this.open();
    let queue: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const drop = (reason: 'idle' | 'oversized' | 'failed'): void => {
      if (socket.destroyed) return;
      this.events.disconnected(reason);
      socket.destroy();
    };
    const arm = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => drop('idle'), this.options.idleTimeoutMs);
      timer.unref();
    };
    arm();
    socket.on('data', (chunk: Buffer) => {
      const frames = splitter.push(chunk);
      if (splitter.pendingBytes > this.options.maxMessageBytes || frames.some((frame) => frame.length > this.options.maxMessageBytes)) {
        drop('oversized');
        return;
      }
      for (const frame of frames) {
        queue = queue.then(async () => {
          if (socket.destroyed) return;
          const reply = await dialog.handle(frame);
          if (reply.wellFormed) arm();
          if (reply.answer !== undefined && !socket.destroyed) socket.write(reply.answer);
        });
        queue = queue.catch(() => drop('failed'));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (timer !== undefined) clearTimeout(timer);
      this.sockets.delete(socket);
      dialog.closed();
    });
  }
}
