import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addYears, censusYearOf, censusYearsCovered, inPostOn, isLeaverIn, isStarterIn, referenceDate, workingDaysInCensusYear } from './census.ts';

test('census year 2024 runs from 1 October 2023 to 30 September 2024', () => {
  assert.equal(referenceDate(2024), '2024-09-30');
  assert.equal(censusYearOf('2023-09-30'), 2023);
  assert.equal(censusYearOf('2023-10-01'), 2024);
  assert.equal(censusYearOf('2024-09-30'), 2024);
});

test('a worker whose last day is the reference date is a leaver that year and not in post on it', () => {
  const record = { startDate: '2020-01-01', endDate: '2024-09-30' };
  assert.equal(isLeaverIn(record, 2024), true);
  assert.equal(inPostOn(record, '2024-09-30'), false);
  assert.equal(inPostOn(record, '2024-09-29'), true);
});

test('a worker who starts on the reference date is in post on it and a starter in that year', () => {
  const record = { startDate: '2024-09-30', endDate: null };
  assert.equal(inPostOn(record, '2024-09-30'), true);
  assert.equal(isStarterIn(record, 2024), true);
  assert.equal(isStarterIn({ startDate: '2024-10-01' }, 2024), false);
});

test('the census year that holds 29 February has 254 working days, others 253', () => {
  assert.equal(workingDaysInCensusYear(2024), 254);
  assert.equal(workingDaysInCensusYear(2023), 253);
  assert.equal(workingDaysInCensusYear(2100), 253);
});

test('a year before 29 February is 28 February', () => {
  assert.equal(addYears('2024-02-29', -1), '2023-02-28');
  assert.equal(addYears('2024-09-30', -2), '2022-09-30');
});

test('the years an extract covers start at its first leaver or vacancy return and end at its latest date', () => {
  assert.deepEqual(censusYearsCovered({ starts: ['2010-05-01', '2024-10-02'], ends: ['2021-03-01'], returns: ['2022-09-30'] }), [2021, 2022, 2023, 2024, 2025]);
  assert.deepEqual(censusYearsCovered({ starts: ['2023-01-01'], ends: [], returns: [] }), [2023]);
  assert.deepEqual(censusYearsCovered({ starts: [], ends: [], returns: [] }), []);
});
