import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DisclosureEntity } from '../../src/audit/disclosure.entity';
import { LedgerHeadEntity } from '../../src/audit/ledger-head.entity';
import { CreateDisclosureLedger1764000005000 } from '../../src/audit/migrations/1764000005000-create-disclosure-ledger';
import { CreateLedgerCheckpoints1764000080000 } from '../../src/audit/migrations/1764000080000-create-ledger-checkpoints';
import { LedgerCheckpointEntity } from '../../src/audit/ledger-checkpoint.entity';
import { AccountEventEntity, AccountEventsHeadEntity } from '../../src/audit/account-event.entity';
import { DisclosureOutcomeEntity } from '../../src/audit/disclosure-outcome.entity';
import { SQLITE_FILE } from '../../src/persistence/data-source';
import { DatabaseTarget, testDatabaseUrl } from '../support/databases';

/** A migrated database holding only the ledger's tables; `open` gives one more DataSource on it (a second instance). */
export interface LedgerDatabase {
  dataSource: DataSource;
  /** The environment variables that point the gateway (and its CLIs) at this database. */
  env: Record<string, string>;
  open(): Promise<DataSource>;
  dispose(): Promise<void>;
}

const ledgerOnly: Pick<DataSourceOptions, 'entities' | 'migrations' | 'synchronize'> = {
  entities: [DisclosureEntity, LedgerHeadEntity, LedgerCheckpointEntity, AccountEventEntity, AccountEventsHeadEntity, DisclosureOutcomeEntity],
  migrations: [CreateDisclosureLedger1764000005000, CreateLedgerCheckpoints1764000080000],
  synchronize: false,
};

async function migrated(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

async function sqlite(): Promise<LedgerDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  const options: DataSourceOptions = { type: 'better-sqlite3', database: join(dir, SQLITE_FILE), ...ledgerOnly };
  const dataSource = await migrated(options);
  const extra: DataSource[] = [];
  return {
    dataSource,
    env: { DATA_DIR: dir },
    open: async () => {
      const other = await new DataSource(options).initialize();
      extra.push(other);
      return other;
    },
    dispose: async () => {
      for (const ds of [dataSource, ...extra]) if (ds.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(url: string): Promise<LedgerDatabase> {
  const schema = `ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = await new DataSource({ type: 'postgres', url }).initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const options: DataSourceOptions = { type: 'postgres', url, schema, extra: { options: `-c search_path=${schema}` }, ...ledgerOnly };
  const dataSource = await migrated(options);
  const extra: DataSource[] = [];
  return {
    dataSource,
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
    open: async () => {
      const other = await new DataSource(options).initialize();
      extra.push(other);
      return other;
    },
    dispose: async () => {
      for (const ds of [dataSource, ...extra]) if (ds.isInitialized) await ds.destroy();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.destroy();
    },
  };
}

/** A SQLite file in a fresh DATA_DIR, or a fresh PostgreSQL schema on TEST_DATABASE_URL (dropped by dispose). */
export function createLedgerDatabase(target: DatabaseTarget): Promise<LedgerDatabase> {
  if (target === 'sqlite') return sqlite();
  const url = testDatabaseUrl();
  if (url === undefined) throw new Error('the postgres ledger database needs TEST_DATABASE_URL');
  return postgres(url);
}
