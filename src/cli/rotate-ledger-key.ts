import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { LedgerSigningKey } from '../audit/ledger-signing-key';
import { keepPreviousKey, previousKeysFile } from '../audit/ledger-previous-keys';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/gateway.config';

/**
 * `npm run ledger:rotate-key`: retires the ledger signing key. Its verifier key (public) is added to
 * ledger-previous-keys.txt beside the key file, so every checkpoint it signed stays verifiable; a new
 * Ed25519 key replaces it in LEDGER_SIGNING_KEY_FILE (written whole, then renamed over the old one: the
 * retired private key is gone — nothing needs it). Gateways sign with the new key once restarted.
 * Prints both verifier keys (public), never a private key.
 */
function rotate(): void {
  const config = loadConfig(process.env);
  const file = config.ledger.signingKeyFile;
  const origin = config.ledger.origin;
  let old: LedgerSigningKey;
  try {
    old = LedgerSigningKey.load(file, origin, { create: false }).key;
  } catch (error) {
    throw new ConfigError([`LEDGER_SIGNING_KEY_FILE (${file}) cannot be read: ${error instanceof Error ? error.message : String(error)}; nothing was changed`]);
  }
  const retired = old.verifier();
  // Kept before the key is replaced: a crash in between leaves an extra known key, never an unverifiable checkpoint.
  keepPreviousKey(file, retired, new Date());
  const next = `${file}.${process.pid}.new`;
  writeFileSync(next, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { flag: 'wx', mode: 0o600 });
  try {
    renameSync(next, file);
  } catch (error) {
    rmSync(next, { force: true });
    throw error;
  }
  const current = LedgerSigningKey.load(file, origin, { create: false }).key.verifier();
  process.stdout.write(
    `Retired ledger signing key ${retired}\n` +
      `  kept (public key only) in ${previousKeysFile(file)}: checkpoints it signed stay verifiable.\n` +
      `New ledger signing key ${current}\n` +
      `  in ${file}. Restart every gateway instance to sign with it, and give auditors this verifier key beside the old one.\n`,
  );
}

try {
  rotate();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Ledger key rotation failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exitCode = 1;
}
