import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addRecommendation } from '../commands/review-outcomes.ts';
import { startReview } from '../commands/reviews.ts';
import { listAudit } from '../db/audit.ts';
import { actionsWithRecommendations } from '../db/recommendation-tracking.ts';
import { buildRecommendationFields, buildScope } from '../test/builders.ts';
import { startSmtpCatcher } from '../test/smtp-catcher.ts';
import { addTestAuthority, multipartBody, signedInAs, testApp, type TestSession } from '../test/web.ts';

/**
 * The tracker's pages (issue 15) through the web app: the response clock, the executive's
 * response, progress with a slip, actions, the 6-month review, the tracker's download and upload
 * (all or nothing), reminders sent by email, and publication to the public page.
 */

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
let reviewId: number;
const ids: number[] = [];
const CODE = 'WTR';
const actor = { userId: null, email: 'setup@test.example' };

const FIELDS = buildRecommendationFields({ owner: 'Jo Bloggs, Head of Service' });

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, CODE, 'Webtrack Council');
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });
  viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  const review = await startReview(
    app.db,
    { authorityCode: CODE, title: 'Keeping our social workers', scope: buildScope({ reportingDate: '2025-07-10', scrutinyBoard: 'Children and Young People Scrutiny Committee' }) },
    actor,
  );
  reviewId = review.id;
  for (const text of ['Introduce a retention payment', 'Recruit 3 agency workers to permanent posts'])
    ids.push((await addRecommendation(app.db, { authorityCode: CODE, reviewId, fields: { ...FIELDS, text } }, actor)).id);
});
after(() => close());

function upload(session: TestSession, name: string, content: string) {
  const body = multipartBody({ _csrf: session.csrfToken }, { name, content });
  return app.inject({ method: 'POST', url: '/tracker/upload', headers: { cookie: session.cookie, 'content-type': body.contentType }, payload: body.payload });
}

