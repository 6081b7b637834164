import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { ageBand, equalitySuppression, equalityTable, ethnicGroup, suppressColumn } from './equality.ts';

test('CBDS codes fall into their major groups; refused and not obtained are not known', () => {
  assert.deepEqual(['WBRI', 'MWBC', 'AIND', 'CHNE', 'BCRB', 'OOTH', 'REFU', 'NOBT', null].map(ethnicGroup), [
    'White',
    'Mixed',
    'Asian',
    'Asian',
    'Black',
    'Other ethnic group',
    'Not known',
    'Not known',
    'Not known',
  ]);
});

test('age bands are taken on the reference date', () => {
  assert.equal(ageBand('1995-10-01', '2025-09-30'), 'Under 30'); // 29 the day before their birthday
  assert.equal(ageBand('1995-09-30', '2025-09-30'), '30 to 39');
  assert.equal(ageBand(null, '2025-09-30'), 'Not known');
});

test("each group's shares, turnover and gap against the whole workforce", () => {
  // 10 women in post (2 left in the year), 5 men in post (3 left): turnover all 5/15 = 33.3%.
  const workers = [
    ...Array.from({ length: 10 }, () => buildWorker({ gender: 'female' })),
    ...Array.from({ length: 2 }, () => buildLeaver('2025-03-31', { gender: 'female' })),
    ...Array.from({ length: 5 }, () => buildWorker({ gender: 'male' })),
    ...Array.from({ length: 3 }, () => buildLeaver('2025-03-31', { gender: 'male' })),
  ];
  const table = equalityTable(workers, 2025, 'gender');
  const female = table.rows.find((r) => r.group === 'Female')!;
  assert.deepEqual([female.inpost, female.leavers, female.inpostShare, female.leaversShare, female.turnoverRate], [10, 2, (10 / 15) * 100, 40, 20]);
  assert.equal(table.total.turnoverRate, (5 / 15) * 100);
  assert.equal(female.turnoverGap, 20 - (5 / 15) * 100);
});

test('secondary suppression: a single hidden count takes the smallest other cell with it', () => {
  assert.deepEqual(suppressColumn([3, 20, 7]), [true, false, true]);
  assert.deepEqual(suppressColumn([3, 20, 0]), [true, false, true], 'even a zero: 23 - 20 would give the 3 away');
  assert.deepEqual(suppressColumn([3, 2, 25]), [true, true, false], 'two hidden already protect each other');
  assert.deepEqual(suppressColumn([6, 20, 0]), [false, false, false]);
  const table = equalityTable([...Array.from({ length: 9 }, () => buildWorker({ gender: 'female' })), ...Array.from({ length: 3 }, () => buildWorker({ gender: 'male' }))], 2025, 'gender');
  assert.deepEqual(
    equalitySuppression(table).map((h) => h.inpost),
    [true, true],
    'Female 9 goes with Male 3',
  );
});
