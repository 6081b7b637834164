import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAssignment, buildLeaver, buildPriceCap, buildWorker } from '../test/builders.ts';
import {
  agencyFigures,
  assignmentLengthDays,
  capFor,
  censusYearPeriod,
  coolOffBreach,
  convertedToPermanent,
  daysInPeriod,
  medianSalaryFor,
  pqeUnderThreeYears,
  pqeYears,
  quarterPeriod,
  quarterlyReturn,
  spendByMonth,
  countAssignments,
} from './agency.ts';

const year2025 = censusYearPeriod(2025); // 2024-10-01 to 2025-09-30, 365 days

test('a period cuts an assignment: only its days inside count, and an open one runs to D2', () => {
  const cut = buildAssignment({ startDate: '2025-09-01', endDate: '2025-10-31' });
  assert.equal(daysInPeriod(cut, year2025), 30);
  assert.equal(daysInPeriod(buildAssignment({ startDate: '2024-09-20', endDate: '2024-10-01' }), year2025), 1);
  assert.equal(daysInPeriod(buildAssignment({ startDate: '2025-09-01', endDate: null }), year2025), 30);
  assert.equal(daysInPeriod(buildAssignment({ startDate: '2024-01-01', endDate: '2024-09-30' }), year2025), 0);
});

test('spend is rate x hours x days / 7 and average FTE is hours/37 x days over the period days', () => {
  // £40 x 37 hours x 30 days / 7 = £6,342.86; 30 full-time days over 365 = 0.0822 FTE.
  const one = buildAssignment({ startDate: '2025-09-01', endDate: '2025-10-31', hourlyRate: 40 });
  // £50 x 18.5 hours x 365 / 7 = £48,232.14; half-time all year = 0.5 FTE.
  const two = buildAssignment({ startDate: '2024-06-01', hourlyRate: 50, hoursPerWeek: 18.5 });
  const figures = agencyFigures({ assignments: [one, two], caps: [], workers: [], period: year2025 });
  assert.equal(figures.assignments, 2);
  assert.ok(Math.abs(figures.agency_spend - ((40 * 37 * 30) / 7 + (50 * 18.5 * 365) / 7)) < 1e-9);
  assert.ok(Math.abs(figures.agency_fte_average - (30 + 0.5 * 365) / 365) < 1e-12);
});

test('employed equivalent cost uses the median salary of the role on D2 plus on-costs, and the premium is spend minus it', () => {
  const workers = [buildWorker({ salary: 36_000 }), buildWorker({ salary: 40_000 }), buildWorker({ salary: 99_000, agency: true })];
  // A full year full-time at £40/h: spend 40 x 37 x 365 / 7 = £77,171.43; employed: 38,000 x 1.3 = £49,400.
  const a = buildAssignment({ startDate: '2024-06-01', hourlyRate: 40 });
  const f = agencyFigures({ assignments: [a], caps: [], workers, period: year2025 });
  assert.equal(f.employed_equivalent_cost, 49_400);
  assert.ok(Math.abs(f.agency_premium - ((40 * 37 * 365) / 7 - 49_400)) < 1e-9);
  assert.equal(agencyFigures({ assignments: [a], caps: [], workers, period: year2025, onCostRate: 0.25 }).employed_equivalent_cost, 47_500);
});

test('an assignment whose role has no salary is left out of the cost and premium and counted as no_salary', () => {
  const workers = [buildWorker({ salary: 38_000 })];
  const withSalary = buildAssignment({ startDate: '2024-06-01', hourlyRate: 40 });
  const without = buildAssignment({ startDate: '2024-06-01', hourlyRate: 70, role: 'team_manager' });
  const f = agencyFigures({ assignments: [withSalary, without], caps: [], workers, period: year2025 });
  assert.equal(f.no_salary_assignments, 1);
  assert.ok(Math.abs(f.agency_premium - ((40 * 37 * 365) / 7 - 38_000 * 1.3)) < 1e-9);
});

