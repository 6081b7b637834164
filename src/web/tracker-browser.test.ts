import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { addRecommendation } from '../commands/review-outcomes.ts';
import { startReview } from '../commands/reviews.ts';
import { trackerRecords } from '../db/recommendation-tracking.ts';
import { buildRecommendationFields, buildScope } from '../test/builders.ts';
import { fillDate, launchChromium, noChromium, signedInTab, axeRoute, axeViolations } from '../test/browser.ts';
import { addTestAuthority, SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';

/**
 * Issue 15 in Chromium, as an officer would: a review's report goes to the executive, its response
 * is recorded, progress is reported, the committee holds its 6-month review; the tracker is
 * downloaded and uploaded back, first with one bad row (nothing changes), then corrected; the
 * 12-month review closes it; the review is published and read by someone not signed in. axe-core
 * finds no WCAG 2.2 AA violations on any page on the way; screenshots go to
 * test-output/screenshots/tracker-*.png.
 */

const skip = noChromium;
const CODE = 'BTR';

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;
let officer: Page;
let reviewId: number;
const ids: number[] = [];

const FIELDS = buildRecommendationFields({ text: 'Introduce a retention payment for social workers after two years', owner: 'Head of Children’s Social Care' });

before(async () => {
  if (skip) return;
  ({ app, close } = await testApp({
    extraRoutes: [axeRoute],
  }));
  await addTestAuthority(app.db, CODE, 'Brightwater Council');
  const actor = { userId: null, email: 'setup@test.example' };
  reviewId = (
    await startReview(
      app.db,
      { authorityCode: CODE, title: 'Keeping our social workers', scope: buildScope({ reportingDate: '2025-07-10', scrutinyBoard: 'Children and Young People Scrutiny Committee' }) },
      actor,
    )
  ).id;
  for (const text of [FIELDS.text, 'Create a career pathway to advanced practitioner'])
    ids.push((await addRecommendation(app.db, { authorityCode: CODE, reviewId, fields: { ...FIELDS, text } }, actor)).id);
  await signedInAs(app, 'analyst', { email: 'officer@brightwater.example', authorities: [CODE] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  officer = await signedInTab(browser, baseUrl, 'officer@brightwater.example', { bypassCSP: true, acceptDownloads: true });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

/** axe finds nothing, and a screenshot is kept. */
async function checked(page: Page, shot: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `${shot}: ${page.url()}`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `tracker-${shot}.png`), fullPage: true });
}

test('an officer runs a tracker from the executive’s response to the 12-month review, and the public reads it', { skip }, async () => {
  const page = officer;
  const base = `${baseUrl}/reviews/${reviewId}`;

  // The report goes to the executive: the response clock starts.
  await page.goto(`${base}/tracking`);
  await fillDate(page, 'sentToExecutiveOn', '2025-09-15');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('The date the report went to the executive is saved').waitFor();
  await page
    .getByText('Due on 15 November 2025', { exact: false })
    .or(page.getByText('It was due on 15 November 2025', { exact: false }))
    .first()
    .waitFor();
  await checked(page, 'review-clock');

  // The executive responds: one accepted, one partly accepted with its reasons.
  await page.getByRole('link', { name: 'Record the executive’s response' }).click();
  await fillDate(page, 'respondedOn', '2025-11-04');
  await page.locator(`input[name="response_${ids[0]}"][value="accepted"]`).check();
  await page.locator(`#decisionReference_${ids[0]}`).fill('CAB 2025/112');
  await page.locator(`input[name="response_${ids[1]}"][value="partly_accepted"]`).check();
  await checked(page, 'response-form');
  // Partly accepted needs the executive's reasons: without them the form says so.
  await page.getByRole('button', { name: 'Save the response' }).click();
  await page.getByRole('link', { name: 'Enter the executive’s reasons for only partly accepting SCR 2025/26-02' }).waitFor();
  await checked(page, 'response-error');
  await page.locator(`#reasons_${ids[1]}`).fill('Two posts this year, more when the budget allows');
  await page.getByRole('button', { name: 'Save the response' }).click();
  await page.getByText('The executive’s response is saved').waitFor();
  await page.getByText('Responded', { exact: true }).first().waitFor();

  // Progress on the first recommendation.
  await page.getByRole('link', { name: 'SCR 2025/26-01' }).click();
  await page.getByText('Report progress').click();
  await page.getByLabel('On track').check();
  await page.getByLabel('Update').fill('Scheme drafted and costed with finance.');
  await page.getByRole('button', { name: 'Record progress' }).click();
  await page.getByText('Progress recorded: On track').waitFor();
  await page.getByText('Scheme drafted and costed with finance.').waitFor();
  await checked(page, 'progress');

  // The committee’s 6-month review.
  await page.goto(`${base}/tracking`);
  await page.getByText('Record the 6-month review').click();
  await fillDate(page, 'six_month_heldOn', '2026-05-05');
  await page.locator('#six_month_conclusion').fill('Satisfied with progress; the retention payment to be revisited at 12 months.');
  await page.getByRole('button', { name: 'Save the 6-month review' }).click();
  await page.getByText('6-month review saved').waitFor();
  await checked(page, 'six-month');

  // The tracker, downloaded as CSV.
  await page.goto(`${baseUrl}/tracker`);
  await checked(page, 'tracker');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 3);
  const header = lines[0]!.split(',');
  const edit = (line: string, changes: Record<string, string>) => {
    // The two rows hold no quoted commas in the columns edited here: the status and the ones after it.
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
    for (const [label, value] of Object.entries(changes)) cells[header.indexOf(label)] = value;
    return cells.slice(0, header.length).join(',');
  };
  const before = await trackerRecords(app.db, CODE);

  // One bad row: nothing changes, and the problem is named by row and column.
  const bad = [lines[0], edit(lines[1]!, { Status: 'Slipped', 'Revised date': '30/09/2026', 'Slip reason': 'Waiting for the pay review' }), edit(lines[2]!, { Status: 'Sort of' })].join('\n');
  await page.locator('#file').setInputFiles({ name: 'tracker.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Upload tracker' }).click();
  await page.getByText('so nothing was changed').first().waitFor();
  await page.getByText('tracker.csv:3:Status: "Sort of" is not a status', { exact: false }).waitFor();
  assert.deepEqual(await trackerRecords(app.db, CODE), before);
  await checked(page, 'upload-refused');

  // Corrected: both rows change.
  const good = [
    lines[0],
    edit(lines[1]!, { Status: 'Slipped', 'Revised date': '30/09/2026', 'Slip reason': 'Waiting for the pay review' }),
    edit(lines[2]!, { Status: 'Achieved', 'Last update': 'Pathway launched in April' }),
  ].join('\n');
  await page.locator('#file').setInputFiles({ name: 'tracker.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: 'Upload tracker' }).click();
  await page.getByText('2 recommendations updated').waitFor();
  const after = await trackerRecords(app.db, CODE);
  assert.deepEqual(
    after.map((r) => [r.reference, r.status, r.revisedDate]),
    [
      ['SCR 2025/26-01', 'slipped', '2026-09-30'],
      ['SCR 2025/26-02', 'achieved', null],
    ],
  );
  await checked(page, 'tracker-updated');

  // The 12-month review, and publication.
  await page.goto(`${base}/tracking`);
  await page.getByText('Record the 12-month review').click();
  await fillDate(page, 'twelve_month_heldOn', '2026-11-03');
  await page.locator('#twelve_month_conclusion').fill('The pathway is achieved; the payment is to be reported on again when the pay review ends.');
  await page.getByRole('button', { name: 'Save the 12-month review' }).click();
  await page.getByText('12-month review saved').waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The review is published').waitFor();
  await checked(page, 'published-officer');

  // Someone not signed in reads it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const reader = await context.newPage();
  const response = await reader.goto(`${baseUrl}/published/reviews/${reviewId}`);
  assert.equal(response?.status(), 200);
  await reader.getByRole('heading', { name: 'Keeping our social workers' }).waitFor();
  await reader.getByText('SCR 2025/26-01').first().waitFor();
  await reader.getByText('Waiting for the pay review', { exact: false }).first().waitFor();
  await reader.getByText('The pathway is achieved', { exact: false }).waitFor();
  const text = await reader.locator('main').innerText();
  assert.doesNotMatch(text, /Head of Children’s Social Care|officer@brightwater\.example/);
  await checked(reader, 'public');
  await context.close();
});
