import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { after, before, test } from 'node:test';
import type { Db, OpenDatabase } from '../db/database.ts';
import { listAudit } from '../db/audit.ts';
import { getReviewTracking, trackerRecords } from '../db/recommendation-tracking.ts';
import { getRecommendation } from '../db/reviews.ts';
import { formatProblem } from '../imports/problems.ts';
import { trackerTable } from '../reports/recommendation-tracker.ts';
import { tableToCsv } from '../reports/tables.ts';
import { buildRecommendationFields, buildScope } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';
import type { Actor } from './actor.ts';
import {
  recordExecutiveResponse,
  recordMonitoringReview,
  reportProgress,
  saveScrutinySettings,
  setRecommendationOwner,
  setReportRoute,
  setReviewPublished,
  uploadTracker,
} from './recommendation-tracking.ts';
import { addRecommendation } from './review-outcomes.ts';
import { startReview } from './reviews.ts';
import { trackerRows } from '../reports/recommendation-tracker.ts';

let opened: OpenDatabase;
let db: Db;
const CODE = 'TRK';
const officer: Actor = { userId: null, email: 'scrutiny@council.example' };
let reviewId: number;
const ids: number[] = [];

const FIELDS = buildRecommendationFields();

before(async () => {
  opened = await testDatabase();
  db = opened.db;
  await addTestAuthority(db, CODE, 'Trackshire');
  await saveScrutinySettings(db, { authorityCode: CODE, referencePrefix: 'CYP', responseMonths: 2 }, officer);
  const review = await startReview(
    db,
    { authorityCode: CODE, title: 'Keeping our social workers', scope: buildScope({ reportingDate: '2025-09-10', scrutinyBoard: 'Children and Young People Scrutiny Committee' }) },
    officer,
  );
  reviewId = review.id;
  for (const text of ['Introduce a retention payment', 'Create a career pathway', 'Cap caseloads at 18']) {
    ids.push((await addRecommendation(db, { authorityCode: CODE, reviewId, fields: { ...FIELDS, text } }, officer)).id);
  }
});
after(() => opened.close());

async function csvOfTracker(): Promise<string> {
  return tableToCsv(trackerTable(await trackerRows(db, CODE, { personalDataAllowed: true })));
}

