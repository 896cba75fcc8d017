import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/gateway.config';
import { buildDataSourceOptions } from '../persistence/data-source';
import { runPendingMigrations } from '../persistence/run-migrations';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig(process.env);
  const dataSource = new DataSource(buildDataSourceOptions(config));
  await dataSource.initialize();
  try {
    const applied = await runPendingMigrations(dataSource, 'each');
    process.stdout.write(applied.length === 0 ? 'No pending migrations.\n' : applied.map((m) => `Applied ${m.name}\n`).join(''));
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
});
