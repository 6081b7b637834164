import assert from 'node:assert/strict';
import { test } from 'node:test';
import { councilBenchmarks } from './early-warning.ts';

const series = { years: [2023, 2024, 2025], england: [15.9, 13.9, null], neighbourMedian: [16.0, 15.0, 14.0] };

test("the council's turnover is set beside England and the neighbours' median of the latest published year, beyond chance or not", () => {
  // 20% of 300 people: England 13.9% has 95% limits 10.0% to 17.8%, so 20% is above beyond chance;
  // the neighbours' 2025 median of 14.0% likewise. England has no 2025 figure, so its 2024 is used.
  const [england, neighbours] = councilBenchmarks(0.2, 300, series, 2025);
  assert.equal(england?.comparator, 'england');
  assert.equal(england?.censusYear, 2024);
  assert.equal(england?.rate, 0.139);
  assert.equal(england?.upper95.toFixed(3), '0.178');
  assert.equal(england?.significance, 'above_95', 'within the 99.8% limit of 20.1%');
  assert.deepEqual([neighbours?.comparator, neighbours?.censusYear, neighbours?.significance], ['neighbour_median', 2025, 'above_95']);
});

test('a council whose turnover is within chance of England is said to be within chance, and a later published year is never used', () => {
  // 15.4% of 269 people against England's 13.9%: the 95% limit is 18.0%.
  const [england] = councilBenchmarks(0.154, 269, series, 2024);
  assert.deepEqual([england?.censusYear, england?.significance], [2024, 'within']);
  assert.equal(councilBenchmarks(0.154, 269, series, 2022).length, 0, 'nothing published up to 2022');
  assert.deepEqual(councilBenchmarks(null, 269, series, 2024), [], 'no turnover, no comparison');
});
