import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildExitInterview, buildLeaver, buildWorker } from '../test/builders.ts';
import { computeLeaversFigures, EXIT_REASONS, exitCodeFrom, exitCodeList, leavingsIn, reasonsNamed, serviceBand, serviceStartOf, EXIT_CHANNELS, LEAVERS_FIELDS } from './exit-interviews.ts';

// A worked example for every field of `retain leavers --year 2024`:
// five employed children's leavings in the year (L1 left two posts on one day: one leaving),
// plus an agency leaver, an adults' leaver and a leaver of 2023, none of which count;
// ten people in post on 30 September 2024.
function example() {
  const workers = [
    buildLeaver('2024-06-30', { workerId: 'L1', fte: 0.6 }),
    buildLeaver('2024-06-30', { workerId: 'L1', fte: 0.4, startDate: '2023-01-01' }),
    buildLeaver('2024-03-31', { workerId: 'L2' }),
    buildLeaver('2023-12-31', { workerId: 'L3' }),
    buildLeaver('2024-09-30', { workerId: 'L4' }),
    buildLeaver('2024-01-15', { workerId: 'L5' }),
    buildLeaver('2024-05-31', { workerId: 'AG', agency: true }),
    buildLeaver('2024-05-31', { workerId: 'AD', service: 'adults' }),
    buildLeaver('2023-09-30', { workerId: 'OLD' }),
    ...Array.from({ length: 10 }, (_, i) => buildWorker({ workerId: `S${i}` })),
  ];
  const interviews = [
    // Completed: pay primary, workload and pay again as other reasons (pay counts once).
    buildExitInterview({ workerId: 'L1', leavingDate: '2024-06-30', primaryReason: 'pay', otherReasons: ['workload', 'pay'], regrettable: true, wouldReturn: 'maybe' }),
    // Completed: workload primary, caseload other.
    buildExitInterview({ workerId: 'L2', leavingDate: '2024-03-31', primaryReason: 'workload', otherReasons: ['caseload'], regrettable: false, wouldReturn: 'yes' }),
    // Completed: pay primary, no would-return answer.
    buildExitInterview({ workerId: 'L3', leavingDate: '2023-12-31', primaryReason: 'pay', regrettable: true }),
    // Declined, but the council marked it regrettable: counts in regrettable_leavers only.
    buildExitInterview({ workerId: 'L4', leavingDate: '2024-09-30', status: 'declined', interviewDate: null, primaryReason: null, regrettable: true, wouldReturn: 'no' }),
    // L5 has no interview. The agency and 2023 leavers' interviews do not count.
    buildExitInterview({ workerId: 'AG', leavingDate: '2024-05-31', regrettable: true }),
    buildExitInterview({ workerId: 'OLD', leavingDate: '2023-09-30', regrettable: true }),
  ];
  return computeLeaversFigures(workers, interviews, 2024);
}

test("leavers counts each employed children's leaving of the year once per worker and end date", () => {
  assert.equal(example().leavers, 5);
});

test('interviews_completed counts the leavings with a completed interview, and the rate is over all leavings', () => {
  const figures = example();
  assert.equal(figures.interviews_completed, 3);
  assert.equal(figures.exit_interview_rate, (3 / 5) * 100);
});

test('reasons gives every code the share of completed interviews naming it as primary or other, a code counted once per interview', () => {
  const { reasons } = example();
  assert.deepEqual(Object.keys(reasons), [...EXIT_REASONS]);
  assert.equal(reasons.pay, (2 / 3) * 100);
  assert.equal(reasons.workload, (2 / 3) * 100);
  assert.equal(reasons.caseload, (1 / 3) * 100);
  assert.equal(reasons.management, 0);
});

test('primary_reasons counts completed interviews by primary reason, every code present', () => {
  const { primary_reasons } = example();
  assert.deepEqual(Object.keys(primary_reasons), [...EXIT_REASONS]);
  assert.equal(primary_reasons.pay, 2);
  assert.equal(primary_reasons.workload, 1);
  assert.equal(primary_reasons.other, 0);
});

test("regrettable_leavers counts the year's leavings marked regrettable whatever the status, over the census in-post headcount", () => {
  const figures = example();
  assert.equal(figures.regrettable_leavers, 3); // L1, L3 (completed) and L4 (declined)
  assert.equal(figures.regrettable_turnover_rate, (3 / 10) * 100); // ten in post on 2024-09-30 (L4 left that day)
});

