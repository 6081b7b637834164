import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OpenDatabase } from './database.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { ensureAuthority } from './authorities.ts';
import { recordImport } from './imports.ts';
import { prepareWorkersFirstLoad, teamsForAuthority, upsertWorkers, workersForAuthority, workersOverlapping } from './workers.ts';

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
});
after(async () => {
  await opened.close();
});

async function updatedAt(code: string): Promise<Map<string, number>> {
  const rows = await opened.db.selectFrom('workers').select(['worker_id', 'start_date', 'updated_at']).where('authority_code', '=', code).execute();
  return new Map(rows.map((row) => [`${row.worker_id} ${row.start_date}`, new Date(row.updated_at).getTime()]));
}

test('records read back exactly as they were written, every field', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W1');
  const full = buildLeaver('2024-03-31', {
    workerId: 'A1',
    sweNumber: 'SW123',
    agency: true,
    role: 'senior_practitioner',
    localRole: 'Advanced Practitioner',
    team: 'Assessment',
    service: 'adults',
    fte: 0.8,
    startDate: '2021-02-01',
    leaverDestination: 'agency',
    startOrigin: 'newly_qualified',
    cases: 17,
    workingDaysLost: 3.5,
    dateOfBirth: '1990-05-04',
    gender: '2',
    ethnicity: 'WBRI',
    salary: 41234.56,
    grade: 'SW3',
    qualifiedDate: '2012-07-01',
  });
  const sparse = buildWorker({ workerId: 'A2' });
  assert.deepEqual(await upsertWorkers(db, 'W1', [full, sparse], null), { inserted: 2, updated: 0, unchanged: 0 });
  assert.deepEqual(await workersForAuthority(db, 'W1'), [full, sparse]);
});

test('the same records twice change nothing, not even updated_at', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W2');
  const records = [buildWorker({ workerId: 'B1' }), buildWorker({ workerId: 'B2', fte: 0.5 })];
  await upsertWorkers(db, 'W2', records, null);
  const stamps = await updatedAt('W2');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(
    await upsertWorkers(
      db,
      'W2',
      records.map((r) => ({ ...r })),
      null,
    ),
    { inserted: 0, updated: 0, unchanged: 2 },
  );
  assert.deepEqual(await updatedAt('W2'), stamps);
});

test('a changed record is updated and a record absent from later data is kept', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W3');
  const a = buildWorker({ workerId: 'C1' });
  const b = buildWorker({ workerId: 'C2' });
  await upsertWorkers(db, 'W3', [a, b], null);
  const left = { ...a, endDate: '2024-06-30', leavingReason: 'retired' as const };
  assert.deepEqual(await upsertWorkers(db, 'W3', [left], null), { inserted: 0, updated: 1, unchanged: 0 });
  assert.deepEqual(await workersForAuthority(db, 'W3'), [left, b]);
});

test('one worker can hold two posts: the key includes the start date', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W4');
  const first = buildLeaver('2022-12-31', { workerId: 'D1', startDate: '2020-01-01' });
  const second = buildWorker({ workerId: 'D1', startDate: '2023-01-01', role: 'senior_practitioner' });
  assert.deepEqual(await upsertWorkers(db, 'W4', [first, second], null), { inserted: 2, updated: 0, unchanged: 0 });
  assert.equal((await workersForAuthority(db, 'W4')).length, 2);
});

test('thousands of rows are written in chunks under the parameter limit', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W5');
  const records = Array.from({ length: 3500 }, (_, i) => buildWorker({ workerId: `E${i}`, team: `T${i % 7}` }));
  assert.deepEqual(await upsertWorkers(db, 'W5', records, null), { inserted: 3500, updated: 0, unchanged: 0 });
  assert.equal((await workersForAuthority(db, 'W5')).length, 3500);
  assert.deepEqual(await teamsForAuthority(db, 'W5'), ['T0', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
});

test('overlapping records started by the end of the period and ended on or after its start, or not at all', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W6');
  const records = [
    buildLeaver('2023-09-30', { workerId: 'gone-before' }),
    buildLeaver('2023-10-01', { workerId: 'left-first-day' }),
    buildWorker({ workerId: 'starts-last-day', startDate: '2024-09-30' }),
    buildWorker({ workerId: 'starts-after', startDate: '2024-10-01' }),
    buildWorker({ workerId: 'in-post' }),
  ];
  await upsertWorkers(db, 'W6', records, null);
  const ids = (await workersOverlapping(db, 'W6', '2023-10-01', '2024-09-30')).map((r) => r.workerId);
  assert.deepEqual(ids.sort(), ['in-post', 'left-first-day', 'starts-last-day']);
});

