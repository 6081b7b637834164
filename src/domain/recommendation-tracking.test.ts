import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  applyProgress,
  checkPrefix,
  digestText,
  formatReference,
  matchesFilter,
  monitoringReviews,
  municipalYearLabel,
  municipalYearOf,
  nextReference,
  parseMunicipalYear,
  parseReference,
  progressProblems,
  progressStatusFromText,
  progressUpdate,
  reminderDigest,
  remindersDue,
  responseClock,
  responseDueDate,
  TRACKER_STATUS_LABELS,
  TRACKER_STATUSES,
  trackerStatusOf,
  type TrackedReview,
  type TrackedRecommendation,
} from './recommendation-tracking.ts';

test('the municipal year runs April to March and is named by the years it spans', () => {
  assert.equal(municipalYearOf('2025-04-01'), 2025);
  assert.equal(municipalYearOf('2026-03-31'), 2025);
  assert.equal(municipalYearOf('2026-04-01'), 2026);
  assert.equal(municipalYearOf('2026-01-15'), 2025);
  assert.equal(municipalYearLabel(2025), '2025/26');
  assert.equal(municipalYearLabel(1999), '1999/00');
  // A council that counts from May.
  assert.equal(municipalYearOf('2025-04-30', 5), 2024);
  assert.equal(municipalYearOf('2025-05-01', 5), 2025);
});

test('a reference is the committee prefix, the municipal year and a two-digit number', () => {
  assert.equal(formatReference({ prefix: 'CYP', municipalYear: 2025, number: 3 }), 'CYP 2025/26-03');
  assert.equal(formatReference({ prefix: 'CYP', municipalYear: 2025, number: 112 }), 'CYP 2025/26-112');
  assert.deepEqual(parseReference('CYP 2025/26-03'), { prefix: 'CYP', municipalYear: 2025, number: 3 });
  assert.deepEqual(parseReference(' cyp  2025/26 - 3 '), { prefix: 'CYP', municipalYear: 2025, number: 3 });
  assert.equal(parseReference('CYP 2025/27-03'), null, 'the second year must follow the first');
  assert.equal(parseReference('Recommendation 3'), null);
});

test('any reference written can be read back', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Z][A-Z0-9&]{0,11}$/), fc.integer({ min: 1990, max: 2090 }), fc.integer({ min: 1, max: 999 }), (prefix, municipalYear, number) => {
      assert.deepEqual(parseReference(formatReference({ prefix, municipalYear, number })), { prefix, municipalYear, number });
    }),
  );
});

test('numbering carries on across reviews within a municipal year and starts again at 1 in the next', () => {
  const taken = [
    { prefix: 'CYP', municipalYear: 2025, number: 1 },
    { prefix: 'CYP', municipalYear: 2025, number: 2 },
    { prefix: 'ADULTS', municipalYear: 2025, number: 7 },
    { prefix: 'CYP', municipalYear: 2024, number: 9 },
  ];
  // 31 March 2026 is still 2025/26: the third CYP recommendation that year.
  assert.equal(formatReference(nextReference('CYP', '2026-03-31', taken)), 'CYP 2025/26-03');
  // 1 April 2026 starts 2026/27.
  assert.equal(formatReference(nextReference('CYP', '2026-04-01', taken)), 'CYP 2026/27-01');
  // Another committee's numbers are its own.
  assert.equal(formatReference(nextReference('ADULTS', '2025-06-01', taken)), 'ADULTS 2025/26-08');
  assert.equal(formatReference(nextReference('HOUSING', '2025-06-01', taken)), 'HOUSING 2025/26-01');
});

test('a prefix is letters, digits and &, kept in capitals', () => {
  assert.deepEqual(checkPrefix(' cyp '), { ok: true, value: 'CYP' });
  assert.deepEqual(checkPrefix('C&YP'), { ok: true, value: 'C&YP' });
  assert.equal(checkPrefix('').ok, false);
  assert.equal(checkPrefix('CYP 2025').ok, false);
  assert.equal(checkPrefix('ABCDEFGHIJKLM').ok, false);
});

test('the response is due two months after the report goes to the executive, clamped to the month end', () => {
  assert.equal(responseDueDate('2025-10-14'), '2025-12-14');
  assert.equal(responseDueDate('2025-12-31'), '2026-02-28');
  assert.equal(responseDueDate('2023-12-31'), '2024-02-29');
  assert.equal(responseDueDate('2025-10-14', 3), '2026-01-14');
});

