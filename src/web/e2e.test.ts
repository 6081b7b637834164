import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, noChromium } from '../test/browser.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, TEST_PASSWORD, testApp } from '../test/web.ts';

/**
 * End-to-end, in a real browser against the real app on a fresh database, as a person would use
 * it: sign in through the form (by keyboard alone), load a workers extract with mistakes, read
 * what is wrong, load the corrected file, confirm, and find the new figures on the dashboard.
 * A full-page screenshot of each main page is saved under test-output/screenshots/.
 */

const skip = noChromium;

const AUTHORITY = { code: 'E01', name: 'Exampleshire Council' };
const ANALYST = 'analyst@e2e.example';
const ADMIN = 'admin@e2e.example';

/**
 * A workers extract with three mistakes: an FTE over 1 (row 3), a role nobody knows (row 5), and
 * a leaver with no leaving reason (row 7). Rows are numbered as a spreadsheet shows them (header = 1).
 */
const HEADER = 'Staff number,Agency,Job role,Team,FTE,Role start date,Role end date,Reason leave,Cases 30 Sept,Sickness days';
const GOOD_ROWS = [
  'E1001,no,Social Worker,Assessment,1,01/04/2019,,,14,3',
  'E1002,no,Social Worker,Assessment,1,2020-06-01,,,16,0',
  'E1003,no,ASYE,Assessment,1,2023-10-02,,,9,1',
  'E1004,no,Senior Practitioner,Assessment,1,2018-01-08,,,12,5',
  'E1005,no,Team Manager,Assessment,1,2016-09-05,,,,0',
  'E1006,no,Social Worker,Children in Need,0.5,2021-03-01,,,8,2',
  'E1007,no,Social Worker,Children in Need,0.5,2022-05-03,,,7,0',
  'E1008,no,Advanced Practitioner,Children in Need,1,2017-11-20,,,10,4',
  'E1009,no,Social Worker,Children in Need,1,2019-02-11,,,15,6',
  'E1010,no,Service Manager,Children in Need,1,2015-04-13,,,,0',
  'E1011,yes,Social Worker,Assessment,1,2024-02-05,,,13,',
  'E1012,no,Social Worker,Assessment,0.8,2019-09-02,2024-03-29,resignation,,',
];
/** In post on 30 September 2024, employed: E1001-E1010 = 8 x 1 + 2 x 0.5. */
const EXPECTED_FTE_IN_POST = 9;

const BAD_ROWS = [...GOOD_ROWS];
BAD_ROWS[1] = 'E1002,no,Social Worker,Assessment,1.5,2020-06-01,,,16,0';
BAD_ROWS[3] = 'E1004,no,Wizard,Assessment,1,2018-01-08,,,12,5';
BAD_ROWS[5] = 'E1006,no,Social Worker,Children in Need,0.5,2021-03-01,2024-01-31,,8,2';

const csv = (rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;

before(async () => {
  if (skip) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, AUTHORITY.code, AUTHORITY.name);
  await signedInAs(app, 'analyst', { email: ANALYST, displayName: 'Ana Lyst', authorities: [AUTHORITY.code] });
  await signedInAs(app, 'admin', { email: ADMIN, displayName: 'Ada Min' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  // localhost, not 127.0.0.1: browsers keep Secure cookies for http://localhost.
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches; fails after 40 presses. */
async function tabTo(page: Page, matches: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, matches)) return;
  }
  assert.fail(`never reached ${matches} by keyboard`);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The whole suite may be running beside this on a busy machine.
  page.setDefaultTimeout(60_000);
  return page;
}

/** The main content's text with whitespace collapsed, for reading figures as a person would. */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').innerText()) ?? '').replace(/\s+/g, ' ');
}

