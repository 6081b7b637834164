import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { listAudit } from '../db/audit.ts';
import { listFindings, listMeetings, listPacks } from '../db/reviews.ts';
import { loadDemo } from '../imports/demo.ts';
import { importWorkers } from '../imports/run-import.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';

/**
 * A scrutiny review through the web, as officers run one on the demo council: start it, scope it,
 * plan meetings and minute them, record actions, issue a frozen pack, decide proposed findings,
 * make recommendations and evaluate. Viewers (scrutiny members) read everything and change nothing.
 */

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
let stranger: TestSession;
let code: string;
let reviewId: number;

before(async () => {
  ({ app, close } = await testApp());
  code = (await loadDemo(app.db)).authorityCode;
  await addTestAuthority(app.db, 'OTHER', 'Otherton Council');
  analyst = await signedInAs(app, 'analyst', { authorities: [code] });
  viewer = await signedInAs(app, 'viewer', { authorities: [code] });
  stranger = await signedInAs(app, 'analyst', { authorities: ['OTHER'] });
  const started = await analyst.post('/reviews', { title: 'Recruitment and retention of children’s social workers' });
  assert.equal(started.statusCode, 303);
  reviewId = Number(/\/reviews\/(\d+)\/scope/.exec(String(started.headers.location))?.[1]);
});

after(() => close());

const base = () => `/reviews/${reviewId}`;

const SCOPE = {
  title: 'Recruitment and retention of children’s social workers',
  objectives: 'Understand why social workers leave\r\nReduce reliance on agency staff',
  indicator_description_0: 'Turnover falls below 14%',
  indicator_measure_0: 'turnover_rate_fte',
  indicator_baseline_0: '15.4',
  indicator_target_0: '14',
  indicator_description_1: 'Staff say they feel supported',
  indicator_measure_1: '',
  indicator_baseline_1: '',
  indicator_target_1: '',
  inScope: 'Children’s social workers in the council’s employ and agency staff',
  excluded: 'Adult social care',
  methods: ['senior_managers', 'focus_groups', 'exit_interviews'],
  focusGroups: ['newly_qualified', 'team_managers'],
  risk_0: 'Staff may not speak freely in focus groups',
  risk_management_0: 'Independent facilitator; notes not attributed',
  key_date_0: '2026-01-14',
  key_date_event_0: 'First meeting',
  anticipatedMeetings: '5',
  scrutinyBoard: 'Children and Families Scrutiny Board',
  cabinetPortfolios: 'Children’s Services',
  reportOf: 'Head of Democratic Services',
  equalityImplications: 'Focus groups will include staff from each ethnic group.',
  contactOfficer: 'Jo Smith, Scrutiny Officer',
};

