import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { formatReference, nextReference, type RecommendationReference } from '../domain/recommendation-tracking.ts';
import { addRecommendation, createReview, issuePack } from './reviews.ts';
import { markPackSuperseded, packSupersessions, saveScrutinySettings, trackerRecords } from './recommendation-tracking.ts';
import type { Db, OpenDatabase } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { buildRecommendationFields, buildScope } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';

let opened: OpenDatabase;
let db: Db;

before(async () => {
  opened = await testDatabase();
  db = opened.db;
  await addTestAuthority(db, 'R01', 'Refshire');
  await addTestAuthority(db, 'R02', 'Otherton');
});
after(() => opened.close());

const FIELDS = buildRecommendationFields();

async function reviewReportingOn(code: string, reportingDate: string, prefix: string | null = null): Promise<number> {
  const review = await createReview(db, code, { title: `Review reporting ${reportingDate}`, scope: buildScope({ reportingDate }), createdBy: null });
  if (prefix) await db.updateTable('reviews').set({ reference_prefix: prefix }).where('id', '=', review.id).execute();
  return review.id;
}

test('each recommendation is given the next reference of its committee and municipal year as it is written, as the domain rule says', async () => {
  await saveScrutinySettings(db, 'R01', { referencePrefix: 'CYP', responseMonths: 2 });
  const first = await reviewReportingOn('R01', '2025-07-15');
  const second = await reviewReportingOn('R01', '2026-03-31');
  const nextYear = await reviewReportingOn('R01', '2026-04-01');
  const adults = await reviewReportingOn('R01', '2025-07-15', 'ADULTS');
  const other = await reviewReportingOn('R02', '2025-07-15');
  const taken: RecommendationReference[] = [];
  const expected: string[] = [];
  for (const [reviewId, prefix, on] of [
    [first, 'CYP', '2025-07-15'],
    [first, 'CYP', '2025-07-15'],
    [second, 'CYP', '2026-03-31'],
    [nextYear, 'CYP', '2026-04-01'],
    [adults, 'ADULTS', '2025-07-15'],
  ] as const) {
    const reference = nextReference(prefix, on, taken);
    taken.push(reference);
    expected.push(formatReference(reference));
    await addRecommendation(db, 'R01', reviewId, FIELDS);
  }
  await addRecommendation(db, 'R02', other, FIELDS);
  const references = (await trackerRecords(db, 'R01')).map((r) => r.reference);
  assert.deepEqual([...references].sort(), [...expected].sort());
  assert.deepEqual(expected, ['CYP 2025/26-01', 'CYP 2025/26-02', 'CYP 2025/26-03', 'CYP 2026/27-01', 'ADULTS 2025/26-01']);
  // Another council numbers its own, under the default prefix.
  assert.deepEqual(
    (await trackerRecords(db, 'R02')).map((r) => r.reference),
    ['SCR 2025/26-01'],
  );
});

test('recommendations made before references existed are given them by the migration, in the order they were made', async () => {
  const migrator = new Migrator({ db, provider: migrationProvider });
  // Back to before 0016, whatever later migrations there are (each undone on the way).
  const down = await migrator.migrateTo('0015_census_return');
  assert.equal(down.error, undefined);
  assert.equal(down.results?.at(-1)?.migrationName, '0016_recommendation_tracking');
  assert.ok(down.results?.every((r) => r.direction === 'Down' && r.status === 'Success'));
  await sql`delete from review_recommendations where authority_code = 'R01'`.execute(db);
  const review = await createReview(db, 'R01', { title: 'Old review', scope: buildScope({ reportingDate: '2024-11-20' }), createdBy: null });
  for (const number of [1, 2]) {
    await sql`insert into review_recommendations (authority_code, review_id, number, text, addressed_to) values ('R01', ${review.id}, ${number}, ${`Old ${number}`}, 'Cabinet')`.execute(db);
  }
  const up = await migrator.migrateToLatest();
  assert.equal(up.error, undefined);
  const records = await trackerRecords(db, 'R01', { reviewId: review.id });
  assert.deepEqual(
    records.map((r) => [r.text, r.reference]),
    [
      ['Old 1', 'SCR 2024/25-01'],
      ['Old 2', 'SCR 2024/25-02'],
    ],
  );
  // New ones carry on after them.
  await addRecommendation(db, 'R01', review.id, FIELDS);
  assert.equal((await trackerRecords(db, 'R01', { reviewId: review.id })).at(-1)!.reference, 'SCR 2024/25-03');
});

test('a response may be noted, and anything else outside the list is refused by the database', async () => {
  const review = await reviewReportingOn('R01', '2025-09-01');
  const noted = await addRecommendation(db, 'R01', review, { ...FIELDS, response: 'noted' });
  assert.equal(noted.response, 'noted');
  await assert.rejects(addRecommendation(db, 'R01', review, { ...FIELDS, response: 'ignored' as never }), /check constraint/);
});

test('an issued pack is marked superseded once, and its figures are never touched', async () => {
  const review = await reviewReportingOn('R01', '2025-09-01');
  const pack = await issuePack(db, 'R01', review, {
    meetingId: null,
    asOf: '2025-08-31',
    censusYear: 2025,
    title: 'Pack 1',
    content: { figures: [1, 2, 3] },
    sources: [],
    issuedBy: 'officer@example.org',
  });
  assert.equal(await markPackSuperseded(db, 'R01', review, pack.id, 'officer@example.org', 'Workers file corrected'), true);
  assert.equal(await markPackSuperseded(db, 'R01', review, pack.id, 'someone@example.org', 'Again'), false);
  assert.equal(await markPackSuperseded(db, 'R02', review, pack.id, 'someone@example.org', 'Other council'), false);
  const marks = await packSupersessions(db, 'R01', review);
  assert.deepEqual({ ...marks.get(pack.id)!, at: typeof marks.get(pack.id)!.at }, { at: 'string', by: 'officer@example.org', reason: 'Workers file corrected' });
  const row = await db.selectFrom('review_packs').select(['content', 'title']).where('id', '=', pack.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { content: { figures: [1, 2, 3] }, title: 'Pack 1' });
});