test('salary(role) falls back to the latest day in the period with a salaried record in post', () => {
  const left = buildLeaver('2025-06-30', { role: 'senior_practitioner', salary: 45_000 });
  const earlier = buildLeaver('2025-03-01', { role: 'senior_practitioner', salary: 41_000 });
  const noSalary = buildWorker({ role: 'senior_practitioner' });
  assert.equal(medianSalaryFor('senior_practitioner', [left, earlier, noSalary], year2025), 45_000);
  assert.equal(medianSalaryFor('senior_practitioner', [buildLeaver('2024-09-30', { role: 'senior_practitioner', salary: 45_000 })], year2025), null);
});

test('a cap that changed during the year: each assignment takes the cap in force on its start date', () => {
  const caps = [buildPriceCap({ effectiveFrom: '2024-04-01', maxHourlyRate: 40 }), buildPriceCap({ effectiveFrom: '2025-04-01', maxHourlyRate: 43 })];
  const before = buildAssignment({ assignmentId: 'BEFORE', startDate: '2025-01-06', hourlyRate: 42 });
  const after = buildAssignment({ assignmentId: 'AFTER', startDate: '2025-04-01', hourlyRate: 42 });
  const approved = buildAssignment({ assignmentId: 'APPROVED', startDate: '2025-01-06', hourlyRate: 42, overCapApproved: true });
  const f = agencyFigures({ assignments: [before, after, approved], caps, workers: [], period: year2025 });
  assert.deepEqual(f.over_cap, ['BEFORE']);
  // With no cap in force an assignment is never over cap.
  assert.deepEqual(agencyFigures({ assignments: [buildAssignment({ startDate: '2024-01-01', hourlyRate: 99 })], caps, workers: [], period: year2025 }).over_cap, []);
});

test('a local role name cap wins over the role code cap once it is in force', () => {
  const caps = [
    buildPriceCap({ role: 'senior_practitioner', roleCode: 'senior_practitioner', maxHourlyRate: 40 }),
    buildPriceCap({ role: 'Senior Social Worker', roleCode: null, effectiveFrom: '2025-04-01', maxHourlyRate: 42 }),
  ];
  const early = { role: 'senior_practitioner' as const, localRole: 'Senior Social Worker', startDate: '2025-01-06' };
  assert.equal(capFor(early, caps)?.maxHourlyRate, 40);
  assert.equal(capFor({ ...early, startDate: '2025-05-01' }, caps)?.maxHourlyRate, 42);
  assert.equal(capFor({ ...early, localRole: 'senior social-worker', startDate: '2025-05-01' }, caps)?.maxHourlyRate, 42);
  assert.equal(capFor({ ...early, localRole: 'Advanced Practitioner', startDate: '2025-05-01' }, caps)?.maxHourlyRate, 40);
});

test('PQE: under 3 years is flagged from 31 October 2024; exactly 3 years is not; no date is unknown', () => {
  assert.equal(pqeUnderThreeYears({ startDate: '2025-03-01', qualifiedDate: '2022-03-01' }), false);
  assert.equal(pqeUnderThreeYears({ startDate: '2025-03-01', qualifiedDate: '2022-03-02' }), true);
  assert.equal(pqeUnderThreeYears({ startDate: '2024-10-30', qualifiedDate: '2024-01-01' }), false);
  assert.equal(pqeUnderThreeYears({ startDate: '2024-10-31', qualifiedDate: '2024-01-01' }), true);
  assert.equal(pqeUnderThreeYears({ startDate: '2025-03-01', qualifiedDate: null }), null);
  const f = agencyFigures({
    assignments: [
      buildAssignment({ assignmentId: 'NEW', startDate: '2025-03-01', qualifiedDate: '2023-07-01' }),
      buildAssignment({ assignmentId: 'UNKNOWN', startDate: '2025-03-01' }),
      buildAssignment({ assignmentId: 'LEGACY', startDate: '2024-06-01' }),
    ],
    caps: [],
    workers: [],
    period: year2025,
  });
  assert.deepEqual(f.pqe_under_3_years, ['NEW']);
  assert.equal(f.pqe_unknown, 1);
  assert.equal(pqeYears('2022-03-02', '2025-03-01'), 2);
  assert.equal(pqeYears('2022-03-01', '2025-03-01'), 3);
});

