import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startReview } from '../commands/reviews.ts';
import { listAudit } from '../db/audit.ts';
import { listMeetings, listPacks } from '../db/reviews.ts';
import { buildScope } from '../test/builders.ts';
import { seedTestshire } from '../test/dashboard.ts';
import { signedInAs, testApp, type TestSession } from '../test/web.ts';

/**
 * Issue 15, item 7: the review forms as a new user finds them. Dates in GOV.UK's three boxes (a
 * date typed whole is still read); numbers typed in words or with a % explained in plain English;
 * an indicator of success tied to one team or role; an evidence pack previewed, with the census
 * year it will report, before it is issued, and an issued pack marked superseded, kept as it was.
 */

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
let reviewId: number;
const CODE = 'T1';

before(async () => {
  ({ app, close } = await testApp());
  await seedTestshire(app.db, CODE);
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });
  viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  reviewId = (await startReview(app.db, { authorityCode: CODE, title: 'Teams under pressure', scope: buildScope() }, { userId: null, email: 'setup@test.example' })).id;
});
after(() => close());

/** The scope form as the page posts it, with these fields changed. */
function scopeBody(fields: Record<string, string>): Record<string, string> {
  return {
    title: 'Teams under pressure',
    objectives: 'Keep staff',
    indicator_description_0: 'Turnover in Big falls',
    indicator_measure_0: 'turnover_rate_fte',
    indicator_baseline_0: '30',
    indicator_target_0: '25',
    ...fields,
  };
}

test('numbers typed in words or with a % sign are explained in plain English', async () => {
  const response = await analyst.post(`/reviews/${reviewId}/scope`, scopeBody({ indicator_baseline_0: 'twenty', indicator_target_0: '15%', anticipatedMeetings: 'five' }));
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Enter indicator 1’s baseline in digits, like 18\.5, not in words/);
  assert.match(response.body, /Enter indicator 1’s target without the % sign, like 15/);
  assert.match(response.body, /Enter the number of meetings in digits, like 5, not in words/);
  assert.doesNotMatch(response.body, /NaN|expected number/);
});

test('an indicator tied to a team is evaluated on that team’s figures, withheld from scrutiny members when the team is small', async () => {
  const saved = await analyst.post(
    `/reviews/${reviewId}/scope`,
    scopeBody({
      indicator_group_0: 'team:Big',
      indicator_description_1: 'Caseloads in Tiny fall',
      indicator_measure_1: 'caseload_fte',
      indicator_target_1: '20',
      indicator_group_1: 'team:Tiny',
      indicator_description_2: 'Fewer managers leave',
      indicator_measure_2: 'turnover_rate_fte',
      indicator_target_2: '10',
      indicator_group_2: 'role:nonsense',
    }),
  );
  assert.equal(saved.statusCode, 400, 'a role that is not one of the list is refused');
  assert.match(saved.body, /Select who indicator 3 is for from the list/);
  assert.equal(
    (
      await analyst.post(
        `/reviews/${reviewId}/scope`,
        scopeBody({ indicator_group_0: 'team:Big', indicator_description_1: 'Caseloads in Tiny fall', indicator_measure_1: 'caseload_fte', indicator_target_1: '20', indicator_group_1: 'team:Tiny' }),
      )
    ).statusCode,
    303,
  );
  const form = await analyst.get(`/reviews/${reviewId}/scope`);
  assert.match(form.body, /<option value="team:Big" selected>Team: Big<\/option>/);
  const seen = await viewer.get(`/reviews/${reviewId}/evaluation`);
  assert.equal(seen.statusCode, 200);
  assert.match(seen.body, /Turnover rate \(FTE\): Big team/);
  assert.match(seen.body, /caseload \(cases per FTE\): Tiny team/);
  assert.match(seen.body, /Withheld \(fewer than 5 people\)/);
  // An officer sees Tiny's figure: 25 cases each, above the target of 20.
  assert.match((await analyst.get(`/reviews/${reviewId}/evaluation`)).body, /25\.0/);
});

test('a meeting’s date is asked in three boxes, and a date typed whole is still read', async () => {
  const boxes = await analyst.post(`/reviews/${reviewId}/meetings`, { 'date-day': '14', 'date-month': 'January', 'date-year': '2026', subject: 'Exit interviews' });
  assert.equal(boxes.statusCode, 303);
  const typed = await analyst.post(`/reviews/${reviewId}/meetings`, { date: '15 February 2026', subject: 'Pay' });
  assert.equal(typed.statusCode, 303);
  const wrong = await analyst.post(`/reviews/${reviewId}/meetings`, { 'date-day': '30', 'date-month': '2', 'date-year': '2026', subject: 'Never' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /name="date-day"[^>]*value="30"/);
  assert.deepEqual(
    (await listMeetings(app.db, CODE, reviewId)).map((m) => m.date),
    ['2026-01-14', '2026-02-15'],
  );
});

test('an evidence pack is previewed with the census year it will report before it is issued, and once issued can be marked superseded', async () => {
  const fields = { title: 'Pack for the first meeting', 'asOf-day': '10', 'asOf-month': '1', 'asOf-year': '2025', meetingId: '' };
  const preview = await analyst.post(`/reviews/${reviewId}/packs/preview`, fields);
  assert.equal(preview.statusCode, 200);
  assert.match(preview.body, /Preview: not issued yet\. This pack will report census year 2024/);
  assert.match(preview.body, /Issue this pack/);
  assert.equal((await listPacks(app.db, CODE, reviewId)).length, 0, 'a preview stores nothing');
  assert.equal((await viewer.post(`/reviews/${reviewId}/packs/preview`, fields)).statusCode, 403);

  const issued = await analyst.post(`/reviews/${reviewId}/packs`, { title: 'Pack for the first meeting', asOf: '2025-01-10', meetingId: '' });
  assert.equal(issued.statusCode, 303);
  const [pack] = await listPacks(app.db, CODE, reviewId);
  const before = (await viewer.get(`/reviews/${reviewId}/packs/${pack!.id}/pack.html`)).body;
  assert.equal((await analyst.post(`/reviews/${reviewId}/packs/${pack!.id}/supersede`, { reason: 'Replaced after the workers file was corrected' })).statusCode, 303);
  const page = await viewer.get(`/reviews/${reviewId}/packs/${pack!.id}`);
  assert.match(page.body, /Superseded on [^:]+: Replaced after the workers file was corrected\. It is kept exactly as it was issued\./);
  assert.match((await viewer.get(`/reviews/${reviewId}/meetings`)).body, /Superseded<\/strong>/);
  assert.equal((await viewer.get(`/reviews/${reviewId}/packs/${pack!.id}/pack.html`)).body, before, 'the pack itself is unchanged');
  const [entry] = (await listAudit(app.db, { limit: 1, offset: 0, action: 'review.pack_superseded' })).entries;
  assert.equal(entry!.details.packId, pack!.id);
});
