import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { listAudit } from '../db/audit.ts';
import type { OpenDatabase } from '../db/database.ts';
import { loadDemo } from '../imports/demo.ts';
import { AXE_BEST_PRACTICE_TAGS, axeViolations, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { testDatabase } from '../test/db.ts';
import { SCREENSHOT_DIR, signedInAs } from '../test/web.ts';
import { serve } from './server.ts';

/**
 * The first hour (issue 10), in a browser, as a new user: first start shows England, region and
 * neighbour figures; settings change the figures; a real HR extract (a title row, "Employee Number",
 * "Job Title", and two columns Retain cannot guess) imports through the mapping step and is
 * recognised the second time without asking. Every new page state passes axe-core, best-practice
 * rules included, and none scrolls sideways at 375px. Screenshots go to test-output/screenshots.
 */

const skip = noChromium;

let opened: OpenDatabase;
let app: FastifyInstance;
let baseUrl: string;
let browser: Browser;
let page: Page;

before(async () => {
  if (skip) return;
  opened = await testDatabase();
  // First start as `npm start` does it: the demo council through the real import path, then the
  // reference data (DfE indicators and neighbour lists shipped in reference/dfe).
  // serve() answers at once and loads the demo meanwhile; these tests need its figures.
  let ready: Promise<void>;
  ({ app, url: baseUrl, ready } = await serve({ db: opened.db, port: 0, loadDemo, print: () => {}, logger: false }));
  await ready;
  await signedInAs(app, 'analyst', { email: 'analyst@first-hour.example' });
  browser = await launchChromium();
  page = await signedInTab(browser, baseUrl, 'analyst@first-hour.example', { bypassCSP: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await app?.close();
  await opened?.close();
});

/** axe (best practice too), no sideways scrolling at 375px, and a screenshot at full width. */
async function checkPage(name: string): Promise<void> {
  assert.deepEqual(await axeViolations(page, { tags: AXE_BEST_PRACTICE_TAGS, inline: true }), [], `${name}: axe`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `first-hour-${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `first-hour-${name}-375.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(width <= 375, `${name} scrolls sideways at 375px (${width}px wide)`);
}

async function neighbourTable(): Promise<string> {
  return page.locator('#neighbour-figures').locator('xpath=ancestor::table').innerText();
}

test('on first start the dashboard sets the council beside England, its region and named neighbours', { skip }, async () => {
  await page.goto(`${baseUrl}/dashboard?year=2024`);
  const section = await page.locator('main').innerText();
  assert.match(section, /Compared with other councils/);
  assert.match(section, /Rank in England/);
  assert.match(section, /Rank in North West/);
  assert.match(section, /statistical neighbours of Wigan \(359\), a real council of similar size/);
  const sentences = await page.getByTestId('comparison-sentences').innerText();
  assert.match(sentences, /Turnover is (higher|lower|the same as) (than )?England/);
  const table = await neighbourTable();
  assert.match(table, /England\s+\d+\.\d%/);
  assert.match(table, /North West\s+\d+\.\d%/);
  assert.match(table, /Lancashire/);
  // The headline cards carry England and the region too (the year DfE has published).
  assert.doesNotMatch(await page.locator('[data-field="turnover_rate_fte"]').innerText(), /England\s+not available/);
  // The comparison section on its own, to look at.
  const top = (await page.locator('#comparisons').boundingBox())!.y;
  const bottom = (await page.locator('#trends').boundingBox())!.y;
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'first-hour-comparisons-section.png'), fullPage: true, clip: { x: 0, y: top - 10, width: 1280, height: bottom - top } });
  await checkPage('dashboard-comparisons');
});

test("settings change the figures: DfE's 2021 model names other neighbours, and a lower threshold marks more teams at risk", { skip }, async () => {
  await page.goto(`${baseUrl}/dashboard?year=2024`);
  const before = await neighbourTable();
  const atRiskBefore = await page.locator('#by-team ~ * .govuk-tag--red').count();

  await page.goto(`${baseUrl}/settings`);
  await checkPage('settings');
  await page.getByLabel('2021 model').check();
  await page.getByRole('button', { name: 'Use DfE’s list' }).click();
  await page.waitForURL(/\/settings/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /2021 model/);

  await page.getByLabel('Turnover rate (FTE)').fill('5');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await page.waitForURL(/\/settings/);

  await page.getByLabel('Word as your HR system writes it').fill('Left - new job');
  await page.getByLabel('What it means').selectOption('leaving_reason:resignation');
  await page.getByRole('button', { name: 'Add the word' }).click();
  await page.waitForURL(/\/settings/);
  await checkPage('settings-changed');

  await page.goto(`${baseUrl}/dashboard?year=2024`);
  assert.notEqual(await neighbourTable(), before, 'the neighbours changed with the model');
  assert.match(await page.locator('main').innerText(), /turnover rate \(FTE\) above 5%/);
  assert.ok((await page.locator('#by-team ~ * .govuk-tag--red').count()) >= atRiskBefore);

  const actions = (await listAudit(app.db, { limit: 50, offset: 0, action: 'settings.' })).entries.map((entry) => entry.action);
  for (const action of ['settings.neighbour_model', 'settings.thresholds', 'settings.code_words.set']) assert.ok(actions.includes(action), action);
});

/** An HR extract as HR systems write it: a title row, HR column names, two columns Retain cannot guess. */
async function hrExtract(fte: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Staff');
  sheet.addRow(['Children’s Services staff extract – run 01/10/2025']);
  sheet.addRow([]);
  sheet.addRow(['Employee Number', 'Job Title', 'Team', 'Hours Ratio', 'Agency Staff Y/N', 'Start Date', 'Leaving Date', 'Leaving Reason']);
  sheet.addRow(['HR-9001', 'Social Worker', 'Assessment', fte, 'N', new Date(Date.UTC(2021, 8, 1)), null, null]);
  sheet.addRow(['HR-9002', 'Senior Practitioner', 'Assessment', 1, 'N', new Date(Date.UTC(2020, 2, 16)), new Date(Date.UTC(2025, 5, 30)), 'Retirement']);
  sheet.addRow(['HR-9003', 'Social Worker', 'Child Protection', 1, 'N', new Date(Date.UTC(2022, 0, 10)), new Date(Date.UTC(2025, 2, 31)), 'Left - new job']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(bytes: Buffer): Promise<void> {
  await page.goto(`${baseUrl}/imports`);
  await page.getByLabel('Workers').check();
  await page.locator('input[type=file]').setInputFiles({ name: 'hr-extract.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.waitForURL(/\/imports\/preview\//);
}

test('an HR extract with a title row imports through the mapping step, and the next one is read without asking', { skip }, async () => {
  await upload(await hrExtract(1));
  assert.match(await page.locator('h1').innerText(), /Which column of hr-extract\.xlsx is which/);
  // The title row is skipped and the HR names it knows are read already.
  assert.match(await page.locator('main').innerText(), /column names were found on row 3/);
  assert.equal(await page.getByLabel('Employee Number').inputValue(), 'worker_id');
  assert.equal(await page.getByLabel('Job Title').inputValue(), 'role');
  await checkPage('import-mapping');

  await page.getByLabel('Hours Ratio').selectOption('fte');
  await page.getByLabel('Agency Staff Y/N').selectOption('agency');
  await page.getByRole('button', { name: 'Save the column choices and check the file again' }).click();
  await page.waitForURL(/\/imports\/preview\/[^/]+$/);
  assert.match(await page.locator('h1').innerText(), /Check hr-extract\.xlsx before importing/);
  // Leaving reasons as words: "Retirement" by default, "Left - new job" by the council's own word (Settings).
  assert.match(await page.locator('#first-rows ~ * table, #first-rows + * table').first().innerText(), /HR-9001/);
  await checkPage('import-preview');
  await page.getByRole('button', { name: 'Confirm and import' }).click();
  await page.waitForURL(/\/imports#history/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /hr-extract\.xlsx has been imported/);

  // The next extract, with one worker now part time: recognised at once, and the change is shown.
  await upload(await hrExtract(0.6));
  assert.match(await page.locator('h1').innerText(), /Check hr-extract\.xlsx before importing/);
  const changes = await page.locator('#changes + p + ul').innerText();
  assert.match(changes, /worker HR-9001.*fte 1 → 0\.6/);
  await checkPage('import-second-time');
});

test('the column guide and its templates are there for a new user', { skip }, async () => {
  await page.goto(`${baseUrl}/imports/columns`);
  assert.match(await page.locator('main').innerText(), /employee number/);
  await checkPage('column-guide');
  const csv = await page.request.get(`${baseUrl}/imports/templates/workers.csv`);
  assert.match(await csv.text(), /^worker_id,swe_number,agency,role/);
  const xlsx = await page.request.get(`${baseUrl}/imports/templates/workers.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets[0]!.getCell('A1').value, 'worker_id');
});
