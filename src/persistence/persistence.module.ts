import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { DataSource } from 'typeorm';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { buildDataSourceOptions } from './data-source';
import { runPendingMigrations } from './run-migrations';
import { serializeSqliteWrites } from './sqlite-write-lock';

/** The one database connection; migrations run before the application serves. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 5, retryDelay: 2000 }),
      dataSourceFactory: async (options) => {
        if (options === undefined) throw new Error('no database options');
        // The SQLite file (and the -wal and -shm files SQLite makes with its mode) readable by this user only.
        if (options.type === 'better-sqlite3' && typeof options.database === 'string') ownerOnly(options.database);
        const dataSource = await new DataSource(options).initialize();
        try {
          await runPendingMigrations(dataSource);
          serializeSqliteWrites(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class PersistenceModule {}

function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