test('an analyst signs in by keyboard, loads a bad extract, reads every problem, loads the fixed one and sees the new figures', { skip }, async () => {
  const page = await newPage();
  try {
    // Sign in with the keyboard alone: Tab to each field, type, Enter submits.
    await page.goto(`${baseUrl}/sign-in`);
    await shot(page, '01-sign-in');
    await tabTo(page, '#email');
    await page.keyboard.type(ANALYST);
    await tabTo(page, '#password');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/dashboard`);

    // Imports, through the service navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
    await page.waitForURL(`${baseUrl}/imports`);
    await uploadWorkers(page, 'workers-with-mistakes.csv', csv(BAD_ROWS));

    // The GOV.UK error summary lists each problem by row and column; nothing is offered to confirm.
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const problems = (await summary.innerText()).replace(/\s+/g, ' ');
    assert.match(problems, /Row 3, column FTE: .*1\.5/, problems);
    assert.match(problems, /Row 5, column Job role: .*Wizard/, problems);
    assert.match(problems, /Row 7, column Reason leave: Reason leave is required when Role end date is set/, problems);
    assert.equal(await summary.locator('li').count(), 3, problems);
    assert.equal(await page.getByRole('button', { name: /confirm/i }).count(), 0, 'no confirm button for a file with errors');
    await shot(page, '05-imports-preview-with-errors');

    // The corrected file: a preview with the column mapping, then confirm.
    await page.goto(`${baseUrl}/imports`);
    await uploadWorkers(page, 'workers.csv', csv(GOOD_ROWS));
    await page.getByRole('button', { name: /confirm/i }).waitFor();
    assert.match(await mainText(page), /Staff number/, 'the preview shows how the columns were matched');
    await shot(page, '06-imports-preview');
    await page.getByRole('button', { name: /confirm/i }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    assert.match(await mainText(page), /workers\.csv/);
    await shot(page, '07-import-success');

    // The dashboard for census year 2024 shows the new figures.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard/);
    if (!/2024/.test(await page.locator('h1, .govuk-caption-l, .govuk-caption-xl').first().innerText())) {
      await page.goto(`${baseUrl}/dashboard?year=2024`);
    }
    const dashboard = await mainText(page);
    // The headline card reads "Social workers in post (FTE)  Exampleshire Council  9.0".
    assert.match(dashboard, new RegExp(`in post \\(FTE\\) ${AUTHORITY.name} ${EXPECTED_FTE_IN_POST.toFixed(1)} `), dashboard.slice(0, 1500));
    await shot(page, '02-dashboard');

    // The register and a worker's history.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workforce' }).click();
    await page.waitForURL(/\/workforce/);
    assert.match(await mainText(page), /E1001/);
    await shot(page, '03-workforce');
    // The register opens on staff in post; E1012 has left, so show everyone.
    await page.goto(`${baseUrl}/workforce?status=all`);
    await page.getByRole('link', { name: 'E1012' }).first().click();
    await page.waitForURL(/\/workforce\/E1012/);
    assert.match(await mainText(page), /29 March 2024|2024-03-29/);
    await shot(page, '04-worker-history');

    await page.goto(`${baseUrl}/api`);
    await shot(page, '10-api');
  } finally {
    await page.context().close();
  }
});

test('an admin sees the users and the audit log, which records the import and the sign-ins', { skip }, async () => {
  const page = await newPage();
  try {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(ADMIN);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);
    await page.goto(`${baseUrl}/admin/users`);
    assert.match(await mainText(page), /Ana Lyst/);
    await shot(page, '08-admin-users');
    await page.goto(`${baseUrl}/admin/audit`);
    assert.match(await mainText(page), new RegExp(ANALYST.replace('.', '\\.')));
    await shot(page, '09-audit-log');
  } finally {
    await page.context().close();
  }
});

/** Chooses a workers file on the imports page and asks for its preview. */
async function uploadWorkers(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.getByRole('radio', { name: 'Workers' }).check();
  await page.locator('main input[type="file"]').first().setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await Promise.all([
    page.waitForLoadState('load'),
    page
      .locator('main form')
      .filter({ has: page.locator('input[type="file"]') })
      .locator('button')
      .first()
      .click(),
  ]);
}
