import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { parseDataRunsTo } from './options.ts';

test('--data-runs-to takes a date as the importers read one and refuses anything else', () => {
  assert.equal(parseDataRunsTo('2024-10-15'), '2024-10-15');
  assert.equal(parseDataRunsTo('15/10/2024'), '2024-10-15');
  assert.throws(() => parseDataRunsTo('2024-13-45'), InvalidArgumentError);
  assert.throws(() => parseDataRunsTo('last week'), InvalidArgumentError);
});
