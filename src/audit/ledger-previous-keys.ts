import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The verifier keys of ledger signing keys retired by a rotation, one a line, beside the signing key file. */
export const PREVIOUS_KEYS_FILE = 'ledger-previous-keys.txt';

const VERIFIER_KEY = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/;

/**
 * Where the retired verifier keys are kept: beside the signing key, not in the database or DATA_DIR by
 * itself — whoever may add a key to this list may sign checkpoints the gateway accepts, so it lives
 * where the signing key lives.
 */
export function previousKeysFile(signingKeyFile: string): string {
  return join(dirname(signingKeyFile), PREVIOUS_KEYS_FILE);
}

/** The retired verifier keys: the file's (blank lines and `#` comments skipped) and those given (LEDGER_PREVIOUS_KEYS). */
export function readPreviousKeys(signingKeyFile: string, given: readonly string[] = []): string[] {
  let lines: string[] = [];
  try {
    lines = readFileSync(previousKeysFile(signingKeyFile), 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = [...lines, ...given].map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const bad = keys.find((key) => !VERIFIER_KEY.test(key));
  if (bad !== undefined) throw new Error(`${previousKeysFile(signingKeyFile)} or LEDGER_PREVIOUS_KEYS holds something that is not a verifier key (<name>+<key id>+<key>): ${JSON.stringify(bad.slice(0, 40))}`);
  return [...new Set(keys)];
}

/** Adds a retired key's verifier key to the list (once), with the date it was retired. */
export function keepPreviousKey(signingKeyFile: string, verifier: string, retiredAt: Date): void {
  if (readPreviousKeys(signingKeyFile).includes(verifier)) return;
  appendFileSync(previousKeysFile(signingKeyFile), `# retired ${retiredAt.toISOString()}\n${verifier}\n`, { mode: 0o644 });
}

/** LEDGER_PREVIOUS_KEYS: comma-separated verifier keys. */
export function parsePreviousKeys(text: string | undefined): string[] {
  return (text ?? '').split(',').map((key) => key.trim()).filter((key) => key !== '');
}
