import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { suppressSmallNumbers } from './disclosure.ts';
import { computeCensusFigures } from './measures.ts';

const inPost = (count: number) => Array.from({ length: count }, () => buildWorker({ cases: 10 }));

test('figures built from fewer than five people are withheld, with the rates derived from them', () => {
  const workers = [...inPost(12), buildLeaver('2024-03-01'), buildLeaver('2024-04-01')];
  const { measures, people } = computeCensusFigures({ workers, vacancies: [], censusYear: 2024 });
  const disclosed = suppressSmallNumbers(measures, people);
  assert.equal(disclosed.measures.inpost_headcount, 12);
  assert.equal(disclosed.measures.leavers_headcount, null);
  assert.equal(disclosed.measures.turnover_rate_fte, null);
  assert.ok(disclosed.suppressed.has('leavers_fte'));
  assert.ok(disclosed.suppressed.has('turnover_rate_headcount'));
  assert.equal(disclosed.measures.caseload_fte, 10);
});

test('a team of three has every figure about its people withheld but zero counts are shown', () => {
  const { measures, people } = computeCensusFigures({ workers: inPost(3), vacancies: [], censusYear: 2024 });
  const disclosed = suppressSmallNumbers(measures, people);
  assert.equal(disclosed.measures.inpost_fte, null);
  assert.equal(disclosed.measures.caseload_fte, null);
  assert.equal(disclosed.measures.leavers_headcount, 0);
  assert.equal(disclosed.suppressed.has('leavers_headcount'), false);
});

test('five or more people are shown as they are', () => {
  const { measures, people } = computeCensusFigures({ workers: inPost(5), vacancies: [], censusYear: 2024 });
  assert.equal(suppressSmallNumbers(measures, people).suppressed.size, 0);
});
