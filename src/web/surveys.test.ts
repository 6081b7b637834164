import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { surveyResponses } from '../db/surveys.ts';
import { readAnswers, QUESTION_LIBRARY, resultsByGroup, questionResult, minGroupSize, compareAgreement } from '../domain/surveys.ts';
import { buildWorker } from '../test/builders.ts';
import { addTestAuthority, cookiesFrom, csrfFieldIn, formBody, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
const OWN = 'SV1';

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Surveyshire Council');
  await insertTestWorkers(app.db, OWN, [buildWorker({ workerId: 'W1', team: 'North' }), buildWorker({ workerId: 'W2', team: 'South' })]);
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
});
after(() => close());

async function answerAnonymously(url: string, fields: Record<string, string | string[]>) {
  const form = await app.inject({ method: 'GET', url });
  const cookie = Object.entries(cookiesFrom(form))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrfFieldIn(form.body)!, ...fields }) });
}

test('answers are read per question type: Likert 1-5, choices from the list, distinct ranks, free text', () => {
  const questions = QUESTION_LIBRARY.retention.questions;
  const { answers, errors } = readAnswers(questions, {
    stay_factors_rank__pay: '1',
    stay_factors_rank__annual_leave: '2',
    stay_factors_any: ['pay', 'bogus'],
    intend_stay: '4',
    stay_other: ' A car ',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(answers, { stay_factors_rank: ['pay', 'annual_leave'], stay_factors_any: ['pay'], intend_stay: 4, stay_other: 'A car' });
  assert.equal(readAnswers(questions, { intend_stay: '6' }).errors.length, 1);
  assert.equal(readAnswers(questions, { stay_factors_rank__pay: '1', stay_factors_rank__recognition: '1' }).errors.length, 1, 'two things ranked 1');
});

test('results: Likert agreement, ranking by mean rank, groups under the minimum withheld; the minimum is 10 by default and never below 5', () => {
  const q = QUESTION_LIBRARY.retention.questions[2]!; // intend_stay
  const responses = [4, 5, 2, 3].map((n, i) => ({ team: i < 2 ? 'North' : null, role: null, experienceBand: null, answers: { intend_stay: n } }));
  assert.deepEqual([questionResult(q, responses).agreePercent, questionResult(q, responses).mean], [50, 3.5]);
  const groups = resultsByGroup([q], responses, 'team', 2);
  assert.deepEqual(
    groups.map((g) => [g.key, g.shown]),
    [
      ['North', true],
      ['Not said', true],
    ],
  );
  assert.deepEqual(
    resultsByGroup([q], responses, 'team', 3).map((g) => g.shown),
    [false, false],
  );
  assert.deepEqual([minGroupSize(null), minGroupSize(3), minGroupSize(12)], [10, 5, 12]);
  const rank = questionResult(QUESTION_LIBRARY.retention.questions[0]!, [
    { team: null, role: null, experienceBand: null, answers: { stay_factors_rank: ['pay', 'annual_leave'] } },
    { team: null, role: null, experienceBand: null, answers: { stay_factors_rank: ['annual_leave', 'pay'] } },
    { team: null, role: null, experienceBand: null, answers: { stay_factors_rank: ['pay'] } },
  ]);
  assert.deepEqual(
    rank.ranking?.slice(0, 2).map((r) => [r.value, r.meanRank]),
    [
      ['pay', 4 / 3],
      ['annual_leave', 1.5],
    ],
  );
  assert.deepEqual(compareAgreement(48, 55, 62), { changeSincePrevious: -7, gapToComparator: -14 });
});

test('an officer builds a survey, shares a link and invitations; respondents answer anonymously and an invitation works once; paper responses are entered', async () => {
  const created = await analyst.post('/surveys', { title: 'Retention survey 2026', questions: ['stay_factors_rank', 'intend_stay', 'stay_other'] });
  assert.equal(created.statusCode, 303);
  const surveyUrl = created.headers.location as string;
  const id = Number(surveyUrl.split('/').pop());
  await analyst.post(`${surveyUrl}/link`);
  const linkPage = await analyst.get(surveyUrl);
  const link = /\/s\/[\w-]+/.exec(linkPage.body)![0];
  for (let i = 0; i < 10; i++) {
    const answered = await answerAnonymously(link, { intend_stay: String((i % 5) + 1), stay_factors_rank__pay: '1', team: 'North', stay_other: `free text ${i}` });
    assert.equal(answered.statusCode, 200, answered.body.slice(0, 300));
  }
  await analyst.post(`${surveyUrl}/invitations`, { invitees: 'a@example.org\nb@example.org' });
  const invitePage = await analyst.get(surveyUrl);
  const invitation = /a@example\.org: https?:\/\/[^/]+(\/s\/[\w-]+)/.exec(invitePage.body)![1]!;
  assert.equal((await answerAnonymously(invitation, { intend_stay: '5' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: invitation })).statusCode, 410, 'an invitation works once');
  const invitationRows = await app.db.selectFrom('survey_invitations').selectAll().where('survey_id', '=', id).execute();
  assert.deepEqual(Object.keys(invitationRows[0]!).sort(), ['authority_code', 'id', 'invitee', 'survey_id', 'token_hash', 'used'], 'nothing links an invitation to a response');
  const paper = await analyst.post(`${surveyUrl}/paper`, { intend_stay: '2', team: 'South' });
  assert.equal(paper.statusCode, 303);
  const responses = await surveyResponses(app.db, OWN, id);
  assert.equal(responses.length, 12);
  assert.equal(responses.filter((r) => r.channel === 'paper').length, 1);

  const officerView = await analyst.get(surveyUrl);
  assert.match(officerView.body, /free text 3/);
  const councillorView = await viewer.get(surveyUrl);
  assert.equal(councillorView.statusCode, 200);
  assert.ok(!councillorView.body.includes('free text'), 'free text is for officers only');
  assert.match(councillorView.body, /North<\/th>\s*<td[^>]*>10</);
  assert.match(councillorView.body, /Fewer than 10 responses/); // South (1) and Not said (1)
  assert.equal((await viewer.get(`${surveyUrl}/paper`)).statusCode, 403);
});
