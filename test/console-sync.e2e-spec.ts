import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { ValidMember } from '../src/domain/member';
import { realisticMember } from './factories/member.factory';
import { noteNotRun } from './support/databases';
import { enrol } from './support/enrol';
import { startTestApp, TestApp } from './support/test-app';

/** Waits (up to `ms`) until the element's text contains the expected text, then asserts it. */
async function shows(locator: Locator, expected: string, ms = 10_000): Promise<void> {
  let text = '';
  const deadline = Date.now() + ms;
  do {
    text = await locator.first().innerText({ timeout: ms }).catch(() => '');
    if (text.includes(expected)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  expect(text).toContain(expected);
}

const DAY_MS = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The console's page "Synchronisatie" in a real browser (Debian's chromium through playwright-core),
 * against a gateway whose simulated partners record what they receive: an initial synchronisation for
 * the KB started from the page runs and ends "klaar" with messages sent; a mass cancellation held by the
 * deletion guard is shown to an officer, who sends the KB's deregistrations and keeps the province's.
 */
const NAME = 'console: the synchronisation page in the browser';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, 'artifacts');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
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
    const tokens: Record<string, string> = {};
    /** The members enrolled for the deletion guard, and the job that held their deregistrations. */
    const members: ValidMember[] = [];
    let heldJob = '';

    const shot = (target: Page, name: string) => target.screenshot({ path: join(ARTIFACTS, `console-sync-${name}.png`), fullPage: true });
    const operator = () => gateway.as('operator');
    const received = async (partner: string): Promise<string[]> => {
      const bodies: string[] = [];
      for (let since: number | undefined = 0; since !== undefined; ) {
        const listing = await gateway.http.get(`/api/v1/sandbox/${partner}/received?since=${since}&limit=1000`).set(operator());
        expect(listing.status).toBe(200);
        bodies.push(...(listing.body.items as Array<{ body: string }>).map((item) => item.body));
        since = listing.body.next as number | undefined;
      }
      return bodies;
    };
    /** Waits until the partner has received `count` messages (the outbox delivers asynchronously). */
    async function receivedAtLeast(partner: string, count: number): Promise<string[]> {
      let bodies = await received(partner);
      for (let i = 0; i < 300 && bodies.length < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        bodies = await received(partner);
      }
      return bodies;
    }
    const cycle = async () => {
      const response = await gateway.http.post('/api/v1/sync/cycle').set(operator());
      expect(response.status).toBe(200);
      return response.body as { status: string; job?: { jobId: string } };
    };

    async function signIn(who: string): Promise<void> {
      await page.goto(`${base}/console#sync`);
      await page.locator('#token').fill(tokens[who] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('#sync-jobs h2').first().waitFor();
    }

    async function signOut(): Promise<void> {
      await page.locator('#signout').click();
      await page.locator('#token').waitFor();
    }

    const heldRow = (target: Page, partner: string) => target.locator(`tr[data-held-job="${heldJob}"][data-partner="${partner}"]`);

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      gateway = await startTestApp({
        database: 'sqlite',
        env: {
          SANDBOX: 'on',
          CONNECTORS: 'hka,kb,overijssel',
          // The cycle runs only when asked; more than one deregistration to a partner in a cycle is held.
          SYNC_INTERVAL_MS: '86400000',
          SYNC_DELETE_THRESHOLD: '1',
          // Enough members, in small batches, that the initial synchronisation is still running when the page shows it.
          SANDBOX_MEMBERS: '200',
          SYNC_BATCH_SIZE: '10',
          WITHDRAWAL_WATCH_MS: '0',
          DELIVERY_POLL_MS: '20',
          DELIVERY_BACKOFF_BASE_MS: '10',
          DELIVERY_BACKOFF_MAX_MS: '20',
        },
      });
      await gateway.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
      tokens['op.test'] = gateway.staff.operator;
      tokens['auditor.test'] = gateway.staff.auditor;
      tokens['f.jansen'] = await gateway.newOfficer('f.jansen');
      // An officer nobody has confirmed yet: it reads, but may not decide (four eyes).
      const fresh = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'n.nieuw', role: 'officer' });
      expect(fresh.status).toBe(201);
      tokens['n.nieuw'] = fresh.body.token as string;
      userDataDir = mkdtempSync(join(tmpdir(), 'bgw-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
    });

    afterAll(async () => {
      await context?.close();
      await gateway?.close();
      if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    });

    it('keeps the administrator out of the console, in Dutch', async () => {
      await page.goto(`${base}/console#sync`);
      await page.locator('#token').fill(gateway.adminToken);
      await page.locator('#token').press('Enter');
      await shows(page.locator('main [role="alert"]'), 'Aanmelden mislukt');
      await shows(page.locator('main [role="alert"]'), 'niet voor de beheerder');
      expect(await page.locator('#nav').isHidden()).toBe(true);
      expect((await context.cookies(base)).some((cookie) => cookie.name === 'bgw_console')).toBe(false);
    });

    it('signs an operator in, who starts the initial synchronisation for the KB, is refused a partner whose policy sends nothing by itself, and sees the job run to "klaar"', async () => {
      await page.goto(`${base}/console`);
      await page.locator('#token').fill(tokens['op.test'] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('#sync-start-table').waitFor();
      expect(new URL(page.url()).hash).toBe('#sync');
      await shows(page.locator('#who'), 'beheerder van koppelingen');
      // An operator lands on this page, and the menu offers only what an operator can read.
      await shows(page.locator('h1'), 'Synchronisatie');
      expect(await page.locator('#nav a[href="#sync"]').isVisible()).toBe(true);
      expect(await page.locator('#nav a[href="#partners"]').isVisible()).toBe(true);
      for (const hidden of ['#todo', '#disclosures', '#register', '#legal', '#accounts']) expect(await page.locator(`#nav a[href="${hidden}"]`).isHidden()).toBe(true);
      expect(await page.locator('#sync-start-table tr[data-start]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-start')))).toEqual(['hka', 'kb', 'overijssel']);
      await shows(page.locator('#sync-jobs'), 'Er is nog niets gesynchroniseerd.');

      // The lending system's own policy sends nothing by itself: the server refuses, the page says why in Dutch.
      await page.locator('#start-hka').click();
      await shows(page.locator('#sync-result'), 'Niet gestart voor');
      await shows(page.locator('#sync-result'), 'geen doel dat vanzelf wordt verstuurd');
      expect(await page.locator('#sync-result [data-code="NO_LIFECYCLE_PURPOSES"]').count()).toBe(1);

      await page.locator('#start-kb').click();
      await shows(page.locator('#sync-result'), 'De eerste synchronisatie voor');
      const row = page.locator('tr[data-kind="initial"][data-partner="kb"]');
      await row.waitFor();
      // Drawn at once, while the job still pages through the lending system's members.
      expect(await row.getAttribute('data-status')).toBe('running');
      await shows(row.locator('.job-status'), 'loopt');
      expect(await row.locator('progress').count()).toBe(1);
      await shows(page.locator('#sync-refreshing'), 'ververst zichzelf');
      await shows(row.locator('th'), 'Eerste synchronisatie');
      await shows(row.locator('th'), 'gestart door op.test');
      await shot(page, 'initial-running');

      // Without anyone reloading, the page follows the job to its end.
      const url = page.url();
      await page.locator('tr[data-kind="initial"][data-partner="kb"][data-status="done"]').waitFor({ timeout: 90_000 });
      expect(page.url()).toBe(url);
      await shows(row.locator('.job-status'), 'klaar');
      expect(await row.locator('progress').count()).toBe(0);
      expect(await page.locator('#sync-refreshing').count()).toBe(0);
      const counts = await row.locator('.job-counts').innerText();
      const sent = Number(/(\d+) verstuurd/.exec(counts)?.[1]);
      expect(sent).toBeGreaterThan(0);
      await shows(row.locator('.job-progress'), '200 leden bekeken');
      await shot(page, 'initial-done');

      // What the page counted as sent reached the KB: one UpdateUser per member sent.
      const job = (await gateway.http.get('/api/v1/sync/jobs').set(operator())).body[0] as { kind: string; partner: string; sent: number };
      expect(job).toMatchObject({ kind: 'initial', partner: 'kb', sent });
      const kb = await receivedAtLeast('kb', sent);
      expect(kb).toHaveLength(sent);
      expect(kb.every((body) => body.includes('UpdateUser'))).toBe(true);

      // The partners page, as far as an operator may read it: the connections, no policies.
      await page.locator('#nav a[href="#partners"]').click();
      await shows(page.locator('#partners tr[data-partner="kb"]'), 'ncip');
      await shows(page.locator('#partners tr[data-partner="kb"]'), 'versturen');
      expect(await page.locator('#partners a[href^="#matrix"]').count()).toBe(0);
      expect(await page.locator('main [role="alert"]').count()).toBe(0);
      await shot(page, 'operator-partners');
      await signOut();
    });

    it('holds a mass cancellation (deletion guard) for review', async () => {
      // Whatever the lending system changed before this test goes out first.
      await cycle();
      for (let i = 1; i <= 4; i++) {
        const seed = realisticMember(7700 + i);
        const member: ValidMember = {
          ...seed,
          memberId: `S${String(i).padStart(6, '0')}`,
          cardNumber: `22600${String(i).padStart(9, '0')}`,
          membership: { subscription: 'volwassen-basis', status: 'active', validUntil: inDays(300), branchId: 'STA-HOOFD' },
        };
        await enrol(gateway.http, gateway.staff.operator, member);
        members.push(member);
      }
      const kbBefore = (await received('kb')).length;
      const joined = await cycle();
      expect(joined.status).toBe('done');
      await receivedAtLeast('kb', kbBefore + 4);

      for (const member of members.slice(0, 3)) {
        const cancelled = await gateway.http.patch(`/api/v1/sandbox/members/${member.memberId}`).set(operator()).send({ membership: { status: 'cancelled' } });
        expect(cancelled.status).toBe(200);
      }
      const outcome = await cycle();
      expect(outcome.status).toBe('held');
      heldJob = outcome.job?.jobId ?? '';
      const job = await gateway.http.get(`/api/v1/sync/jobs/${heldJob}`).set(operator());
      expect(job.body).toMatchObject({ kind: 'cycle', status: 'held', held: 6 });
      expect(job.body.heldMessages).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ partner: 'kb', held: 3, released: 0, discarded: 0 }),
          expect.objectContaining({ partner: 'overijssel', held: 3, released: 0, discarded: 0 }),
        ]),
      );
    });

    it('refuses an officer nobody has confirmed yet (four eyes), in Dutch, and sends nothing', async () => {
      const kb = (await received('kb')).length;
      await signIn('n.nieuw');
      await shows(page.locator(`tr[data-job="${heldJob}"] .job-status`), 'wacht op beoordeling');
      await shows(heldRow(page, 'kb').locator('.held-count'), '3');
      await shows(page.locator('#sync-held'), 'wacht nog op bevestiging');
      await page.locator(`#release-${heldJob}-kb`).click();
      await shows(page.locator('#confirm-text'), 'Dit betreft 3 leden');
      await page.locator('#confirm-yes').click();
      await shows(page.locator('#sync-result'), 'Uw account wacht nog op bevestiging door een andere functionaris');
      expect(await page.locator('#sync-result [data-code="OFFICER_NOT_CONFIRMED"]').count()).toBe(1);
      await shows(heldRow(page, 'kb').locator('.held-count'), '3');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await received('kb')).toHaveLength(kb);
      await signOut();
    });

    it('shows an auditor the held counts without the buttons', async () => {
      await signIn('auditor.test');
      await shows(page.locator(`tr[data-job="${heldJob}"] .job-status`), 'wacht op beoordeling');
      await shows(heldRow(page, 'kb').locator('.held-count'), '3');
      await shows(heldRow(page, 'overijssel').locator('.held-count'), '3');
      await shows(page.locator('#sync-held'), 'Alleen een functionaris beslist');
      expect(await page.locator('#sync-held button').count()).toBe(0);
      expect(await page.locator('#sync-start').count()).toBe(0);
      await signOut();
    });

    it('lets a confirmed officer send the KB its held deregistrations and keep the province its own, each after a confirmation', async () => {
      const kb = (await received('kb')).length;
      const province = (await received('overijssel')).length;
      await signIn('f.jansen');
      const jobRow = page.locator(`tr[data-job="${heldJob}"]`);
      await shows(jobRow.locator('.job-status'), 'wacht op beoordeling');
      await shows(jobRow.locator('th'), 'Wijzigingen');
      await shows(jobRow.locator('.job-counts'), '6 vastgehouden');
      await shows(heldRow(page, 'kb').locator('.held-count'), '3');
      // Officers start nothing: the initial synchronisation is the operator's.
      expect(await page.locator('#sync-start').count()).toBe(0);
      await shot(page, 'held');

      // Cancelled in the confirmation: nothing happens.
      await page.locator(`#release-${heldJob}-kb`).click();
      await shows(page.locator('#confirm-text'), 'Dit betreft 3 leden');
      await shot(page, 'confirm');
      await page.locator('#confirm-no').click();
      expect(await page.locator('#confirm-dialog').count()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await received('kb')).toHaveLength(kb);
      await shows(heldRow(page, 'kb').locator('.held-count'), '3');

      await page.locator(`#release-${heldJob}-kb`).click();
      await shows(page.locator('#confirm-text'), 'Dit betreft 3 leden');
      await page.locator('#confirm-yes').click();
      await shows(page.locator('#sync-result'), '3 afmeldingen naar');
      await shows(page.locator('#sync-result'), 'verstuurd');
      // The page was drawn again from the server: nothing of the KB's is held any more, the province's still is.
      await shows(heldRow(page, 'kb').locator('.held-count'), '0');
      await shows(heldRow(page, 'kb'), 'niets meer vastgehouden');
      await shows(heldRow(page, 'overijssel').locator('.held-count'), '3');
      const toKb = (await receivedAtLeast('kb', kb + 3)).slice(kb);
      expect(toKb).toHaveLength(3);
      for (const member of members.slice(0, 3)) expect(toKb.some((body) => body.includes('DeleteUser') && body.includes(member.memberId))).toBe(true);
      expect(toKb.some((body) => body.includes(members[3]?.memberId ?? '-'))).toBe(false);

      await page.locator(`#discard-${heldJob}-overijssel`).click();
      await shows(page.locator('#confirm-text'), 'Dit betreft 3 leden');
      await shows(page.locator('#confirm-text'), 'niet ongedaan');
      await page.locator('#confirm-yes').click();
      await shows(page.locator('#sync-result'), '3 afmeldingen voor');
      await shows(page.locator('#sync-result'), 'niet verstuurd');
      // Nothing is held any more: the job is done, and says what the officer decided.
      await shows(jobRow.locator('.job-status'), 'klaar');
      await shows(jobRow.locator('.job-counts'), 'na beoordeling: 3 verstuurd, 3 niet verstuurd');
      expect(await page.locator('#sync-held').count()).toBe(0);
      await shot(page, 'decided');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await received('overijssel')).toHaveLength(province);
      expect((await gateway.http.get(`/api/v1/sync/jobs/${heldJob}`).set(operator())).body).toMatchObject({ status: 'done', held: 0, sent: 3 });

      // Counts only: no member of the guard's job appears anywhere on the page.
      const text = await page.locator('body').innerText();
      for (const member of members) {
        expect(text).not.toContain(member.memberId);
        expect(text).not.toContain(member.cardNumber);
        expect(text).not.toContain(member.name.lastName);
      }
      await signOut();
    });
  });
}