test('would_return counts yes, no and maybe over completed interviews only', () => {
  assert.deepEqual(example().would_return, { yes: 1, no: 0, maybe: 1 }); // L4's "no" was on a declined interview
});

test('the figures have exactly the contract fields, in its order', () => {
  assert.deepEqual(Object.keys(example()), [...LEAVERS_FIELDS]);
});

test('with no completed interviews every reason share is null, counts are zero; with no leavers the rates are null', () => {
  const noInterviews = computeLeaversFigures([buildLeaver('2024-06-30'), buildWorker()], [], 2024);
  assert.equal(noInterviews.exit_interview_rate, 0);
  assert.ok(Object.values(noInterviews.reasons).every((share) => share === null));
  assert.ok(Object.values(noInterviews.primary_reasons).every((count) => count === 0));
  const nobody = computeLeaversFigures([], [], 2024);
  assert.equal(nobody.leavers, 0);
  assert.equal(nobody.exit_interview_rate, null);
  assert.equal(nobody.regrettable_turnover_rate, null);
});

test('one worker leaving two posts on different days in the year is two leavings', () => {
  const leavings = leavingsIn([buildLeaver('2024-01-31', { workerId: 'X' }), buildLeaver('2024-07-31', { workerId: 'X', startDate: '2024-02-01' })], 2024);
  assert.deepEqual(
    leavings.map((l) => l.endDate),
    ['2024-01-31', '2024-07-31'],
  );
});

test('code values match ignoring case and surrounding spaces; lists are separated by ;', () => {
  assert.equal(exitCodeFrom(EXIT_REASONS, '  PAY '), 'pay');
  assert.equal(exitCodeFrom(EXIT_CHANNELS, 'In_Person'), 'in_person');
  assert.equal(exitCodeFrom(EXIT_REASONS, 'bonus'), undefined);
  assert.deepEqual(exitCodeList(EXIT_REASONS, 'Workload; pay ;;PAY;bonus'), { codes: ['workload', 'pay'], unknown: ['bonus'] });
});

test('reasonsNamed lists the primary reason first and each reason once', () => {
  assert.deepEqual(reasonsNamed({ primaryReason: 'pay', otherReasons: ['workload', 'pay'] }), ['pay', 'workload']);
});

test('service bands: under 2 years until the second anniversary, 2 to 5 until the fifth, then 5 or more', () => {
  assert.equal(serviceBand('2022-07-01', '2024-06-30'), 'under_2');
  assert.equal(serviceBand('2022-07-01', '2024-07-01'), '2_to_5');
  assert.equal(serviceBand('2019-07-01', '2024-06-30'), '2_to_5');
  assert.equal(serviceBand('2019-07-01', '2024-07-01'), '5_plus');
});

test('continuous service runs back through posts ending within 31 days of the next one starting', () => {
  const posts = [
    buildWorker({ startDate: '2015-01-01', endDate: '2018-12-31' }),
    buildWorker({ startDate: '2019-04-01', endDate: '2021-03-31' }),
    buildWorker({ startDate: '2021-05-01', endDate: '2024-06-30' }),
  ];
  assert.equal(serviceStartOf(posts, '2024-06-30'), '2019-04-01'); // 2021-03-31 + 31 days = 2021-05-01; the 2018 gap is too long
});

test('property: rates stay between 0 and 100 and reason counts never exceed completed interviews', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          month: fc.integer({ min: 1, max: 12 }),
          status: fc.constantFrom('completed', 'declined', 'not_offered') as fc.Arbitrary<'completed' | 'declined' | 'not_offered'>,
          reasons: fc.subarray([...EXIT_REASONS]),
        }),
        { maxLength: 20 },
      ),
      (rows) => {
        const workers = rows.map((row, i) => buildLeaver(`2024-${String(row.month).padStart(2, '0')}-01`, { workerId: `P${i}` }));
        const interviews = rows.map((row, i) =>
          buildExitInterview({ workerId: `P${i}`, leavingDate: workers[i]!.endDate!, status: row.status, primaryReason: row.reasons[0] ?? 'other', otherReasons: row.reasons.slice(1) }),
        );
        const figures = computeLeaversFigures(workers, interviews, 2024);
        assert.ok(figures.exit_interview_rate === null || (figures.exit_interview_rate >= 0 && figures.exit_interview_rate <= 100));
        for (const code of EXIT_REASONS) {
          const share = figures.reasons[code];
          assert.ok(share === null || (share >= 0 && share <= 100));
          assert.ok(figures.primary_reasons[code] <= figures.interviews_completed);
        }
      },
    ),
  );
});
