import { reportProgress, setReportRoute, setReviewPublished } from '../commands/recommendation-tracking.ts';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { savePendingUpload } from '../db/pending-uploads.ts';
import { addAction, addEvidence, addMeeting, addProposedFindings, addRecommendation, createReview, decideFinding, issuePack, listFindings, saveMinutes, updateRecommendation } from '../db/reviews.ts';
import { buildEvidencePack } from '../reports/review-pack.ts';
import { axeRoute, axeViolations, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver, buildScope, buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, TEST_PASSWORD, testApp } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { setStatedDataRunsTo } from '../db/coverage.ts';

/**
 * Every page, run through axe-core in headless Chromium. To cover a new page, add a line here.
 * `url` may use {adminId}; `as` is who looks (default admin: the layout with every link);
 * `submit` posts the page's last form with these fields first, to check error summaries and banners.
 */
export interface A11yPage {
  url: string;
  as?: 'admin' | 'analyst' | 'viewer' | 'anonymous';
  submit?: Record<string, string>;
}

const PAGES: A11yPage[] = [
  { url: '/sign-in', as: 'anonymous' },
  { url: '/sign-in', as: 'anonymous', submit: {} },
  { url: '/no-such-page', as: 'anonymous' },
  { url: '/no-such-page' },
  { url: '/dashboard' },
  { url: '/dashboard', as: 'viewer' },
  { url: '/dashboard?year=2024', as: 'analyst' },
  { url: '/dashboard?year=1999' },
  { url: '/admin/users', as: 'viewer' },
  { url: '/authority' },
  { url: '/authority', submit: {} },
  { url: '/account' },
  { url: '/account/password' },
  { url: '/account/password', submit: {} },
  { url: '/account/tokens' },
  { url: '/account/tokens', submit: { name: 'Report script' } },
  { url: '/admin/users' },
  { url: '/admin/users/new' },
  { url: '/admin/users/new', submit: {} },
  { url: '/admin/users/{adminId}' },
  { url: '/admin/users/{adminId}/edit' },
  { url: '/admin/audit' },
  { url: '/api' },
  { url: '/api', as: 'anonymous' },
  { url: '/workforce' },
  { url: '/workforce', as: 'analyst' },
  { url: '/workforce?q=A11Y&status=in_post&on=2024-02-30' },
  { url: '/workforce?page=2' },
  { url: '/workforce/A11Y%2F1' },
  { url: '/workforce/I1' },
  { url: '/imports' },
  { url: '/imports', as: 'analyst' },
  { url: '/reviews' },
  { url: '/reviews', as: 'viewer' },
  { url: '/reviews/new' },
  { url: '/reviews/new', submit: {} },
  { url: '/reviews/{reviewId}' },
  { url: '/reviews/{reviewId}', as: 'viewer' },
  { url: '/reviews/{reviewId}/scope' },
  { url: '/reviews/{reviewId}/scope', submit: { title: '', indicator_target_0: 'fourteen' } },
  { url: '/reviews/{reviewId}/meetings' },
  { url: '/reviews/{reviewId}/meetings', as: 'viewer' },
  { url: '/reviews/{reviewId}/meetings', submit: { 'asOf-day': 'soon' } },
  { url: '/reviews/{reviewId}/meetings/new' },
  { url: '/reviews/{reviewId}/actions/{actionId}/edit' },
  { url: '/reviews/{reviewId}/actions/{actionId}/edit', submit: { 'dueDate-day': 'soon' } },
  { url: '/reviews/{reviewId}/actions/{actionId}/edit', submit: { ownerEmail: 'not an email' } },
  { url: '/reviews/{reviewId}/meetings/{meetingId}' },
  { url: '/reviews/{reviewId}/meetings/{meetingId}/minutes' },
  { url: '/reviews/{reviewId}/meetings/{meetingId}/minutes', submit: { present: '' } },
  { url: '/reviews/{reviewId}/packs/{packId}', as: 'viewer' },
  { url: '/reviews/{reviewId}/findings' },
  { url: '/reviews/{reviewId}/findings', as: 'viewer' },
  { url: '/reviews/{reviewId}/recommendations' },
  { url: '/reviews/{reviewId}/recommendations/new' },
  { url: '/reviews/{reviewId}/recommendations/new', submit: {} },
  { url: '/reviews/{reviewId}/evaluation', as: 'viewer' },
  { url: '/imports', submit: {} },
  // Issue 15: the tracker, a review's tracking, the executive's response, a recommendation's progress, the public page.
  { url: '/tracker' },
  { url: '/tracker', as: 'viewer' },
  { url: '/tracker', submit: { referencePrefix: 'C Y P' } },
  { url: '/tracker/reminders' },
  { url: '/reviews/{reviewId}/tracking' },
  { url: '/reviews/{reviewId}/tracking', as: 'viewer' },
  { url: '/reviews/{reviewId}/response' },
  { url: '/reviews/{reviewId}/recommendations/{recommendationId}/progress' },
  { url: '/reviews/{reviewId}/recommendations/{recommendationId}/progress', as: 'viewer' },
  { url: '/reviews/{reviewId}/recommendations/{recommendationId}/progress', submit: { leadOfficerEmail: 'not an email' } },
  { url: '/reviews/{reviewId}/packs/{packId}' },
  { url: '/published/reviews/{reviewId}', as: 'anonymous' },
  { url: '/imports/preview/{badUploadId}' },
  { url: '/imports/preview/{goodUploadId}' },
];

