import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addRecommendationAction, recordExecutiveResponse, reportProgress, setRecommendationOwner, setReportRoute } from '../commands/recommendation-tracking.ts';
import { addRecommendation } from '../commands/review-outcomes.ts';
import { startReview } from '../commands/reviews.ts';
import { listAudit } from '../db/audit.ts';
import { reconciliationFor, validateCensusReturn } from '../reports/census-return.ts';
import { buildLeaver, buildRecommendationFields, buildScope, buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

/**
 * The recommendations tracker and the census return in the JSON API (issues 15 and 16): the
 * tracker with the page's filters, one recommendation's tracking, the return's validation and the
 * reconciliation, as an analyst and as a viewer. Reply shapes are checked by api-contract.test.ts;
 * small figures in the words by disclosure-scan.test.ts.
 */

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
let reviewId: number;
let otherReviewId: number;
const ids: number[] = [];
const CODE = 'ATR';
const OTHER = 'ATX';
const actor = { userId: null, email: 'officer@test.example' };
const api = `/api/v1/authorities/${CODE}`;

const FIELDS = buildRecommendationFields({ owner: '' });

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, CODE, 'Apitrack Council');
  await addTestAuthority(app.db, OTHER, 'Elsewhere Council');
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });
  viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  const scope = (board: string) => buildScope({ reportingDate: '2025-07-10', scrutinyBoard: board });
  reviewId = (await startReview(app.db, { authorityCode: CODE, title: 'Keeping our social workers', scope: scope('Children and Young People Scrutiny Committee') }, actor)).id;
  for (const text of ['Introduce a retention payment', 'Create advanced practitioner posts', 'Review exit interviews'])
    ids.push((await addRecommendation(app.db, { authorityCode: CODE, reviewId, fields: { ...FIELDS, text } }, actor)).id);
  await setReportRoute(app.db, { authorityCode: CODE, reviewId, referencePrefix: 'CYP', sentToExecutiveOn: '2025-09-15' }, actor);
  await recordExecutiveResponse(
    app.db,
    {
      authorityCode: CODE,
      reviewId,
      respondedOn: '2025-10-20',
      responses: [
        { recommendationId: ids[0]!, response: 'accepted', reasons: '', decisionReference: 'CAB 25/41' },
        { recommendationId: ids[1]!, response: 'partly_accepted', reasons: 'Two posts first', decisionReference: 'CAB 25/41' },
        { recommendationId: ids[2]!, response: 'rejected', reasons: 'Already done', decisionReference: 'CAB 25/41' },
      ],
    },
    actor,
  );
  await setRecommendationOwner(
    app.db,
    { authorityCode: CODE, reviewId, recommendationId: ids[0]!, leadOfficer: 'Jo Bloggs', leadOfficerEmail: 'jo.bloggs@council.example', targetDate: '2026-03-31' },
    actor,
  );
  const slipped = await reportProgress(
    app.db,
    {
      authorityCode: CODE,
      reviewId,
      recommendationId: ids[0]!,
      change: { status: 'slipped', revisedDate: '2026-09-30', reason: 'Budget agreed late', note: 'Consultation ran over' },
      today: '2025-12-01',
    },
    actor,
  );
  assert.deepEqual(slipped, { ok: true });
  await addRecommendationAction(
    app.db,
    { authorityCode: CODE, reviewId, recommendationId: ids[0]!, description: 'Draft the payment scheme', owner: 'HR business partner', ownerEmail: 'hr.bp@council.example', dueDate: '2026-01-31' },
    actor,
  );
  // Another board's review, its report not yet gone to the executive.
  otherReviewId = (await startReview(app.db, { authorityCode: CODE, title: 'Agency spend', scope: scope('Corporate Scrutiny Board') }, actor)).id;
  await addRecommendation(app.db, { authorityCode: CODE, reviewId: otherReviewId, fields: { ...FIELDS, text: 'Cap agency rates' } }, actor);

  // For the census return: 12 employed case holders in post and 2 leavers in the year to 30 September 2025.
  await insertTestWorkers(app.db, CODE, [
    ...Array.from({ length: 12 }, (_, i) => buildWorker({ team: 'North', cases: 10 + i, startDate: i < 4 ? '2024-11-04' : '2019-04-01' })),
    buildLeaver('2025-03-31', { team: 'North' }),
    buildLeaver('2025-06-30', { team: 'North', fte: 0.6 }),
  ]);
});

after(() => close());

