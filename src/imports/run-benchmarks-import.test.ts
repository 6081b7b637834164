import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { authorityRow, authorityRows, listReleases, nationalRow, publishedYears, regionRow, releaseForYear, unknownLaCodes } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { testDatabase } from '../test/db.ts';
import { importBenchmarks } from './run-benchmarks-import.ts';

const PUBLISHED_FILE = path.resolve(import.meta.dirname, '../../reference/dfe/csww_indicators_2017_to_2024.csv');

let db: Db;
let close: () => Promise<void>;
let firstReleaseId: number;

before(async () => {
  ({ db, close } = await testDatabase());
  await db
    .insertInto('authorities')
    .values([
      // Known only by its old code, with a placeholder name: filled in from the published row.
      { code: '840', name: '840', new_la_code: null, old_la_code: null, region_code: null, region_name: null, neighbours: ['841', 'E08000037', '998'] },
      // Known by its ONS code with a name of its own: the name is kept.
      { code: 'E06000005', name: 'Darlo', new_la_code: null, old_la_code: null, region_code: null, region_name: null },
      { code: 'DEMO', name: 'Demo council', new_la_code: null, old_la_code: null, region_code: null, region_name: null },
    ])
    .execute();
});

after(async () => {
  await close();
});

test('importing the published file stores one release with every level and year', async () => {
  const result = await importBenchmarks(db, { fileName: 'csww_indicators_2017_to_2024.csv', bytes: readFileSync(PUBLISHED_FILE) });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems.slice(0, 3)));
  firstReleaseId = result.releaseId;
  assert.equal(result.rowCount, 1300);
  assert.equal(result.firstYear, 2017);
  assert.equal(result.lastYear, 2024);
  assert.deepEqual(result.levels, { National: 8, Regional: 88, 'Local authority': 1204 });
  assert.equal(result.alreadyLoaded, false);
  assert.match(result.checksumSha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(result.authoritiesUpdated.sort(), ['840', 'E06000005']);
  assert.deepEqual(result.warnings, ['840: neighbour codes not in the published data: 998']);
  assert.deepEqual(await publishedYears(db), [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
});

test('an authority lacking a name, region or LA codes gets them from its published row', async () => {
  const rows = await db.selectFrom('authorities').select(['code', 'name', 'new_la_code', 'old_la_code', 'region_code', 'region_name']).orderBy('code').execute();
  assert.deepEqual(rows, [
    { code: '840', name: 'County Durham', new_la_code: 'E06000047', old_la_code: '840', region_code: 'E12000001', region_name: 'North East' },
    { code: 'DEMO', name: 'Demo council', new_la_code: null, old_la_code: null, region_code: null, region_name: null },
    { code: 'E06000005', name: 'Darlo', new_la_code: 'E06000005', old_la_code: '841', region_code: 'E12000001', region_name: 'North East' },
  ]);
});

test('importing the same file again writes nothing and returns the release already loaded', async () => {
  const again = await importBenchmarks(db, { fileName: 'renamed.csv', bytes: readFileSync(PUBLISHED_FILE) });
  assert.ok(again.ok);
  assert.equal(again.alreadyLoaded, true);
  assert.equal(again.releaseId, firstReleaseId);
  assert.deepEqual(again.levels, { National: 8, Regional: 88, 'Local authority': 1204 });
  assert.equal((await listReleases(db)).length, 1);
  const count = await db
    .selectFrom('benchmark_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1300);
});

test('published rows are found for England, a region and an LA by either code, with suppression symbols kept', async () => {
  const england = await nationalRow(db, 2024);
  assert.equal(england?.figures.inpost_fte, 34328.2);
  const northEast = await regionRow(db, 'E12000001', 2024);
  assert.equal(northEast?.regionName, 'North East');
  const byOld = await authorityRow(db, '840', 2024);
  const byNew = await authorityRow(db, 'e06000047', 2024);
  assert.equal(byOld?.laName, 'County Durham');
  assert.deepEqual(byNew, byOld);
  const bristol = await authorityRow(db, '801', 2024);
  assert.equal(bristol?.figures.absence_rate_fte, null);
  assert.equal(bristol?.symbols.absence_rate_fte, 'u');
  assert.equal((await authorityRows(db, 2024)).length, 151);
  assert.equal(await nationalRow(db, 2016), undefined);
  assert.deepEqual(await unknownLaCodes(db, ['840', 'E06000005', '998']), ['998']);
});

test('a file with problems writes nothing and lists them', async () => {
  const result = await importBenchmarks(db, { fileName: 'bad.csv', bytes: 'time_period,geographic_level,inpost_fte\n2025,National,lots\n' });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.problems, [{ file: 'bad.csv', row: 2, column: 'inpost_fte', message: '"lots" is not a number or a suppression symbol (c, x, z, u, low, :)' }]);
  assert.equal((await listReleases(db)).length, 1);
});

test('a later release answers for the years it publishes; earlier years still come from the first', async () => {
  const revised =
    'time_period,geographic_level,region_code,old_la_code,new_la_code,la_name,inpost_fte\n2024,National,,,,,35000\n2025,National,,,,,36000\n2025,Local authority,E12000001,840,E06000047,County Durham,370\n';
  const result = await importBenchmarks(db, { fileName: 'csww_indicators_2024_to_2025.csv', bytes: revised });
  assert.ok(result.ok);
  assert.equal(result.alreadyLoaded, false);
  assert.deepEqual(result.levels, { National: 2, Regional: 0, 'Local authority': 1 });
  assert.equal(await releaseForYear(db, 2024), result.releaseId);
  assert.equal(await releaseForYear(db, 2023), firstReleaseId);
  assert.equal((await nationalRow(db, 2024))?.figures.inpost_fte, 35000);
  assert.equal((await nationalRow(db, 2023))?.releaseId, firstReleaseId);
  assert.deepEqual(
    (await listReleases(db)).map((release) => release.id),
    [result.releaseId, firstReleaseId],
  );
});
