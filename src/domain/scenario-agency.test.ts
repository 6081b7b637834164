import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { agencyPremium, periodSalary } from './scenario-agency.ts';

test('worked example: one full-time assignment all year at £45 an hour against social workers on £40,000', () => {
  const workers = [buildWorker({ salary: 40_000 })];
  const figures = agencyPremium([{ role: 'case_holder', startDate: '2023-06-01', endDate: null, hourlyRate: 45, hoursPerWeek: null }], workers, '2023-10-01', '2024-09-30', 0.3);
  // 2023-10-01 to 2024-09-30 holds 366 days (29 February 2024).
  assert.equal(figures.assignments, 1);
  assert.ok(Math.abs(figures.agency_spend - 87_055.714) < 0.001); // 45 x 37 x 366 / 7
  assert.ok(Math.abs(figures.employed_equivalent_cost - 52_142.466) < 0.001); // 40,000 x 1.3 x 366 / 365
  assert.equal(figures.agency_fte_average, 1);
  assert.ok(Math.abs(figures.agency_premium_per_fte_year! - 34_913.249) < 0.001);
});

test('an assignment of a role with no employed salary counts in spend and FTE but not in the premium', () => {
  const figures = agencyPremium(
    [
      { role: 'team_manager', startDate: '2024-04-01', endDate: '2024-06-30', hourlyRate: 60, hoursPerWeek: 37 },
      { role: 'case_holder', startDate: '2022-01-01', endDate: '2023-01-01', hourlyRate: 40, hoursPerWeek: 37 }, // before the period
    ],
    [buildWorker({ salary: 40_000 })],
    '2024-04-01',
    '2025-03-31',
    0.3,
  );
  assert.equal(figures.assignments, 1);
  assert.equal(figures.no_salary_assignments, 1);
  assert.equal(figures.agency_premium, 0);
  assert.ok(Math.abs(figures.agency_fte_average - 91 / 365) < 1e-9);
});

test('the salary to compare is the median on the last day, or on the latest day of the period someone with a salary was in post', () => {
  const workers = [buildLeaver('2024-07-01', { salary: 38_000 }), buildLeaver('2024-07-01', { salary: 42_000 }), buildWorker({ salary: 50_000, startDate: '2025-01-01' })];
  assert.equal(periodSalary(workers, 'case_holder', '2023-10-01', '2024-09-30'), 40_000);
  assert.equal(periodSalary(workers, 'team_manager', '2023-10-01', '2024-09-30'), null);
});
