import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { committedChecklist, renderChecklist } from '../../infra/ops/simulation/checklist';
import { chartSvg } from '../../infra/ops/simulation/report';
import { runFirstDay } from '../../infra/ops/simulation/run';

/** Debian's chromium, as test/e2e/api-docs.test.ts drives it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserAvailable = existsSync(CHROMIUM) || Boolean(process.env.CI);

describe('the first-day simulation', () => {
  // Each run is ~10,800 steps per scenario; shared across the tests.
  const district = runFirstDay();

  test('the default production settings hold the default district: nothing dead-lettered, no unbudgeted throttle, attendance notices within 15 minutes at p95', () => {
    expect(district.deadLettered).toBe(0);
    expect(district.apiThrottled).toBe(0);
    expect(district.lambdaThrottled).toBe(0);
    expect(district.unbudgetedThrottles).toBe(0);
    expect(district.attendanceNoticesWithin15Minutes).toBeGreaterThanOrEqual(0.95);
    expect(district.noticeDelayP95Minutes).toBeLessThanOrEqual(15);
    expect(district.passes).toBe(true);
    // Where the first day binds: 760 notices/s arrive at first period against a notifier that takes 100.
    expect(district.bottleneck).toMatch(/^notifier/);
    expect(district.maxQueueAgeSeconds.notifications).toBeGreaterThan(0);
  });

  test("a new account's defaults fail it: in SES's sandbox the paced notices wait for hours, and Cognito refuses the report-card evening", () => {
    const defaults = runFirstDay({ quotasFile: 'aws-defaults' });
    expect(defaults.passes).toBe(false);
    // The notifier paces to the account's rates (decision 0115): nothing is dead-lettered, the notices are late instead.
    expect(defaults.deadLettered).toBe(0);
    expect(defaults.attendanceNoticesWithin15Minutes).toBeLessThan(0.95);
    expect(defaults.cognitoThrottled).toBeGreaterThan(0);
  });

  test("a notifier that does not pace dead-letters the first period's notices against the same account (issue 20)", () => {
    const unpaced = runFirstDay({ quotasFile: 'aws-defaults', notifierPacing: 'none' });
    expect(unpaced.deadLettered).toBeGreaterThan(0);
    expect(unpaced.bottleneck).toMatch(/^SES sending rate/);
  });

  test('the go-live checklist in docs/deploy.md is the one the simulation derives (npm run simulate:first-day -- --checklist)', () => {
    expect(committedChecklist()).toBe(renderChecklist(district));
  });

  const rendered = browserAvailable ? test : test.skip;
  rendered(
    'its chart renders in a browser: both scenarios, each queue, the throttles and the notice delay',
    async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'sis-first-day-'));
      const file = path.join(folder, 'first-day.svg');
      writeFileSync(file, chartSvg(district.scenarios));
      const context = await chromium.launchPersistentContext(path.join(folder, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`file://${file}`);
        const legends = await page.$$eval('text.legend', (nodes) => nodes.map((node) => node.textContent));
        const lines = await page.$$eval('polyline', (nodes) => nodes.map((node) => node.getBoundingClientRect().width));
        const titles = await page.$$eval('svg > text[font-weight="bold"]', (nodes) => nodes.map((node) => node.textContent));
        expect(titles).toEqual(['First day, 7:00-10:00', 'Report-card evening, 18:00-21:00']);
        expect(legends).toEqual(
          expect.arrayContaining(['oldest message, notifications (s)', 'throttled per second', 'attendance notice delay p95 (min)']),
        );
        // Every series is drawn across the whole morning or evening.
        expect(lines.length).toBe(12);
        expect(Math.min(...lines)).toBeGreaterThan(700);
        await page.screenshot({ path: path.join(folder, 'first-day.png') });
      } finally {
        await context.close();
        rmSync(folder, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