test('cool-off: a start within 3 calendar months (clipped to month end) of leaving a post here is a breach, unless through redundancy', () => {
  const left = buildLeaver('2025-01-31', { sweNumber: 'SW123' });
  assert.equal(coolOffBreach({ sweNumber: 'sw 123', startDate: '2025-04-29' }, [left]), true);
  assert.equal(coolOffBreach({ sweNumber: 'SW123', startDate: '2025-04-30' }, [left]), false);
  assert.equal(coolOffBreach({ sweNumber: 'SW123', startDate: '2025-01-30' }, [left]), false, 'the post must have ended on or before the start');
  assert.equal(coolOffBreach({ sweNumber: 'SW123', startDate: '2025-01-31' }, [left]), true);
  // 30 November + 3 months is 28 February (clipped): 27 February breaches, 28 February does not.
  const november = buildLeaver('2024-11-30', { sweNumber: 'SW9' });
  assert.equal(coolOffBreach({ sweNumber: 'SW9', startDate: '2025-02-27' }, [november]), true);
  assert.equal(coolOffBreach({ sweNumber: 'SW9', startDate: '2025-02-28' }, [november]), false);
  for (const reason of ['voluntary_redundancy', 'compulsory_redundancy'] as const) {
    assert.equal(coolOffBreach({ sweNumber: 'SW123', startDate: '2025-02-03' }, [buildLeaver('2025-01-31', { sweNumber: 'SW123', leavingReason: reason })]), false);
  }
  assert.equal(coolOffBreach({ sweNumber: null, startDate: '2025-02-03' }, [left]), false);
});

test('median assignment days counts an end after D2 as it is and runs only an open end to D2', () => {
  assert.equal(assignmentLengthDays({ startDate: '2025-09-01', endDate: '2025-12-31' }, '2025-09-30'), 122);
  assert.equal(assignmentLengthDays({ startDate: '2025-09-01', endDate: null }, '2025-09-30'), 30);
  const f = agencyFigures({
    assignments: [buildAssignment({ startDate: '2025-09-01', endDate: '2025-12-31' }), buildAssignment({ startDate: '2025-09-01', endDate: null })],
    caps: [],
    workers: [],
    period: year2025,
  });
  assert.equal(f.median_assignment_days, 76);
  assert.equal(agencyFigures({ assignments: [], caps: [], workers: [], period: year2025 }).median_assignment_days, null);
});

test('converted to permanent counts distinct SWE numbers starting an employed post in the period on or after the assignment start', () => {
  const assignments = [
    buildAssignment({ sweNumber: 'SW1', startDate: '2024-11-04' }),
    buildAssignment({ sweNumber: 'SW1', startDate: '2025-01-06' }),
    buildAssignment({ sweNumber: 'SW2', startDate: '2025-06-01' }),
    buildAssignment({ sweNumber: 'SW3', startDate: '2024-11-04' }),
  ];
  const workers = [
    buildWorker({ sweNumber: 'SW1', startDate: '2025-05-01' }),
    buildWorker({ sweNumber: 'SW2', startDate: '2025-05-01' }), // before the assignment: not a conversion
    buildWorker({ sweNumber: 'SW3', startDate: '2025-10-01' }), // after the period
  ];
  assert.equal(convertedToPermanent(assignments, workers, year2025), 1);
});

