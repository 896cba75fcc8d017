import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The console's files and their media types: nothing else under /console is served. */
export const CONSOLE_ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'labels.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'data.js': 'text/javascript; charset=utf-8',
  'errors.js': 'text/javascript; charset=utf-8',
  'session.js': 'text/javascript; charset=utf-8',
  'page-accounts.js': 'text/javascript; charset=utf-8',
  'page-bank.js': 'text/javascript; charset=utf-8',
  'page-disclosures.js': 'text/javascript; charset=utf-8',
  'page-ill.js': 'text/javascript; charset=utf-8',
  'page-legal.js': 'text/javascript; charset=utf-8',
  'page-matrix.js': 'text/javascript; charset=utf-8',
  'page-partners.js': 'text/javascript; charset=utf-8',
  'page-preview.js': 'text/javascript; charset=utf-8',
  'page-register.js': 'text/javascript; charset=utf-8',
  'page-review.js': 'text/javascript; charset=utf-8',
  'page-sync.js': 'text/javascript; charset=utf-8',
  'page-todo.js': 'text/javascript; charset=utf-8',
  'page-withdrawals.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/**
 * The page holds no data, so the headers can be strict: only our own scripts, styles and API; no
 * framing, no referrer, no sniffing.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-cache',
};

/**
 * The folder of the console's files: beside this module when running from src (ts-node, jest), and
 * src/admin/console under the package root when running the build (dist/admin/… → ../../src/admin/console).
 */
export function consoleDir(): string {
  const candidates = [join(__dirname, 'console'), join(__dirname, '..', '..', 'src', 'admin', 'console')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new Error(`the console's files are in none of: ${candidates.join(', ')}`);
  return found;
}

export class ConsoleFiles {
  private readonly cache = new Map<string, Buffer>();
  private readonly dir = consoleDir();

  /** The file and its media type, or undefined for a name that is not one of the console's assets. */
  async read(name: string): Promise<{ content: Buffer; type: string } | undefined> {
    const type = Object.hasOwn(CONSOLE_ASSETS, name) ? CONSOLE_ASSETS[name] : undefined;
    if (type === undefined) return undefined;
    let content = this.cache.get(name);
    if (content === undefined) {
      content = await readFile(join(this.dir, name));
      this.cache.set(name, content);
    }
    return { content, type };
  }
}
