import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashAccessToken } from '../../src/auth/access-token';
import { runCli } from '../support/cli-run';
import { describeEachDatabase } from '../support/databases';
import { KeptData, keptData } from '../support/kept-data';

/**
 * `npm run keys:rotate-admin-token`: a new administrator token, delivered once (stdout or an owner-only
 * file, never a log); after the restart the old token gets 401 and the new one works. Embedded, the
 * hash file in DATA_DIR is replaced; with the token from the environment, GATEWAY_ADMIN_TOKEN_SHA256
 * takes GATEWAY_ADMIN_TOKEN's place.
 */
describeEachDatabase('administrator token rotation', (database) => {
  let data: KeptData;

  beforeAll(async () => {
    data = await keptData(database);
  });
  afterAll(async () => {
    await data.remove();
  });

  const accounts = async (env: Record<string, string>, token: string): Promise<number> => {
    const gateway = await data.start({ CONNECTORS: 'none', ...env });
    try {
      return (await gateway.http.get('/api/v1/accounts').set({ Authorization: `Bearer ${token}` })).status;
    } finally {
      await gateway.close();
    }
  };

  if (database === 'sqlite') {
    it('replaces the hash in DATA_DIR; the old token gets 401 after the restart, the new one works', async () => {
      // Embedded: no token in the environment, its hash kept in DATA_DIR from the first start.
      const embedded = { GATEWAY_ADMIN_TOKEN: '' };
      const first = await data.start({ CONNECTORS: 'none', ...embedded });
      await first.close();
      const cliEnv = { DATA_DIR: data.env.DATA_DIR ?? '' };
      const printed = await runCli('rotate-admin-token.ts', cliEnv);
      expect(printed.code).toBe(0);
      const token = printed.stdout.trim();
      expect(token).toMatch(/^bgw_[A-Za-z0-9_-]{43}$/);
      expect(printed.stderr).not.toContain(token);
      expect(readFileSync(join(cliEnv.DATA_DIR, 'admin-token.sha256'), 'utf8').trim()).toBe(hashAccessToken(token));
      expect(await accounts(embedded, token)).toBe(200);

      // Again, into a file: the old token is refused, the new one — given by the operator on stdin — works.
      const out = join(data.dir, 'admin-token');
      const given = `bgw_${'x'.repeat(43)}`;
      const delivered = await runCli('rotate-admin-token.ts', cliEnv, ['--token-stdin', '--out', out], `${given}\n`);
      expect(delivered.code).toBe(0);
      expect(delivered.stdout).toBe('');
      expect(readFileSync(out, 'utf8').trim()).toBe(given);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(await accounts(embedded, token)).toBe(401);
      expect(await accounts(embedded, given)).toBe(200);
    }, 120_000);
  } else {
    it('prints GATEWAY_ADMIN_TOKEN_SHA256 for the environment; with it in place of the old token, the old one gets 401', async () => {
      const old = data.adminToken;
      expect(await accounts({}, old)).toBe(200);
      const printed = await runCli('rotate-admin-token.ts', data.env);
      expect(printed.code).toBe(0);
      const token = printed.stdout.trim();
      expect(printed.stderr).toContain(`GATEWAY_ADMIN_TOKEN_SHA256=${hashAccessToken(token)}`);
      expect(printed.stderr).not.toContain(token);
      const rotated = { GATEWAY_ADMIN_TOKEN: '', GATEWAY_ADMIN_TOKEN_SHA256: hashAccessToken(token) };
      expect(await accounts(rotated, old)).toBe(401);
      expect(await accounts(rotated, token)).toBe(200);
    }, 120_000);
  }
});
