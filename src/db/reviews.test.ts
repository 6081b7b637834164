import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAuthority, buildReview, buildScope } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { ensureAuthority } from './authorities.ts';
import {
  addAction,
  addEvidence,
  addFinding,
  addMeeting,
  addProposedFindings,
  addRecommendation,
  createReview,
  decideFinding,
  getAction,
  getEvidenceFile,
  getFinding,
  getMeeting,
  getPack,
  getRecommendation,
  getReview,
  issuePack,
  listActions,
  listEvidence,
  listFindings,
  listMeetings,
  listPacks,
  listRecommendations,
  listReviews,
  overdueActions,
  saveMinutes,
  setActionStatus,
  updateRecommendation,
  updateReview,
} from './reviews.ts';

const RECOMMENDATION = {
  text: 'Introduce a market supplement for experienced social workers',
  addressedTo: 'Cabinet member for Children’s Services',
  response: 'awaiting' as const,
  responseReasons: '',
  decisionDate: null,
  owner: '',
  financialImplications: '',
  investmentPerYear: null,
  implementationStatus: 'not_started' as const,
  progressReviewDate: null,
};

test('a review, its meetings, actions and recommendations are kept whole and numbered in order', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'E01');
    const review = await createReview(db, 'E01', { title: 'Social worker retention', scope: buildScope(), createdBy: 'officer@example' });
    assert.deepEqual((await getReview(db, 'E01', review.id))?.scope, buildScope());

    const first = await addMeeting(db, 'E01', review.id, {
      date: '2025-09-10',
      subject: 'Scoping and the workforce picture',
      informationRequired: [{ item: 'Turnover by team for three years', officer: 'Head of HR' }],
      officersAttending: ['Director of Children’s Services'],
    });
    const second = await addMeeting(db, 'E01', review.id, { date: '2025-10-08', subject: 'Focus groups', informationRequired: [], officersAttending: [] });
    assert.deepEqual([first.number, second.number], [1, 2]);
    const minutes = { present: ['Cllr A'], officers: ['DCS'], apologies: ['Cllr B'], items: [{ title: 'Data', notes: 'Turnover is high', resolutions: 'Noted' }] };
    assert.equal(await saveMinutes(db, 'E01', review.id, first.id, minutes), true);
    assert.deepEqual((await getMeeting(db, 'E01', review.id, first.id))?.minutes, minutes);

    const late = await addAction(db, 'E01', review.id, { meetingId: first.id, description: 'Send exit interview summary', owner: 'HR', dueDate: '2025-09-30' });
    await addAction(db, 'E01', review.id, { meetingId: null, description: 'Benchmark salaries', owner: 'Finance', dueDate: '2026-03-01' });
    assert.deepEqual(
      (await overdueActions(db, 'E01', '2025-10-01')).map((a) => [a.description, a.reviewTitle]),
      [['Send exit interview summary', 'Social worker retention']],
    );
    await setActionStatus(db, 'E01', review.id, late.id, 'done');
    assert.deepEqual(await overdueActions(db, 'E01', '2025-10-01'), []);

    const recommendation = await addRecommendation(db, 'E01', review.id, RECOMMENDATION);
    assert.equal(recommendation.number, 1);
    await updateRecommendation(db, 'E01', review.id, recommendation.id, { ...RECOMMENDATION, response: 'accepted', investmentPerYear: 250000 }, { date: '2026-01-05', text: 'Approved by Cabinet' });
    await updateRecommendation(
      db,
      'E01',
      review.id,
      recommendation.id,
      { ...RECOMMENDATION, response: 'accepted', investmentPerYear: 250000, implementationStatus: 'in_progress' },
      { date: '2026-04-01', text: 'Paid from April' },
    );
    const [stored] = await listRecommendations(db, 'E01', review.id);
    assert.equal(stored?.response, 'accepted');
    assert.equal(stored?.investmentPerYear, 250000);
    assert.deepEqual(
      stored?.updates.map((u) => u.text),
      ['Approved by Cabinet', 'Paid from April'],
    );

    const [summary] = await listReviews(db, 'E01', '2025-10-01');
    assert.deepEqual([summary?.meetings, summary?.openActions, summary?.overdueActions, summary?.recommendations], [2, 1, 0, 1]);
  } finally {
    await close();
  }
});

