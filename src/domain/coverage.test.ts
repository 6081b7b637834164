import assert from 'node:assert/strict';
import { test } from 'node:test';
import { censusYearAsOf, censusYearLabel, dataCoverage, defaultCensusYear, isCompleteCensusYear, latestCompleteCensusYear, registerDefaultDate } from './coverage.ts';

test('rows up to 15 November 2024 make 2024 complete and 2025 in progress', () => {
  const coverage = dataCoverage({ stated: null, latestRecordDate: '2024-11-15', lastImportedOn: '2024-11-20' });
  assert.deepEqual(coverage, { runsTo: '2024-11-15', source: 'records' });
  assert.equal(isCompleteCensusYear(2024, coverage), true);
  assert.equal(isCompleteCensusYear(2025, coverage), false);
  assert.equal(latestCompleteCensusYear([2022, 2023, 2024, 2025], coverage), 2024);
  assert.equal(defaultCensusYear([2022, 2023, 2024, 2025], coverage), 2024);
  assert.equal(censusYearLabel(2025, coverage), '2025, in progress (data to 15 November 2024)');
  assert.equal(censusYearLabel(2024, coverage), '2024');
});

test('a planned end date after the latest import does not stretch the data past the import', () => {
  const coverage = dataCoverage({ stated: null, latestRecordDate: '2026-03-31', lastImportedOn: '2025-02-01' });
  assert.equal(coverage.runsTo, '2025-02-01');
  assert.equal(isCompleteCensusYear(2025, coverage), false);
});

test('the date an analyst states wins over the rows, either way', () => {
  assert.deepEqual(dataCoverage({ stated: '2024-10-03', latestRecordDate: '2024-09-12', lastImportedOn: '2024-10-04' }), { runsTo: '2024-10-03', source: 'stated' });
  assert.deepEqual(dataCoverage({ stated: '2024-06-30', latestRecordDate: '2024-11-01', lastImportedOn: null }), { runsTo: '2024-06-30', source: 'stated' });
});

test('the reference date itself completes a year', () => {
  const coverage = dataCoverage({ stated: '2024-09-30', latestRecordDate: null, lastImportedOn: null });
  assert.equal(isCompleteCensusYear(2024, coverage), true);
});

test('with no complete year the page opens on the latest year, labelled in progress', () => {
  const coverage = dataCoverage({ stated: null, latestRecordDate: '2024-03-01', lastImportedOn: null });
  assert.equal(latestCompleteCensusYear([2024], coverage), null);
  assert.equal(defaultCensusYear([2024], coverage), 2024);
});

test('the register opens on today, or on the last day the data covers when that is earlier', () => {
  const to = (runsTo: string | null) => ({ runsTo, source: runsTo === null ? ('none' as const) : ('records' as const) });
  assert.equal(registerDefaultDate('2026-11-30', to('2024-03-31')), '2024-03-31');
  assert.equal(registerDefaultDate('2026-11-30', to('2026-12-15')), '2026-11-30');
  assert.equal(registerDefaultDate('2026-11-30', to('2026-11-30')), '2026-11-30');
  assert.equal(registerDefaultDate('2026-11-30', to(null)), '2026-11-30');
});

test('the census year as of a date is the latest whose 30 September has passed', () => {
  assert.equal(censusYearAsOf('2025-09-29', [2023, 2024, 2025]), 2024);
  assert.equal(censusYearAsOf('2025-09-30', [2023, 2024, 2025]), 2025);
  assert.equal(censusYearAsOf('2030-01-01', [2023, 2024, 2025]), 2025);
  assert.equal(censusYearAsOf('2022-01-01', [2023, 2024, 2025]), null);
});
