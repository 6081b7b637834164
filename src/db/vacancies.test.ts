import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVacancy } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { ensureAuthority } from './authorities.ts';
import { listImports, recordImport, setImportCounts } from './imports.ts';
import { upsertVacancies, vacanciesForAuthority, vacancyTeamsForAuthority } from './vacancies.ts';

test('vacancy rows are keyed by reference date and team, the council-wide row having no team', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'V1');
    const whole = buildVacancy({ vacancyFte: 4.5, agencyCoverFte: 3 });
    const team = buildVacancy({ team: 'Assessment', vacancyFte: 1 });
    assert.deepEqual(await upsertVacancies(db, 'V1', [whole, team], null), { inserted: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(await upsertVacancies(db, 'V1', [whole, { ...team, vacancyFte: 2 }], null), { inserted: 0, updated: 1, unchanged: 1 });
    assert.deepEqual(await upsertVacancies(db, 'V1', [buildVacancy({ referenceDate: '2023-09-30' })], null), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual(await vacanciesForAuthority(db, 'V1'), [buildVacancy({ referenceDate: '2023-09-30' }), whole, { ...team, vacancyFte: 2 }]);
    assert.deepEqual(await vacancyTeamsForAuthority(db, 'V1'), ['Assessment']);
  } finally {
    await close();
  }
});

test('imports are listed newest first with their file, checksum, counts and warnings', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'V2');
    const first = await recordImport(db, { authorityCode: 'V2', kind: 'workers', fileName: 'a.csv', checksumSha256: 'aa', rowCount: 3, warnings: [], importedBy: 'cli' });
    const second = await recordImport(db, { authorityCode: 'V2', kind: 'vacancies', fileName: 'b.xlsx', checksumSha256: 'bb', rowCount: 1, warnings: ['w'], importedBy: null });
    await setImportCounts(db, second, { inserted: 1, updated: 0, unchanged: 0 });
    const listed = await listImports(db, 'V2');
    assert.deepEqual(
      listed.map((i) => i.id),
      [second, first],
    );
    assert.deepEqual(
      { ...listed[0]!, importedAt: undefined },
      {
        id: second,
        authorityCode: 'V2',
        kind: 'vacancies',
        fileName: 'b.xlsx',
        checksumSha256: 'bb',
        rowCount: 1,
        inserted: 1,
        updated: 0,
        unchanged: 0,
        warnings: ['w'],
        importedBy: null,
        importedAt: undefined,
      },
    );
    assert.ok(listed[0]!.importedAt instanceof Date);
  } finally {
    await close();
  }
});
