import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { upsertWorkers } from '../db/workers.ts';
import { addRecommendation, createReview } from '../db/reviews.ts';
import { importPayScales } from '../imports/run-pay-import.ts';
import { axeRoute, axeViolations, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { buildLeaver, buildScope, buildWorker } from '../test/builders.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';

/**
 * In a real browser: an analyst reads the pay page, builds an invest-to-save scenario on the form
 * (first with a mistake, then corrected), attaches it to a scrutiny recommendation and downloads
 * its business case as Word, Excel and PDF. Each page goes through axe-core (WCAG 2.2 AA) and is
 * saved as a screenshot under test-output/screenshots/.
 */

const skip = noChromium;
const CODE = 'PB1';
const ANALYST = 'analyst@pay.example';

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;

before(async () => {
  if (skip) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  ({ app, close } = await testApp({ extraRoutes: [axeRoute] }));
  await addTestAuthority(app.db, CODE, 'Paybridge Council');
  await upsertWorkers(
    app.db,
    CODE,
    [
      ...Array.from({ length: 40 }, (_, i) => buildWorker({ salary: 37_000 + (i % 8) * 600, team: 'Assessment' })),
      ...Array.from({ length: 6 }, () => buildWorker({ role: 'team_manager', salary: 54_000 })),
      ...Array.from({ length: 7 }, (_, i) => buildLeaver(`2025-0${(i % 8) + 1}-15`, { salary: 38_000 })),
    ],
    null,
  );
  const scales = [
    'authority,role,grade,min_salary,max_salary,effective_from,source',
    'PB1,Social Worker,SW2,35000,41500,2025-04-01,Paybridge pay policy 2025',
    'PB1,Team Manager,M1,50000,56000,2025-04-01,Paybridge pay policy 2025',
    '203,Social Worker,L3,36000,44000,2025-04-01,Neighbour pay policy',
    '204,Social Worker,L3,36000,43200,2025-04-01,Neighbour pay policy',
    'Torbay,Social Worker,G9,36000,45000,2025-04-01,Torbay pay policy 2025',
    '203,Team Manager,M1,52000,58000,2025-04-01,Neighbour pay policy',
    '204,Team Manager,M1,51000,57500,2025-04-01,Neighbour pay policy',
  ].join('\n');
  assert.ok((await importPayScales(app.db, { authorityCode: CODE, fileName: 'scales.csv', bytes: scales })).ok);
  const review = await createReview(app.db, CODE, { title: 'Keeping our social workers', scope: buildScope(), createdBy: null });
  await addRecommendation(app.db, CODE, review.id, {
    text: 'Fund an invest-to-save package from reserves',
    addressedTo: 'Cabinet',
    response: 'accepted',
    responseReasons: '',
    decisionDate: '2025-11-01',
    owner: 'Director of Children’s Services',
    financialImplications: '£200k this year and £519k next',
    investmentPerYear: 200_000,
    implementationStatus: 'in_progress',
    progressReviewDate: null,
  });
  await signedInAs(app, 'analyst', { email: ANALYST, authorities: [CODE] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

async function checked(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], name);
}

async function download(page: Page, linkName: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const path = await file.path();
  return readFileSync(path);
}

test('an analyst builds a scenario on the form, attaches it to a recommendation and exports the business case three ways', { skip, timeout: 180_000 }, async () => {
  const page = await signedInTab(browser, baseUrl, ANALYST, { bypassCSP: true, acceptDownloads: true });
  await page.goto(`${baseUrl}/pay?date=2025-09-30`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Pay against the market');
  await page.getByRole('img', { name: /Case-holding social workers: top of the pay range/ }).waitFor();
  await checked(page, 'pay');

  await page.getByRole('link', { name: 'Scenarios' }).first().click();
  await page.getByRole('button', { name: 'Create a scenario' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pay uplift and academy');
  await page.getByLabel('Baseline census year').fill('2025');
  const lever1 = page.getByRole('group', { name: 'Lever 1' });
  await lever1.getByLabel('Kind').selectOption('pay_uplift');
  await lever1.getByLabel('Role').fill('Social Worker');
  await lever1.getByLabel('Uplift').fill('150');
  await lever1.getByLabel('Low').fill('0.5');
  await lever1.getByLabel('Central').fill('1.5');
  await lever1.getByLabel('High').fill('3');
  const lever2 = page.getByRole('group', { name: 'Lever 2' });
  await lever2.getByLabel('Kind').selectOption('fixed');
  await lever2.getByLabel('Name (optional)').fill('Academy set-up');
  await lever2.getByLabel('Cost by year').fill('200000, 519000');
  await lever2.getByLabel('Low').fill('1');
  await lever2.getByLabel('Central').fill('4');
  await lever2.getByLabel('High').fill('6');
  await page.getByRole('button', { name: 'Save and work out' }).click();
  await page.getByRole('link', { name: /Lever 1 \(Pay uplift\), percent: 150 is over 100/ }).waitFor();
  await checked(page, 'scenario-form-errors');

  await page.getByRole('group', { name: 'Lever 1' }).getByLabel('Uplift').fill('3');
  await page.getByRole('button', { name: 'Save and work out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay uplift and academy' }).waitFor();
  await page.getByLabel('Attach to a recommendation').selectOption({ label: 'Keeping our social workers: recommendation 1' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Attached to recommendation 1').waitFor();
  assert.ok(await page.getByRole('table', { name: 'Investment approved per year' }).isVisible());
  assert.ok(await page.getByRole('table', { name: 'Net present value when one assumption changes' }).isVisible());
  await checked(page, 'scenario');

  const docx = await download(page, 'Business case (Word)');
  assert.equal(docx.subarray(0, 2).toString(), 'PK');
  const xlsx = await download(page, 'Assumptions, yearly figures and sensitivity (Excel)');
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  const pdf = await download(page, 'Business case (PDF)');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

  await page.goto(`${baseUrl}/scenarios`);
  await checked(page, 'scenarios');

  // The recommendation shows the investment the scenario asks for.
  await page.getByRole('link', { name: 'Pay uplift and academy' }).click();
  await page.getByRole('link', { name: 'Keeping our social workers' }).click();
  await page.getByRole('heading', { name: 'Invest-to-save scenario: Pay uplift and academy' }).waitFor();
  await checked(page, 'recommendation-with-scenario');
  await page.context().close();
});
