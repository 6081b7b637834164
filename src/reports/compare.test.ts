import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../db/database.ts';
import { MEASURE_FIELDS, type CensusMeasures } from '../domain/measures.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { testDatabase } from '../test/db.ts';
import { tableToCsv } from './tables.ts';
import { benchmarkSeries, benchmarkSeriesAll, compareForYear, compareMeasures, comparisonTable } from './compare.ts';
import { isRetainError } from '../errors.ts';

/** A small file in DfE's format: England, one region and four authorities, 2023 and 2024. */
const BENCHMARKS = `\uFEFFtime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,leavers_fte,turnover_rate_fte,caseload_fte,absence_rate_fte
2023,Reporting year,National,E92000001,England,,,,,,30000,5000,16.7,16,3.3
2023,Reporting year,Regional,E92000001,England,E12000009,South West,,,,3000,450,15,15.5,3.1
2023,Reporting year,Local authority,E92000001,England,E12000009,South West,901,E06000901,Alphaton,90,18,20,17,c
2023,Reporting year,Local authority,E92000001,England,E12000009,South West,902,E06000902,Betaford,100,10,10,15,3
2023,Reporting year,Local authority,E92000001,England,E12000009,South West,903,E06000903,Gammaby,100,30,30,19,3.4
2024,Reporting year,National,E92000001,England,,,,,,34328.2,4728.7,13.9,15.4,3.4
2024,Reporting year,Regional,E92000001,England,E12000009,South West,,,,3100,400,12.9,15,3
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,901,E06000901,Alphaton,10,1,10,u,2.5
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,902,E06000902,Betaford,100,12,12,14,x
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,903,E06000903,Gammaby,100,16,16,18,3.6
2024,Reporting year,Local authority,E92000001,England,E12000009,South West,904,E06000904,Deltaham,50,5,10,20,4
`;

let db: Db;
let close: () => Promise<void>;

before(async () => {
  ({ db, close } = await testDatabase());
  await db
    .insertInto('authorities')
    .values([
      // Neighbours named in both code forms, and one code nobody publishes.
      { code: '901', name: 'Alphaton', new_la_code: 'E06000901', old_la_code: '901', region_code: 'E12000009', region_name: 'South West', neighbours: ['902', 'E06000903', '999'] },
      // No region or neighbours of its own: the region comes from its published row.
      { code: 'E06000904', name: 'Deltaham', new_la_code: null, old_la_code: null, region_code: null, region_name: null },
    ])
    .execute();
  // Alphaton: ten employed workers in post on 30 September 2024, one of whom started in the year, and one leaver.
  const worker = (id: string, startDate: string, endDate: string | null = null) => ({
    authority_code: '901',
    worker_id: id,
    start_date: startDate,
    end_date: endDate,
    agency: false,
    role: 'case_holder',
    service: 'children',
    fte: 1,
    leaving_reason: endDate === null ? null : 'resignation',
  });
  await db
    .insertInto('workers')
    .values([...Array.from({ length: 9 }, (_, index) => worker(`A${index}`, '2020-01-06')), worker('A9', '2024-03-01'), worker('L1', '2019-05-01', '2024-06-30')])
    .execute();
  const imported = await importBenchmarks(db, { fileName: 'small.csv', bytes: BENCHMARKS });
  assert.ok(imported.ok, JSON.stringify(imported));
});

after(async () => {
  await close();
});