test('another council’s review, meetings and files are not found by id', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'E01');
    await ensureAuthority(db, 'E02');
    const review = await createReview(db, 'E01', { title: 'Ours', scope: buildScope(), createdBy: null });
    const meeting = await addMeeting(db, 'E01', review.id, { date: '2025-09-10', subject: 'One', informationRequired: [], officersAttending: [] });
    const evidenceId = await addEvidence(db, 'E01', review.id, {
      kind: 'focus_group',
      title: 'NQSW focus group notes',
      notes: '',
      file: { name: 'notes.txt', contentType: 'text/plain', bytes: new TextEncoder().encode('notes'), checksumSha256: 'x' },
      addedBy: null,
    });
    assert.equal(await getReview(db, 'E02', review.id), null);
    assert.deepEqual(await listMeetings(db, 'E02', review.id), []);
    assert.equal(await getEvidenceFile(db, 'E02', review.id, evidenceId), null);
    assert.equal(await updateReview(db, 'E02', review.id, { title: 'Taken' }), false);
    assert.equal(await saveMinutes(db, 'E02', review.id, meeting.id, { present: [], officers: [], apologies: [], items: [] }), false);
    assert.equal((await getReview(db, 'E01', review.id))?.title, 'Ours');
    assert.equal(new TextDecoder().decode((await getEvidenceFile(db, 'E01', review.id, evidenceId))?.bytes), 'notes');
    // A child row cannot be filed under one council's review while carrying another's code.
    await assert.rejects(addMeeting(db, 'E02', review.id, { date: '2025-09-10', subject: 'Sneaky', informationRequired: [], officersAttending: [] }));
  } finally {
    await close();
  }
});

test('an issued pack reads back exactly as it was issued', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'E01');
    const review = await createReview(db, 'E01', { title: 'Retention', scope: buildScope(), createdBy: null });
    const content = { headline: { turnover_rate_fte: 17.25 }, note: 'as at 30 September' };
    const sources = [{ importId: 3, fileName: 'workers.csv', checksumSha256: 'abc' }];
    const pack = await issuePack(db, 'E01', review.id, { meetingId: null, asOf: '2025-09-30', censusYear: 2025, title: 'Pack 1', content, sources, issuedBy: 'officer' });
    const read = await getPack(db, 'E01', review.id, pack.id);
    assert.deepEqual(read?.content, content);
    assert.deepEqual(read?.sources, sources);
    assert.equal(await getPack(db, 'E01', review.id + 1, pack.id), null);
  } finally {
    await close();
  }
});

test('proposing findings again adds only new ones: an edited or rejected proposal stays as the officer left it', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'E01');
    const review = await createReview(db, 'E01', { title: 'Retention', scope: buildScope(), createdBy: null });
    const proposals = [
      { ruleId: 'turnover_above_england', swot: 'weakness' as const, statement: 'Turnover is above England', evidence: '18% v 16%' },
      { ruleId: 'vacancy_below_england', swot: 'strength' as const, statement: 'Vacancies are below England', evidence: '10% v 20%' },
    ];
    assert.equal(await addProposedFindings(db, 'E01', review.id, proposals), 2);
    const [first] = await listFindings(db, 'E01', review.id);
    await decideFinding(db, 'E01', review.id, first!.id, { status: 'accepted', statement: 'Turnover is 2 points above England', decidedBy: 'officer' });
    const findingsAfter = await listFindings(db, 'E01', review.id);
    await decideFinding(db, 'E01', review.id, findingsAfter[1]!.id, { status: 'rejected', decidedBy: 'officer' });
    assert.equal(await addProposedFindings(db, 'E01', review.id, [...proposals, { ...proposals[0]!, ruleId: 'agency_above_england', statement: 'Agency use is high' }]), 1);
    const findings = await listFindings(db, 'E01', review.id);
    assert.deepEqual(
      findings.map((f) => [f.statement, f.status]),
      [
        ['Turnover is 2 points above England', 'accepted'],
        ['Vacancies are below England', 'rejected'],
        ['Agency use is high', 'proposed'],
      ],
    );
  } finally {
    await close();
  }
});

