import { connect, Socket } from 'node:net';
import { DisconnectReason, Sip2Connection, Sip2Server } from './sip2.server';


/** A dialog that answers each message after `ms`, and counts how many it holds at once. */
function slowDialog(ms: number, seen: { handled: number; mostAtOnce: number; now: number }): () => Sip2Connection {
  return () => ({
    handle: async (frame) => {
      seen.now += 1;
      seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.now);
      await new Promise((resolve) => setTimeout(resolve, ms));
      seen.now -= 1;
      seen.handled += 1;
      return { answer: `${frame.toString('latin1')}-ok\r`, wellFormed: true };
    },
    closed: () => undefined,
    account: () => undefined,
  });
}

async function client(port: number): Promise<{ socket: Socket; answers: string[]; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const answers: string[] = [];
  let rest = '';
  socket.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('latin1')).split('\r');
    rest = parts.pop() ?? '';
    answers.push(...parts);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, answers, closed };
}

describe('Sip2Server: a bounded backlog per connection', () => {
  let server: Sip2Server;
  let port: number;
  const reasons: DisconnectReason[] = [];
  const seen = { handled: 0, mostAtOnce: 0, now: 0 };

  beforeAll(async () => {
    server = new Sip2Server({ host: '127.0.0.1', port: 0, idleTimeoutMs: 5000, maxMessageBytes: 2048 }, slowDialog(5, seen), { disconnected: (reason) => reasons.push(reason) });
    port = await server.listen();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    reasons.length = 0;
    Object.assign(seen, { handled: 0, mostAtOnce: 0, now: 0 });
  });

  it('answers a client that sends a few messages without waiting, one at a time and in order', async () => {
    const { socket, answers } = await client(port);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 8; j++) socket.write(`9${i}${j}\r`);
    for (let i = 0; i < 200 && answers.length < 24; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toEqual(Array.from({ length: 24 }, (_, n) => `9${Math.floor(n / 8)}${n % 8}-ok`));
    expect(seen.mostAtOnce).toBe(1);
    expect(reasons).toEqual([]);
    socket.destroy();
  });

  it('leaves the backlog of a client that floods it with the client: the server reads only what it answers', async () => {
    const { socket } = await client(port);
    socket.write(Buffer.from('99\r'.repeat(3_000_000), 'latin1'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Millions of messages were sent; the kernel's buffers hold a few hundred kilobytes of them, and the
    // server has taken in only what it answered one by one (5 ms each).
    expect(socket.writableLength).toBeGreaterThan(7_000_000);
    expect(server.bufferedBytes).toBeLessThanOrEqual(2048 + 65_536);
    expect(seen.handled).toBeLessThan(100);
    expect(seen.mostAtOnce).toBe(1);
    socket.destroy();
  });

  it('stops reading a client that keeps sending faster than it is answered, and goes on when it caught up', async () => {
    const { socket, answers } = await client(port);
    const sent: string[] = [];
    for (let i = 0; i < 40; i++) {
      const message = `63-${i}`;
      sent.push(`${message}-ok`);
      socket.write(`${message}\r`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < 300 && answers.length < 40; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toEqual(sent);
    expect(reasons).toEqual([]);
    socket.destroy();
  });
});

describe('Sip2Server: limits on connections', () => {
  const reasons: DisconnectReason[] = [];
  /** Logged in as `account` once it answered one message. */
  const loggingIn = (account: string) => (): Sip2Connection => {
    let who: string | undefined;
    return {
      handle: async (frame) => {
        who = account;
        return { answer: `${frame.toString('latin1')}-ok\r`, wellFormed: true };
      },
      closed: () => undefined,
      account: () => who,
    };
  };

  it('closes a connection that does not log in within the deadline, and keeps one that did', async () => {
    const server = new Sip2Server({ host: '127.0.0.1', port: 0, idleTimeoutMs: 5000, maxMessageBytes: 2048, loginTimeoutMs: 150 }, loggingIn('zuil'), { disconnected: (reason) => reasons.push(reason) });
    const port = await server.listen();
    try {
      reasons.length = 0;
      const silent = await client(port);
      const talking = await client(port);
      talking.socket.write('93login\r');
      await silent.closed;
      expect(reasons).toEqual(['no login']);
      expect(talking.socket.destroyed).toBe(false);
      talking.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('refuses connections beyond the cap in all, and logins beyond the cap per account', async () => {
    const server = new Sip2Server({ host: '127.0.0.1', port: 0, idleTimeoutMs: 5000, maxMessageBytes: 2048, maxConnections: 3, maxConnectionsPerAccount: 2 }, loggingIn('zuil'), {
      disconnected: (reason) => reasons.push(reason),
    });
    const port = await server.listen();
    try {
      reasons.length = 0;
      const clients = [await client(port), await client(port), await client(port)];
      const fourth = await client(port);
      await fourth.closed;
      expect(reasons).toEqual(['too many connections']);
      for (const c of clients) c.socket.write('93login\r');
      await Promise.race(clients.map((c) => c.closed));
      expect(reasons).toEqual(['too many connections', 'too many connections']);
      expect(clients.filter((c) => c.socket.destroyed || c.socket.readableEnded).length).toBeLessThanOrEqual(1);
      for (const c of clients) c.socket.destroy();
    } finally {
      await server.close();
    }
  });
});

