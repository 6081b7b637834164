import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { addFinding, addProposedFindings, addRecommendation, createReview, issuePack, listFindings, addMeeting } from '../db/reviews.ts';
import { suppressedFields } from '../domain/disclosure.ts';
import { computeCensusFiguresBy, RATE_FIELDS } from '../domain/measures.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { importWorkers } from '../imports/run-import.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersForAuthority } from '../db/workers.ts';
import { proposeFindingsFor } from '../reports/findings.ts';
import { reviewDossier } from '../reports/review-dossier.ts';
import { committeeReport, evaluationReport } from '../reports/review-documents.ts';
import { buildEvidencePack } from '../reports/review-pack.ts';
import { buildScope } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { renderReviewDocumentHtml } from './review-documents.ts';
import { recordExecutiveResponse, reportProgress, setRecommendationOwner, setReportRoute, setReviewPublished } from '../commands/recommendation-tracking.ts';

/**
 * Issue 7, item 3: nothing built from fewer than 5 people reaches a viewer or a committee
 * document. A council with small teams and roles (a Fostering team of 3 employed and 2 agency
 * workers whose 3 leavers gave no reason; two team managers), officers who propose and write
 * findings that quote those figures ("5 in post, 2 of them agency", "3 of 3 leavers"), and then
 * every page, API response and document a scrutiny member or committee can get is scanned for a
 * figure built from fewer than 5 people: the small groups' rates, and counts of 1 to 4 people in
 * sentences.
 */

let app: FastifyInstance;
let close: () => Promise<void>;
let viewer: TestSession;
let analyst: TestSession;
let reviewId: number;
let packId: number;
let meetingId: number;
let recommendationId: number;
const CODE = 'SCAN';
/** The small groups' rates, as pages write them ("111.5%"), each with where it comes from. */
let withheldRates: Map<string, string>;

