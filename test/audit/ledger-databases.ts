import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DisclosureEntity } from '../../src/audit/disclosure.entity';
import { LedgerHeadEntity } from '../../src/audit/ledger-head.entity';
import { CreateDisclosureLedger1764000005000 } from '../../src/audit/migrations/1764000005000-create-disclosure-ledger';

/** A migrated database holding only the ledger's tables; `open` gives one more DataSource on it (a second instance). */
export interface LedgerDatabase {
  dataSource: DataSource;
  open(): Promise<DataSource>;
  dispose(): Promise<void>;
}

export interface LedgerDatabaseTarget {
  name: 'sqlite' | 'postgres';
  create(): Promise<LedgerDatabase>;
}

const ledgerOnly: Pick<DataSourceOptions, 'entities' | 'migrations' | 'synchronize'> = {
  entities: [DisclosureEntity, LedgerHeadEntity],
  migrations: [CreateDisclosureLedger1764000005000],
  synchronize: false,
};

async function migrated(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

async function sqlite(): Promise<LedgerDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  const options: DataSourceOptions = { type: 'better-sqlite3', database: join(dir, 'gateway.sqlite'), ...ledgerOnly };
  const dataSource = await migrated(options);
  const extra: DataSource[] = [];
  return {
    dataSource,
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

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (each database in a fresh schema, dropped after). */
export function ledgerDatabaseTargets(): LedgerDatabaseTarget[] {
  const url = process.env['TEST_DATABASE_URL'];
  const targets: LedgerDatabaseTarget[] = [{ name: 'sqlite', create: sqlite }];
  if (url !== undefined && url !== '') targets.push({ name: 'postgres', create: () => postgres(url) });
  return targets;
}
