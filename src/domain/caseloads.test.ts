import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import {
  caseloadReport,
  indexPosts,
  inPostThroughout,
  leaversVersusStayers,
  nearestRankPercentile,
  resolveCaseloads,
  snapshotDateFor,
  thresholdFor,
  thresholdTable,
  workerOnDate,
  type CaseloadSnapshot,
} from './caseloads.ts';

const snapshot = (workerId: string, cases: number, snapshotDate = '2025-03-31'): CaseloadSnapshot => ({ snapshotDate, workerId, cases, children: null, weightedCases: null });

test("a part-time worker's cases per FTE is cases over the FTE of all their posts in post that day", () => {
  const posts = [
    buildWorker({ workerId: 'P', fte: 0.6, team: 'North', startDate: '2021-01-01' }),
    buildWorker({ workerId: 'P', fte: 0.2, team: 'South', startDate: '2020-01-01' }),
    buildLeaver('2025-01-31', { workerId: 'P', fte: 0.2, team: 'East' }), // not in post on the snapshot date
  ];
  const who = workerOnDate(posts, '2025-03-31')!;
  assert.equal(who.fte, 0.8);
  assert.equal(who.team, 'North');
  const [row] = resolveCaseloads([snapshot('P', 12)], indexPosts(posts), thresholdTable([]));
  assert.equal(row!.casesPerFte, 12 / 0.8);
});

test('team and role come from the largest post that day, ties to the earliest start', () => {
  const posts = [
    buildWorker({ workerId: 'T', fte: 0.5, team: 'Later', localRole: 'Senior Practitioner', role: 'senior_practitioner', startDate: '2022-01-01' }),
    buildWorker({ workerId: 'T', fte: 0.5, team: 'Earlier', localRole: 'ASYE', startDate: '2021-06-01' }),
  ];
  const who = workerOnDate(posts, '2025-03-31')!;
  assert.equal(who.team, 'Earlier');
  assert.equal(who.localRole, 'ASYE');
  assert.equal(who.earlyCareer, true);
});

test('the 90th percentile is nearest-rank: the ceil(0.9 n)-th smallest', () => {
  assert.equal(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), 10);
  assert.equal(nearestRankPercentile([7], 90), 7);
  assert.equal(nearestRankPercentile([], 90), null);
});

test('caseload figures count workers with cases, the DfE caseload over their FTE, and the distribution', () => {
  const workers = [
    buildWorker({ workerId: 'A', fte: 0.5, team: 'North' }),
    buildWorker({ workerId: 'B', fte: 1, team: 'North' }),
    buildWorker({ workerId: 'C', fte: 1, team: 'South' }),
    buildWorker({ workerId: 'Z', fte: 1, team: 'South' }),
  ];
  const rows = resolveCaseloads([snapshot('A', 10), snapshot('B', 15), snapshot('C', 19), snapshot('Z', 0)], indexPosts(workers), thresholdTable([]));
  const report = caseloadReport(rows, '2025-03-31', 'team');
  assert.equal(report.workers, 3);
  assert.equal(report.cases, 44);
  assert.equal(report.caseload_fte, 44 / 2.5);
  assert.equal(report.median_cases_per_fte, 19);
  assert.equal(report.p90_cases_per_fte, 20);
  assert.equal(report.max_cases_per_fte, 20);
  // Default case-holder threshold 18: A (20 per FTE) and C (19) are over it.
  assert.equal(report.over_threshold, 2);
  assert.deepEqual(report.over_threshold_workers, ['A', 'C']);
  assert.deepEqual(
    report.groups!.map(({ key, workers: n, cases, median_cases_per_fte }) => ({ key, n, cases, median_cases_per_fte })),
    [
      { key: 'North', n: 2, cases: 25, median_cases_per_fte: 17.5 },
      { key: 'South', n: 1, cases: 19, median_cases_per_fte: 19 },
    ],
  );
});

test("thresholds: a council's own beat the defaults, a local role name beats its role code, strictly above counts", () => {
  const tables = thresholdTable([
    { role: 'asye', casesPerFte: 12 },
    { role: 'case_holder', casesPerFte: 20 },
  ]);
  assert.equal(thresholdFor(tables, 'ASYE', 'case_holder'), 12);
  assert.equal(thresholdFor(tables, 'Social Worker', 'case_holder'), 20);
  assert.equal(thresholdFor(tables, 'IRO', 'qualified_no_cases'), 70);
  assert.equal(thresholdFor(tables, 'Team Manager', 'team_manager'), null);
  const workers = [buildWorker({ workerId: 'I', localRole: 'IRO', role: 'qualified_no_cases' }), buildWorker({ workerId: 'J', localRole: 'IRO', role: 'qualified_no_cases' })];
  const rows = resolveCaseloads([snapshot('I', 70), snapshot('J', 71)], indexPosts(workers), tables);
  assert.deepEqual(
    rows.map((row) => row.overThreshold),
    [false, true],
  );
});

test('a date between two snapshots uses the earlier one; a date before all has none', () => {
  const dates = ['2025-01-31', '2025-02-28', '2025-03-31'];
  assert.equal(snapshotDateFor(dates, '2025-03-15'), '2025-02-28');
  assert.equal(snapshotDateFor(dates, '2025-03-31'), '2025-03-31');
  assert.equal(snapshotDateFor(dates, '2024-12-31'), null);
});

test('leavers against stayers: 183-day window before leaving, zero-case rows pooled, stayers in post all year', () => {
  const workers = [
    buildLeaver('2024-06-30', { workerId: 'L', startDate: '2020-01-01' }),
    buildWorker({ workerId: 'S', startDate: '2020-01-01', fte: 0.5 }),
    buildWorker({ workerId: 'N', startDate: '2024-01-01' }), // joined in the year: not a stayer
    buildWorker({ workerId: 'AG', startDate: '2020-01-01', agency: true }), // agency: neither
  ];
  const snapshots = [
    snapshot('L', 20, '2023-12-30'), // 2024-06-30 - 183 days: inside
    snapshot('L', 0, '2024-06-29'), // the day before leaving: inside
    snapshot('L', 30, '2023-12-29'), // 184 days before: outside
    snapshot('S', 6, '2023-10-31'),
    snapshot('S', 7, '2024-09-30'),
    snapshot('S', 99, '2024-10-31'), // next census year
    snapshot('N', 50, '2024-03-31'),
    snapshot('AG', 50, '2024-03-31'),
  ];
  const result = leaversVersusStayers(snapshots, workers, 2024);
  assert.equal(result.leavers, 1);
  assert.equal(result.leaver_snapshots, 2);
  assert.equal(result.leavers_mean_cases_per_fte, 10);
  assert.equal(result.stayers, 1);
  assert.equal(result.stayers_mean_cases_per_fte, (12 + 14) / 2);
});

test("in post throughout: a move between posts with no gap keeps it, a day's gap breaks it", () => {
  const moved = [buildLeaver('2024-03-01', { startDate: '2020-01-01' }), buildWorker({ startDate: '2024-03-01' })];
  assert.equal(inPostThroughout(moved, '2023-10-01', '2024-09-30'), true);
  const gap = [buildLeaver('2024-03-01', { startDate: '2020-01-01' }), buildWorker({ startDate: '2024-03-02' })];
  assert.equal(inPostThroughout(gap, '2023-10-01', '2024-09-30'), false);
});