test("our figures sit beside England, the region, the neighbours' median and our own published row for the same year", async () => {
  const comparison = await compareForYear(db, '901', 2024);
  assert.equal(comparison.benchmarkYear, 2024);
  assert.equal(comparison.censusYear, 2024);
  assert.deepEqual(comparison.region, { code: 'E12000009', name: 'South West' });
  assert.deepEqual(comparison.neighbours, { named: ['902', 'E06000903', '999'], found: ['902', 'E06000903'], missing: ['999'] });
  assert.equal(comparison.ownPublished, true);
  const turnover = comparison.rows.find((row) => row.field === 'turnover_rate_fte');
  assert.deepEqual(turnover, {
    field: 'turnover_rate_fte',
    ours: 10,
    england: 13.9,
    region: 12.9,
    neighbourMedian: 14,
    neighbourCount: 2,
    published: 10,
    symbols: { england: null, region: null, published: null },
  });
  const inPost = comparison.rows.find((row) => row.field === 'inpost_fte');
  assert.equal(inPost?.ours, 10);
  assert.equal(inPost?.published, 10);
  const absence = comparison.rows.find((row) => row.field === 'absence_rate_fte');
  assert.deepEqual([absence?.neighbourMedian, absence?.neighbourCount], [3.6, 1], 'a neighbour whose figure is suppressed is left out of the median');
  const caseload = comparison.rows.find((row) => row.field === 'caseload_fte');
  assert.deepEqual([caseload?.published, caseload?.symbols.published], [null, 'u']);
  const vacancies = comparison.rows.find((row) => row.field === 'vacancy_rate_fte');
  assert.deepEqual([vacancies?.england, vacancies?.neighbourMedian], [null, null], 'a column the file lacks is not available, not 0');
});

test('a year with no published data gives our figures and says the benchmarks are missing', async () => {
  const comparison = await compareForYear(db, '901', 2025);
  assert.equal(comparison.benchmarkYear, null);
  assert.equal(comparison.latestPublishedYear, 2024);
  assert.equal(comparison.ownPublished, false);
  assert.ok(comparison.rows.every((row) => row.england === null && row.region === null && row.neighbourMedian === null && row.published === null));
  assert.equal(comparison.rows.find((row) => row.field === 'inpost_fte')?.ours, 10, 'our figures are there without benchmarks');
});

test('an authority with no region of its own takes the region of its published row', async () => {
  const ours = Object.fromEntries(MEASURE_FIELDS.map((field) => [field, null])) as unknown as CensusMeasures;
  const comparison = await compareMeasures(db, 'E06000904', 2024, ours);
  assert.deepEqual(comparison.region, { code: 'E12000009', name: 'South West' });
  assert.equal(comparison.rows.find((row) => row.field === 'turnover_rate_fte')?.region, 12.9);
  assert.equal(comparison.rows.find((row) => row.field === 'turnover_rate_fte')?.published, 10);
  assert.deepEqual(comparison.neighbours, { named: [], found: [], missing: [] });
});

test('an unknown authority is a clear error', async () => {
  await assert.rejects(compareForYear(db, 'NOPE', 2024), (error) => isRetainError(error, 'unknown_authority'));
});

test('the published series runs over every published year for England, region, neighbours and our own row', async () => {
  assert.deepEqual(await benchmarkSeries(db, '901', 'turnover_rate_fte'), {
    field: 'turnover_rate_fte',
    years: [2023, 2024],
    england: [16.7, 13.9],
    region: [15, 12.9],
    neighbourMedian: [20, 14],
    published: [20, 10],
  });
  const all = await benchmarkSeriesAll(db, 'E06000904');
  assert.deepEqual(Object.keys(all), [...MEASURE_FIELDS]);
  assert.deepEqual(all.turnover_rate_fte?.region, [15, 12.9]);
  assert.deepEqual(all.turnover_rate_fte?.published, [null, 10]);
});

test('a comparison becomes a table with suppressed published figures shown by their symbol', async () => {
  const table = comparisonTable(await compareForYear(db, '901', 2024));
  assert.equal(table.rows.length, MEASURE_FIELDS.length);
  assert.equal(table.columns.find((column) => column.key === 'region')?.label, 'South West');
  assert.deepEqual(
    table.rows.find((row) => row.measure === 'caseload_fte'),
    { measure: 'caseload_fte', ours: null, england: 15.4, region: 15, neighbour_median: 16, neighbours_published: 2, published: 'u' },
  );
  // CSV: rates and caseloads at one decimal place; the count of neighbours as it is.
  const csv = tableToCsv({ ...table, rows: [{ measure: 'turnover_rate_fte', ours: 100 / 7, england: 13.9, region: null, neighbour_median: 12.25, neighbours_published: 2, published: 'c' }] }, 'keys');
  assert.equal(csv.split('\r\n')[1], 'turnover_rate_fte,14.3,13.9,,12.3,2,c');
});