test('breakdowns by role code, team and agency carry assignments and spend, sorted by key', () => {
  const f = agencyFigures({
    assignments: [
      buildAssignment({ role: 'team_manager', localRole: 'Team Manager', team: 'CIN', agency: 'B', startDate: '2025-09-24', hourlyRate: 70 }),
      buildAssignment({ team: 'Assessment', agency: 'A', startDate: '2025-09-24', hourlyRate: 35 }),
      buildAssignment({ agency: 'A', startDate: '2025-09-24', hourlyRate: 35 }),
    ],
    caps: [],
    workers: [],
    period: year2025,
  });
  // 7 days each: spend = rate x 37.
  assert.deepEqual(f.by_role, [
    { key: 'case_holder', assignments: 2, agency_spend: 2590 },
    { key: 'team_manager', assignments: 1, agency_spend: 2590 },
  ]);
  assert.deepEqual(
    f.by_team.map((g) => g.key),
    ['Assessment', 'CIN', null],
  );
  assert.deepEqual(f.by_agency, [
    { key: 'A', assignments: 2, agency_spend: 2590 },
    { key: 'B', assignments: 1, agency_spend: 2590 },
  ]);
});

test('quarters are calendar quarters and the return lists the assignments active in one with their cap', () => {
  assert.deepEqual(quarterPeriod('2025Q3'), { from: '2025-07-01', to: '2025-09-30' });
  assert.deepEqual(quarterPeriod('2024q1'), { from: '2024-01-01', to: '2024-03-31' });
  assert.equal(quarterPeriod('2025Q5'), undefined);
  const rows = quarterlyReturn(
    [
      buildAssignment({ assignmentId: 'IN', startDate: '2025-01-06', hourlyRate: 45, qualifiedDate: '2020-01-01' }),
      buildAssignment({ assignmentId: 'OUT', startDate: '2025-01-06', endDate: '2025-06-30' }),
    ],
    [buildPriceCap()],
    quarterPeriod('2025Q3')!,
  );
  assert.deepEqual(
    rows.map((r) => [r.assignment_id, r.cap, r.over_cap, r.over_cap_approved, r.pqe_years]),
    [['IN', 42, true, false, 5]],
  );
});

test('spend by month adds up to the period spend', () => {
  const assignments = [buildAssignment({ startDate: '2025-01-15', endDate: '2025-03-10' }), buildAssignment({ startDate: '2024-06-01', hourlyRate: 55 })];
  const counted = countAssignments({ assignments, caps: [], workers: [], period: year2025 });
  const months = spendByMonth(counted, year2025);
  assert.equal(months.length, 12);
  assert.equal(months[0]!.month, '2024-10');
  const total = months.reduce((sum, m) => sum + m.agency_spend, 0);
  assert.ok(Math.abs(total - agencyFigures({ assignments, caps: [], workers: [], period: year2025 }).agency_spend) < 1e-6);
});

test('vacancy age bands posts by whole months vacant on the latest date with post rows', async () => {
  const { vacancyAges } = await import('./agency.ts');
  const post = (postId: string, vacantSince: string | null, team = 'CIN') => ({ referenceDate: '2025-09-30', team, postId, vacantSince, vacancyFte: 1 });
  const ages = vacancyAges([
    post('P1', '2025-08-01'),
    post('P2', '2025-03-31'),
    post('P3', '2025-04-01'),
    post('P4', '2024-09-30'),
    post('P5', null),
    { referenceDate: '2025-09-30', team: 'CIN', vacancyFte: 3 },
    { ...post('OLD', '2024-01-01'), referenceDate: '2025-03-31' },
  ]);
  assert.deepEqual(ages, { referenceDate: '2025-09-30', rows: [{ team: 'CIN', bands: [1, 1, 1, 0, 1], notKnown: 1, fte: 5 }] });
  assert.equal(vacancyAges([{ referenceDate: '2025-09-30', team: null, vacancyFte: 2 }]), null);
});
