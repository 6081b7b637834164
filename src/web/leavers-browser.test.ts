import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { exitInterviewFor, upsertExitInterviews } from '../db/exit-interviews.ts';
import { axeRoute, axeViolations, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { buildExitInterview, buildLeaver, buildWorker } from '../test/builders.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

/**
 * A leaver completes their exit interview from a link on a 375px-wide phone without JavaScript;
 * an officer records one from the leaver's page; a councillor (viewer) reads suppressed figures.
 * Every new page is run through axe-core.
 */

const skip = noChromium;
const CODE = 'BL1';

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;

before(async () => {
  if (skip) return;
  ({ app, close } = await testApp({ extraRoutes: [axeRoute] }));
  await addTestAuthority(app.db, CODE, 'Exitshire Council');
  await insertTestWorkers(app.db, CODE, [
    ...Array.from({ length: 20 }, (_, i) => buildWorker({ workerId: `S${i}`, team: i < 10 ? 'Assessment' : 'Child Protection' })),
    ...Array.from({ length: 8 }, (_, i) => buildLeaver('2025-05-31', { workerId: `L${i}`, team: 'Assessment', startDate: '2022-01-10', leaverDestination: 'agency' })),
    buildLeaver('2025-07-31', { workerId: 'P1', team: 'Child Protection', role: 'senior_practitioner', startDate: '2016-03-01' }),
  ]);
  await upsertExitInterviews(
    app.db,
    CODE,
    Array.from({ length: 6 }, (_, i) =>
      buildExitInterview({
        workerId: `L${i}`,
        leavingDate: '2025-05-31',
        primaryReason: i < 4 ? 'pay' : 'caseload',
        otherReasons: ['workload'],
        regrettable: i % 2 === 0,
        wouldReturn: 'maybe',
        comments: 'Pay next door is better',
      }),
    ),
    null,
  );
  await signedInAs(app, 'analyst', { email: 'analyst@leavers.example', authorities: [CODE] });
  await signedInAs(app, 'viewer', { email: 'councillor@leavers.example', authorities: [CODE] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  if (skip) return;
  await browser.close();
  await close();
});

async function checked(page: Page, name: string): Promise<void> {
  assert.match(await page.title(), /Retain$/);
  assert.equal(await page.locator('h1').count(), 1, 'one h1');
  assert.deepEqual(await axeViolations(page), [], name);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

test('an officer records an interview and sends a link; the leaver answers it once on a 375px phone without JavaScript', { skip }, async () => {
  const officer = await signedInTab(browser, baseUrl, 'analyst@leavers.example', { bypassCSP: true });
  await officer.goto(`${baseUrl}/leavers?year=2025`);
  await checked(officer, 'leavers-analyst');
  await officer.locator('a[href="/leavers/L6/2025-05-31"]').click();
  await officer.waitForURL(/\/leavers\/L6\/2025-05-31$/);
  await checked(officer, 'leaver-page');

  // Record L6's interview in the browser, with one mistake first.
  await officer.getByLabel('Completed').check();
  await officer.getByRole('button', { name: 'Save interview' }).click();
  await officer.getByText('There is a problem').waitFor();
  await checked(officer, 'leaver-page-errors');
  await officer.getByLabel('Date of the interview').fill('28/05/2025');
  await officer.getByRole('radio', { name: 'Phone' }).check();
  await officer.locator('#primaryReason-4').check(); // management
  await officer.getByRole('button', { name: 'Save interview' }).click();
  await officer.getByText('Exit interview saved').waitFor();
  assert.equal((await exitInterviewFor(app.db, CODE, 'L6', '2025-05-31'))?.primaryReason, 'management');

  // A link for P1, shown once.
  await officer.goto(`${baseUrl}/leavers/P1/2025-07-31`);
  await officer.getByRole('button', { name: 'Create a link' }).click();
  const link = (await officer.locator('#flash-secret').textContent())!.trim();
  assert.match(link, /\/exit-interview\/[\w-]{20,}$/);
  await checked(officer, 'leaver-page-link-created');

  // The leaver's form, checked with axe at 375px (axe needs JavaScript; opening it does not spend the link).
  const phoneAxe = await (await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true })).newPage();
  await phoneAxe.goto(link);
  await checked(phoneAxe, 'exit-interview-answer-375');
  assert.ok(await phoneAxe.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling at 375px');

  // The leaver answers on a phone with JavaScript off.
  const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false })).newPage();
  await phone.goto(link);
  await phone.getByRole('button', { name: 'Send your answers' }).click();
  await phone.getByText('Select the main reason for leaving').first().waitFor();
  await phone.locator('#primaryReason').check(); // pay: the first reason
  await phone.getByRole('group', { name: 'Any other reasons?' }).getByLabel('Career progression').check();
  await phone
    .getByRole('group', { name: /come back/ })
    .getByLabel('Maybe')
    .check();
  await phone.getByLabel('Anything else you would like to tell us?').fill('A senior practitioner post elsewhere paid £4,000 more.');
  await phone.getByRole('button', { name: 'Send your answers' }).click();
  await phone.getByText('Your answers have been sent').waitFor();
  await phone.screenshot({ path: join(SCREENSHOT_DIR, 'exit-interview-done-375.png'), fullPage: true });
  const stored = await exitInterviewFor(app.db, CODE, 'P1', '2025-07-31');
  assert.deepEqual([stored?.status, stored?.channel, stored?.primaryReason, stored?.otherReasons, stored?.wouldReturn], ['completed', 'online', 'pay', ['career_progression'], 'maybe']);

  // Answering twice is refused.
  await phone.goto(link);
  await phone.getByText('already been answered').waitFor();
  await phoneAxe.goto(link);
  await checked(phoneAxe, 'exit-interview-closed');
});

