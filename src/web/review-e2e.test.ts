import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { Browser, Download, Page } from 'playwright-core';
import { loadDemo } from '../imports/demo.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { fillDate, launchChromium, noChromium, signedInTab } from '../test/browser.ts';
import { SCREENSHOT_DIR, signedInAs, testApp } from '../test/web.ts';

/**
 * A scrutiny review run end to end in a real browser, as a scrutiny officer would run one on the
 * demo council with DfE's published figures loaded: scope it, plan and minute five meetings,
 * record an action, issue an evidence pack, decide the proposed findings, make recommendations,
 * record the cabinet member's response, evaluate, and open every document. Then a scrutiny member
 * (a viewer) reads it. Screenshots of each page go beside the others in test-output/screenshots/.
 */

const skip = noChromium;
const PUBLISHED_FILE = resolve(import.meta.dirname, '../../reference/dfe/csww_indicators_2017_to_2024.csv');
const OFFICER = 'scrutiny.officer@e2e.example';
const MEMBER = 'cllr.member@e2e.example';

let app: FastifyInstance;
let close: () => Promise<void>;
let browser: Browser;
let baseUrl: string;

before(async () => {
  if (skip) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  ({ app, close } = await testApp());
  const demo = await loadDemo(app.db);
  if (existsSync(PUBLISHED_FILE)) {
    await importBenchmarks(app.db, { fileName: 'csww_indicators_2017_to_2024.csv', bytes: readFileSync(PUBLISHED_FILE) });
  }
  await signedInAs(app, 'analyst', { email: OFFICER, displayName: 'Sam Officer', authorities: [demo.authorityCode] });
  await signedInAs(app, 'viewer', { email: MEMBER, displayName: 'Cllr Member', authorities: [demo.authorityCode] });
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

function signIn(email: string): Promise<Page> {
  return signedInTab(browser, baseUrl, email, { acceptDownloads: true });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator('main').getByRole('button', { name: button, exact: true }).first().click()]);
}

async function download(page: Page, link: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('main').getByRole('link', { name: link }).first().click()]);
  return file;
}

