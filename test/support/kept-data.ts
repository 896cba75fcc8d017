import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { GatewayConfig, loadConfig } from '../../src/config/gateway.config';
import { DatabaseTarget, testDatabaseUrl } from './databases';

/**
 * Data that outlives one gateway: a DATA_DIR, and on PostgreSQL a schema, that several gateways are
 * started on one after another (with other keys, as after a rotation). `remove()` deletes both.
 */
export interface KeptData {
  readonly dir: string;
  /** The variables that point a gateway (or a command of src/cli) at this data. */
  readonly env: Readonly<Record<string, string>>;
  /** The administrator token every gateway on this data is given (GATEWAY_ADMIN_TOKEN). */
  readonly adminToken: string;
  start(env?: Readonly<Record<string, string>>): Promise<KeptGateway>;
  remove(): Promise<void>;
}

export interface KeptGateway {
  readonly app: NestFastifyApplication;
  readonly config: GatewayConfig;
  readonly http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

export async function keptData(database: DatabaseTarget): Promise<KeptData> {
  const dir = mkdtempSync(join(tmpdir(), 'bgw-kept-'));
  const url = testDatabaseUrl();
  const schema = database === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
  if (schema !== undefined) {
    if (url === undefined) throw new Error('keptData("postgres") needs TEST_DATABASE_URL');
    await onDatabase(url, `CREATE SCHEMA "${schema}"`);
  }
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    DATA_DIR: join(dir, 'data'),
    GATEWAY_ADMIN_TOKEN: `bgw_${randomBytes(32).toString('base64url')}`,
    ...(schema === undefined || url === undefined ? {} : { DATABASE_URL: url, DATABASE_SCHEMA: schema, PSEUDONYM_KEY: randomBytes(32).toString('base64url') }),
  };
  return {
    dir,
    env,
    adminToken: env.GATEWAY_ADMIN_TOKEN ?? '',
    start: async (more = {}) => {
      const config = loadConfig({ ...env, ...more }, { print: () => undefined });
      const app = await createApp(config);
      try {
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
      } catch (error) {
        await app.close();
        throw error;
      }
      return { app, config, http: supertest(app.getHttpServer()), close: () => app.close() };
    },
    remove: async () => {
      if (schema !== undefined && url !== undefined) await onDatabase(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function onDatabase(url: string, statement: string): Promise<void> {
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    await dataSource.query(statement);
  } finally {
    await dataSource.destroy();
  }
}
