import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A gateway the demo talks to over HTTP: one already running, or one started here. */
export interface DemoGateway {
  readonly baseUrl: string;
  readonly adminToken: string;
  /** Where the gateway came from, in words. */
  readonly origin: string;
  /** The SIP2 server's port (SIP2_PORT of a running gateway, else its default). */
  readonly sip2Port: number;
  close(): Promise<void>;
}

/**
 * GATEWAY_URL and GATEWAY_ADMIN_TOKEN set: that gateway. Otherwise a gateway in this process on the
 * embedded defaults (SQLite in a temporary DATA_DIR, the sandboxes on loopback, every connector), with
 * its own administrator token, listening on an ephemeral loopback port; close() stops it and removes
 * the DATA_DIR.
 */
export async function demoGateway(env: NodeJS.ProcessEnv = process.env): Promise<DemoGateway> {
  const url = env.GATEWAY_URL?.trim() ?? '';
  const token = env.GATEWAY_ADMIN_TOKEN?.trim() ?? '';
  if (url !== '' && token !== '') {
    return { baseUrl: url.replace(/\/+$/, ''), adminToken: token, origin: `the running gateway at ${url}`, sip2Port: Number(env.SIP2_PORT ?? 6001), close: () => Promise.resolve() };
  }
  if (url !== '') throw new Error('GATEWAY_URL is set but GATEWAY_ADMIN_TOKEN is not: set both, or neither to start a gateway here');
  return startInProcess();
}

/** A port on loopback that nothing listens on now (for the in-process gateway's SIP2 server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startInProcess(): Promise<DemoGateway> {
  // Loaded only here: against a running gateway the demo needs none of the gateway's own code.
  await import('reflect-metadata');
  const { createApp } = await import('../../src/app.factory');
  const { newAccessToken } = await import('../../src/auth/access-token');
  const { loadConfig } = await import('../../src/config/gateway.config');
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-demo-'));
  const adminToken = newAccessToken();
  const sip2Port = await freePort();
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      SANDBOX: 'on',
      CONNECTORS: 'all',
      LOG_LEVEL: 'silent',
      SIP2_PORT: String(sip2Port),
      SIP2_HOST: '127.0.0.1',
      // A demo waits for its deliveries: look often, retry a transient failure soon, give up early.
      DELIVERY_POLL_MS: '20',
      DELIVERY_BACKOFF_BASE_MS: '50',
      DELIVERY_BACKOFF_MAX_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '3',
      // Lifecycle sync reads the lending system's change feed every second, so a change is seen at once.
      SYNC_INTERVAL_MS: '1000',
    });
    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      adminToken,
      sip2Port,
      origin: 'a gateway started in this process (embedded defaults: SQLite in a temporary DATA_DIR, SANDBOX=on, CONNECTORS=all)',
      close: async () => {
        try {
          await app.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