test('a new review starts empty and the scope form asks for what is wrong, keeping what was typed', async () => {
  const bad = await analyst.post(`${base()}/scope`, { ...SCOPE, indicator_target_0: 'fourteen', key_date_0: '31/02/2026', anticipatedMeetings: 'five' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /href="#indicator_target_0"/);
  assert.match(bad.body, /href="#key_date_0"/);
  assert.match(bad.body, /href="#anticipatedMeetings"/);
  assert.match(bad.body, /Independent facilitator; notes not attributed/, 'typed text is kept');
  assert.match(bad.body, /value="fourteen"/);

  const saved = await analyst.post(`${base()}/scope`, SCOPE);
  assert.equal(saved.statusCode, 303);
  const page = await viewer.get(base());
  assert.equal(page.statusCode, 200);
  for (const text of [
    'Understand why social workers leave',
    'Turnover falls below 14%',
    'Review of exit interviews',
    'Team managers',
    'Independent facilitator',
    'Children and Families Scrutiny Board',
    '12 months after the recommendations are agreed',
  ]) {
    assert.ok(page.body.includes(text), text);
  }
});

test('meetings are numbered, carry the information required and officers, and take minutes', async () => {
  for (const [date, subject] of [
    ['2026-01-14', 'Scoping and the workforce picture'],
    ['2026-02-11', 'Exit interviews and why people leave'],
    ['2026-03-11', 'Focus groups'],
    ['2026-04-08', 'Other councils’ approaches'],
    ['2026-05-13', 'Draft recommendations'],
  ]) {
    const response = await analyst.post(`${base()}/meetings`, {
      date: date!,
      subject: subject!,
      info_item_0: 'Turnover by team for three years',
      info_officer_0: 'Head of HR',
      info_item_1: '',
      info_officer_1: '',
      officersAttending: 'Director of Children’s Services\nPrincipal Social Worker',
    });
    assert.equal(response.statusCode, 303, subject);
  }
  const missingOfficer = await analyst.post(`${base()}/meetings`, { date: '2026-06-01', subject: 'Extra', info_item_0: 'Agency spend', info_officer_0: '' });
  assert.equal(missingOfficer.statusCode, 400);
  assert.match(missingOfficer.body, /Enter the officer responsible for “Agency spend”/);

  const meetings = await listMeetings(app.db, code, reviewId);
  assert.deepEqual(
    meetings.map((m) => m.number),
    [1, 2, 3, 4, 5],
  );
  const first = meetings[0]!;
  const minutes = await analyst.post(`${base()}/meetings/${first.id}/minutes`, {
    present: 'Cllr Ahmed (Chair)\nCllr Brown',
    officers: 'Director of Children’s Services',
    apologies: 'Cllr Clarke',
    item_title_0: 'Workforce data',
    item_notes_0: 'Turnover has fallen but agency use remains high.',
    item_resolutions_0: 'That officers bring exit interview analysis to meeting 2.',
  });
  assert.equal(minutes.statusCode, 303);
  const page = await viewer.get(`${base()}/meetings/${first.id}`);
  assert.match(page.body, /Cllr Ahmed \(Chair\)/);
  assert.match(page.body, /That officers bring exit interview analysis to meeting 2/);
  assert.match(page.body, /Turnover by team for three years — Head of HR/);

  // The minutes to circulate, and before a meeting its agenda, as Word files.
  const docx = async (url: string) => {
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 200, url);
    return (await JSZip.loadAsync(response.rawPayload)).file('word/document.xml')!.async('string');
  };
  const minutesXml = await docx(`${base()}/meetings/${first.id}/minutes.docx`);
  for (const text of ['Minutes of meeting 1', 'Cllr Ahmed (Chair)', 'Cllr Clarke', 'Workforce data', 'That officers bring exit interview analysis to meeting 2.', 'Turnover by team for three years']) {
    assert.ok(minutesXml.includes(text), text);
  }
  assert.ok((await docx(`${base()}/meetings/${meetings[1]!.id}/minutes.docx`)).includes('Agenda for meeting 2'));
  assert.equal((await stranger.get(`${base()}/meetings/${first.id}/minutes.docx`)).statusCode, 404);
});

