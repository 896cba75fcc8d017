import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { runPendingMigrations } from '../src/persistence/run-migrations';
import { noteNotRun, testDatabaseUrl } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const NAME = 'instances starting at the same moment on an empty PostgreSQL schema';
const url = testDatabaseUrl();

if (url === undefined) {
  noteNotRun(`${NAME}: TEST_DATABASE_URL not set`);
  describe(NAME, () => {
    it.todo('is NOT run: TEST_DATABASE_URL not set');
  });
} else {
  describe(NAME, () => {
    const schema = `test_start_${randomBytes(6).toString('hex')}`;
    let admin: DataSource;
    const apps: TestApp[] = [];

    beforeAll(async () => {
      admin = await new DataSource({ type: 'postgres', url }).initialize();
      await admin.query(`CREATE SCHEMA "${schema}"`);
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    });

    it('take turns at the migrations: each is applied by exactly one of them, and none fails', async () => {
      const own = `${schema}_m`;
      await admin.query(`CREATE SCHEMA "${own}"`);
      const sources = await Promise.all(
        [1, 2, 3].map(() => new DataSource({ type: 'postgres', url, schema: own, extra: { options: `-c search_path=${own}` }, entities: ENTITIES, migrations: MIGRATIONS }).initialize()),
      );
      try {
        const applied = await Promise.all(sources.map((source) => runPendingMigrations(source)));
        expect(applied.flat().map((migration) => migration.name).sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      } finally {
        await Promise.all(sources.map((source) => source.destroy()));
        await admin.query(`DROP SCHEMA "${own}" CASCADE`);
      }
    });

    it('all start: each migration is applied once and each default policy seeded once', async () => {
      const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema, PSEUDONYM_KEY: randomBytes(32).toString('base64url') };
      const started = await Promise.allSettled([1, 2, 3].map(() => startTestApp({ database: 'sqlite', env, staff: false })));
      for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
      expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual(['started', 'started', 'started']);

      const applied = (await admin.query(`SELECT name FROM "${schema}".migrations ORDER BY id`)) as Array<{ name: string }>;
      expect(applied.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      const versions = (await admin.query(`SELECT partner, COUNT(*)::int AS n FROM "${schema}".policy_versions GROUP BY partner`)) as Array<{ n: number }>;
      expect(versions.length).toBeGreaterThan(5);
      expect(versions.every((row) => row.n === 1)).toBe(true);
      for (const app of apps) expect((await app.http.get('/health')).status).toBe(200);
    });

    it('share console sessions: signed in at one instance, known at the others, signed out everywhere at once', async () => {
      const [a, b, c] = apps as [TestApp, TestApp, TestApp];
      const officer = (await a.http.post('/api/v1/accounts').set({ Authorization: `Bearer ${a.adminToken}` }).send({ name: 'f.jansen', role: 'officer' })).body.token as string;
      const signedIn = await b.http.post('/api/v1/console/session').set('X-Requested-With', 'bieb-console').send({ token: officer });
      expect(signedIn.status).toBe(200);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
      for (const app of [a, b, c]) expect((await app.http.get('/api/v1/console/session').set('Cookie', cookie)).body).toMatchObject({ name: 'f.jansen' });
      expect((await c.http.delete('/api/v1/console/session').set('Cookie', cookie).set('X-Requested-With', 'bieb-console')).status).toBe(204);
      for (const app of [a, b, c]) expect((await app.http.get('/api/v1/console/session').set('Cookie', cookie)).status).toBe(401);
    });
  });
}