test('a councillor reads the leavers page and the dashboard with small numbers withheld', { skip }, async () => {
  const councillor = await signedInTab(browser, baseUrl, 'councillor@leavers.example', { bypassCSP: true });
  await councillor.goto(`${baseUrl}/leavers?year=2025`);
  await checked(councillor, 'leavers-viewer');
  const body = await councillor.locator('main').textContent();
  assert.ok(body?.includes('[c]'), 'small numbers are withheld');
  assert.ok(!body?.includes('Pay next door'), 'no comments');
  assert.equal(await councillor.locator('a[href^="/leavers/"]').count(), 0, 'no individual leaver');
  await councillor.goto(`${baseUrl}/equality?year=2025`);
  await checked(councillor, 'equality-viewer');
  await councillor.goto(`${baseUrl}/dashboard?year=2025`);
  await councillor.locator('#exit-interviews').waitFor();
  await checked(councillor, 'dashboard-exit-interviews-viewer');
});

test('an officer builds a survey and enters a paper response; a respondent answers anonymously at 375px without JavaScript', { skip }, async () => {
  const officer = await signedInTab(browser, baseUrl, 'analyst@leavers.example', { bypassCSP: true });
  await officer.goto(`${baseUrl}/surveys`);
  await checked(officer, 'surveys');
  await officer.getByLabel('Title').fill('Retention survey');
  await officer.getByLabel('Rank what would make you stay (1 = most important).').check();
  await officer.getByLabel('I intend to be working here in two years’ time.').check();
  await officer.getByRole('button', { name: 'Create survey' }).click();
  await officer.waitForURL(/\/surveys\/\d+$/);
  await officer.getByRole('button', { name: 'Create an anonymous link' }).click();
  const link = (await officer.locator('#flash-secret').textContent())!.trim();
  await checked(officer, 'survey-results-officer');
  await officer.getByRole('link', { name: 'Enter a paper response' }).click();
  await checked(officer, 'survey-paper');
  await officer.getByLabel('Pay', { exact: true }).fill('1');
  await officer
    .getByRole('group', { name: /two years/ })
    .getByLabel('Agree', { exact: true })
    .check();
  await officer.getByRole('button', { name: 'Save paper response' }).click();
  await officer.getByText('Paper response saved').waitFor();

  const phoneAxe = await (await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true })).newPage();
  await phoneAxe.goto(link);
  await checked(phoneAxe, 'survey-answer-375');
  assert.ok(await phoneAxe.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling at 375px');
  const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false })).newPage();
  await phone.goto(link);
  await phone.getByLabel('More annual leave').fill('1');
  await phone.getByLabel('Pay', { exact: true }).fill('2');
  await phone
    .getByRole('group', { name: /two years/ })
    .getByLabel('Disagree', { exact: true })
    .check();
  await phone.getByRole('button', { name: 'Send your answers' }).click();
  await phone.getByText('Your answers have been sent').waitFor();
  const rows = await app.db.selectFrom('survey_responses').select(['channel']).execute();
  assert.deepEqual(rows.map((r) => r.channel).sort(), ['online', 'paper']);
});
