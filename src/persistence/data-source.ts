import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const SQLITE_FILE = 'gateway.sqlite';

/**
 * TypeORM options for the configured database: PostgreSQL when DATABASE_URL is set, else SQLite in
 * DATA_DIR. The schema comes from MIGRATIONS only (run at start by the persistence module, under a
 * lock: run-migrations.ts), never from `synchronize`.
 */
export function buildDataSourceOptions(config: GatewayConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // TypeORM's own logging prints query parameters, which may hold member data.
    logging: false,
  } as const;
  if (config.databaseUrl === undefined) {
    return {
      ...common,
      type: 'better-sqlite3',
      database: join(config.dataDir, SQLITE_FILE),
      enableWAL: true,
      // TypeORM also turns foreign keys on; said here so that it does not depend on that.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('foreign_keys = ON');
      },
    };
  }
  const schema = config.databaseSchema;
  return {
    ...common,
    type: 'postgres',
    url: config.databaseUrl.reveal(),
    applicationName: 'bieb-gateway',
    ...(schema === undefined ? {} : { schema, extra: { options: `-c search_path=${schema}` } }),
  };
}