test('the response clock: awaited, due soon inside a fortnight, overdue after the due date, and in time or late once answered', () => {
  const review = { sentToExecutiveOn: '2025-10-14', recommendationsAgreedOn: null };
  const awaiting = [
    { response: 'awaiting' as const, decisionDate: null },
    { response: 'accepted' as const, decisionDate: '2025-12-01' },
  ];
  assert.equal(responseClock({ sentToExecutiveOn: null, recommendationsAgreedOn: null }, awaiting, '2025-11-01').state, 'not_sent');
  assert.deepEqual(responseClock(review, awaiting, '2025-11-01'), { state: 'awaiting', sentOn: '2025-10-14', dueDate: '2025-12-14', respondedOn: null, daysLeft: 43, awaiting: 1 });
  assert.equal(responseClock(review, awaiting, '2025-11-30').state, 'due_soon');
  assert.equal(responseClock(review, awaiting, '2025-12-14').state, 'due_soon');
  const overdue = responseClock(review, awaiting, '2025-12-20');
  assert.equal(overdue.state, 'overdue');
  assert.equal(overdue.daysLeft, -6);
  const answered = [
    { response: 'accepted' as const, decisionDate: '2025-12-10' },
    { response: 'noted' as const, decisionDate: '2025-12-10' },
  ];
  assert.equal(responseClock(review, answered, '2026-01-20').state, 'responded');
  assert.equal(responseClock(review, answered, '2026-01-20').respondedOn, '2025-12-10');
  assert.equal(responseClock({ ...review, recommendationsAgreedOn: '2026-01-05' }, answered, '2026-01-20').state, 'responded_late');
  // A review with no recommendations yet has not been answered.
  assert.equal(responseClock(review, [], '2025-12-20').state, 'overdue');
});

test('slipped needs a revised date later than the date it was due by, and the reason', () => {
  const rec = { response: 'accepted' as const, targetDate: '2026-03-31', revisedDate: null };
  assert.deepEqual(progressProblems(rec, { status: 'on_track', revisedDate: null, reason: '', note: '' }), []);
  assert.deepEqual(progressProblems(rec, { status: 'slipped', revisedDate: null, reason: '', note: '' }), [
    ['revisedDate', 'Enter the revised date it is now expected by'],
    ['reason', 'Enter why it has slipped'],
  ]);
  assert.deepEqual(progressProblems(rec, { status: 'slipped', revisedDate: '2026-03-01', reason: 'Recruitment paused', note: '' }), [
    ['revisedDate', 'The revised date must be after 31 March 2026, the date it was due by'],
  ]);
  assert.deepEqual(progressProblems(rec, { status: 'slipped', revisedDate: '2026-09-30', reason: 'Recruitment paused', note: '' }), []);
  assert.deepEqual(progressProblems(rec, { status: 'achieved', revisedDate: '2026-09-30', reason: '', note: '' }), [['revisedDate', 'Only give a revised date when the status is Slipped']]);
  // Slipping again runs from the last revised date.
  const slipped = { ...rec, revisedDate: '2026-09-30' };
  assert.equal(progressProblems(slipped, { status: 'slipped', revisedDate: '2026-06-30', reason: 'x', note: '' }).length, 1);
  assert.deepEqual(progressProblems(slipped, { status: 'slipped', revisedDate: '2026-12-31', reason: 'Second delay', note: '' }), []);
});

test('progress is followed only on recommendations the executive accepted', () => {
  const change = { status: 'on_track' as const, revisedDate: null, reason: '', note: '' };
  assert.match(progressProblems({ response: 'awaiting', targetDate: null, revisedDate: null }, change)[0]![1], /has not responded/);
  assert.match(progressProblems({ response: 'rejected', targetDate: null, revisedDate: null }, change)[0]![1], /rejected, not accepted/);
  assert.deepEqual(progressProblems({ response: 'noted', targetDate: null, revisedDate: null }, { ...change, status: 'no_longer_monitored' }), []);
  assert.deepEqual(progressProblems({ response: 'partly_accepted', targetDate: null, revisedDate: null }, change), []);
});

test('a slip keeps the original target date, and later statuses keep the revised date it is now due by', () => {
  const agreed = { status: 'on_track' as const, targetDate: '2026-03-31', revisedDate: null, slipReason: '' };
  const slipped = applyProgress(agreed, { status: 'slipped', revisedDate: '2026-09-30', reason: ' Recruitment paused ', note: '' });
  assert.deepEqual(slipped, { status: 'slipped', targetDate: '2026-03-31', revisedDate: '2026-09-30', slipReason: 'Recruitment paused' });
  assert.deepEqual(applyProgress(slipped, { status: 'achieved', revisedDate: null, reason: '', note: '' }), { ...slipped, status: 'achieved' });
  assert.deepEqual(progressUpdate({ status: 'slipped', revisedDate: '2026-09-30', reason: 'Recruitment paused', note: '' }, '2026-03-20', 'officer@example.org'), {
    date: '2026-03-20',
    text: 'Status: Slipped, now expected by 30 September 2026.',
    status: 'slipped',
    revisedDate: '2026-09-30',
    reason: 'Recruitment paused',
    by: 'officer@example.org',
  });
});