test('one authority never sees another authority’s records', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W7');
  await ensureAuthority(db, 'W8');
  await upsertWorkers(db, 'W7', [buildWorker({ workerId: 'same' })], null);
  assert.deepEqual(await upsertWorkers(db, 'W8', [buildWorker({ workerId: 'same' })], null), { inserted: 1, updated: 0, unchanged: 0 });
  assert.equal((await workersForAuthority(db, 'W7')).length, 1);
});

async function importFor(code: string, fileName: string): Promise<number> {
  return recordImport(opened.db, { authorityCode: code, kind: 'workers', fileName, checksumSha256: 'c'.repeat(64), rowCount: 1, warnings: [], importedBy: 'test' });
}

test('an import that changes a post keeps the row as it stood, with both imports and the columns that changed; one that changes nothing keeps nothing', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W9');
  const first = await importFor('W9', 'first.csv');
  const a = buildWorker({ workerId: 'H1', team: 'Assessment', fte: 1 });
  const b = buildWorker({ workerId: 'H2' });
  await upsertWorkers(db, 'W9', [a, b], first);
  assert.equal((await db.selectFrom('worker_history').selectAll().where('authority_code', '=', 'W9').execute()).length, 0, 'new rows have no earlier version');

  const second = await importFor('W9', 'second.csv');
  const moved = { ...a, team: 'Child Protection', fte: 0.8 };
  assert.deepEqual(await upsertWorkers(db, 'W9', [moved, b], second), { inserted: 0, updated: 1, unchanged: 1 });
  const kept = await db.selectFrom('worker_history').selectAll().where('authority_code', '=', 'W9').execute();
  assert.equal(kept.length, 1);
  assert.deepEqual(
    { worker: kept[0]!.worker_id, team: kept[0]!.team, fte: kept[0]!.fte, from: kept[0]!.previous_import_id, by: kept[0]!.import_id, fields: kept[0]!.changed_fields },
    { worker: 'H1', team: 'Assessment', fte: 1, from: first, by: second, fields: ['team', 'fte'] },
  );

  await upsertWorkers(db, 'W9', [moved, b], await importFor('W9', 'again.csv'));
  assert.equal((await db.selectFrom('worker_history').selectAll().where('authority_code', '=', 'W9').execute()).length, 1);
});

test('two writes in one transaction each write only their own records', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W10');
  const counts = await db
    .transaction()
    .execute(async (trx) => [
      await upsertWorkers(trx, 'W10', [buildWorker({ workerId: 'T1' })], null),
      await upsertWorkers(trx, 'W10', [buildWorker({ workerId: 'T2' }), buildWorker({ workerId: 'T3' })], null),
    ]);
  assert.deepEqual(counts, [
    { inserted: 1, updated: 0, unchanged: 0 },
    { inserted: 2, updated: 0, unchanged: 0 },
  ]);
});

test('text is written exactly, whatever characters it holds, and an empty text is not a missing one', async () => {
  const { db } = opened;
  await ensureAuthority(db, 'W11');
  const awkward = buildWorker({ workerId: 'Q,"1"', team: 'Line one\nline two, "quoted" \\. \\N', localRole: '', grade: '\\.', sweNumber: null, ethnicity: ' spaced ' });
  await upsertWorkers(db, 'W11', [awkward], null);
  assert.deepEqual(await workersForAuthority(db, 'W11'), [awkward]);
  assert.deepEqual(await upsertWorkers(db, 'W11', [{ ...awkward }], null), { inserted: 0, updated: 0, unchanged: 1 });
});

test('a first load’s COPY made ahead is what its write sends, and only for the same records, council and import', async () => {
  const { db } = opened;
  for (const code of ['WP1', 'WP2']) await ensureAuthority(db, code);
  const importOf = (code: string) => recordImport(db, { authorityCode: code, kind: 'workers', fileName: 'w.csv', checksumSha256: 'x', rowCount: 1, warnings: [], importedBy: null });
  // The records change after their COPY was made: which team lands shows which text was sent.
  const ahead = [buildWorker({ workerId: 'P1', team: 'As prepared' })];
  const forWP1 = await importOf('WP1');
  prepareWorkersFirstLoad('WP1', ahead, forWP1);
  ahead[0]!.team = 'As written';
  await db.transaction().execute((trx) => upsertWorkers(trx, 'WP1', ahead, forWP1));
  assert.equal((await workersForAuthority(db, 'WP1'))[0]!.team, 'As prepared');
  // Made for another import: the write makes its own.
  const other = [buildWorker({ workerId: 'P1', team: 'As prepared' })];
  const forWP2 = await importOf('WP2');
  prepareWorkersFirstLoad('WP2', other, forWP2 + 1000);
  other[0]!.team = 'As written';
  await db.transaction().execute((trx) => upsertWorkers(trx, 'WP2', other, forWP2));
  assert.equal((await workersForAuthority(db, 'WP2'))[0]!.team, 'As written');
});
