import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { buildAuthority, buildVacancy, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import type { Db, OpenDatabase } from './database.ts';
import { recordImport } from './imports.ts';
import { upsertVacancies } from './vacancies.ts';
import { upsertWorkers } from './workers.ts';

// Migration 0017 checks the references of workers and vacancies once per statement instead of by
// foreign keys: these hold that they are kept exactly as the foreign keys kept them.

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
});
after(async () => {
  await opened.close();
});

async function anImport(db: Db, authorityCode: string): Promise<number> {
  return recordImport(db, { authorityCode, kind: 'workers', fileName: 'w.csv', checksumSha256: 'x', rowCount: 1, warnings: [], importedBy: null });
}

/** Runs `write` and gives the database's error (a write that succeeds fails the test). */
async function refused(write: () => Promise<unknown>): Promise<{ code: string; message: string; detail?: string }> {
  try {
    await write();
  } catch (error) {
    return error as { code: string; message: string; detail?: string };
  }
  assert.fail('the write was not refused');
}

test('a worker or vacancy row naming an authority that does not exist is refused, by COPY, insert or update', async () => {
  const { db } = opened;
  const council = await buildAuthority(db);
  const error = await refused(() => upsertWorkers(db, 'NOWHERE', [buildWorker({ workerId: 'A' })], null));
  assert.equal(error.code, '23503');
  assert.match(error.message, /violates foreign key constraint "workers_authority_code_fkey"/);
  assert.match(error.detail ?? '', /Key \(authority_code\)=\(NOWHERE\) is not present in table "authorities"/);
  assert.equal((await refused(() => upsertVacancies(db, 'NOWHERE', [buildVacancy()], null))).code, '23503');
  // A statement of many rows where only one is wrong writes none.
  const error2 = await refused(() =>
    sql`insert into vacancies (authority_code, reference_date, team, vacancy_fte, agency_cover_fte) values (${council.code}, '2024-09-30', 'A', 1, 0), ('NOWHERE', '2024-09-30', 'B', 1, 0)`.execute(
      db,
    ),
  );
  assert.equal(error2.code, '23503');
  assert.equal((await db.selectFrom('vacancies').select('team').where('authority_code', '=', council.code).execute()).length, 0);
  await upsertWorkers(db, council.code, [buildWorker({ workerId: 'A' })], null);
  assert.equal((await refused(() => db.updateTable('workers').set({ authority_code: 'NOWHERE' }).where('authority_code', '=', council.code).execute())).code, '23503');
});

test('a worker or vacancy row naming an import that does not exist is refused; rows without an import are allowed', async () => {
  const { db } = opened;
  const council = await buildAuthority(db);
  const error = await refused(() => upsertWorkers(db, council.code, [buildWorker({ workerId: 'A' })], 987654));
  assert.equal(error.code, '23503');
  assert.match(error.detail ?? '', /Key \(import_id\)=\(987654\) is not present in table "imports"/);
  assert.equal((await refused(() => upsertVacancies(db, council.code, [buildVacancy()], 987654))).code, '23503');
  const importId = await anImport(db, council.code);
  assert.deepEqual(await upsertWorkers(db, council.code, [buildWorker({ workerId: 'A' })], importId), { inserted: 1, updated: 0, unchanged: 0 });
  assert.deepEqual(await upsertWorkers(db, council.code, [buildWorker({ workerId: 'B' })], null), { inserted: 1, updated: 0, unchanged: 0 });
  // The upsert's update path is checked too.
  assert.equal((await refused(() => upsertWorkers(db, council.code, [buildWorker({ workerId: 'A', fte: 0.3 })], 987654))).code, '23503');
  await upsertVacancies(db, council.code, [buildVacancy()], importId);
  assert.equal((await refused(() => db.updateTable('vacancies').set({ import_id: 987654 }).where('authority_code', '=', council.code).execute())).code, '23503');
});

test('an authority or import that rows point at cannot be deleted or renamed; once nothing points at it, it can', async () => {
  const { db } = opened;
  // Rows written without an import (as a test or a command may), so only workers and vacancies hold the authority.
  const council = await buildAuthority(db);
  await upsertWorkers(db, council.code, [buildWorker({ workerId: 'A' })], null);
  await upsertVacancies(db, council.code, [buildVacancy()], null);
  const error = await refused(() => db.deleteFrom('authorities').where('code', '=', council.code).execute());
  assert.equal(error.code, '23503');
  assert.match(error.detail ?? '', new RegExp(`Key \\(code\\)=\\(${council.code}\\) is still referenced from table "(workers|vacancies)"`));
  assert.equal((await refused(() => db.updateTable('authorities').set({ code: 'RENAMED' }).where('code', '=', council.code).execute())).code, '23503');
  // Vacancies alone still hold it.
  await db.deleteFrom('workers').where('authority_code', '=', council.code).execute();
  assert.match((await refused(() => db.deleteFrom('authorities').where('code', '=', council.code).execute())).detail ?? '', /referenced from table "vacancies"/);
  await db.deleteFrom('vacancies').where('authority_code', '=', council.code).execute();
  await db.deleteFrom('authorities').where('code', '=', council.code).execute();
  assert.equal((await db.selectFrom('authorities').select('code').where('code', '=', council.code).execute()).length, 0);

  const imported = await buildAuthority(db);
  const importId = await anImport(db, imported.code);
  await upsertWorkers(db, imported.code, [buildWorker({ workerId: 'A' })], importId);
  await upsertVacancies(db, imported.code, [buildVacancy()], importId);
  assert.match((await refused(() => db.deleteFrom('imports').where('id', '=', importId).execute())).detail ?? '', new RegExp(`Key \\(id\\)=\\(${importId}\\) is still referenced`));
  assert.equal(
    (
      await refused(() =>
        db
          .updateTable('imports')
          .set({ id: importId + 1000 })
          .where('id', '=', importId)
          .execute(),
      )
    ).code,
    '23503',
  );
  await db.updateTable('workers').set({ import_id: null }).where('authority_code', '=', imported.code).execute();
  assert.match((await refused(() => db.deleteFrom('imports').where('id', '=', importId).execute())).detail ?? '', /referenced from table "vacancies"/);
  await db.updateTable('vacancies').set({ import_id: null }).where('authority_code', '=', imported.code).execute();
  await db.deleteFrom('imports').where('id', '=', importId).execute();

  // Other authorities' edits and deletes are not held up by rows that are not theirs.
  const other = await buildAuthority(db);
  await db.updateTable('authorities').set({ name: 'Renamed council' }).where('code', '=', other.code).execute();
  await db.deleteFrom('authorities').where('code', '=', other.code).execute();
});
