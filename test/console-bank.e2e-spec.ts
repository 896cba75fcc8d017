import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { writeCamt054 } from '../src/mapping/sepa/camt054';
import { readPain008 } from '../src/mapping/sepa/pain008';
import { earliestPermittedCollectionDate } from '../src/mapping/sepa/target2-calendar';
import { BankSandbox } from '../src/sandbox/bank/bank.sandbox';
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
 * The console's page "Incasso" in a real browser: an operator makes a SEPA collection for a valid day and
 * fetches the bank's notifications; the officer sees the collection with its counts in words, the returns
 * with their Dutch reason, and a refund the member asked for (MD06) marked as a question about consent,
 * with a way to that member's report and withdrawn consents.
 */
const NAME = 'console: the bank page in the browser';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, 'artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FORBIDDEN = ['null', 'undefined', 'NaN', '[object Object]', '(en)', 'MD06', 'AM04', 'AC04', 'upload-failed', 'uploaded', 'noConsent', 'noMandate', 'nothingDue', 'collection'];

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
    const bank = () => gateway.app.get(SandboxHost).get('bank') as BankSandbox;
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });

    async function signIn(who: string): Promise<void> {
      await page.goto(`${base}/console#bank`);
      await page.locator('#token').fill(tokens[who] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('main h1').waitFor();
    }

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,bank', SYNC_INTERVAL_MS: '0', DELIVERY_POLL_MS: '20' } });
      await gateway.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
      tokens.operator = gateway.staff.operator;
      tokens['f.jansen'] = await gateway.newOfficer('f.jansen');
      userDataDir = mkdtempSync(join(tmpdir(), 'bgw-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
    });

    afterAll(async () => {
      await context?.close();
      await gateway?.close();
      if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    });

    it('lets an operator make a collection for a valid day, refuses a Saturday in Dutch, and books the returns', async () => {
      await signIn('operator');
      await shows(page.locator('main h1'), 'Automatische incasso');
      await shows(page.locator('main'), 'Er zijn nog geen incasso-opdrachten.');
      await page.locator('#bank-date').fill('2027-01-02');
      await page.locator('#bank-form button[type="submit"]').click();
      await shows(page.locator('#bank-result [role="alert"]'), 'incassodatum');
      expect(await page.locator('#bank-result').innerText()).not.toMatch(/must|TARGET day|not a/);

      const collectionDate = earliestPermittedCollectionDate(new Date().toISOString().slice(0, 10), 14);
      await page.locator('#bank-date').fill(collectionDate);
      await page.locator('#bank-form button[type="submit"]').click();
      await shows(page.locator('#bank-result'), 'gemaakt en naar de bank gestuurd');
      await shows(page.locator('#bank-collections'), 'bij de bank');
      await shows(page.locator('#bank-collections'), '€');
      await shows(page.locator('#bank-collections'), 'zonder toestemming');

      // The bank refunds one debit at the member's request (MD06), posted as the bank would.
      const file = readPain008(bank().received()[0]?.body ?? '');
      const [refunded, paid] = file.transactions;
      if (refunded === undefined || paid === undefined) throw new Error('the test needs two debits');
      const partner = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'bank-console', role: 'partner', partner: 'bank' })).body.token as string;
      const camt = writeCamt054(
        {
          messageId: 'CAMT-CONSOLE-1',
          created: new Date(),
          accountIban: file.creditor.iban,
          entries: [
            { endToEndId: refunded.endToEndId, amountCents: refunded.amountCents, booked: true, returned: { reasonCode: 'MD06' } },
            { endToEndId: paid.endToEndId, amountCents: paid.amountCents, booked: true },
          ],
        },
        '04',
      );
      const posted = await gateway.http.post('/api/v1/partners/bank/notifications').set({ Authorization: `Bearer ${partner}`, 'Content-Type': 'application/xml' }).send(camt);
      expect(posted.status).toBe(200);
      await page.locator('#bank-pull').click();
      await shows(page.locator('#bank-result'), 'Berichten van de bank verwerkt');
      await shows(page.locator('#bank-returns'), 'terug');
    });

    it('shows the officer the collection, the returns in Dutch, and a refund the member asked for as a question about consent', async () => {
      await page.locator('#signout').click();
      await page.locator('#token').waitFor();
      await signIn('f.jansen');
      await page.goto(`${base}/console#bank`);
      await page.locator('#bank-collections').waitFor();
      expect(await page.locator('#bank-form').count()).toBe(0);
      const returns = (await gateway.http.get('/api/v1/partners/bank/returns').set(gateway.as('officer'))).body as Array<{ memberId: string; reasonCode: string; reason: string }>;
      const md06 = returns.find((r) => r.reasonCode === 'MD06');
      if (md06 === undefined) throw new Error('no MD06 return booked');
      const row = page.locator('#bank-returns tr.ask-officer').first();
      await shows(row, 'Het lid vroeg de bank het geld terug: is de toestemming ingetrokken?');
      await shows(row, md06.memberId);
      await shows(page.locator('main'), 'vroeg');
      expect(await page.locator('#bank-returns tr.ask-officer').count()).toBe(returns.filter((r) => r.reasonCode === 'MD06').length);
      expect(await page.locator('#bank-returns tbody tr').count()).toBe(returns.length);
      await shot('bank');
      const text = (await page.evaluate('document.title + "\\n" + document.body.innerText')) as string;
      for (const word of FORBIDDEN) expect(text).not.toContain(word);
      await row.locator(`a[href="#report/${encodeURIComponent(md06.memberId)}"]`).click();
      await page.locator('#report').waitFor();
      await shows(page.locator('#report'), md06.memberId);
    });
  });
}
