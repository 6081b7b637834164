import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDemo } from '../imports/demo.ts';
import { testDatabase } from '../test/db.ts';
import { DEMO_REVIEW_TITLE, loadDemoReview } from './demo-review.ts';
import { reviewDossier } from './review-dossier.ts';
import { trackerRecords } from '../db/recommendation-tracking.ts';
import { responseClocks } from './recommendation-tracker.ts';

test('the demo council comes with a review part way through, added once', async () => {
  const { db, close } = await testDatabase();
  try {
    const { authorityCode } = await loadDemo(db);
    const first = await loadDemoReview(db, authorityCode);
    assert.equal(first.created, true);
    assert.deepEqual(await loadDemoReview(db, authorityCode), { created: false, reviewId: null });

    const dossier = (await reviewDossier(db, authorityCode, first.reviewId!, '2025-12-01'))!;
    assert.equal(dossier.review.title, DEMO_REVIEW_TITLE);
    assert.equal(dossier.meetings.length, 5);
    assert.equal(dossier.meetings.filter((m) => m.minutes !== null).length, 2);
    assert.deepEqual(
      dossier.actions.filter((a) => a.overdue).map((a) => a.description),
      ['Send members the leaving reasons by team'],
    );
    assert.equal(dossier.packs.length, 1);
    assert.equal(dossier.latestPack?.censusYear, 2025);
    assert.ok(dossier.findings.filter((f) => f.status === 'accepted').length >= 2);
    assert.equal(dossier.findings.filter((f) => f.status === 'proposed').length, 1, 'one left for the user to decide');
    assert.deepEqual(
      dossier.recommendations.map((r) => r.response),
      ['accepted', 'partly_accepted'],
    );
    // Tracked (issue 15): the board's references, the executive's response in time, progress reported.
    const tracked = await trackerRecords(db, authorityCode, { reviewId: first.reviewId! });
    assert.deepEqual(
      tracked.map((r) => [r.reference, r.status]),
      [
        ['CFS 2026/27-01', 'on_track'],
        ['CFS 2026/27-02', null],
      ],
    );
    const [clock] = await responseClocks(db, authorityCode, '2026-12-01', { reviewId: first.reviewId! });
    assert.equal(clock!.state, 'responded');
    assert.equal(dossier.evaluation.date, '2027-04-22');
    // Indicator baselines are the demo's own 2025 figures, so the evaluation has something to compare.
    assert.ok(dossier.review.scope.indicators[0]!.baseline! > 0);
  } finally {
    await close();
  }
});