test('the tracker lists every recommendation with its reference, status and RAG colour, and the response clocks', async () => {
  const response = await analyst.get(`${api}/tracker`);
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.total, 4);
  assert.deepEqual(body.filter, { committee: null, status: null, year: null, owner: null });
  assert.deepEqual(
    body.recommendations.map((r: { reference: string; trackerStatus: string; rag: string | null }) => [r.reference, r.trackerStatus, r.rag]),
    [
      ['SCR 2025/26-01', 'slipped', 'amber'],
      ['SCR 2025/26-02', 'not_reported', null],
      ['SCR 2025/26-03', 'not_reported', null],
      ['SCR 2025/26-04', 'awaiting', null],
    ],
  );
  assert.equal(body.counts.slipped, 1);
  assert.equal(body.counts.not_reported, 2);
  assert.equal(body.counts.achieved, 0);
  const first = body.recommendations[0];
  assert.equal(first.dueBy, '2026-09-30');
  assert.equal(first.targetDate, '2026-03-31');
  assert.equal(first.leadOfficerEmail, 'jo.bloggs@council.example');
  assert.equal(first.latestUpdate.text, 'Consultation ran over');
  assert.equal(first.latestUpdate.by, 'officer@test.example');
  assert.deepEqual(
    body.responseClocks.map((c: { reviewId: number; state: string; dueDate: string }) => [c.reviewId, c.state, c.dueDate]),
    [[reviewId, 'responded', '2025-11-15']],
  );
});

