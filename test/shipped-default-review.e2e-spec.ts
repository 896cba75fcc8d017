import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');

/**
 * The shipped-default badge flags what a release changed in its default since the officers started from
 * it — not the officers' own approved changes — and an officer can set it aside.
 */
describe('shipped defaults: news only when a release changed them', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-defaults-'));
  const policyDir = mkdtempSync(join(tmpdir(), 'bgw-policies-'));
  const adminToken = newAccessToken();
  let gateway: TestApp | undefined;

  beforeAll(() => cpSync(join(ROOT, 'policies'), policyDir, { recursive: true }));
  afterAll(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(policyDir, { recursive: true, force: true });
  });

  const start = (staff: boolean) => startTestApp({ database: 'sqlite', staff, env: { DATA_DIR: dataDir, POLICY_DIR: policyDir, GATEWAY_ADMIN_TOKEN: adminToken, CONNECTORS: 'none' } });

  it("does not flag the officers' own change, flags the release's, and lets an officer set it aside", async () => {
    gateway = await start(true);
    const authorA = await gateway.newOfficer('f.jansen');
    const approverB = await gateway.newOfficer('m.bakker');
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const auditor = gateway.as('auditor');
    const fresh = await gateway.http.get('/api/v1/policies/kb/default').set(as(authorA));
    expect(fresh.body).toMatchObject({ sameAsActive: true, attention: false, base: { from: 'first-version' }, sinceBase: { unchanged: true } });

    // The officers change kb themselves (approved with four eyes): that is no news about the default.
    const { body: current } = await gateway.http.get('/api/v1/policies/kb').set(as(authorA));
    const document = structuredClone(current.document);
    document.purposes[0].fields = document.purposes[0].fields.filter((field: { path: string }) => field.path !== 'birthDate');
    const draft = await gateway.http.post('/api/v1/policies/kb/versions').set(as(authorA)).send(document);
    expect(draft.status).toBe(201);
    expect((await gateway.http.post(`/api/v1/policies/kb/versions/${draft.body.version}/approve`).set(as(approverB)).send({})).status).toBe(200);
    const own = await gateway.http.get('/api/v1/policies/kb/default').set(as(authorA));
    expect(own.body).toMatchObject({ sameAsActive: false, attention: false, sinceBase: { unchanged: true } });
    expect(own.body.diff.unchanged).toBe(false);
    await gateway.close();
    gateway = undefined;

    // A new release ships a changed kb default: that change, and only that, is news.
    const file = join(policyDir, 'kb.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^displayName: .*$/m, 'displayName: Koninklijke Bibliotheek — online bibliotheek (nieuw contract)'));
    gateway = await start(false);
    const released = await gateway.http.get('/api/v1/policies/kb/default').set(as(authorA));
    expect(released.body.attention).toBe(true);
    expect(released.body.sinceBase.settingsChanged).toEqual([expect.objectContaining({ setting: 'displayName' })]);
    expect(released.body.sinceBase.purposes).toEqual([]);
    // The other partners' defaults did not change: no badge there.
    expect((await gateway.http.get('/api/v1/policies/overijssel/default').set(as(authorA))).body.attention).toBe(false);

    const dismissed = await gateway.http.post('/api/v1/policies/kb/default/dismiss').set(as(approverB));
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ attention: false, base: { from: 'dismissed', by: 'm.bakker' }, sinceBase: { unchanged: true } });
    expect((await gateway.http.post('/api/v1/policies/kb/default/dismiss').set(auditor)).status).toBe(403);
    expect((await gateway.http.get('/api/v1/policies/kb').set(as(authorA))).body.version).toBe(2);
  });
});
