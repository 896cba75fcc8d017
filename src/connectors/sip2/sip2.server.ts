import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Sip2FrameSplitter } from '../../mapping/sip2/sip2-frames';

/** What one connection's dialog answers to one message. */
export interface Sip2Reply {
  /** The encoded answer (with its CR), if any: bytes in the terminal's encoding. */
  readonly answer?: string | Buffer;
  /** A well-formed message keeps the connection alive; garbage and damaged messages do not. */
  readonly wellFormed: boolean;
  /** Close the connection once the answer is sent (its account was disabled meanwhile). */
  readonly close?: boolean;
}

/** The dialog of one connection: its state lives as long as the connection. */
export interface Sip2Connection {
  handle(frame: Buffer): Promise<Sip2Reply>;
  closed(): void;
  /** The account the connection is logged in with, if any. */
  account(): string | undefined;
}

export interface Sip2ServerOptions {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly idleTimeoutMs: number;
  readonly maxMessageBytes: number;
  /** A connection must have logged in within this long (0: no deadline). */
  readonly loginTimeoutMs?: number;
  /** Open connections at most (anything beyond is closed at once). */
  readonly maxConnections?: number;
  /** Connections logged in with one account at most. */
  readonly maxConnectionsPerAccount?: number;
  /** With a certificate and key (PEM), the listener speaks SIP2 over TLS only. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

export interface Sip2ServerEvents {
  /** Why a connection was closed by the server: never a message's content. */
  disconnected(reason: DisconnectReason): void;
}

export type DisconnectReason = 'idle' | 'oversized' | 'failed' | 'account disabled' | 'no login' | 'too many connections';

/**
 * The SIP2 transport: a TCP server that cuts each connection's bytes into messages, hands them to the
 * connection's dialog one at a time (answers leave in order) and closes a connection that sends no
 * well-formed message within the idle timeout or a line longer than the limit. Connections are
 * independent: one client's garbage, silence or failure touches no other.
 */
export class Sip2Server {
  private readonly server: Server;
  private readonly sockets = new Map<Socket, { readonly splitter: Sip2FrameSplitter; readonly dialog: Sip2Connection }>();

  constructor(
    private readonly options: Sip2ServerOptions,
    private readonly open: () => Sip2Connection,
    private readonly events: Sip2ServerEvents,
  ) {
    const tls = options.tls;
    // Over TLS, a connection counts once its handshake is done; a plain client or junk never gets that far.
    this.server = tls === undefined ? createServer((socket) => this.accept(socket)) : createTlsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, (socket) => this.accept(socket));
    if (tls !== undefined) this.server.on('tlsClientError', () => this.events.disconnected('failed'));
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

  /** Bytes read from all connections and not yet answered: bounded by a message and a read per connection. */
  get bufferedBytes(): number {
    let total = 0;
    for (const { splitter } of this.sockets.values()) total += splitter.bufferedBytes;
    return total;
  }

  private connectionsOf(accountId: string): number {
    let count = 0;
    for (const [socket, { dialog }] of this.sockets) if (!socket.destroyed && dialog.account() === accountId) count += 1;
    return count;
  }

  /** Closes at once every connection logged in with this account (it was disabled); the number closed. */
  closeConnectionsOf(accountId: string): number {
    let closed = 0;
    for (const [socket, { dialog }] of this.sockets) {
      if (dialog.account() !== accountId || socket.destroyed) continue;
      this.events.disconnected('account disabled');
      socket.destroy();
      closed += 1;
    }
    return closed;
  }

  /** Stops accepting and closes every open connection. */
  close(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: Socket): void {
    if (this.sockets.size >= (this.options.maxConnections ?? Number.POSITIVE_INFINITY)) {
      this.events.disconnected('too many connections');
      socket.destroy();
      return;
    }
    const splitter = new Sip2FrameSplitter();
    const dialog = this.open();
    this.sockets.set(socket, { splitter, dialog });
    socket.setNoDelay(true);
    const { maxMessageBytes } = this.options;
    let busy = false;
    let timer: NodeJS.Timeout | undefined;
    const drop = (reason: DisconnectReason): void => {
      if (socket.destroyed) return;
      this.events.disconnected(reason);
      socket.destroy();
    };
    const arm = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => drop('idle'), this.options.idleTimeoutMs);
      timer.unref();
    };
    // One message at a time: split the next one only when the last is answered. While the bytes read
    // hold more than a message's worth, the socket is not read: a client that sends faster than it is
    // answered waits in the kernel's buffers, not in this process's memory.
    const pump = (): void => {
      if (busy || socket.destroyed) return;
      const frame = splitter.next();
      if (frame === undefined) {
        if (splitter.pendingBytes > maxMessageBytes) drop('oversized');
        else if (socket.isPaused()) socket.resume();
        return;
      }
      if (frame.length > maxMessageBytes) return drop('oversized');
      busy = true;
      dialog
        .handle(frame)
        .then((reply) => {
          if (reply.wellFormed) arm();
          if (reply.answer !== undefined && !socket.destroyed) socket.write(reply.answer);
          const account = dialog.account();
          if (account !== undefined && loginTimer !== undefined) {
            clearTimeout(loginTimer);
            loginTimer = undefined;
          }
          if (account !== undefined && this.connectionsOf(account) > (this.options.maxConnectionsPerAccount ?? Number.POSITIVE_INFINITY)) drop('too many connections');
          if (reply.close === true) {
            this.events.disconnected('account disabled');
            socket.end();
          }
        })
        .catch(() => drop('failed'))
        .finally(() => {
          busy = false;
          pump();
        });
    };
    arm();
    // A connection that never logs in holds a place for nothing: it has a short deadline of its own.
    const loginTimeout = this.options.loginTimeoutMs ?? 0;
    let loginTimer: NodeJS.Timeout | undefined = loginTimeout > 0 ? setTimeout(() => dialog.account() === undefined && drop('no login'), loginTimeout) : undefined;
    loginTimer?.unref();
    socket.on('data', (chunk: Buffer) => {
      splitter.append(chunk);
      if (splitter.bufferedBytes > maxMessageBytes) socket.pause();
      pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (timer !== undefined) clearTimeout(timer);
      if (loginTimer !== undefined) clearTimeout(loginTimer);
      this.sockets.delete(socket);
      dialog.closed();
    });
  }
}
