import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROUTES, routeKey } from '../../functions/manifest';
import { REPO_ROOT } from '../../infra/repo-root';
import { startTestSystem, type TestSystem } from '../support/runtime';

/** Debian's chromium; .ci/run installs it when it is missing, so in CI this test always runs. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserAvailable = existsSync(CHROMIUM) || Boolean(process.env.CI);
/**
 * Where the screenshot goes: a temporary folder, so that a test run leaves the tree clean;
 * `UPDATE_SCREENSHOT=1 npx jest test/e2e/api-docs.test.ts` refreshes the committed one.
 */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(REPO_ROOT, 'docs', 'images', 'api-reference.png')
  : path.join(tmpdir(), 'district-sis-api-reference.png');

describe('the API documentation', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('docs');
  });
  afterAll(() => system?.stop());

  test('GET /openapi.json serves the committed document, with no token', async () => {
    const response = await system.api.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual(JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8')));
  });

  test('GET /docs/ (a trailing slash, as a browser may add) serves the page with a base that finds its script and document', async () => {
    const base = `${system.runtime.apiUrl}/docs/`;
    const answer = await fetch(base);
    expect(answer.status).toBe(200);
    const html = await answer.text();
    const href = /<base href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBe('../');
    const root = new URL(href!, base);
    for (const relative of ['docs/ui.js', 'openapi.json']) expect((await fetch(new URL(relative, root))).status).toBe(200);
    // `/docs` itself has no base: its relative URLs already resolve from `/`.
    expect(await (await fetch(`${system.runtime.apiUrl}/docs`)).text()).not.toContain('<base');
  });

  const rendered = browserAvailable ? test : test.skip;
  const name = browserAvailable
    ? 'a browser landing on / goes on to /docs, which renders every route of the manifest, fetching nothing from elsewhere'
    : `/ and /docs render every route (skipped: no browser at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`;

  rendered(
    name,
    async () => {
      const profile = mkdtempSync(path.join(tmpdir(), 'sis-chromium-'));
      let context: BrowserContext | undefined;
      try {
        context = await chromium.launchPersistentContext(profile, {
          executablePath: CHROMIUM,
          headless: true,
          viewport: { width: 1280, height: 900 },
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        });
        const page = context.pages()[0] ?? (await context.newPage());
        // Not Playwright's 30-second limits: on a 2-core machine busy with other work, loading the page and laying out
        // every operation took longer than that, and the test failed though the page was right. The test's budget
        // below bounds the load; the wait for the last operation gives up before it, so that a page which never shows
        // every route fails on the assertions below, naming the missing ones.
        page.setDefaultNavigationTimeout(0);
        page.setDefaultTimeout(0);
        const origin = new URL(system.runtime.apiUrl).origin;
        const elsewhere: string[] = [];
        const errors: string[] = [];
        await page.route('**/*', async (route) => {
          const url = route.request().url();
          if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
          elsewhere.push(url);
          return route.abort();
        });
        page.on('pageerror', (error) => errors.push(error.message));

        // A browser lands on `/`, which goes on to the reference page.
        const response = await page.goto(`${system.runtime.apiUrl}/`);
        expect(response?.status()).toBe(200);
        await page.waitForURL(/\/docs$/);
        await page
          .locator('.opblock')
          .nth(ROUTES.length - 1)
          .waitFor({ timeout: 180_000 })
          .catch(() => undefined);

        const shown = await page.$$eval('.opblock', (blocks) =>
          blocks.map((block) => {
            const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
            const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
            const summary = block.querySelector('.opblock-summary-description')?.textContent?.trim() ?? '';
            return { key: `${method} ${path}`, summary };
          }),
        );
        const missing = ROUTES.filter(
          (route) => !shown.some((block) => block.key === routeKey(route) && block.summary === route.summary),
        ).map(routeKey);
        expect(missing).toEqual([]);
        expect(shown).toHaveLength(ROUTES.length);
        expect(errors).toEqual([]);
        expect(elsewhere).toEqual([]);

        // The Authorize dialog says how to make each kind of caller's token on this machine.
        await page.locator('button.authorize').first().click();
        const dialog = await page.locator('.dialog-ux .modal-ux').innerText();
        for (const command of [
          'npm run -s token -- --role district_admin',
          'npm run -s token -- --role parent --guardian-id <guardianId>',
          'npm run -s token -- --oneroster library',
          'npm run -s token -- --client lms --scope roster-core.readonly',
        ])
          expect(dialog).toContain(command);
        await page.locator('.dialog-ux button.close-modal').first().click();

        mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      } finally {
        await context?.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
