import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { upsertVacancies } from '../db/vacancies.ts';
import { MEASURE_FIELDS } from '../domain/measures.ts';
import { generateCouncil } from '../imports/demo-council.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { figuresForYear } from '../reports/metrics.ts';
import { launchChromium, noChromium, signedInTab, axeRoute, axeViolations } from '../test/browser.ts';
import { buildWorker } from '../test/builders.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

/**
 * The census return pages in Chromium, for an officer and a viewer: axe-core finds no WCAG 2.2 AA
 * violations (the answers form with its errors included), the validation XLSX downloads from its
 * link, and full-page screenshots are saved in test-output/screenshots/ (census-return-*.png).
 */

const skip = noChromium;
const CODE = '204';

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
  await addTestAuthority(app.db, CODE, 'Returnford Council');
  const council = generateCouncil({ seed: 16, authorityCode: CODE, name: 'Returnford Council', workers: 90, firstYear: 2021, lastYear: 2025, teams: ['Assessment', 'Child Protection'] });
  await insertTestWorkers(app.db, CODE, council.workers);
  await upsertVacancies(app.db, CODE, council.vacancies, null);
  // An agency worker on two assignments on 30 September: one person to Retain, two to DfE.
  await insertTestWorkers(app.db, CODE, [
    buildWorker({ workerId: 'AG-TWO', agency: true, fte: 0.5, startDate: '2025-02-03', cases: 6, team: 'Assessment' }),
    buildWorker({ workerId: 'AG-TWO', agency: true, fte: 0.5, startDate: '2025-06-02', cases: 6, team: 'Child Protection' }),
  ]);
  // DfE's row for 2025: our own figures, but the agency worker counted twice and two more in post (unexplained).
  const ours = (await figuresForYear(app.db, CODE, 2025)).measures;
  const published = { ...ours, inpost_headcount: ours.inpost_headcount + 2, agency_headcount: ours.agency_headcount + 1 };
  const header = `time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,${MEASURE_FIELDS.join(',')}`;
  const row = `2025,Reporting year,Local authority,E92000001,England,E12000007,London,${CODE},E09000009,Returnford Council,${MEASURE_FIELDS.map((field) => (published[field] === null ? 'x' : Math.round(published[field]! * 10) / 10)).join(',')}`;
  const loaded = await importBenchmarks(app.db, { fileName: 'indicators.csv', bytes: `${header}\n${row}\n` });
  assert.equal(loaded.ok, true, JSON.stringify(loaded));
  await signedInAs(app, 'analyst', { email: 'analyst@returns.example', authorities: [CODE] });
  await signedInAs(app, 'viewer', { email: 'viewer@returns.example', authorities: [CODE] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  tabs.analyst = await signedInTab(browser, baseUrl, 'analyst@returns.example', { bypassCSP: true, acceptDownloads: true });
  tabs.viewer = await signedInTab(browser, baseUrl, 'viewer@returns.example', { bypassCSP: true });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

const PAGES: Array<{ url: string; as: 'analyst' | 'viewer'; shot: string; badAnswer?: true }> = [
  { url: '/census-return?year=2025', as: 'analyst', shot: 'census-return-officer' },
  { url: '/census-return?year=2025', as: 'analyst', shot: 'census-return-answers-error', badAnswer: true },
  { url: '/census-return/validation?year=2025', as: 'analyst', shot: 'census-return-validation' },
  { url: '/census-return/year-on-year?year=2025', as: 'analyst', shot: 'census-return-year-on-year' },
  { url: '/census-return/reconciliation?year=2025', as: 'analyst', shot: 'census-return-reconciliation-officer' },
  { url: '/census-return?year=2025', as: 'viewer', shot: 'census-return-viewer' },
  { url: '/census-return/reconciliation?year=2025', as: 'viewer', shot: 'census-return-reconciliation-viewer' },
];

for (const entry of PAGES) {
  test(`${entry.url}${entry.badAnswer ? ' after a bad answer' : ''}, seen by ${entry.as}, has no accessibility violations`, { skip }, async () => {
    const page = tabs[entry.as];
    await page.goto(`${baseUrl}${entry.url}`);
    if (entry.badAnswer) {
      await page.getByLabel('Agency workers covering vacancies on 30 September (headcount)').fill('several');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save answers' }).click()]);
      await page.waitForSelector('.govuk-error-summary');
    }
    assert.match(await page.title(), /Retain$/);
    assert.equal(await page.locator('h1').count(), 1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${entry.shot}.png`), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
  });
}

test('an officer downloads the validation spreadsheet from its link; a viewer is never shown a worker', { skip }, async () => {
  await tabs.analyst.goto(`${baseUrl}/census-return/validation?year=2025`);
  const [download] = await Promise.all([tabs.analyst.waitForEvent('download'), tabs.analyst.getByRole('link', { name: /Download the list as a spreadsheet/ }).click()]);
  assert.equal(download.suggestedFilename(), `csww-2025-${CODE}-validation.xlsx`);
  await tabs.analyst.goto(`${baseUrl}/census-return/reconciliation?year=2025`);
  assert.ok((await tabs.analyst.locator('main a[href^="/workforce/"]').count()) > 0);
  await tabs.viewer.goto(`${baseUrl}/census-return/reconciliation?year=2025`);
  assert.equal(await tabs.viewer.locator('a[href^="/workforce/"]').count(), 0);
});
