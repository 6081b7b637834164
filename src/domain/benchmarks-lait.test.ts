import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparisonSentence, quartileBand, rankAmong } from './benchmarks.ts';

test('rank counts the councils strictly better, so ties share the better rank', () => {
  // Turnover: lower is better. One council (10.0) is better than our 12.0; 12.0 ties.
  assert.deepEqual(rankAmong(12, [10, 12, 15, 20], 'lower_better'), { rank: 2, of: 5 });
  // Stability: higher is better.
  assert.deepEqual(rankAmong(12, [10, 12, 15, 20], 'higher_better'), { rank: 3, of: 5 });
  // Suppressed figures are left out; ours compared at one decimal place as DfE publishes.
  assert.deepEqual(rankAmong(12.04, [null, 12, 11.96], 'lower_better'), { rank: 1, of: 3 });
  assert.equal(rankAmong(null, [1, 2], 'lower_better'), null);
});

test('quartile band A is always the better quarter, whichever direction is better', () => {
  assert.equal(quartileBand({ rank: 1, of: 153 }), 'A');
  assert.equal(quartileBand({ rank: 2, of: 5 }), 'B');
  assert.equal(quartileBand({ rank: 77, of: 153 }), 'C');
  assert.equal(quartileBand({ rank: 150, of: 153 }), 'D');
  // The same figure is band A for a lower-is-better measure and band D for a higher-is-better one.
  const others = [20, 25, 30, 35, 40, 45, 50];
  assert.equal(quartileBand(rankAmong(10, others, 'lower_better')), 'A');
  assert.equal(quartileBand(rankAmong(10, others, 'higher_better')), 'D');
});

test('a plain sentence sets our figure beside England and the neighbours', () => {
  const neighbours = [12, 13, 14, 15, 16, 10, 11, 12.5, 18, 9];
  assert.equal(comparisonSentence('Turnover', 15.2, 13.9, neighbours), 'Turnover is higher than England and 8 of 10 neighbours.');
  assert.equal(comparisonSentence('Turnover', 15.2, 16, neighbours), 'Turnover is lower than England but higher than 8 of 10 neighbours.');
  assert.equal(comparisonSentence('Turnover', 13.9, 13.9, [null, 20]), 'Turnover is the same as England, and lower than 1 of 1 neighbour.');
  assert.equal(comparisonSentence('Turnover', 15.2, null, [10, 20, 12]), 'Turnover is higher than 2 of 3 neighbours.');
  assert.equal(comparisonSentence('Turnover', null, 13.9, neighbours), null);
});
