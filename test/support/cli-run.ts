import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command of src/cli (as its npm script does) in its own process, with only the given environment. */
export function runCli(script: string, env: Readonly<Record<string, string>>, args: readonly string[] = [], input?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(join(ROOT, 'node_modules', '.bin', 'ts-node'), ['-T', `src/cli/${script}`, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
