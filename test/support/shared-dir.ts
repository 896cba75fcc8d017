import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared folder beside the project (contracts, official XSDs, real partner messages), read in place and
 * never copied. SHARED_DIR names it; otherwise `../shared` next to the checkout, then `/work/shared`.
 * Undefined when none exists: the tests that need it then say they were not run.
 */
export function sharedDir(): string | undefined {
  const candidates = [process.env.SHARED_DIR, resolve(__dirname, '..', '..', '..', 'shared'), '/work/shared'];
  return candidates.find((dir): dir is string => dir !== undefined && dir !== '' && existsSync(join(dir, 'contracts')));
}

/** A path inside the shared folder, or a path that does not exist when there is no shared folder. */
export function sharedPath(...parts: string[]): string {
  return join(sharedDir() ?? '/nonexistent-shared', ...parts);
}