test('the database accepts exactly the domain’s values for every review status, heading and kind', async () => {
  const { db, close } = await testDatabase();
  try {
    const review = await buildReview(db);
    const code = review.authorityCode;
    const { SWOT, ACTION_STATUSES, FINDING_STATUSES, RESPONSES, IMPLEMENTATION_STATUSES, EVIDENCE_KINDS } = await import('../domain/reviews.ts');
    const child = { authority_code: code, review_id: review.id };
    for (const swot of SWOT)
      await db
        .insertInto('review_findings')
        .values({ ...child, rule_id: null, swot, statement: swot, proposed_statement: null })
        .execute();
    for (const status of FINDING_STATUSES)
      await db
        .insertInto('review_findings')
        .values({ ...child, rule_id: null, swot: 'strength', statement: status, proposed_statement: null, status })
        .execute();
    for (const status of ACTION_STATUSES)
      await db
        .insertInto('review_actions')
        .values({ ...child, meeting_id: null, description: status, owner: 'x', due_date: '2025-01-01', status })
        .execute();
    for (const kind of EVIDENCE_KINDS)
      await db
        .insertInto('review_evidence')
        .values({ ...child, kind, title: kind, file_name: null, content_type: null, bytes: null, checksum_sha256: null, added_by: null })
        .execute();
    let number = 0;
    for (const response of RESPONSES) {
      for (const implementation_status of IMPLEMENTATION_STATUSES) {
        number += 1;
        await db
          .insertInto('review_recommendations')
          .values({ ...child, number, text: 't', addressed_to: '', response, implementation_status, decision_date: null, investment_per_year: null, updates: '[]', progress_review_date: null })
          .execute();
      }
    }
    // Anything else is refused by the table's check, whatever the code says.
    await assert.rejects(
      db
        .insertInto('review_findings')
        .values({ ...child, rule_id: null, swot: 'strengths' as never, statement: 'x', proposed_statement: null })
        .execute(),
    );
    await assert.rejects(
      db
        .insertInto('review_actions')
        .values({ ...child, meeting_id: null, description: 'x', owner: 'x', due_date: '2025-01-01', status: 'closed' as never })
        .execute(),
    );
    await assert.rejects(
      db
        .insertInto('review_evidence')
        .values({ ...child, kind: 'video' as never, title: 'x', file_name: null, content_type: null, bytes: null, checksum_sha256: null, added_by: null })
        .execute(),
    );
    await assert.rejects(
      db
        .insertInto('review_recommendations')
        .values({ ...child, number: 99, text: 't', addressed_to: '', response: 'maybe' as never, decision_date: null, investment_per_year: null, updates: '[]', progress_review_date: null })
        .execute(),
    );
    // Two recommendations cannot share a number in one review.
    await assert.rejects(
      db
        .insertInto('review_recommendations')
        .values({ ...child, number: 1, text: 't', addressed_to: '', decision_date: null, investment_per_year: null, updates: '[]', progress_review_date: null })
        .execute(),
    );
  } finally {
    await close();
  }
});

test('every review query finds nothing through another council’s code, and a council that goes takes its reviews', async () => {
  const { db, close } = await testDatabase();
  try {
    const review = await buildReview(db);
    const other = await buildAuthority(db);
    const code = review.authorityCode;
    const meeting = await addMeeting(db, code, review.id, { date: '2025-09-10', subject: 'One', informationRequired: [], officersAttending: [] });
    const action = await addAction(db, code, review.id, { meetingId: meeting.id, description: 'Send figures', owner: 'HR', dueDate: '2025-01-01' });
    const findingId = await addFinding(db, code, review.id, { swot: 'threat', statement: 'High caseloads', evidence: '', decidedBy: null });
    const recommendation = await addRecommendation(db, code, review.id, RECOMMENDATION);
    await addEvidence(db, code, review.id, { kind: 'document', title: 'Policy', notes: '', file: null, addedBy: null });
    const elsewhere = other.code;
    assert.equal(await getAction(db, elsewhere, review.id, action.id), null);
    assert.equal(await getFinding(db, elsewhere, review.id, findingId), null);
    assert.equal(await getRecommendation(db, elsewhere, review.id, recommendation.id), null);
    for (const list of [listActions, listEvidence, listFindings, listRecommendations, listPacks]) assert.deepEqual(await list(db, elsewhere, review.id), [], list.name);
    assert.deepEqual(await overdueActions(db, elsewhere, '2026-01-01'), []);
    assert.equal((await overdueActions(db, code, '2026-01-01'))[0]?.reviewTitle, review.title);
    assert.equal(await setActionStatus(db, elsewhere, review.id, action.id, 'done'), false);
    assert.equal(await decideFinding(db, elsewhere, review.id, findingId, { status: 'rejected', decidedBy: null }), false);
    assert.equal(await updateRecommendation(db, elsewhere, review.id, recommendation.id, RECOMMENDATION, { date: '2025-01-01', text: 'x' }), false);
    assert.equal((await getAction(db, code, review.id, action.id))?.status, 'open');

    // Deleting a meeting keeps its actions, no longer tied to a meeting.
    await db.deleteFrom('review_meetings').where('id', '=', meeting.id).execute();
    assert.equal((await getAction(db, code, review.id, action.id))?.meetingId, null);
    await db.deleteFrom('authorities').where('code', '=', code).execute();
    for (const table of ['reviews', 'review_actions', 'review_findings', 'review_recommendations', 'review_evidence'] as const) {
      assert.equal((await db.selectFrom(table).select('id').execute()).length, 0, table);
    }
  } finally {
    await close();
  }
});
