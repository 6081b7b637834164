import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../db/database.ts';
import { listAudit } from '../db/audit.ts';
import { loadDemo } from '../imports/demo.ts';
import { buildScope } from '../test/builders.ts';
import { expectFailsWhenAuditRefused, snapshotTables, testDatabase } from '../test/db.ts';
import type { Actor } from './actor.ts';
import { addAction, addMeeting, changeAction, changeMeeting, issuePack, NotInReviewError, saveMinutes, setActionStatus } from './review-meetings.ts';
import { addFinding, addRecommendation, changeRecommendation, decideFinding, proposeFindings } from './review-outcomes.ts';
import { addEvidence, removeEvidence, saveScope, setRecommendationsAgreedOn, startReview } from './reviews.ts';

/**
 * Every review command writes its change and its audit entry in one transaction. The proof: make
 * the audit write fail (a trigger on audit_log, so the failure comes after the data change) and
 * check that no review table and no audit entry changed. Runs on the demo council, so issuing a
 * pack and proposing findings have figures to work from.
 */

const OFFICER: Actor = { userId: null, email: 'officer@example.gov.uk', ip: '192.0.2.1' };
const RECOMMENDATION = {
  text: 'Introduce a market supplement for experienced social workers',
  addressedTo: 'Cabinet member for Children’s Services',
  response: 'awaiting' as const,
  responseReasons: '',
  decisionDate: null,
  owner: '',
  financialImplications: '',
  investmentPerYear: 50000,
  implementationStatus: 'not_started' as const,
  progressReviewDate: null,
};
const REVIEW_TABLES = ['reviews', 'review_meetings', 'review_actions', 'review_packs', 'review_evidence', 'review_findings', 'review_recommendations', 'audit_log'] as const;

let db: Db;
let close: () => Promise<void>;
let code: string;

before(async () => {
  ({ db, close } = await testDatabase());
  ({ authorityCode: code } = await loadDemo(db));
});
after(() => close());

const snapshot = () => snapshotTables(db, REVIEW_TABLES);

test('each review command writes its change with one audit entry naming the actor', async () => {
  const review = await startReview(db, { authorityCode: code, title: 'Agency use', scope: buildScope() }, OFFICER);
  const ref = { authorityCode: code, reviewId: review.id };
  const meeting = await addMeeting(db, { ...ref, plan: { date: '2025-10-08', subject: 'Scoping', informationRequired: [], officersAttending: [] } }, OFFICER);
  const action = await addAction(db, { ...ref, action: { meetingId: meeting.id, description: 'Send the agency spend', owner: 'Head of HR', dueDate: '2025-11-01' } }, OFFICER);
  const findingId = await addFinding(db, { ...ref, swot: 'weakness', statement: 'Agency use is rising', evidence: 'Data pack' }, OFFICER);
  const recommendation = await addRecommendation(db, { ...ref, fields: RECOMMENDATION, update: { date: '2025-12-01', text: 'Costed' } }, OFFICER);
  assert.deepEqual(recommendation.updates, [{ date: '2025-12-01', text: 'Costed' }]);
  const pack = await issuePack(db, { ...ref, meetingId: meeting.id, asOf: '2025-11-01', title: 'Pack 1' }, OFFICER);
  assert.equal(pack.issuedBy, OFFICER.email);
  const proposed = await proposeFindings(db, { ...ref, censusYear: 2025 }, OFFICER);
  assert.ok(proposed.added > 0);

  const audit = await listAudit(db, { limit: 100, offset: 0, action: 'review.' });
  assert.deepEqual(audit.entries.map((e) => e.action).reverse(), [
    'review.created',
    'review.meeting_added',
    'review.action_added',
    'review.finding_added',
    'review.recommendation_added',
    'review.pack_issued',
    'review.findings_proposed',
  ]);
  assert.ok(audit.entries.every((e) => e.userEmail === OFFICER.email && e.ip === OFFICER.ip && e.authorityCode === code));
  assert.deepEqual(audit.entries.find((e) => e.action === 'review.action_added')?.details, { reviewId: review.id, actionId: action.id, owner: 'Head of HR', due: '2025-11-01' });

  // A command that finds nothing in this review writes nothing, audit included.
  const before = await snapshot();
  assert.equal(await changeMeeting(db, { ...ref, meetingId: 999_999, plan: { date: '2025-10-08', subject: 'x', informationRequired: [], officersAttending: [] } }, OFFICER), null);
  assert.equal(await setActionStatus(db, { ...ref, actionId: 999_999, status: 'done' }, OFFICER), false);
  assert.equal(await decideFinding(db, { ...ref, findingId: 999_999, status: 'accepted' }, OFFICER), null);
  assert.equal(await changeRecommendation(db, { ...ref, recommendationId: 999_999, fields: RECOMMENDATION }, OFFICER), null);
  assert.equal(await removeEvidence(db, { ...ref, evidenceId: 999_999 }, OFFICER), null);
  await assert.rejects(addAction(db, { ...ref, action: { meetingId: 999_999, description: 'x', owner: 'x', dueDate: '2025-11-01' } }, OFFICER), NotInReviewError);
  // Another council's review is not this council's: the same ids find nothing.
  assert.equal(await saveScope(db, { authorityCode: 'E99999999', reviewId: review.id, title: 'x', contactOfficer: '', scope: buildScope() }, OFFICER), false);
  assert.deepEqual(await snapshot(), before);
  assert.ok(findingId > 0);
});

