import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../db/database.ts';
import { testDatabase } from '../test/db.ts';
import { listNeighbours, nameNeighbours } from './neighbours.ts';

const ACTOR = { userId: null, email: 'cli' };
import { importBenchmarks } from './run-benchmarks-import.ts';

const BENCHMARKS = `time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte
2023,Local authority,E12000001,North East,841,E06000005,Darlington (old name),90
2024,Local authority,E12000001,North East,840,E06000047,County Durham,100
2024,Local authority,E12000001,North East,841,E06000005,Darlington,90
2024,Local authority,E12000001,North East,390,E08000037,Gateshead,80
`;

let db: Db;
let close: () => Promise<void>;

before(async () => {
  ({ db, close } = await testDatabase());
  await db.insertInto('authorities').values({ code: '840', name: 'County Durham', new_la_code: 'E06000047', old_la_code: '840', region_code: null, region_name: null }).execute();
});

after(async () => {
  await close();
});

test('before any benchmarks are loaded, neighbours are kept unchecked with a warning', async () => {
  const result = await nameNeighbours(db, '840', '841, 999', ACTOR);
  assert.ok(result.ok);
  assert.deepEqual(
    result.neighbours.map((entry) => entry.code),
    ['841', '999'],
  );
  assert.match(result.warnings.join('\n'), /not checked/);
});

test('with benchmarks loaded, neighbours get their published names and unknown codes are warned about', async () => {
  assert.ok((await importBenchmarks(db, { fileName: 'small.csv', bytes: BENCHMARKS })).ok);
  const result = await nameNeighbours(db, '840', ['e08000037', '841', '999', '841', 'E06000047'], ACTOR);
  assert.ok(result.ok);
  assert.deepEqual(result.neighbours, [
    { code: 'E08000037', name: 'Gateshead', regionName: 'North East', published: true },
    { code: '841', name: 'Darlington', regionName: 'North East', published: true },
    { code: '999', name: null, regionName: null, published: false },
  ]);
  assert.deepEqual(result.warnings, ['E06000047 is 840 itself, so it is not kept as a neighbour', 'Not in the published data: 999; check the codes']);
  assert.deepEqual(
    (await listNeighbours(db, '840')).neighbours.map((entry) => entry.code),
    ['E08000037', '841', '999'],
  );
});

test('a malformed code is refused and nothing changes', async () => {
  const result = await nameNeighbours(db, '840', 'Gateshead, 841', ACTOR);
  assert.deepEqual(result, { ok: false, problems: ['"Gateshead" is not an LA code (a three-digit DfE code such as 840, or a nine-character ONS code such as E06000047)'] });
  assert.deepEqual(
    (await listNeighbours(db, '840')).neighbours.map((entry) => entry.code),
    ['E08000037', '841', '999'],
  );
});

test('an unknown authority is refused', async () => {
  assert.deepEqual(await nameNeighbours(db, 'NOPE', '841', ACTOR), { ok: false, problems: ['No authority with code "NOPE"'] });
});

test('an empty list clears the neighbours', async () => {
  const result = await nameNeighbours(db, '840', '', ACTOR);
  assert.ok(result.ok);
  assert.deepEqual(result.neighbours, []);
  assert.deepEqual(result.warnings, []);
});