/** The downloaded tracker with some cells typed over, as an officer would: edits by reference, then column label. */
async function editedTracker(edits: Record<string, Record<string, string>>): Promise<Buffer> {
  const rows = parse(await csvOfTracker()) as string[][];
  const header = rows[0]!;
  for (const row of rows.slice(1)) {
    for (const [label, value] of Object.entries(edits[row[0]!] ?? {})) row[header.indexOf(label)] = value;
  }
  return Buffer.from(rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')).join('\n'));
}

test('a tracker runs from the report going to the executive, through its response, to progress and the 6-month review', async () => {
  assert.equal(await setReportRoute(db, { authorityCode: CODE, reviewId, referencePrefix: null, sentToExecutiveOn: '2025-09-15' }, officer), true);
  assert.equal((await getReviewTracking(db, CODE, reviewId))!.sentToExecutiveOn, '2025-09-15');
  assert.equal(
    await recordExecutiveResponse(
      db,
      {
        authorityCode: CODE,
        reviewId,
        respondedOn: '2025-11-04',
        responses: [
          { recommendationId: ids[0]!, response: 'accepted', reasons: '', decisionReference: 'CAB 2025/112' },
          { recommendationId: ids[1]!, response: 'partly_accepted', reasons: 'Two posts, not ten', decisionReference: 'CAB 2025/112' },
          { recommendationId: ids[2]!, response: 'noted', reasons: 'Caseloads are managed by the weighting tool', decisionReference: 'CAB 2025/112' },
        ],
      },
      officer,
    ),
    true,
  );
  const set = await setRecommendationOwner(
    db,
    { authorityCode: CODE, reviewId, recommendationId: ids[0]!, leadOfficer: 'Head of Service', leadOfficerEmail: 'hos@council.example', targetDate: '2026-03-31' },
    officer,
  );
  assert.deepEqual(set, { ok: true });
  const slipped = await reportProgress(
    db,
    { authorityCode: CODE, reviewId, recommendationId: ids[0]!, change: { status: 'slipped', revisedDate: '2026-09-30', reason: 'Pay review first', note: '' }, today: '2026-02-01' },
    officer,
  );
  assert.deepEqual(slipped, { ok: true });
  const [first] = await trackerRecords(db, CODE, { reviewId });
  assert.deepEqual(
    [first!.reference, first!.status, first!.targetDate, first!.revisedDate, first!.slipReason, first!.decisionReference],
    ['CYP 2025/26-01', 'slipped', '2026-03-31', '2026-09-30', 'Pay review first', 'CAB 2025/112'],
  );
  // The documents' older status follows.
  assert.equal((await getRecommendation(db, CODE, reviewId, ids[0]!))!.implementationStatus, 'in_progress');
  // The target date agreed stays once progress is reported.
  const moved = await setRecommendationOwner(db, { authorityCode: CODE, reviewId, recommendationId: ids[0]!, leadOfficer: 'Head of Service', leadOfficerEmail: '', targetDate: '2026-12-31' }, officer);
  assert.equal(moved?.ok, false);
  // A noted recommendation's progress is not followed.
  const noted = await reportProgress(
    db,
    { authorityCode: CODE, reviewId, recommendationId: ids[2]!, change: { status: 'on_track', revisedDate: null, reason: '', note: '' }, today: '2026-02-01' },
    officer,
  );
  assert.equal(noted?.ok, false);
  assert.equal(
    await recordMonitoringReview(db, { authorityCode: CODE, reviewId, stage: 'six_month', heldOn: '2026-05-04', conclusion: 'Satisfied with progress; revisit the payment at 12 months.' }, officer),
    true,
  );
  assert.deepEqual((await getReviewTracking(db, CODE, reviewId))!.held.six_month, { heldOn: '2026-05-04', conclusion: 'Satisfied with progress; revisit the payment at 12 months.' });
  const actions = (await listAudit(db, { limit: 50, offset: 0 })).entries.map((e) => e.action);
  for (const action of ['review.sent_to_executive', 'review.executive_response', 'recommendation.owner_set', 'recommendation.progress', 'review.monitoring_review'])
    assert.ok(actions.includes(action), action);
});

test('an uploaded tracker with one bad row changes nothing; the corrected file changes every row it names', async () => {
  const downloaded = await csvOfTracker();
  assert.equal(
    downloaded.split('\r\n')[0],
    'Reference,Review,Committee,Recommendation,Executive member,Response,Decision reference,Lead officer,Lead officer email,Target date,Status,Revised date,Slip reason,Last update date,Last update',
  );
  const before = await trackerRecords(db, CODE, { reviewId });
  const bad = await editedTracker({ 'CYP 2025/26-01': { Status: 'Achieved' }, 'CYP 2025/26-02': { Status: 'On track', 'Revised date': '2027-01-01' } });
  const refused = await uploadTracker(db, { authorityCode: CODE, fileName: 'tracker.csv', bytes: bad, today: '2026-06-01' }, officer);
  assert.equal(refused.ok, false);
  assert.deepEqual(!refused.ok && refused.problems.map(formatProblem), ['tracker.csv:3:Revised date: Only give a revised date when the status is Slipped']);
  assert.deepEqual(await trackerRecords(db, CODE, { reviewId }), before, 'nothing changed');

  const good = await editedTracker({ 'CYP 2025/26-01': { Status: 'Achieved' }, 'CYP 2025/26-02': { Status: 'On track', 'Last update': 'Two posts advertised' } });
  const uploaded = await uploadTracker(db, { authorityCode: CODE, fileName: 'tracker.csv', bytes: good, today: '2026-06-01' }, officer);
  assert.deepEqual(uploaded.ok && [uploaded.changed, uploaded.unchanged, uploaded.references], [2, 1, ['CYP 2025/26-01', 'CYP 2025/26-02']]);
  const after = await trackerRecords(db, CODE, { reviewId });
  assert.deepEqual(
    after.map((r) => [r.reference, r.status, r.revisedDate]),
    [
      ['CYP 2025/26-01', 'achieved', '2026-09-30'],
      ['CYP 2025/26-02', 'on_track', null],
      ['CYP 2025/26-03', null, null],
    ],
  );
  assert.deepEqual(after[1]!.updates.at(-1), { date: '2026-06-01', text: 'Two posts advertised', status: 'on_track', by: 'scrutiny@council.example (upload: tracker.csv)' });
  // Uploaded again, the same file changes nothing more.
  const again = await uploadTracker(db, { authorityCode: CODE, fileName: 'tracker.csv', bytes: Buffer.from(await csvOfTracker()), today: '2026-06-02' }, officer);
  assert.deepEqual(again.ok && [again.changed, again.unchanged], [0, 3]);
});

test('a review is published only once its report has gone to the executive, and unpublishing is audited', async () => {
  const draft = await startReview(db, { authorityCode: CODE, title: 'Draft', scope: buildScope() }, officer);
  assert.equal(await setReviewPublished(db, { authorityCode: CODE, reviewId: draft.id, published: true }, officer), 'not_sent');
  assert.equal(await setReviewPublished(db, { authorityCode: CODE, reviewId, published: true }, officer), 'published');
  assert.ok((await getReviewTracking(db, CODE, reviewId))!.publishedAt);
  assert.equal(await setReviewPublished(db, { authorityCode: CODE, reviewId, published: false }, officer), 'unpublished');
  assert.equal((await getReviewTracking(db, CODE, reviewId))!.publishedAt, null);
  const [latest] = (await listAudit(db, { limit: 1, offset: 0, action: 'review.unpublished' })).entries;
  assert.equal(latest!.details.reviewId, reviewId);
  assert.equal(await setReviewPublished(db, { authorityCode: 'NOPE', reviewId, published: true }, officer), null);
});