test('tracker files may say the status in councils’ usual words', () => {
  assert.equal(progressStatusFromText('Complete'), 'achieved');
  assert.equal(progressStatusFromText('on-track'), 'on_track');
  assert.equal(progressStatusFromText('ON TRACK'), 'on_track');
  assert.equal(progressStatusFromText('Delayed'), 'slipped');
  assert.equal(progressStatusFromText('no_longer_monitored'), 'no_longer_monitored');
  assert.equal(progressStatusFromText('Maybe'), null);
});

test('the 6- and 12-month reviews fall 6 and 12 months after the recommendations were agreed', () => {
  const held = { six_month: { heldOn: null, conclusion: '' }, twelve_month: { heldOn: null, conclusion: '' } };
  const [six, twelve] = monitoringReviews({ scope: { evaluationDate: null }, recommendationsAgreedOn: '2025-08-31' }, held);
  assert.equal(six!.dueDate, '2026-02-28');
  assert.equal(twelve!.dueDate, '2026-08-31');
  assert.equal(twelve!.since, '2026-02-28');
  // The 12-month review is the evaluation date when the scope names one.
  assert.equal(monitoringReviews({ scope: { evaluationDate: '2026-10-01' }, recommendationsAgreedOn: '2025-08-31' }, held)[1]!.dueDate, '2026-10-01');
  assert.equal(monitoringReviews({ scope: { evaluationDate: null }, recommendationsAgreedOn: null }, held)[0]!.dueDate, null);
});

function recommendation(overrides: Partial<TrackedRecommendation>): TrackedRecommendation {
  return {
    id: 1,
    reviewId: 1,
    reference: 'CYP 2025/26-01',
    text: 'Introduce a retention payment',
    response: 'accepted',
    leadOfficer: 'Head of Children’s Social Care',
    leadOfficerEmail: 'hcsc@council.example',
    updates: [],
    status: 'on_track',
    targetDate: null,
    revisedDate: null,
    slipReason: '',
    ...overrides,
  };
}

function trackedReview(recommendations: TrackedRecommendation[], held: { six?: string | null } = {}): TrackedReview {
  return {
    id: 1,
    title: 'Keeping our social workers',
    monitoring: monitoringReviews(
      { scope: { evaluationDate: null }, recommendationsAgreedOn: '2025-06-10' },
      { six_month: { heldOn: held.six ?? null, conclusion: '' }, twelve_month: { heldOn: null, conclusion: '' } },
    ),
    recommendations,
    actions: [
      { id: 1, recommendationId: 1, description: 'Cost the payment', owner: 'Finance business partner', ownerEmail: 'finance.bp@council.example', dueDate: '2025-12-05', status: 'open' },
      { id: 2, recommendationId: 1, description: 'Done already', owner: 'Finance business partner', ownerEmail: '', dueDate: '2025-11-01', status: 'done' },
      { id: 3, recommendationId: 1, description: 'Far off', owner: 'Finance business partner', ownerEmail: '', dueDate: '2026-06-01', status: 'open' },
    ],
  };
}