async function bytesOf(file: Download): Promise<Buffer> {
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let reviewUrl = '';

test('an officer scopes a review, holds five meetings, issues a pack, decides findings, makes recommendations and evaluates', { skip }, async () => {
  const page = await signIn(OFFICER);
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await page.locator('main').getByRole('button', { name: 'Start a review' }).click();
    await page.getByLabel('Start a scrutiny review').fill('Recruitment and retention of children’s social workers');
    await submit(page, 'Continue');
    await page.waitForURL(/\/reviews\/\d+\/scope$/);
    reviewUrl = page.url().replace(/\/scope$/, '');

    // The scope, section by section, as a council's scoping document has them.
    await page
      .getByLabel('Objectives')
      .fill('Understand why children’s social workers leave Northbridge\nReduce reliance on agency social workers\nRecommend a package to recruit and keep experienced staff');
    await page.locator('#indicator_description_0').fill('Turnover (FTE) falls to 14% or below');
    await page.locator('#indicator_measure_0').selectOption('turnover_rate_fte');
    await page.locator('#indicator_baseline_0').fill('16.2');
    await page.locator('#indicator_target_0').fill('14');
    await page.locator('#indicator_description_1').fill('Agency use falls below 12%');
    await page.locator('#indicator_measure_1').selectOption('agency_rate_fte');
    await page.locator('#indicator_baseline_1').fill('16.2');
    await page.locator('#indicator_target_1').fill('12');
    await page.getByLabel('What is in scope').fill('Qualified children’s social workers employed by the council or through agencies.');
    await page.getByLabel('What is excluded').fill('Adult social care; residential staff.');
    await page.getByLabel('Linked strategies and policies').fill('Children’s workforce strategy 2024-27; agency rules (DfE statutory guidance 2024).');
    for (const method of ['Meetings with senior managers', 'Focus groups with staff', 'Review of exit interviews', "Review of other councils' policies"]) await page.getByLabel(method).check();
    for (const group of ['Newly qualified social workers (ASYE)', 'Established social workers', 'Team managers']) await page.getByLabel(group).check();
    await page.locator('#risk_0').fill('Staff may not speak freely in focus groups');
    await page.locator('#risk_management_0').fill('Independent facilitator; comments not attributed');
    await page.getByLabel('Equality and diversity implications').fill('Focus groups will include staff of each ethnicity, age and gender in the workforce.');
    await fillDate(page, 'key_date_0', '2026-01-14');
    await page.locator('#key_date_event_0').fill('First meeting');
    await fillDate(page, 'key_date_1', '2026-06-10');
    await page.locator('#key_date_event_1').fill('Report to Executive Board');
    await page.getByLabel('Anticipated number of meetings').fill('5');
    await page.getByLabel('Scrutiny board').fill('Children and Families Scrutiny Board');
    await page.getByLabel('Cabinet member portfolio(s)').fill('Children’s Services');
    await page.getByLabel('Reporting route').fill('Scrutiny Board, then Executive Board');
    await page.getByLabel('Report of').fill('Head of Democratic Services');
    await page.getByLabel('Contact officer').fill('Sam Officer, Scrutiny Officer, sam.officer@northbridge.example');
    await shot(page, '20-review-scope-form');
    await submit(page, 'Save the scope');
    await page.waitForURL(reviewUrl);
    assert.match(await mainText(page), /Scope saved/);
    assert.match(await mainText(page), /Turnover \(FTE\) falls to 14% or below/);

    // Five meetings, each with the information the committee wants and who brings it.
    const meetings = [
      ['2026-01-14', 'Scoping and the workforce picture', 'Turnover, vacancies and agency use for five years', 'Head of HR'],
      ['2026-02-11', 'Why social workers leave: exit interviews', 'Exit interview analysis', 'Principal Social Worker'],
      ['2026-03-11', 'Focus groups with staff', 'Focus group notes', 'Workforce Development Manager'],
      ['2026-04-08', 'What other councils do', 'Market supplements in neighbouring councils', 'Head of HR'],
      ['2026-05-13', 'Conclusions and recommendations', 'Costs of the options', 'Finance Business Partner'],
    ];
    for (const [date, subject, item, officer] of meetings) {
      await page.goto(`${reviewUrl}/meetings/new`);
      await fillDate(page, 'date', date!);
      await page.getByLabel('Subject').fill(subject!);
      await page.locator('#info_item_0').fill(item!);
      await page.locator('#info_officer_0').fill(officer!);
      await page.getByLabel('Officers attending').fill('Director of Children’s Services\nHead of Service, Children’s Social Work');
      await submit(page, 'Save meeting');
      await page.waitForURL(/\/meetings\/\d+$/);
    }
    const meetingOne = page.url().replace(/\/meetings\/\d+$/, '/meetings');
    await page.goto(meetingOne);
    assert.match(await mainText(page), /5 held or planned of 5 anticipated/);

    // Minutes of the first meeting, and an action that is already late.
    await page.locator('main').getByRole('link', { name: 'Meeting 1' }).click();
    await page.locator('main').getByRole('button', { name: 'Record the minutes' }).click();
    await page.getByLabel('Present').fill('Cllr Ahmed (Chair)\nCllr Brown\nCllr Clarke');
    await page.getByLabel('Apologies').fill('Cllr Davies');
    await page.locator('#item_notes_0').fill('Turnover is 16.2% and agency use has risen to 16.2% of FTE.');
    await page.locator('#item_resolutions_0').fill('That the exit interview analysis come to meeting 2.');
    await submit(page, 'Save minutes');
    assert.match(await mainText(page), /Cllr Ahmed \(Chair\)/);
    await shot(page, '21-review-meeting-minutes');
    assert.equal((await bytesOf(await download(page, 'PDF minutes of meeting 1'))).subarray(0, 5).toString(), '%PDF-');

    await page.goto(`${reviewUrl}/meetings`);
    await page.getByLabel('Action', { exact: true }).fill('Circulate the exit interview summary');
    await page.getByLabel('Owner').fill('Principal Social Worker');
    await fillDate(page, 'dueDate', '2026-01-28');
    await page.getByLabel('Arising from').selectOption({ label: 'Meeting 1' });
    await submit(page, 'Add action');
    assert.match(await mainText(page), /Circulate the exit interview summary/);

    // An evidence pack for meeting 2, frozen at issue.
    await page.locator('#pack_title').fill('Workforce data pack for meeting 2');
    await fillDate(page, 'asOf', '2025-12-31');
    await page.getByLabel('For meeting').selectOption({ label: 'Meeting 2: Why social workers leave: exit interviews' });
    await submit(page, 'Issue pack');
    await page.waitForURL(/\/packs\/\d+$/);
    const pack = await mainText(page);
    assert.match(pack, /census year 2025/);
    assert.match(pack, /Why people left/);
    assert.match(pack, /northbridge-workers\.csv/);
    await shot(page, '22-review-evidence-pack');
    const packPdf = await download(page, 'PDF of this evidence pack');
    assert.equal((await bytesOf(packPdf)).subarray(0, 5).toString(), '%PDF-');

    // Findings proposed from the 2024 figures (DfE's latest published year), decided one by one.
    await page.goto(`${reviewUrl}/findings`);
    await page.getByLabel('Propose findings from the figures for').selectOption('2024');
    await submit(page, 'Propose findings');
    const proposedCards = page.locator('main .govuk-summary-card');
    const proposed = await proposedCards.count();
    assert.ok(proposed >= 3, `${proposed} findings proposed`);
    // Turnover is proposed as a trend; against England only beyond chance (the demo's is within it).
    assert.match(await mainText(page), /Turnover rate \(FTE\): 2022/);
    await shot(page, '23-review-findings-proposed');
    // Accept the first with edited words, reject the next, accept the rest as written.
    const first = proposedCards.first();
    await first.locator('textarea').fill('Caseloads of social workers are higher than in England as a whole.');
    await Promise.all([page.waitForLoadState('load'), first.getByRole('button', { name: /^Accept/ }).click()]);
    await Promise.all([
      page.waitForLoadState('load'),
      proposedCards
        .first()
        .getByRole('button', { name: /^Reject/ })
        .click(),
    ]);
    while ((await proposedCards.count()) > 0) {
      await Promise.all([
        page.waitForLoadState('load'),
        proposedCards
          .first()
          .getByRole('button', { name: /^Accept/ })
          .click(),
      ]);
    }
    await page.getByLabel('Finding', { exact: true }).fill('Newly qualified social workers value protected caseloads and want them kept.');
    await page.getByLabel('Evidence (optional)').fill('Focus group with ASYE social workers, 11 March 2026');
    await page.getByRole('radio', { name: 'Strength' }).check();
    await submit(page, 'Add finding');
    const swot = await page.locator('.retain-swot').innerText();
    assert.match(swot, /Caseloads of social workers are higher than in England as a whole/);
    assert.match(swot, /protected caseloads/);
    await shot(page, '24-review-swot');

    // Recommendations, with the cabinet member's response and the money.
    const recommendations = [
      ['Introduce a market supplement of £3,000 a year for experienced social workers in hard-to-fill teams', '350000', 'accepted'],
      ['Create ten advanced practitioner posts as a career pathway', '120000', 'partly_accepted'],
    ];
    for (const [text, money, response] of recommendations) {
      await page.goto(`${reviewUrl}/recommendations/new`);
      await page.getByLabel('Recommendation', { exact: true }).fill(text!);
      await page.getByLabel('Investment per year, in pounds (optional)').fill(money!);
      await page.getByLabel('Financial implications').fill('Funded from the reduction in agency spend (invest to save).');
      await page.locator(`input[name="response"][value="${response}"]`).check();
      await fillDate(page, 'decisionDate', '2026-06-24');
      await page.getByLabel('Owner (optional)').fill('Director of Children’s Services');
      await page.getByLabel('Implementation').selectOption('in_progress');
      await page.getByLabel('Add a progress update (optional)').fill('Agreed by Executive Board on 24 June 2026.');
      await submit(page, 'Save recommendation');
      await page.waitForURL(/\/recommendations#recommendation-\d+$/);
    }
    assert.match(await mainText(page), /£470,000 a year/);
    await fillDate(page, 'recommendationsAgreedOn', '2025-06-24');
    await submit(page, 'Save date');
    await shot(page, '25-review-recommendations');

    // The evaluation date (12 months after agreement) has passed: each indicator against live figures.
    await page.goto(`${reviewUrl}/evaluation`);
    const evaluation = await mainText(page);
    assert.match(evaluation, /The evaluation date, 24 June 2026, has come/);
    assert.match(evaluation, /Turnover \(FTE\) falls to 14% or below .* (Met|Not met)/);
    await shot(page, '26-review-evaluation');

    // Every document opens: Word files hold the sections, PDFs are PDFs.
    await page.goto(reviewUrl);
    await shot(page, '27-review-overview');
    for (const [label, heading] of [
      ['Word (DOCX) scoping document', 'Barriers and risks'],
      ['Word (DOCX) committee report', 'Recommendations'],
      ['Word (DOCX) evaluation report', 'Indicators of success'],
    ] as const) {
      const zip = await JSZip.loadAsync(await bytesOf(await download(page, label)));
      const xml = await zip.file('word/document.xml')!.async('string');
      assert.ok(xml.includes(heading), `${label} has ${heading}`);
    }
    for (const label of ['PDF scoping document', 'PDF committee report', 'PDF evaluation report']) {
      assert.equal((await bytesOf(await download(page, label))).subarray(0, 5).toString(), '%PDF-', label);
    }
  } finally {
    await page.context().close();
  }
});

test('a scrutiny member reads the review and its pack but is offered nothing to change', { skip }, async () => {
  assert.ok(reviewUrl, 'the officer’s review exists');
  const page = await signIn(MEMBER);
  try {
    await page.goto(reviewUrl);
    assert.match(await mainText(page), /Recruitment and retention of children’s social workers/);
    assert.equal(await page.locator('main form[method="post"]').count(), 0);
    await page.goto(`${reviewUrl}/meetings`);
    await page.locator('main').getByRole('link', { name: 'Workforce data pack for meeting 2' }).click();
    const pack = await mainText(page);
    assert.match(pack, /Small numbers are suppressed/);
    await shot(page, '28-review-pack-as-member');
    await page.goto(`${reviewUrl}/scope`);
    assert.match(await page.title(), /permission/i);
  } finally {
    await page.context().close();
  }
});
