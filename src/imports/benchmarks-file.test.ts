import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PublishedRow } from '../domain/benchmarks.ts';
import { deriveRates, type CensusTotals, type RateField } from '../domain/measures.ts';
import { formatProblem, parseBenchmarksFile } from './benchmarks-file.ts';

/** DfE's published file, read from shared/ beside the checkout (never copied into the repo). */
const PUBLISHED_FILE = path.resolve(import.meta.dirname, '../../reference/dfe/csww_indicators_2017_to_2024.csv');

const HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,turnover_rate_headcount,agency_fte,agency_headcount,agency_rate_fte,agency_rate_headcount,agency_cover_fte,agency_cover_rate_fte,vacancy_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,cases,caseload_fte,working_days_lost_fte,absence_rate_fte';

/**
 * Each rate, the inputs that push it up and the inputs that push it down. Absence uses
 * `inpost_fte` for its denominator: DfE's is the FTE of workers with absence data, which the file
 * does not publish.
 */
const RATE_INPUTS: Record<RateField | 'caseload_fte', { up: string[]; down: string[] }> = {
  turnover_rate_fte: { up: ['leavers_fte'], down: ['inpost_fte'] },
  turnover_rate_headcount: { up: ['leavers_headcount'], down: ['inpost_headcount'] },
  agency_rate_fte: { up: ['agency_fte'], down: ['inpost_fte'] },
  agency_rate_headcount: { up: ['agency_headcount'], down: ['inpost_headcount'] },
  agency_cover_rate_fte: { up: ['agency_cover_fte'], down: ['agency_fte'] },
  vacancy_rate_fte: { up: ['vacancy_fte'], down: ['inpost_fte'] },
  vacancy_agency_cover_rate_fte: { up: ['agency_cover_fte'], down: ['vacancy_fte'] },
  caseload_fte: { up: ['cases'], down: ['case_holders_fte'] },
  absence_rate_fte: { up: ['working_days_lost_fte'], down: ['inpost_fte'] },
};
const TOLERANCE = 0.1 + 1e-9;

/** Published inputs are rounded to one decimal; headcounts and cases are whole and exact. */
function roundingOf(field: string): number {
  return field.endsWith('_headcount') || field === 'cases' ? 0 : 0.05;
}

type Totals = Parameters<typeof deriveRates>[0];

/** The row's published inputs as the totals deriveRates takes, each input moved by `shift`. */
function totalsOf(row: PublishedRow, shift: (field: string) => number = () => 0): Totals {
  const value = (field: string) => (row.figures[field] ?? Number.NaN) + shift(field);
  const totals = {} as Record<keyof Omit<CensusTotals, 'people'>, number>;
  for (const field of [
    'inpost_fte',
    'inpost_headcount',
    'starters_fte',
    'starters_headcount',
    'leavers_fte',
    'leavers_headcount',
    'agency_fte',
    'agency_headcount',
    'agency_cover_fte',
    'vacancy_fte',
    'case_holders_fte',
    'cases',
    'working_days_lost_fte',
  ] as const) {
    totals[field] = value(field);
  }
  totals.absence_inpost_fte = value('inpost_fte');
  return totals;
}

interface Agreement {
  field: string;
  compared: number;
  within: number;
  withinAllowingInputRounding: number;
  localAuthorityMisses: string[];
}

function agreementOf(rows: readonly PublishedRow[], field: RateField | 'caseload_fte'): Agreement {
  const { up, down } = RATE_INPUTS[field];
  const result: Agreement = { field, compared: 0, within: 0, withinAllowingInputRounding: 0, localAuthorityMisses: [] };
  for (const row of rows) {
    const published = row.figures[field];
    if (published === null || published === undefined || [...up, ...down].some((input) => row.figures[input] === null || row.figures[input] === undefined)) continue;
    const ours = deriveRates(totalsOf(row), row.timePeriod)[field];
    if (ours === null) continue;
    result.compared += 1;
    if (Math.abs(ours - published) <= TOLERANCE) result.within += 1;
    // The lowest and highest rate the unrounded inputs could give.
    const low = deriveRates(
      totalsOf(row, (input) => (up.includes(input) ? -roundingOf(input) : down.includes(input) ? roundingOf(input) : 0)),
      row.timePeriod,
    )[field];
    const high = deriveRates(
      totalsOf(row, (input) => (up.includes(input) ? roundingOf(input) : down.includes(input) ? -roundingOf(input) : 0)),
      row.timePeriod,
    )[field];
    const withinRange = low !== null && high !== null && published >= Math.min(low, ours) - TOLERANCE && published <= Math.max(high, ours) + TOLERANCE;
    if (withinRange) result.withinAllowingInputRounding += 1;
    else if (row.geographicLevel === 'Local authority') result.localAuthorityMisses.push(`${row.timePeriod} ${row.laName}: published ${published}, ours ${ours.toFixed(2)}`);
  }
  return result;
}

