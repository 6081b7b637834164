import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../db/audit.ts';
import { exitInterviewFor, upsertExitInterviews } from '../db/exit-interviews.ts';
import { buildExitInterview, buildLeaver, buildWorker } from '../test/builders.ts';
import { addTestAuthority, cookiesFrom, csrfFieldIn, formBody, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
const OWN = 'LV1';

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Leavershire Council');
  await insertTestWorkers(app.db, OWN, [
    ...Array.from({ length: 12 }, (_, i) => buildWorker({ workerId: `S${i}`, team: 'North' })),
    ...Array.from({ length: 6 }, (_, i) => buildLeaver('2025-03-31', { workerId: `L${i}`, team: 'North', startDate: '2023-01-01' })),
    buildLeaver('2025-06-30', { workerId: 'SOLO', team: 'South', startDate: '2015-01-01' }),
  ]);
  await upsertExitInterviews(
    app.db,
    OWN,
    [
      ...Array.from({ length: 5 }, (_, i) =>
        buildExitInterview({ workerId: `L${i}`, leavingDate: '2025-03-31', primaryReason: 'pay', otherReasons: ['workload'], regrettable: true, comments: `secret comment ${i}` }),
      ),
      buildExitInterview({ workerId: 'SOLO', leavingDate: '2025-06-30', primaryReason: 'retirement' }),
    ],
    null,
  );
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
});

after(() => close());

test('the leavers page shows the contract figures; a viewer sees small groups withheld and no individual', async () => {
  const page = await analyst.get('/leavers?year=2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /85\.7%/); // 6 of 7 leavers interviewed
  assert.match(page.body, /href="\/leavers\/L0\/2025-03-31"/);
  const seen = await viewer.get('/leavers?year=2025');
  assert.equal(seen.statusCode, 200);
  assert.match(seen.body, /85\.7%/); // 6 of 7: neither is a small number
  assert.ok(!seen.body.includes('/leavers/L0/'), 'no individual leaving for a viewer');
  assert.ok(!seen.body.includes('secret comment'));
  assert.match(seen.body, /South<\/th>\s*<td[^>]*><span aria-label="withheld/); // one leaver in South: withheld
});

test('a viewer is refused a leaver’s page; an analyst’s view of one is audited', async () => {
  assert.equal((await viewer.get('/leavers/L0/2025-03-31')).statusCode, 403);
  const page = await analyst.get('/leavers/L0/2025-03-31');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /secret comment 0/);
  const { entries } = await listAudit(app.db, { limit: 5, offset: 0, action: 'exit_interview.viewed' });
  assert.equal(entries[0]?.userEmail, analyst.user.email);
  assert.deepEqual(entries[0]?.details, { workerId: 'L0', leavingDate: '2025-03-31', recorded: true });
  assert.equal((await analyst.get('/leavers/L0/2025-04-01')).statusCode, 404);
});

test('an officer records an interview from the leaver’s page; a bad form is redisplayed with errors', async () => {
  const bad = await analyst.post('/leavers/L5/2025-03-31/interview', { status: 'completed' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the date of the interview/);
  const saved = await analyst.post('/leavers/L5/2025-03-31/interview', {
    status: 'completed',
    interviewDate: '20/03/2025',
    channel: 'phone',
    primaryReason: 'caseload',
    otherReasons: ['pay', 'supervision'],
    regrettable: 'no',
    wouldReturn: 'maybe',
  });
  assert.equal(saved.statusCode, 303);
  const stored = await exitInterviewFor(app.db, OWN, 'L5', '2025-03-31');
  assert.deepEqual(
    { ...stored, recordedBy: null },
    {
      ...buildExitInterview({
        workerId: 'L5',
        leavingDate: '2025-03-31',
        interviewDate: '2025-03-20',
        channel: 'phone',
        primaryReason: 'caseload',
        otherReasons: ['pay', 'supervision'],
        regrettable: false,
        wouldReturn: 'maybe',
      }),
      recordedBy: null,
    },
  );
  assert.equal(stored?.recordedBy, analyst.user.email);
});

test('a leaver answers once through a one-use link without signing in; a second answer and an unknown link are refused', async () => {
  // SOLO's interview was not offered; the officer had marked the leaving regrettable.
  await upsertExitInterviews(
    app.db,
    OWN,
    [buildExitInterview({ workerId: 'SOLO', leavingDate: '2025-06-30', status: 'not_offered', primaryReason: null, interviewDate: null, regrettable: true })],
    null,
  );
  const created = await analyst.post('/leavers/SOLO/2025-06-30/link');
  assert.equal(created.statusCode, 303);
  const flashPage = await analyst.get(created.headers.location as string);
  const link = /\/exit-interview\/([A-Za-z0-9_-]+)/.exec(flashPage.body)?.[0];
  assert.ok(link, 'the link is shown once');
  const form = await app.inject({ method: 'GET', url: link });
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Your exit interview/);
  const cookies = cookiesFrom(form);
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const csrf = csrfFieldIn(form.body)!;
  const post = (fields: Record<string, string | string[]>) =>
    app.inject({ method: 'POST', url: link, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrf, ...fields }) });
  const missing = await post({});
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Select the main reason for leaving/);
  const answered = await post({ primaryReason: 'pay', otherReasons: ['flexible_working'], wouldReturn: 'yes', counterOffer: 'no', comments: 'Better pay elsewhere' });
  assert.equal(answered.statusCode, 200);
  assert.match(answered.body, /Thank you/);
  const stored = await exitInterviewFor(app.db, OWN, 'SOLO', '2025-06-30');
  assert.equal(stored?.status, 'completed');
  assert.equal(stored?.channel, 'online');
  assert.equal(stored?.regrettable, true, 'the officer’s regrettable mark is kept');
  const again = await post({ primaryReason: 'workload' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /already been answered/);
  assert.equal((await exitInterviewFor(app.db, OWN, 'SOLO', '2025-06-30'))?.primaryReason, 'pay');
  assert.equal((await app.inject({ method: 'GET', url: link })).statusCode, 410);
  assert.equal((await app.inject({ method: 'GET', url: '/exit-interview/not-a-token' })).statusCode, 404);
});

test('an analyst sets the exit-interview rate target and the page judges the rate against it', async () => {
  assert.equal((await viewer.post('/leavers/target', { target: '90' })).statusCode, 403);
  assert.equal((await analyst.post('/leavers/target', { target: '90' })).statusCode, 303);
  const page = await viewer.get('/leavers?year=2025');
  assert.match(page.body, /against a target of 90%/);
});

test('the dashboard shows the exit-interview rate as a measure, by team and role, linking to the leavers page', async () => {
  const page = await viewer.get('/dashboard?year=2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /id="exit-interviews"/);
  assert.match(page.body, /Exit-interview rate by team and role/);
  assert.match(page.body, /href="\/leavers\?year=2025"/);
});

test('equality monitoring shows groups to analysts and suppressed counts to viewers', async () => {
  const analystPage = await analyst.get('/equality?year=2025');
  assert.equal(analystPage.statusCode, 200);
  assert.match(analystPage.body, /By ethnicity \(CBDS groups\)/);
  const viewerPage = await viewer.get('/equality?year=2025');
  assert.equal(viewerPage.statusCode, 200);
  assert.match(viewerPage.body, /Counts of fewer than 5 show as \[c\]/);
});
