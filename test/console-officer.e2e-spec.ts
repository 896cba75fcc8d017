import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
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

interface Rule {
  path: string;
  transform?: string;
  when?: Record<string, unknown>;
}
interface PolicyDocument {
  purposes: Array<{ id: string; fields: Rule[] }>;
}

/**
 * The officer's console tells the truth in a real browser (Debian's chromium through playwright-core):
 * the field grid's groups agree with their fields, an unknown member number is said to be unknown, the
 * pages draw themselves again after every action, four eyes in the console's own words (no approve button
 * for the author, the rejection and who rejected, a list of what waits for this officer), and every page
 * fits a phone. Screenshots go to test/artifacts/ (not committed).
 */
const NAME = "console: the officer's pages tell the truth";
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, 'artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!existsSync(CHROMIUM)) {
  noteNotRun(`${NAME}: ${CHROMIUM} is not installed (apt-get install chromium)`);
  describe(NAME, () => {
    it.todo(`is NOT run: ${CHROMIUM} is not installed`);
  });
} else {
  describe(NAME, () => {
    jest.setTimeout(90_000);
    let gateway: TestApp;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    let userDataDir: string;
    const tokens: Record<string, string> = {};
    const reader = (): Record<string, string> => gateway.as('auditor');

    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `console-officer-${name}.png`), fullPage: true });

    async function signIn(who: string, hash = '#partners'): Promise<void> {
      await page.goto(`${base}/console${hash}`);
      await page.locator('#token').fill(tokens[who] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('#signout').waitFor();
    }

    async function signOut(): Promise<void> {
      await page.locator('#signout').click();
      await page.locator('#token').waitFor();
    }

    /** Waits until the page has drawn itself (a heading or an alert, no "Laden…"). */
    async function drawn(): Promise<void> {
      for (let i = 0; i < 100; i += 1) {
        const ready = await page.evaluate("document.querySelector('main h1, main [role=alert]') !== null && !document.querySelector('main').innerText.includes('Laden…')");
        if (ready === true) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${page.url()} did not draw itself`);
    }

    const cell = (partner: string, path: string, purpose: string) => page.locator(`td[data-cell-path="${path}"][data-cell-purpose="${purpose}"]`);
    const shown = async (path: string, purpose: string): Promise<string | null> => cell('', path, purpose).getAttribute('data-shown');

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on' } });
      await gateway.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
      for (const name of ['f.jansen', 'm.bakker']) tokens[name] = await gateway.newOfficer(name);
      userDataDir = mkdtempSync(join(tmpdir(), 'bgw-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
    });

    afterAll(async () => {
      await context?.close();
      await gateway?.close();
      if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    });

    it('shows a group and its fields in agreement: shared as a whole, its fields say so; when they differ, the group says "deels"', async () => {
      await signIn('f.jansen', '#matrix/hka');
      await cell('hka', 'addresses[]', 'lending').waitFor();
      // The lending purpose shares all addresses: every field of an address reads "aan", through the group.
      expect(await shown('addresses[]', 'lending')).toBe('copy');
      for (const path of ['addresses[].street', 'addresses[].postalCode', 'addresses[].city']) {
        expect(await shown(path, 'lending')).toBe('copy');
        await shows(cell('hka', path, 'lending'), 'via adressen');
      }
      expect(await page.locator('select[data-path="addresses[].street"][data-purpose="lending"]').inputValue()).toBe('copy');
      // Reminders by post share the addresses under a condition: their fields show it through the group.
      expect(await shown('addresses[].postalCode', 'reminders')).toBe('copy');
      expect(await shown('addresses[]', 'payments')).toBe('off');
      expect(await shown('addresses[].street', 'payments')).toBe('off');

      // One field of the group off: the group reads "deels", its other fields still "aan".
      await page.locator('select[data-path="addresses[].street"][data-purpose="lending"]').selectOption('off');
      expect(await shown('addresses[]', 'lending')).toBe('partial');
      await shows(cell('hka', 'addresses[]', 'lending'), 'deels');
      expect(await shown('addresses[].street', 'lending')).toBe('off');
      expect(await shown('addresses[].city', 'lending')).toBe('copy');
      expect(await cell('hka', 'addresses[].city', 'lending').locator('.via').isHidden()).toBe(true);
      // A field of the conditional group gets a transform: the group reads "deels", the condition stays on every part.
      await page.locator('select[data-path="addresses[].postalCode"][data-purpose="reminders"]').selectOption('postcode4');
      expect(await shown('addresses[]', 'reminders')).toBe('partial');
      await shows(cell('hka', 'addresses[].city', 'reminders'), 'berichtvoorkeur = post');
      // The whole group on again: every field "aan" through it; off: every field "uit".
      await page.locator('select[data-path="name"][data-purpose="lending"]').selectOption('off');
      expect(await shown('name.lastName', 'lending')).toBe('off');
      await page.locator('select[data-path="name.lastName"][data-purpose="lending"]').selectOption('copy');
      expect(await shown('name', 'lending')).toBe('partial');
      for (const path of ['name.firstNames', 'name.initials', 'name.prefix']) await page.locator(`select[data-path="${path}"][data-purpose="lending"]`).selectOption('copy');
      // Every field of the group on, one by one: the group reads "aan" too.
      expect(await shown('name', 'lending')).toBe('copy');
      await shot('matrix-groups');

      await page.locator('#matrix-note').fill('Geen straat meer voor uitlenen');
      await page.locator('#matrix-save').click();
      await shows(page.locator('#matrix-result'), 'Concept versie 2 opgeslagen');
      const draft = (await gateway.http.get('/api/v1/policies/hka/versions/2').set(reader())).body.document as PolicyDocument;
      const lending = draft.purposes.find((p) => p.id === 'lending')?.fields ?? [];
      const paths = lending.map((rule) => rule.path);
      expect(paths).not.toContain('addresses[]');
      expect(paths).not.toContain('addresses[].street');
      expect(paths).toEqual(expect.arrayContaining(['addresses[].kind', 'addresses[].houseNumber', 'addresses[].postalCode', 'addresses[].city', 'addresses[].country']));
      const reminders = draft.purposes.find((p) => p.id === 'reminders')?.fields ?? [];
      expect(reminders.find((rule) => rule.path === 'addresses[].postalCode')).toEqual({ path: 'addresses[].postalCode', transform: 'postcode4', when: { notificationChannel: 'post' } });
      expect(reminders.find((rule) => rule.path === 'addresses[].city')).toEqual({ path: 'addresses[].city', when: { notificationChannel: 'post' } });
      // Drawn again from the new draft: the grid shows what was saved.
      expect(await page.locator('#matrix-base').inputValue()).toBe('2');
      expect(await shown('addresses[]', 'lending')).toBe('partial');
      expect(await shown('addresses[].street', 'lending')).toBe('off');
      expect(await shown('name', 'lending')).toBe('copy');
      await signOut();
    });

    it('says plainly that a member number is unknown in the lending system, for an access report and for a legal order, and records nothing', async () => {
      await signIn('f.jansen', '#disclosures');
      await page.locator('#report-member').fill('9999999');
      await page.locator('#report-form button[type="submit"]').click();
      await shows(page.locator('#report-unknown'), 'Lidnummer 9999999 is onbekend in het uitleensysteem');
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('Wij hebben geen gegevens over u aan anderen gegeven');
      expect(await page.locator('#report-summary, #withdrawal-form').count()).toBe(0);
      expect(await page.locator('#report-member').inputValue()).toBe('9999999');
      await shot('report-unknown');
      // A member the lending system knows, to whom nothing was disclosed: that is an empty report.
      const known = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body[0] as { memberId: string };
      await page.locator('#report-member').fill(known.memberId);
      await page.locator('#report-form button[type="submit"]').click();
      await shows(page.locator('#report'), 'Wij hebben geen gegevens over u aan anderen gegeven');

      await page.goto(`${base}/console#legal`);
      await page.locator('#legal-member').fill('9999999');
      await page.locator('#legal-authority').fill('Politie Oost-Nederland');
      await page.locator('#legal-reference').fill('PL0600-2026-404');
      await page.locator('#legal-reason').fill('Vordering art. 126nd Sv');
      await page.locator('#legal-field-name-lastName').check();
      await page.locator('#legal-submit').click();
      await shows(page.locator('#legal-form-result [data-code="MEMBER_NOT_FOUND"]'), 'Dit lidnummer is onbekend in het uitleensysteem');
      expect(await page.locator('#legal-member').getAttribute('aria-invalid')).toBe('true');
      // What the officer typed stays; nothing was recorded.
      expect(await page.locator('#legal-reference').inputValue()).toBe('PL0600-2026-404');
      expect(await page.locator('#legal-table').count()).toBe(0);
      expect((await gateway.http.get('/api/v1/legal-disclosures').set(reader())).body).toEqual([]);
      await shot('legal-unknown');
      await signOut();
    });

    it('draws every page again after an action: a saved draft is the new starting point at once, a second click saves nothing more, an approved version is no longer offered', async () => {
      await signIn('f.jansen', '#matrix/kb');
      const birthDate = page.locator('select[data-path="birthDate"][data-purpose="single-identity"]');
      await birthDate.waitFor();
      await page.evaluate('window.stayed = 42');
      await birthDate.selectOption('year');
      await page.locator('#matrix-note').fill('Alleen het geboortejaar');
      // Two clicks in a row, as an impatient officer would: one draft.
      await page.evaluate("(() => { const button = document.getElementById('matrix-save'); button.click(); button.click(); })()");
      await shows(page.locator('#matrix-result'), 'Concept versie 2 opgeslagen');
      const versions = (await gateway.http.get('/api/v1/policies/kb/versions').set(reader())).body as Array<{ version: number; status: string }>;
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      // Listed under "Uitgangspunt" and chosen, without a reload.
      expect(await page.locator('#matrix-base').inputValue()).toBe('2');
      await shows(page.locator('#matrix-base option[value="2"]'), 'concept versie 2 (door f.jansen)');
      expect(await birthDate.inputValue()).toBe('year');
      expect(await page.evaluate('window.stayed')).toBe(42);
      // Saving the same again is refused in Dutch: an identical draft is open.
      await page.locator('#matrix-save').click();
      await shows(page.locator('#matrix-result [data-code="DRAFT_EXISTS"]'), 'Er staat al een concept met precies deze inhoud klaar');
      expect((await gateway.http.get('/api/v1/policies/kb/versions').set(reader())).body).toHaveLength(2);
      await signOut();

      await signIn('m.bakker', '#review/kb');
      await page.locator('#approve-2').waitFor();
      await page.evaluate('window.stayed = 43');
      await page.locator('#approve-2').click();
      await shows(page.locator('#approve-result-2'), 'Versie 2 is goedgekeurd (actief)');
      // The version table shows the new status; version 2 is offered for neither approval nor rejection.
      await shows(page.locator('#versions tr[data-version="2"]'), 'actief');
      expect(await page.locator('#versions tr[data-version="2"]').getAttribute('data-status')).toBe('active');
      await shows(page.locator('#versions tr[data-version="2"] .decision'), 'goedgekeurd door m.bakker');
      await shows(page.locator('#versions tr[data-version="1"]'), 'vervangen');
      expect(await page.locator('#approve-2, #reject-2, section.draft[data-version]').count()).toBe(0);
      await shows(page.locator('main'), 'Er zijn geen concepten om te beoordelen');
      expect(await page.evaluate('window.stayed')).toBe(43);
      await shot('review-after-approval');

      // A draft decided by someone else while the page was open: the click says so in Dutch, and the page shows where things stand.
      const active = (await gateway.http.get('/api/v1/policies/kb').set(reader())).body.document as PolicyDocument;
      const changed = { ...active, purposes: active.purposes.map((p) => (p.id === 'single-identity' ? { ...p, fields: p.fields.filter((rule) => rule.path !== 'birthDate') } : p)) };
      const written = await gateway.http.post('/api/v1/policies/kb/versions').set({ Authorization: `Bearer ${tokens['f.jansen'] ?? ''}` }).send({ document: changed, note: 'Geen geboortedatum' });
      expect(written.status).toBe(201);
      await page.reload();
      await page.locator('#approve-3').waitFor();
      const withdrawn = await gateway.http.post('/api/v1/policies/kb/versions/3/reject').set({ Authorization: `Bearer ${tokens['f.jansen'] ?? ''}` }).send({ comment: 'Toch niet' });
      expect(withdrawn.status).toBe(200);
      await page.locator('#approve-3').click();
      await shows(page.locator('#approve-result-3 [data-code="NOT_A_DRAFT"]'), 'Deze versie is geen concept meer');
      await shows(page.locator('#versions tr[data-version="3"]'), 'afgewezen');
      expect(await page.locator('#approve-3, #reject-3').count()).toBe(0);
      expect(await page.locator('main').innerText()).not.toContain('no longer a draft');
      await signOut();
    });

    it('keeps four eyes in the console\'s words: a "Te beoordelen" list at sign-in, no approve button for the author, the rejection and who rejected in the history', async () => {
      const member = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body[0] as { memberId: string };
      const as = (name: string) => ({ Authorization: `Bearer ${tokens[name] ?? ''}` });
      const active = (await gateway.http.get('/api/v1/policies/overijssel').set(reader())).body.document as PolicyDocument;
      const draft = { ...active, purposes: active.purposes.map((p, i) => (i === 0 ? { ...p, fields: p.fields.slice(0, -1) } : p)) };
      const written = await gateway.http.post('/api/v1/policies/overijssel/versions').set(as('f.jansen')).send({ document: draft, note: 'Een veld minder' });
      expect(written.status).toBe(201);
      const order = await gateway.http
        .post('/api/v1/legal-disclosures')
        .set(as('m.bakker'))
        .send({ memberId: member.memberId, authority: 'Politie Oost-Nederland', orderReference: 'PL-2026-42', legalBasis: 'legal-obligation', reason: 'Vordering art. 126nd Sv', fields: [{ path: 'name.lastName' }] });
      expect(order.status).toBe(201);

      // m.bakker lands on what waits for them: f.jansen's drafts, not their own order (which waits for another).
      await page.goto(`${base}/console`);
      await page.locator('#token').fill(tokens['m.bakker'] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('#todo-drafts').waitFor();
      expect(new URL(page.url()).hash).toBe('#todo');
      await shows(page.locator('h1'), 'Te beoordelen');
      const waiting = await page.locator('#todo-drafts tr[data-draft]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-draft')));
      expect(waiting).toEqual(['hka/2', 'overijssel/2']);
      expect(await page.locator('#todo-orders').count()).toBe(0);
      await shows(page.locator('#todo-own-orders'), 'PL-2026-42');
      await shows(page.locator('#todo-count'), '2');
      expect(await page.title()).toContain('Te beoordelen');
      await shot('todo');
      await page.locator('#todo-drafts a', { hasText: 'Overijssel' }).click();
      await page.locator('#approve-2').waitFor();
      // Rejected with a reason: the history says who rejected and why.
      await page.locator('#reject-comment-2').fill('Het abonnement is nodig voor de provinciale pas');
      await page.locator('#reject-2').click();
      await shows(page.locator('#approve-result-2'), 'Versie 2 is afgewezen');
      await shows(page.locator('#versions tr[data-version="2"] .decision'), 'afgewezen door m.bakker');
      await shows(page.locator('#versions tr[data-version="2"] .decision'), 'Reden: Het abonnement is nodig voor de provinciale pas');
      await shows(page.locator('#todo-count'), '1');
      await signOut();

      // f.jansen: the legal order waits for them; their own draft does not, and offers no approval.
      await page.locator('#token').fill(tokens['f.jansen'] ?? '');
      await page.locator('#token').press('Enter');
      await page.locator('#todo-orders').waitFor();
      await shows(page.locator('#todo-orders tr[data-order="PL-2026-42"]'), 'm.bakker');
      expect(await page.locator('#todo-drafts').count()).toBe(0);
      await shows(page.locator('#todo-own-drafts'), 'OCLC Wise');
      await page.goto(`${base}/console#review/hka`);
      await page.locator('section.draft[data-version="2"]').waitFor();
      expect(await page.locator('#approve-2').count()).toBe(0);
      await shows(page.locator('#own-2'), 'U schreef dit concept zelf');
      await shows(page.locator('#reject-2'), 'Versie 2 intrekken');
      await shot('review-own-draft');
      await signOut();
    });

    it('fits a phone: at 390 × 844 no page scrolls sideways, the header spans the width, focus is visible, the tab says which page it is', async () => {
      const member = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body[0] as { memberId: string };
      const partners = ((await gateway.http.get('/api/v1/policies').set(reader())).body as Array<{ partner: string }>).map((p) => p.partner);
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await signIn('f.jansen', '#todo');
        const pages = ['#todo', '#partners', '#disclosures', '#register', '#legal', '#accounts', '#sync', '#bank', '#ill', '#withdrawals', `#withdrawals/${member.memberId}`, `#report/${member.memberId}`, '#report/9999999', '#review/kb', '#preview/kb'];
        for (const partner of partners) pages.push(`#matrix/${partner}`, `#review/${partner}`);
        const wide: string[] = [];
        for (const hash of pages) {
          await page.goto(`${base}/console${hash}`);
          await drawn();
          if (hash.startsWith('#preview/')) await page.locator('#preview-out .columns').waitFor();
          // The tab's title follows the heading once the page has drawn its data: give it a moment (asserted below).
          for (let i = 0; i < 40; i += 1) {
            const settled = (await page.evaluate("(() => { const h = (document.querySelector('main h1') || {}).textContent || ''; return h.trim() === '' || document.title.startsWith(h.trim()); })()")) as boolean;
            if (settled) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          const measured = (await page.evaluate(
            "({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, header: document.querySelector('header.top').getBoundingClientRect().width, h1: (document.querySelector('main h1') || {}).textContent || '', title: document.title })",
          )) as { scroll: number; client: number; header: number; h1: string; title: string };
          if (measured.scroll > 390) wide.push(`${hash}: ${measured.scroll}px`);
          expect(measured.header).toBeGreaterThanOrEqual(measured.client);
          if (measured.h1 !== '') expect(measured.title.startsWith(measured.h1.trim())).toBe(true);
          if (hash === '#partners' || hash === '#matrix/kb' || hash === '#review/kb') await shot(`phone-${hash.slice(1).replace('/', '-')}`);
        }
        expect(wide).toEqual([]);

        // Focus is visible: a solid outline of at least 2 px, in a colour that stands out against the page (3:1 or more).
        await page.goto(`${base}/console#partners`);
        await drawn();
        await page.locator('#partners a[href="#matrix/kb"]').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Shift+Tab');
        const ring = (await page.evaluate(
          "(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, label: document.activeElement.getAttribute('aria-label') }; })()",
        )) as { style: string; width: number; color: string; label: string };
        expect(ring.style).toBe('solid');
        expect(ring.width).toBeGreaterThanOrEqual(2);
        const channels = (ring.color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const luminance = channels.map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
        const l = 0.2126 * (luminance[0] ?? 0) + 0.7152 * (luminance[1] ?? 0) + 0.0722 * (luminance[2] ?? 0);
        expect(1.05 / (l + 0.05)).toBeGreaterThanOrEqual(3);
        // Links named for people: the partner's name, not an id.
        expect(ring.label).toBe('Velden van Koninklijke Bibliotheek — online bibliotheek');
        await signOut();
      } finally {
        await page.setViewportSize({ width: 1366, height: 900 });
      }
    });
  });
}
