import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashAccessToken, newAccessToken } from '../auth/access-token';
import { ADMIN_TOKEN_HASH_FILE } from '../config/embedded-secrets';

class UsageError extends Error {}

const MIN_LENGTH = 32;

/**
 * `npm run -s keys:rotate-admin-token [-- --out FILE] [-- --token-stdin]`: a new administrator token
 * (or the one given on stdin), and the old one stops working at the gateway's next start.
 *
 * Embedded (the token's hash in DATA_DIR): the hash file is replaced. With GATEWAY_ADMIN_TOKEN or
 * GATEWAY_ADMIN_TOKEN_SHA256 in the environment (production), nothing here can change that
 * environment: the command prints the GATEWAY_ADMIN_TOKEN_SHA256 line to put in its place.
 *
 * The token is delivered once, never logged: into FILE (created, owner-only, must not exist), or as the
 * only line on stdout (notes go to stderr), so `> file` or a pipe into a secret store takes it whole.
 */
function rotate(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && (out === undefined || out.startsWith('--'))) throw new UsageError('--out needs a file to write the new token to');
  const token = args.includes('--token-stdin') ? readFileSync(0, 'utf8').trim() : newAccessToken();
  if (token.length < MIN_LENGTH || /\s/.test(token)) throw new UsageError(`the token given on stdin must be at least ${MIN_LENGTH} characters without spaces`);
  const sha256 = hashAccessToken(token);
  // Delivered first: a token whose hash is in force but that nobody received would lock the administrator out.
  if (out !== undefined) writeFileSync(resolve(out), `${token}\n`, { flag: 'wx', mode: 0o600 });
  const fromEnvironment = [env.GATEWAY_ADMIN_TOKEN, env.GATEWAY_ADMIN_TOKEN_SHA256, env.DATABASE_URL].some((value) => value !== undefined && value.trim() !== '');
  if (fromEnvironment) {
    process.stderr.write(
      'The administrator token comes from the environment: replace GATEWAY_ADMIN_TOKEN (or GATEWAY_ADMIN_TOKEN_SHA256) in the deployment with\n' +
        `  GATEWAY_ADMIN_TOKEN_SHA256=${sha256}\n` +
        'and restart every instance: the old token stops working then.\n',
    );
  } else {
    const dataDir = resolve(env.DATA_DIR ?? './data');
    const file = join(dataDir, ADMIN_TOKEN_HASH_FILE);
    const next = `${file}.${process.pid}.new`;
    writeFileSync(next, `${sha256}\n`, { flag: 'wx', mode: 0o600 });
    try {
      renameSync(next, file);
    } catch (error) {
      rmSync(next, { force: true });
      throw new UsageError(`${file} cannot be replaced: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    process.stderr.write(`Replaced the administrator token's hash in ${file}. Restart the gateway: the old token stops working then.\n`);
  }
  if (out !== undefined) process.stderr.write(`The new token is in ${resolve(out)} (readable by its owner only); move it to where the administrator keeps secrets, then delete it.\n`);
  else process.stdout.write(`${token}\n`);
}

try {
  rotate(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`Administrator token rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
