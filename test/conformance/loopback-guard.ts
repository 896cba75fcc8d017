import { Socket } from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/;

/**
 * Watches every outgoing TCP connection of this process and remembers those that are not to loopback;
 * they are refused on the spot, so nothing of the suite can reach a real partner.
 */
export class LoopbackGuard {
  readonly outside: string[] = [];
  private original: typeof Socket.prototype.connect | undefined;

  install(): void {
    const original = Socket.prototype.connect;
    this.original = original;
    const outside = this.outside;
    Socket.prototype.connect = function guarded(this: Socket, ...args: unknown[]) {
      const first = args[0];
      const given = typeof first === 'object' && first !== null && 'host' in first ? (first as { host?: unknown }).host : args[1];
      const host = typeof given === 'string' ? given : 'localhost';
      const isPath = typeof first === 'object' && first !== null && 'path' in first;
      if (!isPath && !LOOPBACK.test(host)) {
        outside.push(host);
        throw new Error(`conformance: a connection to ${host} left loopback`);
      }
      return (original as (...a: unknown[]) => Socket).apply(this, args);
    };
  }

  uninstall(): void {
    if (this.original !== undefined) Socket.prototype.connect = this.original;
  }
}
