// Jest reporter: at the end of a run, prints the test variants that were NOT run (for example the
// PostgreSQL variants when TEST_DATABASE_URL is not set), so a green run never hides them.
// Tests add one line per variant to the file named by BIEB_NOT_RUN_NOTES (see databases.ts).
const { readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const NOTES_ENV = 'BIEB_NOT_RUN_NOTES';

class NotRunReporter {
  constructor() {
    this.file = join(tmpdir(), `bieb-gateway-not-run-${process.pid}-${Date.now()}.txt`);
    // Set before the workers start, so they inherit it.
    process.env[NOTES_ENV] = this.file;
  }

  onRunStart() {
    rmSync(this.file, { force: true });
  }

  onRunComplete() {
    let lines = [];
    try {
      lines = readFileSync(this.file, 'utf8').split('\n').filter((line) => line.trim() !== '');
    } catch {
      lines = [];
    }
    rmSync(this.file, { force: true });
    if (lines.length === 0) return;
    const unique = [...new Set(lines)].sort();
    process.stderr.write(`\n*** NOT RUN: ${unique.length} test variant(s) were NOT run ***\n${unique.map((l) => `  - ${l}`).join('\n')}\n\n`);
  }

  getLastError() {
    return undefined;
  }
}

module.exports = NotRunReporter;
module.exports.NOTES_ENV = NOTES_ENV;