function csvRows(): string {
  const rows: string[] = ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason,cases'];
  let id = 0;
  const add = (agency: boolean, role: string, team: string, fte: number, start: string, end = '', reason = '') => {
    id += 1;
    rows.push([`S${String(id).padStart(4, '0')}`, agency ? 'yes' : 'no', role, team, fte, start, end, end ? reason || 'resignation' : '', 12].join(','));
  };
  for (const [team, size, leaversPerYear] of [
    ['Assessment', 30, 6],
    ['Child Protection', 26, 7],
  ] as const) {
    for (let i = 0; i < size; i += 1) add(false, 'case_holder', team, 1, '2018-01-08');
    for (let i = 0; i < 6; i += 1) add(true, 'case_holder', team, 1, '2021-02-01');
    for (const year of [2022, 2023, 2024]) {
      for (let i = 0; i < leaversPerYear + (year - 2022); i += 1) add(false, 'case_holder', team, 1, '2018-01-08', `${year}-0${(i % 8) + 1}-1${i % 9}`);
    }
  }
  // Fostering: 3 employed in post (2.6 FTE) and 2 agency, so "5 in post, 2 of them agency".
  add(false, 'case_holder', 'Fostering', 1, '2019-04-01');
  add(false, 'case_holder', 'Fostering', 1, '2019-04-01');
  add(false, 'case_holder', 'Fostering', 0.6, '2019-04-01');
  add(true, 'case_holder', 'Fostering', 1, '2023-01-09');
  add(true, 'case_holder', 'Fostering', 1, '2023-01-09');
  // ... whose 3 leavers in 2024 (2.9 FTE) gave no reason: "3 of 3 leavers".
  for (const fte of [1, 1, 0.9]) add(false, 'case_holder', 'Fostering', fte, '2019-04-01', '2024-05-31', 'not_known');
  // Two team managers: a role of 2.
  add(false, 'team_manager', 'Assessment', 1, '2017-09-04');
  add(false, 'team_manager', 'Child Protection', 0.8, '2017-09-04', '2024-02-29');
  return `${rows.join('\n')}\n`;
}

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, CODE, 'Smallbury Council');
  const imported = await importWorkers(app.db, { authorityCode: CODE, fileName: 'smallbury.csv', bytes: csvRows(), importedBy: 'test', dataRunsTo: '2024-10-31' });
  assert.equal(imported.ok, true, JSON.stringify(imported));
  viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });

  // The oracle: every rate of a team or role built from 1 to 4 people, in any year.
  const [workers, vacancies] = await Promise.all([workersForAuthority(app.db, CODE), vacanciesForAuthority(app.db, CODE)]);
  withheldRates = new Map();
  for (const censusYear of [2022, 2023, 2024]) {
    for (const by of ['team', 'role'] as const) {
      for (const group of computeCensusFiguresBy({ workers: workers as WorkerRecord[], vacancies, censusYear }, by)) {
        const hidden = suppressedFields(group.people);
        for (const field of RATE_FIELDS) {
          const value = group.measures[field];
          // 0% and 100% are everywhere (a stability index of 100.0% for a team of 6): too common to tell apart.
          if (hidden.has(field) && value !== null && value !== 0 && value !== 100) withheldRates.set(`${(Math.round(value * 10) / 10).toFixed(1)}%`, `${group.group} ${field} ${censusYear}`);
        }
      }
    }
  }
  assert.ok(withheldRates.has('43.5%') && withheldRates.has('111.5%'), `the Fostering team's figures are withheld: ${[...withheldRates.keys()].join(', ')}`);

  // A review: proposed findings from the rules, an old proposal and officer findings that quote small figures.
  const review = await createReview(app.db, CODE, { title: 'Fostering and assessment workforce', scope: buildScope(), createdBy: null });
  reviewId = review.id;
  meetingId = (await addMeeting(app.db, CODE, reviewId, { date: '2025-01-15', subject: 'Leavers', informationRequired: [], officersAttending: [] })).id;
  const built = await buildEvidencePack(app.db, CODE, { asOf: '2025-01-10' });
  packId = (await issuePack(app.db, CODE, reviewId, { ...built, meetingId, asOf: '2025-01-10', title: 'Pack for meeting 1', issuedBy: 'test' })).id;
  await addProposedFindings(app.db, CODE, reviewId, await proposeFindingsFor(app.db, CODE, 2024));
  await addProposedFindings(app.db, CODE, reviewId, [
    { ruleId: 'old-rule', swot: 'weakness', statement: 'Leaver data is not being collected: 3 of 3 leavers (100.0%) have no recorded reason.', evidence: 'Leavers 2024, Fostering: 3' },
  ]);
  await addFinding(app.db, CODE, reviewId, {
    swot: 'threat',
    statement: 'Agency workers fill 43.5% of social work FTE in the Fostering team (5 in post, 2 of them agency).',
    evidence: 'Turnover in Fostering was 111.5%: 3 of 3 leavers gave no reason.',
    decidedBy: 'officer@example.org',
  });
  recommendationId = (
    await addRecommendation(app.db, CODE, reviewId, {
      text: 'Replace the 2 agency workers in Fostering with permanent staff, and recruit two social workers.',
      addressedTo: 'Cabinet member',
      response: 'awaiting',
      responseReasons: '',
      decisionDate: null,
      owner: 'Head of service',
      financialImplications: '',
      investmentPerYear: null,
      implementationStatus: 'not_started',
      progressReviewDate: null,
    })
  ).id;
  // Issue 15: the recommendation tracked and the review published; a progress update and a slip reason quote small counts.
  const officer = { userId: null, email: 'officer@example.org' };
  await setReportRoute(app.db, { authorityCode: CODE, reviewId, referencePrefix: null, sentToExecutiveOn: '2025-02-03' }, officer);
  await recordExecutiveResponse(
    app.db,
    { authorityCode: CODE, reviewId, respondedOn: '2025-03-20', responses: [{ recommendationId, response: 'accepted', reasons: 'Agreed: 2 posts first', decisionReference: 'CAB 25/1' }] },
    officer,
  );
  await setRecommendationOwner(app.db, { authorityCode: CODE, reviewId, recommendationId, leadOfficer: 'Head of service', leadOfficerEmail: '', targetDate: '2025-09-30' }, officer);
  const slip = await reportProgress(
    app.db,
    {
      authorityCode: CODE,
      reviewId,
      recommendationId,
      change: { status: 'slipped', revisedDate: '2026-03-31', reason: 'Only 1 of the 2 agency workers would move', note: '3 of 3 leavers in Fostering gave no reason; 2 agency workers remain.' },
      today: '2025-10-01',
    },
    officer,
  );
  assert.deepEqual(slip, { ok: true });
  await setReviewPublished(app.db, { authorityCode: CODE, reviewId, published: true }, officer);
});