const percent = (part: number, whole: number) => (whole === 0 ? 100 : (part / whole) * 100);

test('the published file is read with every level, every year and no problems', () => {
  const file = parseBenchmarksFile('csww_indicators_2017_to_2024.csv', readFileSync(PUBLISHED_FILE));
  assert.deepEqual(file.problems, []);
  assert.equal(file.rows.length, 1300);
  assert.deepEqual(file.missingMeasures, []);
  assert.deepEqual(file.ignoredColumns.sort(), ['country_code', 'country_name', 'time_identifier']);
  const levelCount = (level: string) => file.rows.filter((row) => row.geographicLevel === level).length;
  assert.equal(levelCount('National'), 8);
  assert.equal(levelCount('Regional'), 88);
  assert.equal(levelCount('Local authority'), 1204);
  assert.deepEqual([...new Set(file.rows.map((row) => row.timePeriod))].sort(), [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
  const durham = file.rows.find((row) => row.timePeriod === 2024 && row.oldLaCode === '840');
  assert.equal(durham?.newLaCode, 'E06000047');
  assert.equal(durham?.laName, 'County Durham');
  assert.equal(durham?.regionCode, 'E12000001');
  assert.equal(durham?.figures.inpost_fte, 362.8);
  const hull = file.rows.find((row) => row.timePeriod === 2024 && row.oldLaCode === '810');
  assert.equal(hull?.laName, 'Kingston upon Hull, City of');
});

test("every published rate is recomputed by deriveRates from the row's own inputs within 0.1 on at least 99% of rows, allowing for the inputs' rounding", (t) => {
  const { rows } = parseBenchmarksFile('csww_indicators_2017_to_2024.csv', readFileSync(PUBLISHED_FILE));
  const fields = Object.keys(RATE_INPUTS) as Array<keyof typeof RATE_INPUTS>;
  let compared = 0;
  let within = 0;
  for (const field of fields) {
    const agreement = agreementOf(rows, field);
    compared += agreement.compared;
    within += agreement.within;
    t.diagnostic(
      `${field}: ${agreement.compared} rows; within 0.1 ${percent(agreement.within, agreement.compared).toFixed(2)}%; ` +
        `allowing for inputs rounded to 1 dp ${percent(agreement.withinAllowingInputRounding, agreement.compared).toFixed(2)}%`,
    );
    assert.ok(agreement.compared > 1100, `${field}: only ${agreement.compared} rows had the rate and its inputs`);
    assert.ok(percent(agreement.withinAllowingInputRounding, agreement.compared) >= 99, `${field}: ${agreement.withinAllowingInputRounding} of ${agreement.compared}`);
    // Every local authority row agrees; the few misses are England and regional aggregates,
    // which DfE computes over the authorities with complete returns only.
    assert.deepEqual(agreement.localAuthorityMisses, [], field);
  }
  t.diagnostic(`all rates: ${compared} comparisons, ${percent(within, compared).toFixed(2)}% within a flat 0.1`);
});

test("within a flat 0.1 the rates agree on at least 99% of rows, but for the agency cover rates whose small denominators magnify the inputs' rounding", () => {
  const { rows } = parseBenchmarksFile('csww_indicators_2017_to_2024.csv', readFileSync(PUBLISHED_FILE));
  for (const field of Object.keys(RATE_INPUTS) as Array<keyof typeof RATE_INPUTS>) {
    const agreement = agreementOf(rows, field);
    const floor = field === 'agency_cover_rate_fte' || field === 'vacancy_agency_cover_rate_fte' ? 95 : 99;
    assert.ok(percent(agreement.within, agreement.compared) >= floor, `${field}: ${agreement.within} of ${agreement.compared} within 0.1`);
  }
});

test('suppression symbols become "not available" with the symbol kept, and an empty cell is just not available', () => {
  const file = parseBenchmarksFile(
    'small.csv',
    `\uFEFF${HEADER}\n` + '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,840,E06000047,County Durham,100,110,10,11,c,x,z,u,LOW,:,20,22,17.0,16.0,,,,,,,,\n',
  );
  assert.deepEqual(file.problems, []);
  const [row] = file.rows;
  assert.ok(row);
  assert.equal(row.figures.inpost_fte, 100);
  assert.equal(row.figures.leavers_fte, null);
  assert.deepEqual(row.symbols, { leavers_fte: 'c', leavers_headcount: 'x', turnover_rate_fte: 'z', turnover_rate_headcount: 'u', agency_fte: 'low', agency_headcount: ':' });
  assert.equal(row.figures.absence_rate_fte, null);
  assert.equal('absence_rate_fte' in row.symbols, false);
});

test('headers are matched whatever their case, and an extra numeric column is kept as a figure', () => {
  const file = parseBenchmarksFile('extra.csv', 'TIME_PERIOD, Geographic_Level ,inpost_fte,new_indicator,note\n2024,National,34328.2,c,hello\n2023,National,33000,1.5,\n');
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.rows[1]?.figures, { inpost_fte: 33000, new_indicator: 1.5 });
  assert.deepEqual(file.rows[0]?.symbols, { new_indicator: 'c' });
  assert.deepEqual(file.ignoredColumns, ['note']);
  assert.ok(file.missingMeasures.includes('leavers_fte'));
});

test('a malformed number is a problem naming the file, row and column', () => {
  const file = parseBenchmarksFile('bad.csv', 'time_period,geographic_level,inpost_fte,leavers_fte\n2024,National,100,10\n2023,National,1O0,n/a\n');
  assert.deepEqual(file.problems, [
    { file: 'bad.csv', row: 3, column: 'inpost_fte', message: '"1O0" is not a number or a suppression symbol (c, x, z, u, low, :)' },
    { file: 'bad.csv', row: 3, column: 'leavers_fte', message: '"n/a" is not a number or a suppression symbol (c, x, z, u, low, :)' },
  ]);
  assert.equal(formatProblem(file.problems[0]!), 'bad.csv:3:inpost_fte: "1O0" is not a number or a suppression symbol (c, x, z, u, low, :)');
});

test('a file without time_period or geographic_level is refused before any row is read', () => {
  const file = parseBenchmarksFile('workers.csv', 'worker_id,fte\nA,1\n');
  assert.deepEqual(
    file.problems.map((problem) => problem.column),
    ['time_period', 'geographic_level'],
  );
  assert.equal(file.rows.length, 0);
});

test('a bad year, a local authority row without codes and a repeated row are problems', () => {
  const file = parseBenchmarksFile(
    'rows.csv',
    'time_period,geographic_level,region_code,old_la_code,new_la_code,inpost_fte\n24,National,,,,1\n2024,Local authority,E12000001,,,1\n2024,Regional,E12000001,,,1\n2024,Regional,E12000001,,,2\n',
  );
  assert.deepEqual(
    file.problems.map((problem) => [problem.row, problem.column]),
    [
      [2, 'time_period'],
      [3, 'old_la_code'],
      [5, null],
    ],
  );
});

test('an empty file and a header alone are problems, not empty releases', () => {
  assert.equal(parseBenchmarksFile('empty.csv', '').problems.length, 1);
  assert.match(parseBenchmarksFile('header.csv', `${HEADER}\n`).problems[0]?.message ?? '', /no data rows/);
});

test('a Windows-1252 file is read', () => {
  const bytes = Buffer.from('time_period,geographic_level,la_name,old_la_code,inpost_fte\n2024,Local authority,Caf\xe9 Town,999,1\n', 'latin1');
  const file = parseBenchmarksFile('cp1252.csv', bytes);
  assert.equal(file.rows[0]?.laName, 'Café Town');
});