test('the tracker filters as the page does: committee, status, municipal year (2025/26 or 2025) and lead officer', async () => {
  const references = async (query: string) => {
    const response = await analyst.get(`${api}/tracker?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().recommendations.map((r: { reference: string }) => r.reference);
  };
  assert.deepEqual(await references(`committee=${encodeURIComponent('Corporate Scrutiny Board')}`), ['SCR 2025/26-04']);
  assert.deepEqual(await references('status=not_reported'), ['SCR 2025/26-02', 'SCR 2025/26-03']);
  assert.deepEqual(await references('owner=JO%20BLOGGS'), ['SCR 2025/26-01']);
  assert.equal((await references('year=2025/26')).length, 4);
  assert.deepEqual(await references('year=2025'), await references('year=2025/26'));
  assert.deepEqual(await references('year=2024'), []);
  const filtered = (await analyst.get(`${api}/tracker?year=2025/26&status=awaiting`)).json();
  assert.deepEqual(filtered.filter, { committee: null, status: 'awaiting', year: 2025, owner: null });
  assert.equal(filtered.total, 4, 'the total is before filtering');

  for (const [query, code] of [
    ['status=finished', 'invalid_parameter'],
    ['year=2025/27', 'invalid_year'],
    ['year=2025&year=2026', 'invalid_year'],
  ]) {
    const refused = await analyst.get(`${api}/tracker?${query}`);
    assert.equal(refused.statusCode, 400, query);
    assert.equal(refused.json().code, code, query);
  }
});

test('one recommendation’s tracking: its timeline, the review’s response clock, the monitoring reviews and its actions', async () => {
  const response = await analyst.get(`${api}/reviews/${reviewId}/recommendations/${ids[0]}`);
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.recommendation.reference, 'SCR 2025/26-01');
  assert.equal(body.recommendation.status, 'slipped');
  assert.equal(body.recommendation.statusText, 'Slipped');
  assert.equal(body.recommendation.slipReason, 'Budget agreed late');
  assert.deepEqual(
    body.recommendation.updates.map((u: { status?: string; revisedDate?: string; reason?: string }) => [u.status, u.revisedDate, u.reason]),
    [['slipped', '2026-09-30', 'Budget agreed late']],
  );
  assert.equal(body.responseClock.state, 'responded');
  assert.equal(body.responseClock.sentOn, '2025-09-15');
  assert.equal(body.responseClock.respondedOn, '2025-10-20');
  assert.deepEqual(
    body.monitoring.map((m: { stage: string; dueDate: string }) => [m.stage, m.dueDate]),
    [
      ['six_month', '2026-04-20'],
      ['twelve_month', '2026-10-20'],
    ],
  );
  assert.deepEqual(
    body.actions.map((a: { description: string; owner: string; ownerEmail: string | null; status: string }) => [a.description, a.owner, a.ownerEmail, a.status]),
    [['Draft the payment scheme', 'HR business partner', 'hr.bp@council.example', 'open']],
  );

  // A recommendation of another review, or of none, is not found; another council's is refused.
  for (const url of [`${api}/reviews/${otherReviewId}/recommendations/${ids[0]}`, `${api}/reviews/${reviewId}/recommendations/999999`, `${api}/reviews/x/recommendations/1`]) {
    const missing = await analyst.get(url);
    assert.equal(missing.statusCode, 404, url);
    assert.equal(missing.json().code, 'not_found');
  }
  assert.equal((await analyst.get(`/api/v1/authorities/${OTHER}/reviews/${reviewId}/recommendations/${ids[0]}`)).statusCode, 403);
  assert.equal((await analyst.get(`/api/v1/authorities/${OTHER}/tracker`)).statusCode, 403);
});

test('viewers get no lead officer’s email and not who recorded an update', async () => {
  const tracker = (await viewer.get(`${api}/tracker`)).json();
  assert.equal(tracker.total, 4);
  assert.ok(tracker.recommendations.every((r: { leadOfficerEmail: string | null }) => r.leadOfficerEmail === null));
  assert.equal(tracker.recommendations[0].leadOfficer, 'Jo Bloggs');
  assert.equal('by' in tracker.recommendations[0].latestUpdate, false);
  const one = (await viewer.get(`${api}/reviews/${reviewId}/recommendations/${ids[0]}`)).json();
  assert.equal(one.recommendation.leadOfficerEmail, null);
  assert.deepEqual(
    one.actions.map((a: { owner: string; ownerEmail: string | null }) => [a.owner, a.ownerEmail]),
    [['HR business partner', null]],
  );
  assert.ok(one.recommendation.updates.every((u: object) => !('by' in u)));
  assert.doesNotMatch(JSON.stringify(one), /@/);
});

test('the census return’s validation is for analysts, as the CLI gives it, and audited', async () => {
  const response = await analyst.get(`${api}/census-return/validation?year=2025`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  const expected = await validateCensusReturn(app.db, CODE, 2025, new Date());
  assert.equal(body.censusYear, 2025);
  assert.equal(body.errors, expected.errors);
  assert.equal(body.queries, expected.queries);
  assert.ok(body.errors > 0, 'the council-level answers are missing, so the return has errors');
  assert.deepEqual(
    body.failures.map((f: { code: string; workerId: string | null }) => [f.code, f.workerId]),
    expected.entries.map((e) => [e.code, e.workerId]),
  );
  assert.ok(body.notHeld.some((item: { element: string }) => item.element === 'NoAgencyHeadcount'));
  assert.equal(body.yearOnYear.checks.length, expected.yearOnYear.checks.length);
  const [entry] = (await listAudit(app.db, { limit: 1, offset: 0, action: 'census_return.validation_viewed' })).entries;
  assert.equal(entry?.authorityCode, CODE);

  assert.equal((await viewer.get(`${api}/census-return/validation?year=2025`)).statusCode, 403);
  for (const query of ['', '?year=2019', '?year=25']) {
    const refused = await analyst.get(`${api}/census-return/validation${query}`);
    assert.equal(refused.statusCode, 400, query);
    assert.equal(refused.json().code, 'invalid_year');
  }
});

test('the reconciliation: analysts get every figure and explanation; viewers have figures from fewer than 5 people withheld and no records', async () => {
  const full = (await analyst.get(`${api}/census-return/reconciliation?year=2025`)).json();
  const expected = await reconciliationFor(app.db, CODE, 2025, true);
  assert.equal(full.published, false);
  const leavers = (body: { measures: Array<{ field: string; ours: number | null; status: string }> }) => body.measures.find((m) => m.field === 'leavers_headcount')!;
  assert.equal(leavers(full).ours, 2);
  assert.deepEqual(
    full.measures.map((m: { field: string; ours: number | null }) => [m.field, m.ours]),
    expected.rows.map((r) => [r.field, r.ours]),
  );
  assert.deepEqual(full.suppressed, []);

  const limited = (await viewer.get(`${api}/census-return/reconciliation?year=2025`)).json();
  assert.equal(leavers(limited).ours, null);
  assert.equal(leavers(limited).status, 'withheld');
  assert.ok(limited.suppressed.includes('leavers_headcount') && limited.suppressed.includes('turnover_rate_fte'));
  assert.equal(limited.measures.find((m: { field: string }) => m.field === 'inpost_headcount').ours, 12);
  assert.deepEqual(limited.explanations, []);
  assert.doesNotMatch(JSON.stringify(limited), /worker_id/);
});
