import { appendFileSync } from 'node:fs';

export type DatabaseTarget = 'sqlite' | 'postgres';

/** The PostgreSQL server the postgres variants run against, e.g. postgres://postgres@127.0.0.1:5432/test. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url === undefined || url === '' ? undefined : url;
}

/** 'sqlite' always; 'postgres' too when TEST_DATABASE_URL is set. */
export function databaseTargets(): DatabaseTarget[] {
  return testDatabaseUrl() === undefined ? ['sqlite'] : ['sqlite', 'postgres'];
}

/**
 * `describe(name)` once per database target. When PostgreSQL is not available, says so: the run ends
 * with a list of the variants that were NOT run (test/support/not-run-reporter.js).
 */
export function describeEachDatabase(name: string, fn: (database: DatabaseTarget) => void): void {
  for (const database of databaseTargets()) {
    describe(`${name} [${database}]`, () => fn(database));
  }
  if (testDatabaseUrl() === undefined) {
    noteNotRun(`${name} [postgres]: TEST_DATABASE_URL is not set`);
  }
}

/** Records a test variant that this run does not execute, for the end-of-run report. */
export function noteNotRun(what: string): void {
  const notes = process.env.BIEB_NOT_RUN_NOTES;
  if (notes === undefined) {
    console.warn(`NOT RUN: ${what}`);
    return;
  }
  appendFileSync(notes, `${what}\n`);
}
