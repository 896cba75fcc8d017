import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, createAppFrom } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { newAccessToken } from '../../src/auth/access-token';
import { GatewayConfig, loadConfig } from '../../src/config/gateway.config';
import { DatabaseTarget, testDatabaseUrl } from './databases';

export interface TestAppOptions {
  readonly database: DatabaseTarget;
  /** Variables set on top of the test defaults (LOG_LEVEL=silent, a fresh DATA_DIR, a known admin token). */
  readonly env?: Readonly<Record<string, string>>;
  /** Modules added beside the application's own (probe controllers, test doubles). */
  readonly modules?: ReadonlyArray<Type | DynamicModule>;
  /** Create the staff accounts of `TestApp.staff` at start (default true; false: the gateway has no account yet). */
  readonly staff?: boolean;
}

/** Accounts a test gateway starts with: one per staff role, the officer confirmed (it is the first). */
export interface StaffTokens {
  readonly operator: string;
  readonly officer: string;
  readonly auditor: string;
}

export type StaffRole = keyof StaffTokens;

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: GatewayConfig;
  /** The built-in administrator's token: it manages accounts and nothing else. */
  readonly adminToken: string;
  /** Tokens of the staff accounts made at start ('op.test', 'officer.test' — the first officer, confirmed — and 'auditor.test'). */
  readonly staff: StaffTokens;
  /** An Authorization header for the administrator ('admin') or one of the staff accounts. */
  as(role: StaffRole | 'admin'): { Authorization: string };
  /** A new officer account, confirmed by 'officer.test': its token. */
  newOfficer(name: string): Promise<string>;
  /** supertest bound to the app's HTTP server: `http.get('/health')`. */
  readonly http: ReturnType<typeof supertest>;
  /** Closes the app and removes its DATA_DIR, and for PostgreSQL drops its schema. */
  close(): Promise<void>;
}

/**
 * A gateway initialised and ready, on SQLite in a fresh temporary DATA_DIR, or on PostgreSQL
 * (TEST_DATABASE_URL) in a fresh random schema. Migrations have run.
 */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-test-'));
  const adminToken = options.env?.GATEWAY_ADMIN_TOKEN ?? newAccessToken();
  const schema = options.database === 'postgres' ? await createSchema() : undefined;
  const cleanUp = async (): Promise<void> => {
    if (schema !== undefined) await dropSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      ...(schema === undefined
        ? {}
        : { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.name, PSEUDONYM_KEY: randomBytes(32).toString('base64url') }),
      ...options.env,
    });
    const extra = options.modules ?? [];
    const app = extra.length === 0 ? await createApp(config) : await createAppFrom(withModules(config, extra), config);
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    } catch (error) {
      await app.close();
      throw error;
    }
    const http = supertest(app.getHttpServer());
    const admin = { Authorization: `Bearer ${adminToken}` };
    const account = async (name: string, role: string): Promise<string> => {
      const created = await http.post('/api/v1/accounts').set(admin).send({ name, role });
      if (created.status !== 201) throw new Error(`test account ${name} not created: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.token as string;
    };
    const staff: StaffTokens =
      options.staff === false
        ? { operator: '', officer: '', auditor: '' }
        : { operator: await account('op.test', 'operator'), officer: await account('officer.test', 'officer'), auditor: await account('auditor.test', 'auditor') };
    return {
      app,
      config,
      adminToken,
      staff,
      http,
      as: (role) => ({ Authorization: `Bearer ${role === 'admin' ? adminToken : staff[role]}` }),
      newOfficer: async (name) => {
        const created = await http.post('/api/v1/accounts').set(admin).send({ name, role: 'officer' });
        if (created.status !== 201) throw new Error(`officer ${name} not created: ${created.status} ${JSON.stringify(created.body)}`);
        const confirmed = await http.post(`/api/v1/accounts/${created.body.id as string}/confirm`).set({ Authorization: `Bearer ${staff.officer}` });
        if (confirmed.status !== 200) throw new Error(`officer ${name} not confirmed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
        return created.body.token as string;
      },
      close: async () => {
        await app.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function withModules(config: GatewayConfig, modules: ReadonlyArray<Type | DynamicModule>): DynamicModule {
  @Module({})
  class TestRootModule {}
  return { module: TestRootModule, imports: [AppModule.forRoot(config), ...modules] };
}

interface TestSchema {
  readonly url: string;
  readonly name: string;
}

async function createSchema(): Promise<TestSchema> {
  const url = testDatabaseUrl();
  if (url === undefined) throw new Error('startTestApp({ database: "postgres" }) needs TEST_DATABASE_URL');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withDatabase(url, `CREATE SCHEMA "${name}"`);
  return { url, name };
}

async function dropSchema(schema: TestSchema): Promise<void> {
  await withDatabase(schema.url, `DROP SCHEMA IF EXISTS "${schema.name}" CASCADE`);
}

async function withDatabase(url: string, statement: string): Promise<void> {
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    await dataSource.query(statement);
  } finally {
    await dataSource.destroy();
  }
}
