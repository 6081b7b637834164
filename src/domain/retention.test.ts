import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbitraryCensusYear, arbitraryWorker } from '../test/arbitraries.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { referenceDate } from './census.ts';
import { computeCensusMeasures } from './measures.ts';
import { retentionBy, rollingTurnover, shareUnderTwoYearsService, stabilityIndex } from './retention.ts';

test('rolling turnover counts leavers in the 12 months ending on the date over FTE in post on it', () => {
  const workers = [
    buildWorker({ workerId: 'S1', fte: 1 }),
    buildWorker({ workerId: 'S2', fte: 1 }),
    buildLeaver('2025-03-31', { workerId: 'L1', fte: 0.5 }), // inside (2024-03-31, 2025-03-31]
    buildLeaver('2024-03-31', { workerId: 'L2', fte: 1 }), // the day a year before: outside
    buildLeaver('2025-04-01', { workerId: 'L3', fte: 1 }), // in post on the date, leaves after
  ];
  const rolling = rollingTurnover(workers, '2025-03-31');
  assert.equal(rolling.from, '2024-04-01');
  assert.equal(rolling.leavers_fte, 0.5);
  assert.equal(rolling.inpost_fte, 3);
  assert.equal(rolling.turnover_rate_fte, (0.5 / 3) * 100);
});

test('rolling turnover on a census reference date equals the census turnover rate', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), arbitraryCensusYear, (workers, censusYear) => {
      const census = computeCensusMeasures({ workers, vacancies: [], censusYear });
      const rolling = rollingTurnover(workers, referenceDate(censusYear));
      assert.equal(rolling.turnover_rate_fte, census.turnover_rate_fte);
      assert.equal(rolling.turnover_rate_headcount, census.turnover_rate_headcount);
    }),
  );
});

test("the stability index is the share of last year's workers still in post, moves within the council included", () => {
  const workers = [
    buildWorker({ workerId: 'A', startDate: '2020-01-01' }),
    buildLeaver('2024-06-30', { workerId: 'B', startDate: '2020-01-01' }),
    // C moved post inside the council: still counts as stable.
    buildLeaver('2024-01-31', { workerId: 'C', startDate: '2019-01-01', leavingReason: 'moved_within_la' }),
    buildWorker({ workerId: 'C', startDate: '2024-02-01' }),
    buildWorker({ workerId: 'D', startDate: '2024-05-01' }), // joined this year: not in the base
    buildWorker({ workerId: 'Z', startDate: '2020-01-01', agency: true }), // agency: never counted
  ];
  const index = stabilityIndex(workers, '2024-09-30');
  assert.deepEqual(index, { inPostYearAgo: 3, stillInPost: 2, stability_index: (2 / 3) * 100 });
});

test('the stability index lies between 0 and 100 or is null when nobody was in post a year ago', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), arbitraryCensusYear, (workers, censusYear) => {
      const { stability_index, inPostYearAgo } = stabilityIndex(workers, referenceDate(censusYear));
      if (inPostYearAgo === 0) assert.equal(stability_index, null);
      else assert.ok(stability_index !== null && stability_index >= 0 && stability_index <= 100);
    }),
  );
});

test("service under two years counts from a worker's first post, not their current one", () => {
  const workers = [
    buildWorker({ workerId: 'New', startDate: '2023-10-01' }),
    buildWorker({ workerId: 'Old', startDate: '2015-01-01' }),
    buildLeaver('2023-12-31', { workerId: 'Mover', startDate: '2018-01-01', leavingReason: 'moved_within_la' }),
    buildWorker({ workerId: 'Mover', startDate: '2024-01-01' }),
    buildWorker({ workerId: 'Exactly2', startDate: '2022-09-30' }),
  ];
  const share = shareUnderTwoYearsService(workers, '2024-09-30');
  assert.equal(share.inPost, 4);
  assert.equal(share.underTwoYears, 1);
  assert.equal(share.share_under_two_years, 25);
});

test('retention by any field gives each group its own measures', () => {
  const workers = [buildWorker({ workerId: 'G1', grade: 'SW2' }), buildLeaver('2024-06-30', { workerId: 'G2', grade: 'SW2' }), buildWorker({ workerId: 'G3', grade: 'SW3' })];
  const byGrade = retentionBy(workers, '2024-09-30', (record) => record.grade ?? 'none');
  assert.deepEqual(
    byGrade.map((row) => [row.group, row.stability.stability_index]),
    [
      ['SW2', 50],
      ['SW3', 100],
    ],
  );
  assert.equal(byGrade[0]!.rolling.turnover_rate_headcount, 100);
});