test('reminders: updates due for the next committee review within 14 days or overdue, dates come, and open actions', () => {
  // Agreed 10 June 2025: the 6-month review is due 10 December 2025.
  const review = trackedReview([
    recommendation({}),
    recommendation({ id: 2, reference: 'CYP 2025/26-02', leadOfficer: 'Principal Social Worker', leadOfficerEmail: '', revisedDate: '2025-11-30', targetDate: '2025-10-31', status: 'slipped' }),
    recommendation({ id: 3, reference: 'CYP 2025/26-03', status: 'achieved' }),
    recommendation({ id: 4, reference: 'CYP 2025/26-04', response: 'rejected', status: null }),
    recommendation({ id: 5, reference: 'CYP 2025/26-05', updates: [{ date: '2025-11-20', text: 'Going well' }] }),
  ]);
  const reminders = remindersDue([review], '2025-12-01');
  assert.deepEqual(
    reminders.map((r) => [r.person, r.reference, r.kind, r.dueDate, r.overdue]),
    [
      ['Finance business partner', 'CYP 2025/26-01', 'action', '2025-12-05', false],
      ['Head of Children’s Social Care', 'CYP 2025/26-01', 'update', '2025-12-10', false],
      ['Principal Social Worker', 'CYP 2025/26-02', 'due_date', '2025-11-30', true],
      ['Principal Social Worker', 'CYP 2025/26-02', 'update', '2025-12-10', false],
    ],
  );
  // An action's reminder goes to its owner's email where one is recorded, as a lead officer's does.
  assert.equal(reminders.find((r) => r.kind === 'action')?.email, 'finance.bp@council.example');
  assert.equal(reminders.find((r) => r.person === 'Principal Social Worker')?.email, null);
  // 16 days ahead is outside the fortnight; once the 6-month review is held, the next is the 12-month one.
  assert.equal(remindersDue([review], '2025-11-24').filter((r) => r.kind === 'update').length, 0);
  const afterSix = remindersDue([trackedReview([recommendation({ updates: [{ date: '2025-12-01', text: 'x' }] })], { six: '2025-12-10' })], '2026-06-05');
  assert.deepEqual(
    afterSix.filter((r) => r.kind === 'update').map((r) => [r.dueDate, r.overdue]),
    [['2026-06-10', false]],
  );
  assert.equal(remindersDue([trackedReview([recommendation({ updates: [{ date: '2026-01-15', text: 'x' }] })], { six: '2025-12-10' })], '2026-06-05').filter((r) => r.kind === 'update').length, 0);
});

test('the digest is one plain-text message per person: overdue first, then due in the fortnight', () => {
  const review = trackedReview([recommendation({ revisedDate: '2025-11-28', targetDate: '2025-10-31', status: 'slipped' })]);
  const messages = reminderDigest(remindersDue([review], '2025-12-01'), { councilName: 'Ownshire Council', today: '2025-12-01', from: 'Scrutiny officer' });
  assert.deepEqual(
    messages.map((m) => [m.to, m.email, m.subject]),
    [
      ['Finance business partner', 'finance.bp@council.example', 'Scrutiny recommendations: 1 update due (0 overdue)'],
      ['Head of Children’s Social Care', 'hcsc@council.example', 'Scrutiny recommendations: 2 updates due (1 overdue)'],
    ],
  );
  const body = messages[1]!.body;
  assert.match(body, /^Dear Head of Children’s Social Care,/);
  assert.match(body, /Overdue:\n- CYP 2025\/26-01, Keeping our social workers: Due to be achieved by 28 November 2025: say whether it is achieved, or when it now will be \(3 days overdue\)/);
  assert.match(body, /Due by 15 December 2025:\n- CYP 2025\/26-01, Keeping our social workers: Progress update for the committee’s 6-month review on 10 December 2025 \(due 10 December 2025\)/);
  assert.ok(body.indexOf('Overdue:') < body.indexOf('Due by'));
  assert.match(digestText(messages), /To: Head of Children’s Social Care <hcsc@council.example>\nSubject: /);
});

test('the tracker filters by committee, status, municipal year and lead officer', () => {
  const row = { committee: 'Children and Young People', status: null, response: 'accepted' as const, municipalYear: 2025, leadOfficer: 'Jo Bloggs' };
  assert.equal(trackerStatusOf(row), 'not_reported');
  assert.equal(trackerStatusOf({ status: null, response: 'awaiting' }), 'awaiting');
  assert.equal(matchesFilter(row, {}), true);
  assert.equal(matchesFilter(row, { committee: 'Children and Young People', status: 'not_reported', municipalYear: 2025, owner: 'jo bloggs' }), true);
  assert.equal(matchesFilter(row, { committee: 'Adults' }), false);
  assert.equal(matchesFilter(row, { status: 'on_track' }), false);
  assert.equal(matchesFilter(row, { municipalYear: 2024 }), false);
  assert.equal(matchesFilter(row, { owner: 'Someone else' }), false);
});

test('the tracker filter reads a municipal year as 2025/26 or 2025, and offers every status it labels', () => {
  assert.equal(parseMunicipalYear('2025/26'), 2025);
  assert.equal(parseMunicipalYear(' 2025 / 26 '), 2025);
  assert.equal(parseMunicipalYear('2025'), 2025);
  assert.equal(parseMunicipalYear('1999/00'), 1999);
  assert.equal(parseMunicipalYear('2025/27'), null);
  assert.equal(parseMunicipalYear('25/26'), null);
  assert.equal(parseMunicipalYear('next year'), null);
  assert.deepEqual([...TRACKER_STATUSES].sort(), Object.keys(TRACKER_STATUS_LABELS).sort());
  fc.assert(fc.property(fc.integer({ min: 1900, max: 2999 }), (year) => parseMunicipalYear(municipalYearLabel(year)) === year));
});
