import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashAccessToken } from '../src/auth/access-token';
import { freePort, GatewayProcess, startGatewayProcess, waitForHttp } from './support/gateway-process';

// Each start compiles src/main.ts with ts-node: slow on a busy machine.
jest.setTimeout(90_000);

describe('starting the gateway', () => {
  let dataDir: string;
  const running: GatewayProcess[] = [];
  const start = (env: Record<string, string>): GatewayProcess => {
    const gateway = startGatewayProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env });
    running.push(gateway);
    return gateway;
  };

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'bgw-start-')), 'data');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('stops with a message naming a wrong variable', async () => {
    const gateway = start({ PORT: 'abc', SANDBOX: 'sometimes' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toContain('PORT must be an integer between 1 and 65535 (got "abc")');
    expect(gateway.stderr()).toContain('SANDBOX must be one of on, off (got "sometimes")');
    expect(gateway.stderr()).not.toMatch(/\n\s+at /);
  });

  it('stops in production mode without the administrator token and the pseudonym key', async () => {
    const gateway = start({ DATABASE_URL: 'postgres://gateway:pw-not-shown@127.0.0.1:1/none' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toContain('GATEWAY_ADMIN_TOKEN is required when DATABASE_URL is set');
    expect(gateway.stderr()).toContain('PSEUDONYM_KEY is required when DATABASE_URL is set');
    expect(gateway.stderr()).not.toContain('pw-not-shown');
  });

  it('prints the generated administrator token at the first start only, and keeps accepting it', async () => {
    const port = await freePort();
    const first = start({ PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/health`, first);
    const token = /GATEWAY_ADMIN_TOKEN=(bgw_[A-Za-z0-9_-]{43})/.exec(first.stdout())?.[1] ?? '';
    expect(token).toMatch(/^bgw_/);
    expect(readFileSync(join(dataDir, 'admin-token.sha256'), 'utf8').trim()).toBe(hashAccessToken(token));
    const accounts = await fetch(`http://127.0.0.1:${port}/api/v1/accounts`, { headers: { Authorization: `Bearer ${token}` } });
    expect(accounts.status).toBe(200);
    await first.stop();

    const second = start({ PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/health`, second);
    expect(second.stdout()).not.toContain('GATEWAY_ADMIN_TOKEN=');
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/accounts`, { headers: { Authorization: `Bearer ${token}` } });
    expect(again.status).toBe(200);
  });
});
