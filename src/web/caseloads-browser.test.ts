import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { upsertCaseloads } from '../db/caseloads.ts';
import { generateCaseloads } from '../imports/demo-caseloads.ts';
import { generateCouncil } from '../imports/demo-council.ts';
import { launchChromium, noChromium, signedInTab, axeRoute, axeViolations } from '../test/browser.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

/**
 * The caseloads and retention pages (and the dashboard's survival figures) in Chromium: axe-core
 * finds no WCAG 2.2 AA violations for analysts and viewers, and full-page screenshots are saved
 * in test-output/screenshots/ (caseloads-*.png, retention-*.png).
 */

const skip = noChromium;
const CODE = 'CB1';

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;
const tabs = {} as Record<'analyst' | 'viewer', Page>;

before(async () => {
  if (skip) return;
  ({ app, close } = await testApp({
    extraRoutes: [axeRoute],
  }));
  await addTestAuthority(app.db, CODE, 'Curvebridge Council');
  // A council of about 150 in post over seven years, with two years of monthly caseloads.
  const council = generateCouncil({
    seed: 7,
    authorityCode: CODE,
    name: 'Curvebridge Council',
    workers: 150,
    firstYear: 2019,
    lastYear: 2025,
    teams: ['Assessment', 'Child Protection', 'Children in Care'],
  });
  await insertTestWorkers(app.db, CODE, council.workers);
  await upsertCaseloads(app.db, CODE, generateCaseloads(council.workers, { seed: 7, lastYear: 2025, strugglingTeam: 'Child Protection' }), null);
  await signedInAs(app, 'analyst', { email: 'analyst@curves.example', authorities: [CODE] });
  await signedInAs(app, 'viewer', { email: 'viewer@curves.example', authorities: [CODE] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  tabs.analyst = await signedInTab(browser, baseUrl, 'analyst@curves.example', { bypassCSP: true });
  tabs.viewer = await signedInTab(browser, baseUrl, 'viewer@curves.example', { bypassCSP: true });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

const PAGES: Array<{ url: string; as: 'analyst' | 'viewer'; shot: string; submit?: Record<string, string> }> = [
  { url: '/caseloads?date=2025-09-30', as: 'analyst', shot: 'caseloads-analyst' },
  { url: '/caseloads?date=2025-09-30', as: 'viewer', shot: 'caseloads-viewer' },
  { url: '/caseloads?date=2025-09-30', as: 'analyst', shot: 'caseloads-threshold-error', submit: { role: '', cases: 'many' } },
  { url: '/retention?at=30/09/2025', as: 'viewer', shot: 'retention-council' },
  { url: '/retention?at=30/09/2025&by=start_origin', as: 'analyst', shot: 'retention-by-origin' },
  { url: '/retention?at=30/09/2025&by=cohort', as: 'viewer', shot: 'retention-by-cohort' },
  { url: '/retention?at=someday', as: 'viewer', shot: 'retention-date-error' },
  { url: '/dashboard?year=2025', as: 'viewer', shot: 'dashboard-survival' },
  { url: '/early-warning?at=30/09/2025', as: 'viewer', shot: 'early-warning-viewer' },
  { url: '/early-warning?at=30/09/2025', as: 'analyst', shot: 'early-warning-analyst' },
];

for (const entry of PAGES) {
  test(`${entry.url}${entry.submit ? ' after a bad threshold' : ''}, seen by ${entry.as}, has no accessibility violations`, { skip }, async () => {
    const page = tabs[entry.as];
    await page.goto(`${baseUrl}${entry.url}`);
    if (entry.submit) {
      for (const [field, value] of Object.entries(entry.submit)) await page.locator(`main [name="${field}"]`).fill(value);
      await Promise.all([page.waitForLoadState('load'), page.locator('main form[method="post"]').last().locator('button').first().click()]);
      await page.waitForSelector('.govuk-error-summary');
    }
    assert.match(await page.title(), /Retain$/);
    assert.equal(await page.locator('h1').count(), 1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${entry.shot}.png`), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
  });
}

test('a viewer never sees a worker id on the caseloads page; an analyst does', { skip }, async () => {
  await tabs.viewer.goto(`${baseUrl}/caseloads?date=2025-09-30`);
  assert.equal(await tabs.viewer.locator('a[href^="/workforce/"]').count(), 0);
  await tabs.analyst.goto(`${baseUrl}/caseloads?date=2025-09-30`);
  assert.ok((await tabs.analyst.locator('a[href^="/workforce/"]').count()) > 0);
});