test('the report goes to the executive (a three-box date) and the response clock starts', async () => {
  const base = `/reviews/${reviewId}`;
  const bad = await analyst.post(`${base}/report-route`, { 'sentToExecutiveOn-day': '31', 'sentToExecutiveOn-month': '2', 'sentToExecutiveOn-year': '2025', referencePrefix: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the date the report went to the executive as a real date/);
  assert.match(bad.body, /name="sentToExecutiveOn-day"[^>]*value="31"/, 'what was typed is shown again');
  const saved = await analyst.post(`${base}/report-route`, { 'sentToExecutiveOn-day': '15', 'sentToExecutiveOn-month': 'Sep', 'sentToExecutiveOn-year': '2025', referencePrefix: 'cyp' });
  assert.equal(saved.statusCode, 303);
  const page = await viewer.get(`${base}/tracking`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Response overdue/);
  assert.match(page.body, /It was due on 15 November 2025/);
  assert.match(page.body, /SCR 2025\/26-01/);
  assert.doesNotMatch(page.body, /action="[^"]*report-route"/, 'a viewer sees no forms');
  assert.match(page.body, /Not achieved<\/dd>/, 'the RAG key is printed');
  // The review's overview and the dashboard say so too.
  assert.match((await viewer.get(base)).body, /The executive’s response:<\/strong> <strong class="govuk-tag govuk-tag--red">Response overdue/);
  assert.match((await viewer.get('/dashboard')).body, /The executive’s response to 1 scrutiny report is due or overdue/);
});

test('the executive’s response is recorded for every recommendation at once, with reasons where it is not accepted', async () => {
  const url = `/reviews/${reviewId}/response`;
  assert.equal((await viewer.get(url)).statusCode, 403);
  const form = await analyst.get(url);
  assert.equal(form.statusCode, 200);
  const missing = await analyst.post(url, { 'respondedOn-day': '4', 'respondedOn-month': '11', 'respondedOn-year': '2025', [`response_${ids[0]}`]: 'accepted', [`response_${ids[1]}`]: 'rejected' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Enter the executive’s reasons for rejecting SCR 2025\/26-02/);
  const saved = await analyst.post(url, {
    'respondedOn-day': '4',
    'respondedOn-month': '11',
    'respondedOn-year': '2025',
    [`response_${ids[0]}`]: 'accepted',
    [`decisionReference_${ids[0]}`]: 'CAB 2025/112',
    [`response_${ids[1]}`]: 'partly_accepted',
    [`reasons_${ids[1]}`]: 'Two posts this year',
  });
  assert.equal(saved.statusCode, 303);
  const page = await analyst.get(`/reviews/${reviewId}/tracking`);
  assert.match(page.body, /Responded/);
  assert.match(page.body, /Decision CAB 2025\/112/);
});

test('progress: a slip needs its revised date and reason, the timeline keeps each report, and actions sit under the recommendation', async () => {
  const base = `/reviews/${reviewId}/recommendations/${ids[0]}`;
  assert.equal(
    (
      await analyst.post(`${base}/owner`, {
        leadOfficer: 'Jo Bloggs, Head of Service',
        leadOfficerEmail: 'jo.bloggs@council.example',
        'targetDate-day': '31',
        'targetDate-month': '3',
        'targetDate-year': '2026',
      })
    ).statusCode,
    303,
  );
  const noReason = await analyst.post(`${base}/progress`, { status: 'slipped', 'revisedDate-day': '', 'revisedDate-month': '', 'revisedDate-year': '', reason: '', note: '' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Enter the revised date it is now expected by/);
  assert.match(noReason.body, /Enter why it has slipped/);
  const slipped = await analyst.post(`${base}/progress`, {
    status: 'slipped',
    'revisedDate-day': '30',
    'revisedDate-month': '9',
    'revisedDate-year': '2026',
    reason: 'Waiting for the pay review',
    note: 'Scheme drafted; costs agreed with finance.',
  });
  assert.equal(slipped.statusCode, 303);
  const action = await analyst.post(`${base}/actions`, { description: 'Consult staff on the scheme', owner: 'HR business partner', 'dueDate-day': '1', 'dueDate-month': '2', 'dueDate-year': '2026' });
  assert.equal(action.statusCode, 303);
  const page = await viewer.get(`${base}/progress`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Scheme drafted; costs agreed with finance\./);
  assert.match(page.body, /Revised date 30 September 2026: Waiting for the pay review/);
  assert.match(page.body, /Consult staff on the scheme/);
  assert.doesNotMatch(page.body, /jo\.bloggs@council\.example/, 'a viewer does not see the lead officer’s email');
  assert.match((await analyst.get(`${base}/progress`)).body, /jo\.bloggs@council\.example/);
});

test('the 6-month review is recorded with the committee’s conclusion', async () => {
  const saved = await analyst.post(`/reviews/${reviewId}/monitoring/six_month`, {
    'heldOn-day': '5',
    'heldOn-month': '5',
    'heldOn-year': '2026',
    conclusion: 'Satisfied; revisit the payment at 12 months.',
  });
  assert.equal(saved.statusCode, 303);
  const bad = await analyst.post(`/reviews/${reviewId}/monitoring/twelve_month`, { 'heldOn-day': '5', 'heldOn-month': '13', 'heldOn-year': '2026', conclusion: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#twelve_month_heldOn"/);
  assert.match((await viewer.get(`/reviews/${reviewId}/tracking`)).body, /Satisfied; revisit the payment at 12 months\./);
});

test('the tracker lists, filters and downloads every recommendation, and a viewer’s download holds no emails', async () => {
  const page = await viewer.get('/tracker');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /SCR 2025\/26-01/);
  assert.match(page.body, /Slipped<span class="govuk-visually-hidden"> \(RAG: amber\)/);
  const filtered = await viewer.get('/tracker?status=slipped&owner=Jo%20Bloggs%2C%20Head%20of%20Service&year=2025&committee=Children%20and%20Young%20People%20Scrutiny%20Committee');
  assert.match(filtered.body, /1 of 2 recommendations/);
  const none = await viewer.get('/tracker?status=achieved');
  assert.match(none.body, /No recommendation matches these filters/);
  const csv = await viewer.get('/tracker/export.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(
    csv.body,
    /^Reference,Review,Committee,Recommendation,Executive member,Response,Decision reference,Lead officer,Lead officer email,Target date,Status,Revised date,Slip reason,Last update date,Last update\r\n/,
  );
  assert.doesNotMatch(csv.body, /jo\.bloggs@council\.example/);
  // A viewer sees [c] for a small count quoted in the words.
  assert.match(csv.body, /Recruit \[c\] agency workers/);
  assert.match((await analyst.get('/tracker/export.csv')).body, /jo\.bloggs@council\.example/);
  const xlsx = await viewer.get('/tracker/export.xlsx');
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
});

test('an uploaded tracker with one bad row changes nothing and says where; the corrected file is applied', async () => {
  const header = 'Reference,Status,Revised date,Slip reason,Last update';
  const bad = await upload(analyst, 'tracker.csv', `${header}\nSCR 2025/26-01,Achieved,,,Scheme launched\nSCR 2025/26-02,Sort of,,,\n`);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /The file has 1 problem, so nothing was changed/);
  assert.match(bad.body, /tracker\.csv:3:Status: &quot;Sort of&quot; is not a status/);
  assert.doesNotMatch((await analyst.get('/tracker')).body, /Scheme launched/);
  const good = await upload(analyst, 'tracker.csv', `${header}\nSCR 2025/26-01,Achieved,,,Scheme launched\nSCR 2025/26-02,On track,,,Two posts advertised\n`);
  assert.equal(good.statusCode, 303);
  const page = await analyst.get('/tracker');
  assert.match(page.body, /2 recommendations updated/);
  assert.match(page.body, /Scheme launched/);
  assert.equal((await upload(viewer, 'tracker.csv', `${header}\n`)).statusCode, 403);
});

test('reminders list what is due and send each lead officer and action owner with an email their digest through SMTP, audited', async () => {
  const page = await analyst.get('/tracker/reminders');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Consult staff on the scheme/);
  assert.match(page.body, /Dear HR business partner,/);
  assert.match(page.body, /RETAIN_SMTP_URL/);
  const catcher = await startSmtpCatcher();
  process.env.RETAIN_SMTP_URL = catcher.url;
  process.env.RETAIN_MAIL_FROM = 'Scrutiny <scrutiny@council.example>';
  try {
    await analyst.post(`/reviews/${reviewId}/recommendations/${ids[1]}/owner`, { leadOfficer: 'Principal Social Worker', leadOfficerEmail: 'psw@council.example', targetDate: '2025-12-01' });
    // The action's owner is given an email on the action's own form (migration 0019).
    const [consult] = (await actionsWithRecommendations(app.db, CODE, { reviewId })).filter((a) => a.description === 'Consult staff on the scheme');
    const editUrl = `/reviews/${reviewId}/actions/${consult!.id}/edit`;
    const fields = { description: 'Consult staff on the scheme', owner: 'HR business partner', dueDate: consult!.dueDate, meetingId: '', status: 'open' };
    const badEmail = await analyst.post(editUrl, { ...fields, ownerEmail: 'hr business partner' });
    assert.equal(badEmail.statusCode, 400);
    assert.match(badEmail.body, /Enter an email address in the right format/);
    assert.equal((await analyst.post(editUrl, { ...fields, ownerEmail: 'hr.bp@council.example' })).statusCode, 303);
    assert.match((await analyst.get(editUrl)).body, /value="hr\.bp@council\.example"/);
    const progress = `/reviews/${reviewId}/recommendations/${consult!.recommendationId}/progress`;
    assert.match((await analyst.get(progress)).body, /HR business partner \(hr\.bp@council\.example\)/);
    assert.doesNotMatch((await viewer.get(progress)).body, /hr\.bp@council\.example/, 'a viewer does not see an action owner’s email');

    const ready = await analyst.get('/tracker/reminders');
    assert.match(ready.body, /Send the reminders by email/);
    assert.match(ready.body, /HR business partner <span class="govuk-body-s">\(hr\.bp@council\.example\)/);
    const sent = await analyst.post('/tracker/reminders/send');
    assert.equal(sent.statusCode, 303);
    assert.deepEqual(
      catcher.messages.map((m) => m.to),
      [['hr.bp@council.example'], ['psw@council.example']],
    );
    assert.match(catcher.messages[0]!.data, /Dear HR business partner,[\s\S]*Action: Consult staff on the scheme/);
    assert.match(catcher.messages[1]!.data, /Dear Principal Social Worker,/);
    const [entry] = (await listAudit(app.db, { limit: 1, offset: 0, action: 'tracker.digest_sent' })).entries;
    assert.deepEqual(entry!.details.sent, ['hr.bp@council.example', 'psw@council.example']);
  } finally {
    delete process.env.RETAIN_SMTP_URL;
    delete process.env.RETAIN_MAIL_FROM;
    await catcher.close();
  }
});

test('a published review is read without signing in, with no personal data; unpublished, it is not found', async () => {
  const url = `/published/reviews/${reviewId}`;
  assert.equal((await app.inject({ url })).statusCode, 404);
  assert.equal((await analyst.post(`/reviews/${reviewId}/publish`)).statusCode, 303);
  const page = await app.inject({ url });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Keeping our social workers/);
  assert.match(page.body, /SCR 2025\/26-01/);
  assert.match(page.body, /Scheme launched/);
  assert.match(page.body, /Recruit \[c\] agency workers/);
  for (const personal of [/Jo Bloggs/, /jo\.bloggs@council\.example/, /psw@council\.example/, /HR business partner/, /@test\.example/]) assert.doesNotMatch(page.body, personal);
  assert.equal((await analyst.post(`/reviews/${reviewId}/unpublish`)).statusCode, 303);
  assert.equal((await app.inject({ url })).statusCode, 404);
  const actions = (await listAudit(app.db, { limit: 100, offset: 0, action: 'review.' })).entries.map((e) => e.action);
  assert.ok(actions.includes('review.published') && actions.includes('review.unpublished'));
});