const skip = noChromium;

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;
// One tab per kind of visitor, reused: a fresh tab and a fresh parse of axe cost about a second each.
const tabs = {} as Record<NonNullable<A11yPage['as']>, Page>;
const ids = {} as Record<string, string>;

before(async () => {
  if (skip) return;
  ({ app, close } = await testApp({ extraRoutes: [axeRoute] }));
  await addTestAuthority(app.db, 'A01', 'Axeshire Council');
  await addTestAuthority(app.db, 'A02', 'Keyboard Borough Council');
  const admin = await signedInAs(app, 'admin', { email: 'admin@a11y.example' });
  await signedInAs(app, 'analyst', { email: 'analyst@a11y.example', authorities: ['A01'] });
  await signedInAs(app, 'viewer', { email: 'viewer@a11y.example', authorities: ['A01'] });
  await seed(app);
  ids.adminId = String(admin.user.id);
  // localhost, not 127.0.0.1: browsers keep Secure cookies for http://localhost.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  // bypassCSP lets the test inject axe; the pages themselves run under the real policy.
  tabs.anonymous = await (await browser.newContext({ bypassCSP: true })).newPage();
  tabs.admin = await signedInTab(browser, baseUrl, 'admin@a11y.example', { bypassCSP: true });
  tabs.analyst = await signedInTab(browser, baseUrl, 'analyst@a11y.example', { bypassCSP: true });
  tabs.viewer = await signedInTab(browser, baseUrl, 'viewer@a11y.example', { bypassCSP: true });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await close();
});

