import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { ValidMember } from '../src/domain/member';
import { IBL_SANDBOX_AGENCY, IblPatron, IblSandbox } from '../src/sandbox/ibl/ibl.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { noteNotRun } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

/** Waits (up to 10 s) until the element's text contains the expected text, then asserts it. */
async function shows(locator: Locator, expected: string): Promise<void> {
  let text = '';
  const deadline = Date.now() + 10_000;
  do {
    text = await locator.first().innerText({ timeout: 10_000 }).catch(() => '');
    if (text.includes(expected)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  expect(text).toContain(expected);
}

/**
 * The console's page "Interbibliothecair lenen" in a real browser: the library asks the sandbox library
 * (Zwolle) for a book for one of its members, and Zwolle asks the gateway for one of Staphorst's items for a
 * patron of its own (sent with e-mail and address). The officer sees both loans with their state in Dutch,
 * our member only as a number linked to their access report, Zwolle's patron at most as their patron number;
 * no name, e-mail or address of either appears on the page. An auditor sees the page without the links.
 */
const NAME = 'console: the interlibrary loan page in the browser';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, 'artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FORBIDDEN = [
  'null', 'undefined', 'NaN', '[object Object]', 'BGW-ILL-', 'ZWOLLE-REQ-', 'STAP-REC-', 'staphorst-centrum',
  'Requested', 'RequestReceived', 'ExpectToSupply', 'WillSupply', 'Loaned', 'LoanCompleted', 'Unfilled', 'ill.',
];

if (!existsSync(CHROMIUM)) {
  noteNotRun(`${NAME}: ${CHROMIUM} is not installed (apt-get install chromium)`);
  describe(NAME, () => {
    it.todo(`is NOT run: ${CHROMIUM} is not installed`);
  });
} else {
  describe(NAME, () => {
    jest.setTimeout(120_000);
    let gateway: TestApp;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    let userDataDir: string;
    let member: ValidMember;
    const tokens: Record<string, string> = {};
    const ibl = () => gateway.app.get(SandboxHost).get('ibl') as IblSandbox;
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });
    // Zwolle's patron, sent with more than the loan needs.
    const patron = {
      patronId: 'ZW-PATRON-4711',
      surname: 'Vermeulen',
      givenName: 'Pieter Jan',
      email: 'p.vermeulen@example.org',
      phone: '+31 38 123 4567',
      address: { line1: 'Melkmarkt 12', locality: 'Zwolle', postalCode: '8011 MC', country: 'NL' },
    } as IblPatron;

    async function signIn(who: string): Promise<void> {
      await page.goto(`${base}/console#ill`);
      await page.locator('#token').fill(tokens[who] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('main h1').waitFor();
    }

    async function signOut(): Promise<void> {
      await page.locator('#signout').click();
      await page.locator('#token').waitFor();
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,ibl', SYNC_INTERVAL_MS: '0' } });
      await gateway.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
      const partner = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zwolle-ill-console', role: 'partner', partner: 'ibl' });
      expect(partner.status).toBe(201);
      ibl().setPeer(`${base}/iso18626`, partner.body.token as string);
      const members = (await gateway.http.get('/api/v1/sandbox/members?limit=40').set(gateway.as('operator'))).body as ValidMember[];
      // A member whose names are not words the page shows anyway (the items' titles and authors, the libraries).
      const shownAnyway = 'De avonden Gerard Reve Het Staphorster dorp J. de Vries Zwolle Staphorst';
      const found = members.find(
        (candidate) =>
          candidate.email !== undefined &&
          candidate.name.lastName.length >= 4 &&
          (candidate.name.firstNames ?? '').length >= 4 &&
          !shownAnyway.includes(candidate.name.lastName) &&
          !shownAnyway.includes(candidate.name.firstNames ?? '') &&
          (candidate.addresses ?? []).length > 0,
      );
      if (found === undefined) throw new Error('the test needs a sandbox member with an e-mail address and an address');
      member = found;
      tokens.operator = gateway.staff.operator;
      tokens.auditor = gateway.staff.auditor;
      tokens['r.dekker'] = await gateway.newOfficer('r.dekker');
      userDataDir = mkdtempSync(join(tmpdir(), 'bgw-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
    });

    afterAll(async () => {
      await context?.close();
      await ibl()?.idle();
      await gateway?.close();
      if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    });

    it('lists the requests as one request shows them, without their history, for operator, officer and auditor', async () => {
      const made = await gateway.http
        .post('/api/v1/partners/ibl/requests')
        .set(gateway.as('operator'))
        .send({ memberId: member.memberId, supplyingAgencyId: IBL_SANDBOX_AGENCY.value, item: { title: 'De avonden', author: 'Gerard Reve', isbn: '9789023417735' }, pickupBranchId: 'staphorst-centrum' });
      expect(made.status).toBe(202);
      await ibl().idle();
      const asked = await ibl().sendRequest(`${base}/iso18626`, { title: 'Het Staphorster dorp', author: 'J. de Vries', isbn: '9789012345672', supplierUniqueRecordId: 'STAP-REC-42' }, patron);
      expect(asked.httpStatus).toBe(200);

      const one = (await gateway.http.get(`/api/v1/partners/ibl/requests/${made.body.requestId as string}`).set(gateway.as('officer'))).body;
      const { history: _history, ...withoutHistory } = one;
      for (const role of ['operator', 'officer', 'auditor'] as const) {
        const listed = await gateway.http.get('/api/v1/partners/ibl/requests').set(gateway.as(role));
        expect(listed.status).toBe(200);
        expect(listed.body).toEqual([withoutHistory]);
      }
      expect(withoutHistory).toMatchObject({ memberId: member.memberId, state: 'Loaned', item: { title: 'De avonden' } });
      const shown = JSON.stringify(withoutHistory);
      for (const secret of [member.email, member.name.lastName, member.cardNumber]) if (secret !== undefined) expect(shown).not.toContain(secret);
      expect((await gateway.http.get('/api/v1/partners/ibl/requests').set(gateway.as('admin'))).status).toBe(403);
    });

    it("shows the officer both loans with Dutch states, our member as a link to their report, and no patron's name, e-mail or address", async () => {
      await signIn('r.dekker');
      await page.goto(`${base}/console#ill`);
      await page.locator('#ill-requests').waitFor();
      await shows(page.locator('main h1'), 'Interbibliothecair lenen');
      await shows(page.locator('#nav a[href="#ill"]'), 'Interbibliothecair lenen');
      await shows(page.locator('main'), 'Wij lenen');
      await shows(page.locator('main'), 'Wij lenen uit');

      const request = page.locator('#ill-requests tbody tr');
      expect(await request.count()).toBe(1);
      await shows(request, 'De avonden');
      await shows(request, IBL_SANDBOX_AGENCY.value);
      await shows(request, 'uitgeleend');
      await shows(request, `Overzicht van lid ${member.memberId}`);

      const supply = page.locator('#ill-supplies tbody tr');
      expect(await supply.count()).toBe(1);
      await shows(supply, 'Het Staphorster dorp');
      await shows(supply, IBL_SANDBOX_AGENCY.value);
      await shows(supply, 'aanvraag ontvangen');
      await shows(supply, 'ZW-PATRON-4711');
      await shot('ill');

      const text = (await page.evaluate('document.title + "\\n" + document.body.innerText')) as string;
      for (const word of FORBIDDEN) expect(text).not.toContain(word);
      const address = member.addresses?.[0];
      const secrets = [
        member.email, member.phone, member.cardNumber, member.birthDate, member.name.lastName, member.name.firstNames, address?.street, address?.postalCode,
        'Vermeulen', 'Pieter', 'P.J.', 'p.vermeulen@example.org', '123 4567', 'Melkmarkt', '8011',
      ];
      for (const secret of secrets) if (secret !== undefined && secret !== '') expect(text).not.toContain(secret);

      // The operator answers WillSupply: the page says so in Dutch.
      const supplies = (await gateway.http.get('/api/v1/partners/ibl/supplies').set(gateway.as('operator'))).body as Array<{ supplyId: string }>;
      const willSupply = await gateway.http.post(`/api/v1/partners/ibl/supplies/${supplies[0]?.supplyId ?? ''}/status`).set(gateway.as('operator')).send({ status: 'WillSupply' });
      expect(willSupply.status).toBe(200);
      await page.reload();
      await shows(page.locator('#ill-supplies'), 'wordt geleverd');

      await request.locator(`a[href="#report/${encodeURIComponent(member.memberId)}"]`).click();
      await page.locator('#report').waitFor();
      await shows(page.locator('#report'), member.memberId);
    });

    it('shows the auditor and the operator the page without links to a member report', async () => {
      for (const who of ['auditor', 'operator']) {
        await signOut();
        await signIn(who);
        await page.goto(`${base}/console#ill`);
        await page.locator('#ill-requests').waitFor();
        expect(await page.locator('#nav a[href="#ill"]').isVisible()).toBe(true);
        await shows(page.locator('#ill-requests'), 'uitgeleend');
        await shows(page.locator('#ill-requests'), member.memberId);
        expect(await page.locator('main a[href^="#report/"]').count()).toBe(0);
        const text = (await page.evaluate('document.body.innerText')) as string;
        for (const secret of [member.email, member.name.lastName, 'Vermeulen', 'p.vermeulen@example.org', 'Melkmarkt']) if (secret !== undefined) expect(text).not.toContain(secret);
      }
    });
  });
}
