import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

describeEachDatabase('persistence', (database) => {
  let gateway: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    gateway = await startTestApp({ database });
    dataSource = gateway.app.get(DataSource);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('has run every migration at start and never synchronizes', async () => {
    expect(dataSource.options.synchronize).toBe(false);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('has a schema, built by the migrations alone, that matches every entity', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  if (database === 'sqlite') {
    it('keeps SQLite in DATA_DIR, in WAL mode with foreign keys on', async () => {
      expect(existsSync(join(gateway.config.dataDir, 'gateway.sqlite'))).toBe(true);
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    });
  } else {
    it('works in its own PostgreSQL schema', async () => {
      const schema = gateway.config.databaseSchema;
      expect(schema).toMatch(/^test_/);
      expect(await dataSource.query('SELECT current_schema() AS schema')).toEqual([{ schema }]);
      const tables: Array<{ table_name: string }> = await dataSource.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['accounts', 'migrations']));
    });
  }
});
