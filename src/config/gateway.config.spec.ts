import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { hashAccessToken } from '../auth/access-token';
import { ConfigError } from './config-error';
import { GatewayConfig, loadConfig } from './gateway.config';

const TOKEN = 'bgw_test-admin-token-0123456789abcdefghijkl';
const KEY = 'k'.repeat(40);
const DB = 'postgres://gateway:s3cret-password@db.example:5432/gateway';

describe('loadConfig', () => {
  let dataDir: string;
  let printed: string[];
  const load = (env: Record<string, string>): GatewayConfig =>
    loadConfig({ DATA_DIR: dataDir, ...env }, { print: (text) => printed.push(text) });
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'bgw-config-')), 'data');
    printed = [];
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('applies the documented defaults in embedded mode', () => {
    const config = load({});
    expect(config).toMatchObject({
      mode: 'embedded',
      port: 3000,
      sip2Port: 6001,
      dataDir,
      databaseUrl: undefined,
      databaseSchema: undefined,
      amqpUrl: undefined,
      sandbox: true,
      bodyLimitBytes: 1_048_576,
      withdrawalWatchMs: 300_000,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = load({
      PORT: '8080', SIP2_PORT: '7001', SANDBOX: 'off', BODY_LIMIT_BYTES: '2048', LOG_LEVEL: 'debug', WITHDRAWAL_WATCH_MS: '0',
      AMQP_URL: 'amqp://guest:guest@localhost:5672', GATEWAY_ADMIN_TOKEN: TOKEN, PSEUDONYM_KEY: KEY,
    });
    expect(config).toMatchObject({ port: 8080, sip2Port: 7001, sandbox: false, bodyLimitBytes: 2048, logLevel: 'debug', withdrawalWatchMs: 0 });
    expect(config.amqpUrl?.reveal()).toBe('amqp://guest:guest@localhost:5672');
    expect(config.adminTokenSha256).toBe(hashAccessToken(TOKEN));
    expect(config.pseudonymKey.reveal()).toBe(KEY);
  });

  it('reads PUBLIC_BASE_URL (no trailing slash) and TRUSTED_PROXIES (canonical addresses); neither is set by default', () => {
    expect(load({}).publicUrl).toEqual({ baseUrl: undefined, trustedProxies: [] });
    expect(load({ PUBLIC_BASE_URL: 'https://Gateway.Example.nl:443/bieb/', TRUSTED_PROXIES: ' 10.0.0.2 , ::FFFF:127.0.0.1,2001:DB8::1,' }).publicUrl).toEqual({
      baseUrl: 'https://gateway.example.nl/bieb',
      trustedProxies: ['10.0.0.2', '127.0.0.1', '2001:db8::1'],
    });
  });

  it.each([['ftp://gateway.example.nl'], ['gateway.example.nl'], ['https://user:s3cret-pw@gateway.example.nl'], ['https://gateway.example.nl/?x=1'], ['https://gateway.example.nl/#top']])(
    'refuses PUBLIC_BASE_URL %s without showing it',
    (url) => {
      const problems = problemsOf({ PUBLIC_BASE_URL: url });
      expect(problems).toEqual([expect.stringContaining('PUBLIC_BASE_URL must be an http:// or https:// URL')]);
      expect(problems.join('\n')).not.toContain('s3cret-pw');
    },
  );

  it('refuses TRUSTED_PROXIES entries that are not IP addresses, naming each', () => {
    const problems = problemsOf({ TRUSTED_PROXIES: '10.0.0.2,proxy.internal,10.0.0.0/8' });
    expect(problems).toEqual([expect.stringContaining('"proxy.internal"'), expect.stringContaining('"10.0.0.0/8"')]);
  });

  it('names the variable and the wrong value', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT must be an integer between 1 and 65535 (got "abc")']);
    expect(problemsOf({ SIP2_PORT: '70000' })).toEqual(['SIP2_PORT must be an integer between 1 and 65535 (got "70000")']);
    expect(problemsOf({ SANDBOX: 'yes' })).toEqual(['SANDBOX must be one of on, off (got "yes")']);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL must be one of fatal, error, warn, info/);
    expect(problemsOf({ BODY_LIMIT_BYTES: '1.5' })[0]).toMatch(/^BODY_LIMIT_BYTES must be an integer/);
    expect(problemsOf({ WITHDRAWAL_WATCH_MS: '-1' })[0]).toMatch(/^WITHDRAWAL_WATCH_MS must be an integer between 0 and 86400000/);
    expect(problemsOf({ DATABASE_SCHEMA: 'Robert; DROP' })[0]).toMatch(/^DATABASE_SCHEMA must be a lower-case SQL identifier/);
  });

  it('reports every wrong variable at once, in a message that names them', () => {
    expect(() => load({ PORT: '0', SANDBOX: 'maybe' })).toThrow(/PORT must be .*\n.*SANDBOX must be/s);
  });

  it('never echoes a secret in a problem', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x', AMQP_URL: 'http://u:pw-9@x', GATEWAY_ADMIN_TOKEN: 'short-secret', PSEUDONYM_KEY: 'tiny-key' });
    expect(problems.join('\n')).not.toMatch(/hunter2|pw-9|short-secret|tiny-key/);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//),
      expect.stringMatching(/^AMQP_URL must be a URL starting with amqp:\/\/ or amqps:\/\//),
      expect.stringMatching(/^GATEWAY_ADMIN_TOKEN must be at least 32 characters long \(got 12;/),
      expect.stringMatching(/^PSEUDONYM_KEY must be at least 32 characters long/),
    ]));
  });

  it('requires the administrator token and the pseudonym key in production', () => {
    expect(problemsOf({ DATABASE_URL: DB })).toEqual([
      'GATEWAY_ADMIN_TOKEN is required when DATABASE_URL is set',
      'PSEUDONYM_KEY is required when DATABASE_URL is set',
    ]);
  });

  it('runs production without sandboxes and without writing to DATA_DIR', () => {
    const config = load({ DATABASE_URL: DB, DATABASE_SCHEMA: 'tenant_a', GATEWAY_ADMIN_TOKEN: TOKEN, PSEUDONYM_KEY: KEY });
    expect(config).toMatchObject({ mode: 'production', sandbox: false, databaseSchema: 'tenant_a' });
    expect(config.databaseUrl?.reveal()).toBe(DB);
    expect(() => statSync(dataDir)).toThrow();
    expect(printed).toEqual([]);
  });

  it('never shows a secret when the config is printed', () => {
    const config = load({ DATABASE_URL: DB, AMQP_URL: 'amqps://u:amqp-pass@mq', GATEWAY_ADMIN_TOKEN: TOKEN, PSEUDONYM_KEY: KEY });
    for (const shown of [JSON.stringify(config), inspect(config, { depth: 5 }), `${config.pseudonymKey}`]) {
      expect(shown).not.toContain('s3cret-password');
      expect(shown).not.toContain('amqp-pass');
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(TOKEN);
    }
    expect(JSON.stringify(config)).toContain('"pseudonymKey":"[redacted]"');
  });

  it('generates the administrator token once in embedded mode, prints it once and stores only its hash', () => {
    const first = load({});
    expect(printed).toHaveLength(1);
    const token = /GATEWAY_ADMIN_TOKEN=(bgw_[A-Za-z0-9_-]{43})\n/.exec(printed[0] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(first.adminTokenSha256).toBe(hashAccessToken(token ?? ''));
    const stored = readFileSync(join(dataDir, 'admin-token.sha256'), 'utf8');
    expect(stored.trim()).toBe(first.adminTokenSha256);
    expect(stored).not.toContain(token);

    const second = load({});
    expect(printed).toHaveLength(1);
    expect(second.adminTokenSha256).toBe(first.adminTokenSha256);
  });

  it('prefers GATEWAY_ADMIN_TOKEN in embedded mode and then generates nothing', () => {
    const config = load({ GATEWAY_ADMIN_TOKEN: TOKEN });
    expect(config.adminTokenSha256).toBe(hashAccessToken(TOKEN));
    expect(printed).toEqual([]);
    expect(() => statSync(join(dataDir, 'admin-token.sha256'))).toThrow();
  });

  it('generates the pseudonym key once, readable by its owner only', () => {
    const first = load({});
    const path = join(dataDir, 'pseudonym.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.pseudonymKey.reveal().length).toBeGreaterThanOrEqual(32);
    expect(load({}).pseudonymKey.reveal()).toBe(first.pseudonymKey.reveal());
  });

  it('refuses a damaged or exposed secret file, naming it', () => {
    load({});
    writeFileSync(join(dataDir, 'admin-token.sha256'), 'not a hash\n');
    expect(problemsOf({})).toEqual([expect.stringContaining('admin-token.sha256 must hold the SHA-256')]);
    writeFileSync(join(dataDir, 'admin-token.sha256'), `${'a'.repeat(64)}\n`);
    chmodSync(join(dataDir, 'pseudonym.key'), 0o644);
    expect(problemsOf({})).toEqual([expect.stringContaining('pseudonym.key must be readable by its owner only')]);
  });
});