/** Data for the pages to show: add what new pages need (authority A01 is everyone's). */
async function seed(app: FastifyInstance): Promise<void> {
  // The workforce register: two pages, a worker with two posts, a leaver, an agency worker.
  await insertTestWorkers(app.db, 'A01', [
    ...Array.from({ length: 60 }, (_, i) => buildWorker({ workerId: `A11Y-${String(i).padStart(2, '0')}`, team: i % 2 ? 'North' : 'South' })),
    buildLeaver('2024-03-31', { workerId: 'A11Y/1', team: 'North', role: 'team_manager', localRole: 'Team Manager', startDate: '2019-04-01' }),
    buildWorker({ workerId: 'A11Y/1', sweNumber: 'SW1234', team: 'South', role: 'middle_manager', localRole: 'Service Manager', startDate: '2024-04-01', dateOfBirth: '1980-02-03' }),
    buildWorker({ workerId: 'A11Y-AG', agency: true, fte: 0.5 }),
  ]);
  // Imports: one in the history, and two uploads waiting for the admin (one with problems, one valid).
  const good = 'worker_id,agency,role,team,fte,start_date,notes\r\nI1,no,Social Worker,North,1,2022-01-01,x\r\n';
  const bad = 'worker_id,agency,role,team,fte,start_date,end_date\r\nI2,maybe,Astronaut,North,2,2022-13-01,\r\nI3,no,ASYE,South,1,2022-01-01,2023-01-01\r\n';
  await importWorkers(app.db, { authorityCode: 'A01', fileName: 'history.csv', bytes: good, importedBy: 'admin@a11y.example' });
  // A second import that changes I1, so its page has changes between imports.
  await importWorkers(app.db, { authorityCode: 'A01', fileName: 'history-2.csv', bytes: good.replace('North,1', 'South,0.8'), importedBy: 'admin@a11y.example' });
  const admin = await app.db.selectFrom('users').select('id').where('email', '=', 'admin@a11y.example').executeTakeFirstOrThrow();
  const upload = (fileName: string, text: string) => savePendingUpload(app.db, { userId: admin.id, authorityCode: 'A01', kind: 'workers', fileName, bytes: Buffer.from(text) });
  ids.badUploadId = (await upload('bad.csv', bad)).id;
  ids.goodUploadId = (await upload('good.csv', good)).id;

  // A scrutiny review with something in every part: scope, a minuted meeting, an overdue action,
  // a pack, findings of each status, a recommendation with progress, and an evidence file.
  const review = await createReview(app.db, 'A01', {
    title: 'Retention review',
    scope: buildScope({ risks: [{ risk: 'Low turnout', management: 'Evening sessions' }], keyDates: [{ date: '2026-01-14', event: 'First meeting' }] }),
    createdBy: null,
  });
  const meeting = await addMeeting(app.db, 'A01', review.id, {
    date: '2026-01-14',
    subject: 'The workforce picture',
    informationRequired: [{ item: 'Turnover by team', officer: 'Head of HR' }],
    officersAttending: ['Director of Children’s Services'],
  });
  await saveMinutes(app.db, 'A01', review.id, meeting.id, { present: ['Cllr A'], officers: ['DCS'], apologies: [], items: [{ title: 'Data', notes: 'Discussed', resolutions: 'Noted' }] });
  const action = await addAction(app.db, 'A01', review.id, { meetingId: meeting.id, description: 'Send exit interview summary', owner: 'Head of HR', dueDate: '2020-01-01' });
  ids.actionId = String(action.id);
  // The extract runs to 1 October 2025, so the pack's census year (2025) is complete.
  await setStatedDataRunsTo(app.db, 'A01', '2025-10-01', 'admin@a11y.example');
  const built = await buildEvidencePack(app.db, 'A01', { asOf: '2025-10-01' });
  const pack = await issuePack(app.db, 'A01', review.id, { ...built, meetingId: meeting.id, asOf: '2025-10-01', title: 'Pack 1', issuedBy: 'admin@a11y.example' });
  await addProposedFindings(app.db, 'A01', review.id, [
    { ruleId: 'a', swot: 'weakness', statement: 'Turnover is above England', evidence: '18% v 16%' },
    { ruleId: 'b', swot: 'strength', statement: 'Caseloads are low', evidence: '14 v 16' },
    { ruleId: 'c', swot: 'threat', statement: 'Agency use is rising', evidence: '10% to 14%' },
  ]);
  const [, accepted, rejected] = await listFindings(app.db, 'A01', review.id);
  await decideFinding(app.db, 'A01', review.id, accepted!.id, { status: 'accepted', decidedBy: null });
  await decideFinding(app.db, 'A01', review.id, rejected!.id, { status: 'rejected', decidedBy: null });
  const recommendation = await addRecommendation(app.db, 'A01', review.id, {
    text: 'Introduce a market supplement',
    addressedTo: 'Cabinet Member for Children’s Services',
    response: 'accepted',
    responseReasons: '',
    decisionDate: '2026-04-01',
    owner: 'Head of Workforce',
    financialImplications: 'Funded from agency savings',
    investmentPerYear: 250000,
    implementationStatus: 'in_progress',
    progressReviewDate: null,
  });
  await updateRecommendation(app.db, 'A01', review.id, recommendation.id, { ...recommendation }, { date: '2026-05-01', text: 'First payments made' });
  await addEvidence(app.db, 'A01', review.id, { kind: 'focus_group', title: 'NQSW focus group', notes: 'Valued protected caseloads', file: null, addedBy: null });
  // Tracked (issue 15): the report went to the executive, progress reported, the review published.
  const officer = { userId: null, email: 'admin@a11y.example' };
  await setReportRoute(app.db, { authorityCode: 'A01', reviewId: review.id, referencePrefix: null, sentToExecutiveOn: '2026-03-01' }, officer);
  await reportProgress(
    app.db,
    {
      authorityCode: 'A01',
      reviewId: review.id,
      recommendationId: recommendation.id,
      change: { status: 'slipped', revisedDate: '2026-12-31', reason: 'Budget setting', note: 'Delayed to the new financial year' },
      today: '2026-06-01',
    },
    officer,
  );
  await setReviewPublished(app.db, { authorityCode: 'A01', reviewId: review.id, published: true }, officer);
  ids.recommendationId = String(recommendation.id);
  ids.reviewId = String(review.id);
  ids.meetingId = String(meeting.id);
  ids.packId = String(pack.id);
}

