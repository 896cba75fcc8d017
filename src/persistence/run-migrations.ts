import { DataSource, Migration } from 'typeorm';

/** Names the lock of one schema's migrations (PostgreSQL advisory locks are per database, keyed by a number). */
const LOCK_NAME = 'bieb-gateway migrations';

/**
 * Applies the pending migrations. On PostgreSQL under an advisory lock per schema: instances that start
 * at the same moment on an empty database take turns, so each migration runs once and the others find
 * nothing pending. (SQLite is one process's embedded file: no lock is needed.)
 */
export async function runPendingMigrations(dataSource: DataSource, transaction: 'all' | 'each' = 'all'): Promise<Migration[]> {
  if (dataSource.options.type !== 'postgres') return dataSource.runMigrations({ transaction });
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1 || current_schema()))', [LOCK_NAME]);
    try {
      return await dataSource.runMigrations({ transaction });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1 || current_schema()))', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