test('an overdue action shows on the review and on the dashboard until it is done', async () => {
  const [first] = await listMeetings(app.db, code, reviewId);
  const added = await analyst.post(`${base()}/actions`, { description: 'Send the exit interview summary', owner: 'Head of HR', dueDate: '31/01/2020', meetingId: String(first!.id) });
  assert.equal(added.statusCode, 303);
  const bad = await analyst.post(`${base()}/actions`, { description: '', owner: 'HR', dueDate: '31/02/2026', meetingId: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#description"/);
  assert.match(bad.body, /href="#dueDate"/);

  assert.match((await viewer.get(base())).body, /1 overdue action[\s\S]*Send the exit interview summary/);
  const dashboard = await viewer.get('/dashboard');
  assert.match(dashboard.body, /Send the exit interview summary/);
  assert.match((await viewer.get('/reviews')).body, /1 overdue/);

  const actionId = /action-(\d+)/.exec((await analyst.get(`${base()}/meetings`)).body)?.[1];
  // Moving the due date on takes it off the overdue list; a bad date is refused, keeping what was typed.
  const refused = await analyst.post(`${base()}/actions/${actionId}/edit`, {
    description: 'Send the exit interview summary',
    owner: 'Principal Social Worker',
    dueDate: '30/02/2099',
    meetingId: '',
    status: 'open',
  });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /value="Principal Social Worker"/);
  assert.equal(
    (
      await analyst.post(`${base()}/actions/${actionId}/edit`, {
        description: 'Send the exit interview summary',
        owner: 'Principal Social Worker',
        dueDate: '28/02/2099',
        meetingId: '',
        status: 'in_progress',
      })
    ).statusCode,
    303,
  );
  assert.doesNotMatch((await viewer.get('/dashboard')).body, /Send the exit interview summary/);
  assert.match((await viewer.get(`${base()}/meetings`)).body, /Principal Social Worker/);
  assert.equal((await viewer.post(`${base()}/actions/${actionId}/edit`, { description: 'x', owner: 'x', dueDate: '01/01/2020', meetingId: '', status: 'open' })).statusCode, 403);
  await analyst.post(`${base()}/actions/${actionId}/edit`, { description: 'Send the exit interview summary', owner: 'Head of HR', dueDate: '31/01/2020', meetingId: '', status: 'open' });
  assert.match((await viewer.get('/dashboard')).body, /Send the exit interview summary/);

  assert.equal((await analyst.post(`${base()}/actions/${actionId}`, { status: 'done' })).statusCode, 303);
  assert.doesNotMatch((await viewer.get(base())).body, /overdue action/);
  assert.doesNotMatch((await viewer.get('/dashboard')).body, /Send the exit interview summary/);
});

test('an issued pack is frozen: importing more data changes the live figures but not the pack', async () => {
  const [, second] = await listMeetings(app.db, code, reviewId);
  const issued = await analyst.post(`${base()}/packs`, { title: 'Pack for meeting 2', asOf: '2025-10-15', meetingId: String(second!.id) });
  assert.equal(issued.statusCode, 303);
  const [pack] = await listPacks(app.db, code, reviewId);
  const before = await viewer.get(`${base()}/packs/${pack!.id}`);
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /census year 2025/);
  assert.match(before.body, /northbridge-workers\.csv/);
  assert.match(before.body, /Why people left/);
  assert.match(before.body, /<svg/);

  const rows = Array.from({ length: 12 }, (_, i) => `PACKLATE${i},No,case_holder,Assessment,1,2019-01-07,2025-07-31,1`);
  const imported = await importWorkers(app.db, { authorityCode: code, fileName: 'later.csv', bytes: ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason', ...rows].join('\n') });
  assert.equal(imported.ok, true);
  const after = await viewer.get(`${base()}/packs/${pack!.id}`);
  const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  assert.equal(main(after.body), main(before.body));
  assert.doesNotMatch(after.body, /later\.csv/);

  const printable = await viewer.get(`${base()}/packs/${pack!.id}/pack.html`);
  assert.match(printable.body, /Pack for meeting 2/);
  assert.match(printable.body, /Where the figures came from/);

  const tooEarly = await analyst.post(`${base()}/packs`, { title: 'Too early', asOf: '2010-01-01', meetingId: '' });
  assert.equal(tooEarly.statusCode, 400);
  assert.match(tooEarly.body, /No census year had ended by 2010-01-01/);
});

test('proposed findings are accepted with edits or rejected, and accepted ones make the SWOT', async () => {
  const proposed = await analyst.post(`${base()}/findings/propose`, { censusYear: '2024' });
  assert.equal(proposed.statusCode, 303);
  const findings = await listFindings(app.db, code, reviewId);
  assert.ok(findings.length >= 2, `${findings.length} findings`);
  const [first, second] = findings;
  assert.equal((await analyst.post(`${base()}/findings/${first!.id}`, { decision: 'accept', statement: 'Edited: turnover is a concern', swot: first!.swot })).statusCode, 303);
  assert.equal((await analyst.post(`${base()}/findings/${second!.id}`, { decision: 'reject', statement: second!.statement, swot: second!.swot })).statusCode, 303);
  assert.equal((await analyst.post(`${base()}/findings`, { statement: 'Newly qualified staff value their protected caseloads', evidence: 'Focus group, 11 March', swot: 'strength' })).statusCode, 303);

  const page = await viewer.get(`${base()}/findings`);
  const swot = page.body.slice(page.body.indexOf('id="swot-view"'));
  assert.match(swot, /Edited: turnover is a concern/);
  assert.match(swot, /Newly qualified staff value their protected caseloads/);
  // Proposed and rejected findings are the officers' working: a scrutiny member sees accepted ones only (issue 7).
  assert.doesNotMatch(page.body, /Rejected findings/);
  assert.match((await analyst.get(`${base()}/findings`)).body, /Rejected findings \(1\)/);
  assert.doesNotMatch(page.body, /name="decision"/, 'a viewer gets no decision buttons');

  // Proposing again does not bring back what officers have decided.
  await analyst.post(`${base()}/findings/propose`, { censusYear: '2024' });
  assert.equal((await listFindings(app.db, code, reviewId)).length, findings.length + 1);

  // An accepted finding can still be reworded, or rejected on reflection.
  assert.match((await analyst.get(`${base()}/findings`)).body, /Change or reject/);
  await analyst.post(`${base()}/findings/${first!.id}`, { decision: 'reject', statement: 'Edited: turnover is a concern', swot: first!.swot });
  assert.match((await analyst.get(`${base()}/findings`)).body, /Rejected findings \(2\)/);
});

test('recommendations record the response, money and progress, and the evaluation reads the live figures', async () => {
  const added = await analyst.post(`${base()}/recommendations`, {
    text: 'Introduce a market supplement for experienced social workers',
    addressedTo: 'Cabinet Member for Children’s Services',
    response: 'accepted',
    responseReasons: '',
    decisionDate: '2026-06-10',
    owner: 'Head of Workforce',
    financialImplications: 'Funded from the agency budget',
    investmentPerYear: '£250,000',
    implementationStatus: 'in_progress',
    progressReviewDate: '2027-06-10',
    updateText: 'Approved by Cabinet',
  });
  assert.equal(added.statusCode, 303);
  const bad = await analyst.post(`${base()}/recommendations`, { text: '', addressedTo: '', response: 'maybe', implementationStatus: 'not_started', investmentPerYear: 'lots' });
  assert.equal(bad.statusCode, 400);
  for (const field of ['text', 'addressedTo', 'response', 'investmentPerYear']) assert.match(bad.body, new RegExp(`href="#${field}"`), field);

  const page = await viewer.get(`${base()}/recommendations`);
  assert.match(page.body, /£250,000 a year/);
  assert.match(page.body, /Approved by Cabinet/);

  assert.equal((await analyst.post(`${base()}/agreed`, { recommendationsAgreedOn: '2024-11-20' })).statusCode, 303);
  const evaluation = await viewer.get(`${base()}/evaluation`);
  assert.match(evaluation.body, /The evaluation date, 20 November 2025, has come/);
  assert.match(evaluation.body, /Turnover falls below 14%/);
  assert.match(evaluation.body, /(Met|Not met)<\/strong>/);
  assert.match(evaluation.body, /No measurable target/);
});

test('the scoping document, committee report and evaluation report download as Word files', async () => {
  for (const [slug, heading] of [
    ['scoping', 'Objectives'],
    ['report', 'Recommendations'],
    ['evaluation', 'Indicators'],
  ] as const) {
    const response = await viewer.get(`${base()}/${slug}.docx`);
    assert.equal(response.statusCode, 200, slug);
    assert.match(String(response.headers['content-type']), /wordprocessingml/);
    const zip = await JSZip.loadAsync(response.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    assert.ok(xml.includes(heading), `${slug} has ${heading}`);
    assert.ok(xml.includes('Recruitment and retention'), `${slug} names the review`);
  }
  const audit = await listAudit(app.db, { limit: 100, offset: 0 });
  assert.ok(audit.entries.some((e) => e.action === 'review.downloaded'));
});

test('viewers change nothing, and another council’s officers cannot see the review', async () => {
  for (const url of [`${base()}/scope`, `${base()}/meetings`, `${base()}/actions`, `${base()}/packs`, `${base()}/findings/propose`, `${base()}/recommendations`, `${base()}/agreed`]) {
    assert.equal((await viewer.post(url, {})).statusCode, 403, url);
  }
  assert.equal((await viewer.get(`${base()}/scope`)).statusCode, 403);
  assert.equal((await stranger.get(base())).statusCode, 404);
  assert.equal((await stranger.get(`${base()}/scoping.docx`)).statusCode, 404);
  assert.equal((await stranger.post(`${base()}/scope`, SCOPE)).statusCode, 404);
  assert.doesNotMatch((await stranger.get('/reviews')).body, /Recruitment and retention/);
});

test('evidence files are attached by officers and always downloaded, never shown inline', async () => {
  const boundary = '----retain-test';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload =
    part('_csrf', analyst.csrfToken) +
    part('kind', 'focus_group') +
    part('title', 'Focus group with newly qualified social workers') +
    part('notes', 'Protected caseloads valued; supervision patchy.') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.html"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--${boundary}--\r\n`;
  const response = await app.inject({ method: 'POST', url: `${base()}/evidence`, headers: { cookie: analyst.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  assert.equal(response.statusCode, 303);
  const page = await viewer.get(base());
  assert.match(page.body, /Focus group with newly qualified social workers/);
  const id = new RegExp(`${base()}/evidence/(\\d+)`).exec(page.body)?.[1];
  const file = await viewer.get(`${base()}/evidence/${id}`);
  assert.equal(file.statusCode, 200);
  assert.match(String(file.headers['content-disposition']), /^attachment; filename="notes.html"/);
  assert.equal(file.headers['content-type'], 'application/octet-stream');
  assert.equal(file.body, '<script>alert(1)</script>');

  // An attachment added in error can be removed; the audit log keeps what it was.
  assert.equal((await viewer.post(`${base()}/evidence/${id}/remove`)).statusCode, 403);
  assert.equal((await analyst.post(`${base()}/evidence/${id}/remove`)).statusCode, 303);
  assert.equal((await viewer.get(`${base()}/evidence/${id}`)).statusCode, 404);
  const audit = await listAudit(app.db, { limit: 50, offset: 0 });
  assert.ok(audit.entries.some((e) => e.action === 'review.evidence_removed' && JSON.stringify(e.details).includes('notes.html')));

  const missingTitle = await app.inject({
    method: 'POST',
    url: `${base()}/evidence`,
    headers: { cookie: analyst.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `${part('_csrf', analyst.csrfToken) + part('kind', 'document') + part('title', '')}--${boundary}--\r\n`,
  });
  assert.equal(missingTitle.statusCode, 400);
  assert.match(missingTitle.body, /Enter a title for the evidence/);
});

test('the JSON API lists the authority’s reviews and returns one whole, to those bound to it', async () => {
  const list = await viewer.get(`/api/v1/authorities/${code}/reviews`);
  assert.equal(list.statusCode, 200);
  const [summary] = list.json().reviews;
  assert.equal(summary.id, reviewId);
  assert.equal(summary.meetings, 5);

  const one = await viewer.get(`/api/v1/authorities/${code}/reviews/${reviewId}`);
  assert.equal(one.statusCode, 200);
  const body = one.json();
  assert.equal(body.review.scope.scrutinyBoard, 'Children and Families Scrutiny Board');
  assert.equal(body.meetings.length, 5);
  assert.equal(body.evaluation.indicators[0].indicator.measure, 'turnover_rate_fte');
  assert.ok(body.recommendations.length >= 1);

  assert.equal((await viewer.get(`/api/v1/authorities/${code}/reviews/999999`)).statusCode, 404);
  assert.equal((await stranger.get(`/api/v1/authorities/${code}/reviews`)).statusCode, 403);
  assert.equal((await stranger.get(`/api/v1/authorities/OTHER/reviews/${reviewId}`)).statusCode, 404);
});