for (const entry of PAGES) {
  const who = entry.as ?? 'admin';
  const name = `${entry.url}${entry.submit ? ' after submitting its form' : ''}, seen by ${who}, has no accessibility violations`;
  test(name, { skip }, async () => {
    const page = tabs[who];
    {
      const url = entry.url.replace(/\{(\w+)\}/g, (_, key: string) => ids[key] ?? key);
      await page.goto(`${baseUrl}${url}`);
      if (entry.submit) {
        for (const [field, value] of Object.entries(entry.submit)) await page.locator(`main [name="${field}"]`).fill(value);
        await Promise.all([page.waitForLoadState('load'), page.locator('main form[method="post"]').last().locator('button[type="submit"], button:not([type])').first().click()]);
      }
      assert.match(await page.title(), /Retain$/);
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      assert.deepEqual(await axeViolations(page), []);
    }
  });
}

test('a keyboard user can skip to the content, sign in and sign out', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/sign-in`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to main content');
    await page.keyboard.press('Enter');
    await tabUntil(page, (el) => el.id === 'email');
    await page.keyboard.type('admin@a11y.example');
    await tabUntil(page, (el) => el.id === 'password');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/dashboard`);
    await tabUntil(page, (el) => el.textContent?.trim() === 'Sign out');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sign-in/);
    assert.match(await page.content(), /You have signed out/);
  } finally {
    await context.close();
  }
});

test('without JavaScript, a user can sign in and create an API token', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill('#email', 'viewer@a11y.example');
    await page.fill('#password', TEST_PASSWORD);
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${baseUrl}/dashboard`);
    await page.goto(`${baseUrl}/account/tokens`);
    await page.fill('#name', 'No script');
    await page.click('main form[action="/account/tokens"] button');
    await page.waitForURL(`${baseUrl}/account/tokens`);
    assert.match(await page.content(), /API token “No script” created/);
  } finally {
    await context.close();
  }
});

/** Presses Tab until the focused element matches; fails after 40 presses. */
async function tabUntil(page: Page, matches: (el: HTMLElement) => boolean): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(`(${matches.toString()})(document.activeElement)`);
    if (found) return;
  }
  assert.fail('never reached the element by keyboard');
}
