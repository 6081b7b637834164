import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildPayScale, buildSupplement, buildWorker } from '../test/builders.ts';
import { costToClose, median, payComparison, scalesInForce, supplementsInForce } from './pay.ts';

const own = new Set(['202']);

test('a median of an odd count is the middle value and of an even count the mean of the two middle values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});

test('the scale in force for an authority, role and grade is the one with the latest effective_from on or before the date', () => {
  const old = buildPayScale({ maxSalary: 39_000, effectiveFrom: '2024-04-01' });
  const current = buildPayScale({ maxSalary: 40_000, effectiveFrom: '2025-04-01' });
  const future = buildPayScale({ maxSalary: 41_000, effectiveFrom: '2026-04-01' });
  const otherGrade = buildPayScale({ grade: 'SW2', maxSalary: 43_000, effectiveFrom: '2023-04-01' });
  assert.deepEqual(scalesInForce([old, current, future, otherGrade], '2025-09-30'), [current, otherGrade]);
  assert.deepEqual(scalesInForce([old, current, future], '2025-04-01'), [current]);
  assert.deepEqual(scalesInForce([future], '2025-09-30'), []);
});

test('a supplement is in force from its from date to its to date inclusive, and while running with no to date', () => {
  const ended = buildSupplement({ from: '2024-01-01', to: '2025-06-30' });
  const running = buildSupplement({ from: '2025-07-01', to: null });
  assert.deepEqual(supplementsInForce([ended, running], '2025-06-30'), [ended]);
  assert.deepEqual(supplementsInForce([ended, running], '2025-07-01'), [running]);
});

test('worked example: our maximum with its supplement against the comparators’ median, the gap and the cost of closing it', () => {
  // Ours: 38,000 (SW) and 40,000 (SW2) + a 1,500 supplement = 41,500. Comparators' highest maxima:
  // 42,000, 44,000 (its higher grade), 45,000 and 47,000: median (44,000 + 45,000) / 2 = 44,500.
  const scales = [
    buildPayScale({ grade: 'SW', maxSalary: 38_000 }),
    buildPayScale({ grade: 'SW2', maxSalary: 40_000 }),
    buildPayScale({ scaleAuthority: '203', maxSalary: 42_000 }),
    buildPayScale({ scaleAuthority: '204', grade: 'L1', maxSalary: 41_000 }),
    buildPayScale({ scaleAuthority: '204', grade: 'L2', maxSalary: 44_000 }),
    buildPayScale({ scaleAuthority: 'Torbay', maxSalary: 45_000 }),
    buildPayScale({ scaleAuthority: 'torbay ', grade: 'SW2', maxSalary: 43_000 }),
    buildPayScale({ scaleAuthority: 'Hampshire', maxSalary: 47_000 }),
    buildPayScale({ scaleAuthority: '203', role: 'team_manager', roleKey: 'teammanager', maxSalary: 55_000 }),
  ];
  const workers = [
    buildWorker({ fte: 1, salary: 36_000 }),
    buildWorker({ fte: 0.5, salary: 39_000 }),
    buildWorker({ fte: 1, salary: null }),
    ...Array.from({ length: 8 }, () => buildWorker({ fte: 1, salary: 37_000 })),
    buildWorker({ agency: true, fte: 1, salary: 60_000 }), // agency: not ours
    buildLeaver('2025-09-30', { fte: 1, salary: 50_000 }), // left on the date: not in post
    buildWorker({ service: 'adults', salary: 30_000 }), // adults' services: not in the census
  ];
  const [teamManager, caseHolder] = payComparison({ scales, supplements: [buildSupplement()], workers, date: '2025-09-30', ownAuthorityKeys: own });
  assert.deepEqual(caseHolder, {
    key: 'case_holder',
    our_max: 41_500,
    comparators: 4,
    comparator_median_max: 44_500,
    gap: 3_000,
    gap_percent: (3_000 / 44_500) * 100,
    median_salary: 37_000,
    inpost_fte: 10.5,
    cost_to_close: 40_950,
  });
  // A role only comparators have a scale for: ours is null, and so are the gap and its cost.
  assert.deepEqual(teamManager, {
    key: 'team_manager',
    our_max: null,
    comparators: 1,
    comparator_median_max: 55_000,
    gap: null,
    gap_percent: null,
    median_salary: null,
    inpost_fte: 0,
    cost_to_close: null,
  });
});

test('a role where we pay more than the market costs nothing to close, and the on-cost rate can be changed', () => {
  const scales = [buildPayScale({ maxSalary: 46_000 }), buildPayScale({ scaleAuthority: '203', maxSalary: 44_000 })];
  const [row] = payComparison({ scales, supplements: [], workers: [buildWorker()], date: '2025-09-30', ownAuthorityKeys: own, onCostRate: 0.25 });
  assert.equal(row!.gap, -2_000);
  assert.equal(row!.cost_to_close, 0);
  assert.equal(costToClose(1_000, 2, 0.25), 2_500);
});