after(() => close());

const SMALL_COUNT_IN_SENTENCE =
  /(?<![\d.,£])\b[1-4]\s+of\s+(?:them|these|those|(?:the\s+)?(?:\d+\s+)?(?:leavers?|agency|workers?|people|staff|starters?))|(?<![\d.,£])\b[1-4]\s+(?:(?:agency|employed)\s+)?(?:leavers?|agency|workers?|in\s+post|people|staff)\b/gi;

/** Every figure built from fewer than 5 people in a text, with a little context for the failure message. */
function smallFiguresIn(text: string): string[] {
  const found: string[] = [];
  const context = (index: number, length: number) => text.slice(Math.max(0, index - 60), index + length + 40).replace(/\s+/g, ' ');
  for (const match of text.matchAll(SMALL_COUNT_IN_SENTENCE)) found.push(`"${match[0]}" in …${context(match.index, match[0].length)}…`);
  for (const match of text.matchAll(/(?<![\d.])\d+\.\d%/g)) {
    const source = withheldRates.get(match[0]);
    if (source) found.push(`${match[0]} (${source}) in …${context(match.index, match[0].length)}…`);
  }
  return found;
}

function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&quot;/g, '"');
}

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return htmlText((await zip.file('word/document.xml')!.async('string')).replace(/<\/w:p>/g, '\n'));
}

