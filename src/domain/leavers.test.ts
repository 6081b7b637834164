import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { arbitraryWorker } from '../test/arbitraries.ts';
import { computeCensusMeasures, isCensusRecord } from './measures.ts';
import { leaverReasonCounts, unknownReasonShare, withheldReasons } from './leavers.ts';

test('leavers are counted by reason, with every reason listed and missing reasons counted apart', () => {
  const workers = [
    buildLeaver('2024-03-01'),
    buildLeaver('2024-05-01', { leavingReason: 'retired', fte: 0.5 }),
    buildLeaver('2024-06-01', { leavingReason: null }),
    buildLeaver('2024-07-01', { leavingReason: 'not_known' }),
    buildLeaver('2024-07-01', { agency: true }),
    buildLeaver('2023-07-01'),
    buildWorker(),
  ];
  const counts = leaverReasonCounts(workers, 2024);
  const of = (reason: string) => counts.find((c) => c.reason === reason);
  assert.equal(of('resignation')?.headcount, 1);
  assert.equal(of('retired')?.fte, 0.5);
  assert.equal(of('not_recorded')?.headcount, 1);
  assert.equal(of('not_recorded')?.label, 'No reason recorded');
  assert.equal(of('dismissed')?.headcount, 0);
  assert.deepEqual(unknownReasonShare(counts), { unknown: 2, total: 4, percent: 50 });
});

test('with no leavers the unknown share is not a number, not zero', () => {
  assert.equal(unknownReasonShare(leaverReasonCounts([buildWorker()], 2024)).percent, null);
});

test('leavers by reason always add up to the census leavers, in headcount and FTE', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 30 }), fc.integer({ min: 2016, max: 2027 }), (workers, censusYear) => {
      const counts = leaverReasonCounts(workers, censusYear);
      const measures = computeCensusMeasures({ workers: workers.filter((w) => isCensusRecord(w)), vacancies: [], censusYear });
      assert.equal(
        counts.reduce((sum, c) => sum + c.headcount, 0),
        measures.leavers_headcount,
      );
      assert.ok(Math.abs(counts.reduce((sum, c) => sum + c.fte, 0) - measures.leavers_fte) < 1e-9);
    }),
  );
});

test('leaver reasons of 1 to 4 people are withheld, and a lone withheld count takes the next smallest with it', () => {
  assert.deepEqual([...withheldReasons([10, 3, 0, 7])].sort(), [1, 3]);
  assert.deepEqual([...withheldReasons([10, 3, 2, 7])].sort(), [1, 2]);
  assert.deepEqual([...withheldReasons([10, 0, 6])], []);
  assert.deepEqual([...withheldReasons([4])], [0], 'nothing else to hide it among');
});