test('when the audit write fails after the change, no review command leaves the change or the audit', async () => {
  const review = await startReview(db, { authorityCode: code, title: 'Caseloads', scope: buildScope() }, OFFICER);
  const ref = { authorityCode: code, reviewId: review.id };
  const meeting = await addMeeting(db, { ...ref, plan: { date: '2025-10-08', subject: 'Scoping', informationRequired: [], officersAttending: [] } }, OFFICER);
  const action = await addAction(db, { ...ref, action: { meetingId: null, description: 'Send caseloads', owner: 'Head of HR', dueDate: '2025-11-01' } }, OFFICER);
  const findingId = await addFinding(db, { ...ref, swot: 'threat', statement: 'Caseloads are high', evidence: '' }, OFFICER);
  const recommendation = await addRecommendation(db, { ...ref, fields: RECOMMENDATION }, OFFICER);
  const evidenceId = await addEvidence(
    db,
    { ...ref, kind: 'document', title: 'Notes', notes: '', file: { name: 'notes.txt', contentType: 'text/plain', bytes: new TextEncoder().encode('notes') } },
    OFFICER,
  );
  const plan = { date: '2025-11-12', subject: 'Focus groups', informationRequired: [{ item: 'Notes', officer: 'PSW' }], officersAttending: ['PSW'] };

  const commands: [string, () => Promise<unknown>][] = [
    ['start a review', () => startReview(db, { authorityCode: code, title: 'Pay', scope: buildScope() }, OFFICER)],
    ['save the scope', () => saveScope(db, { ...ref, title: 'Caseloads and pay', contactOfficer: 'Sam', scope: buildScope({ anticipatedMeetings: 3 }) }, OFFICER)],
    ['record the agreed date', () => setRecommendationsAgreedOn(db, { ...ref, on: '2026-01-14' }, OFFICER)],
    ['add evidence', () => addEvidence(db, { ...ref, kind: 'survey', title: 'Survey', notes: '', file: null }, OFFICER)],
    ['remove evidence', () => removeEvidence(db, { ...ref, evidenceId }, OFFICER)],
    ['add a meeting', () => addMeeting(db, { ...ref, plan }, OFFICER)],
    ['change a meeting', () => changeMeeting(db, { ...ref, meetingId: meeting.id, plan }, OFFICER)],
    ['save minutes', () => saveMinutes(db, { ...ref, meetingId: meeting.id, minutes: { present: ['Cllr A'], officers: [], apologies: [], items: [] } }, OFFICER)],
    ['add an action', () => addAction(db, { ...ref, action: { meetingId: meeting.id, description: 'x', owner: 'y', dueDate: '2025-12-01' } }, OFFICER)],
    ['mark an action done', () => setActionStatus(db, { ...ref, actionId: action.id, status: 'done' }, OFFICER)],
    [
      'change an action',
      () =>
        changeAction(db, { ...ref, actionId: action.id, action: { meetingId: meeting.id, description: 'Send caseloads by team', owner: 'HR', dueDate: '2025-12-01', status: 'in_progress' } }, OFFICER),
    ],
    ['issue a pack', () => issuePack(db, { ...ref, meetingId: null, asOf: '2025-11-01', title: 'Pack' }, OFFICER)],
    ['propose findings', () => proposeFindings(db, { ...ref, censusYear: 2025 }, OFFICER)],
    ['add a finding', () => addFinding(db, { ...ref, swot: 'strength', statement: 'Stable managers', evidence: '' }, OFFICER)],
    ['decide a finding', () => decideFinding(db, { ...ref, findingId, status: 'rejected' }, OFFICER)],
    ['add a recommendation', () => addRecommendation(db, { ...ref, fields: RECOMMENDATION, update: { date: '2025-12-01', text: 'Started' } }, OFFICER)],
    [
      'change a recommendation',
      () => changeRecommendation(db, { ...ref, recommendationId: recommendation.id, fields: { ...RECOMMENDATION, response: 'accepted' }, update: { date: '2025-12-01', text: 'Agreed' } }, OFFICER),
    ],
  ];
  for (const [name, command] of commands) {
    const before = await snapshot();
    await expectFailsWhenAuditRefused(db, command);
    assert.deepEqual(await snapshot(), before, name);
  }
});