/** JSON: its strings as text, and each unrounded rate checked at one decimal place as pages show it. */
function jsonFigures(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return smallFiguresIn(value).map((found) => `${path}: ${found}`);
  if (typeof value === 'number' && !Number.isInteger(value)) {
    const source = withheldRates.get(`${(Math.round(value * 10) / 10).toFixed(1)}%`);
    return source ? [`${path} = ${value} (${source})`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonFigures(item, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => jsonFigures(item, `${path}.${key}`));
  return [];
}

test('no page, API response or document a scrutiny member or committee can get quotes a figure built from fewer than 5 people', async () => {
  const problems: string[] = [];
  const base = `/reviews/${reviewId}`;
  const pages = [
    '/dashboard',
    `/dashboard?authority=${CODE}&year=2024`,
    `/dashboard?authority=${CODE}&year=2023`,
    '/reviews',
    base,
    `${base}/meetings`,
    `${base}/meetings/${meetingId}`,
    `${base}/findings`,
    `${base}/recommendations`,
    `${base}/evaluation`,
    `${base}/packs/${packId}`,
    `${base}/packs/${packId}/pack.html`,
    '/census-return?year=2024',
    '/census-return/reconciliation?year=2024',
    '/census-return/reconciliation?year=2023',
    // Issue 15: the tracker, the review's tracking and a recommendation's progress.
    '/tracker',
    `${base}/tracking`,
    `${base}/recommendations/${recommendationId}/progress`,
  ];
  for (const url of pages) {
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 200, url);
    problems.push(...smallFiguresIn(htmlText(response.body)).map((found) => `${url}: ${found}`));
  }
  for (const table of ['headline', 'trends', 'team', 'role', 'retention']) {
    const url = `/dashboard/export/${table}.csv?authority=${CODE}&year=2024`;
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 200, url);
    problems.push(...smallFiguresIn(response.body).map((found) => `${url}: ${found}`));
  }

  for (const url of ['/tracker/export.csv']) {
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 200, url);
    problems.push(...smallFiguresIn(response.body).map((found) => `${url}: ${found}`));
  }
  // The published review, read by anyone without signing in, and its documents.
  const published = await app.inject({ url: `/published/reviews/${reviewId}` });
  assert.equal(published.statusCode, 200);
  problems.push(...smallFiguresIn(htmlText(published.body)).map((found) => `public page: ${found}`));
  for (const url of [`/published/reviews/${reviewId}/report.docx`, `/published/reviews/${reviewId}/evaluation.docx`]) {
    const response = await app.inject({ url });
    assert.equal(response.statusCode, 200, url);
    problems.push(...smallFiguresIn(await docxText(response.rawPayload)).map((found) => `${url}: ${found}`));
  }

  const api = `/api/v1/authorities/${CODE}`;
  for (const url of [
    `${api}/metrics?year=2024`,
    `${api}/metrics?year=2024&by=team`,
    `${api}/metrics?year=2024&by=role`,
    `${api}/metrics/series`,
    `${api}/compare?year=2024`,
    `${api}/retention?date=2024-09-30`,
    `${api}/reviews`,
    `${api}/reviews/${reviewId}`,
    // Issues 15 and 16: the tracker, a recommendation's tracking and the reconciliation with DfE's row.
    `${api}/tracker`,
    `${api}/reviews/${reviewId}/recommendations/${recommendationId}`,
    `${api}/census-return/reconciliation?year=2024`,
    `${api}/census-return/reconciliation?year=2023`,
  ]) {
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 200)}`);
    problems.push(...jsonFigures(response.json()).map((found) => `${url} ${found}`));
  }
  // The return's validation names workers: not for viewers at all.
  assert.equal((await viewer.get(`${api}/census-return/validation?year=2024`)).statusCode, 403);

  // Documents for committee, downloaded by a scrutiny member and by an officer alike.
  for (const session of [viewer, analyst]) {
    for (const url of [`${base}/report.docx`, `${base}/scoping.docx`, `${base}/evaluation.docx`, `${base}/meetings/${meetingId}/minutes.docx`]) {
      const response = await session.get(url);
      assert.equal(response.statusCode, 200, url);
      problems.push(...smallFiguresIn(await docxText(response.rawPayload)).map((found) => `${session.user.role} ${url}: ${found}`));
    }
  }
  // The PDFs print these HTML documents (Chromium is not needed to read what they say).
  const committee = (await reviewDossier(app.db, CODE, reviewId, '2025-02-01', { personalDataAllowed: false }))!;
  for (const doc of [committeeReport(committee), evaluationReport(committee)]) {
    problems.push(...smallFiguresIn(htmlText(await renderReviewDocumentHtml(app.views, doc))).map((found) => `${doc.kind} print HTML: ${found}`));
  }

  assert.deepEqual(problems, []);
});

test('scrutiny members see accepted findings only, with small figures as [c]; officers see every finding with a warning', async () => {
  const findings = await listFindings(app.db, CODE, reviewId);
  assert.ok(findings.some((f) => f.status === 'proposed' && f.ruleId === 'old-rule'));
  const forViewer = await viewer.get(`/reviews/${reviewId}/findings`);
  assert.doesNotMatch(forViewer.body, /Leaver data is not being collected: /);
  assert.match(forViewer.body, /Agency workers fill \[c\] of social work FTE in the Fostering team \(5 in post, \[c\] of them agency\)/);
  const api = (await viewer.get(`/api/v1/authorities/${CODE}/reviews/${reviewId}`)).json() as { findings: { status: string }[] };
  assert.ok(api.findings.length > 0 && api.findings.every((f) => f.status === 'accepted'));
  assert.equal('withheldFigures' in api, false);

  const forOfficer = await analyst.get(`/reviews/${reviewId}/findings`);
  assert.match(forOfficer.body, /3 of 3 leavers/);
  assert.match(forOfficer.body, /This finding quotes “3”, “3”/);

  // Writing a finding that quotes a small figure warns the officer.
  const written = await analyst.post(`/reviews/${reviewId}/findings`, { statement: 'Only 2 agency workers stayed longer than a year.', evidence: '', swot: 'weakness' });
  assert.equal(written.statusCode, 303);
  const next = await analyst.get(`/reviews/${reviewId}/findings`);
  assert.match(next.body, /quotes a figure built from fewer than 5 people/);
});
