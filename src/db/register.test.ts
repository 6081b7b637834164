import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { insertTestWorkers } from '../test/workers.ts';
import type { Db } from './database.ts';
import { likeLiteral, registerTeams, searchRegister, workerHistory } from './register.ts';
import { upsertWorkers } from './workers.ts';

let db: Db;
let close: () => Promise<void>;
const A = 'R01';
const B = 'R02';

async function addAuthority(code: string): Promise<void> {
  await db
    .insertInto('authorities')
    .values({ code, name: `Authority ${code}`, new_la_code: null, old_la_code: null, region_code: null, region_name: null })
    .execute();
}

before(async () => {
  ({ db, close } = await testDatabase());
  await addAuthority(A);
  await addAuthority(B);
  const first = await db
    .insertInto('imports')
    .values({
      authority_code: A,
      kind: 'workers',
      file_name: 'first.csv',
      checksum_sha256: 'a'.repeat(64),
      row_count: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      warnings: '[]',
      imported_by: 'ann@example.org',
      imported_at: '2024-10-01T09:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertTestWorkers(
    db,
    A,
    [
      buildWorker({ workerId: 'S100', sweNumber: 'SW12345', team: 'Alpha Team', localRole: 'ASYE', fte: 1, startDate: '2022-01-01' }),
      buildLeaver('2024-03-31', { workerId: 'S101', team: 'Beta', role: 'team_manager', localRole: 'Team Manager', fte: 0.5, startDate: '2021-05-01' }),
      buildWorker({ workerId: 'S101', team: 'Alpha Team', role: 'middle_manager', localRole: 'Service Manager', fte: 1, startDate: '2024-04-01' }),
    ],
    first.id,
  );
  await insertTestWorkers(db, A, [
    buildWorker({ workerId: 'AG1', agency: true, team: null, localRole: '50%_cover', fte: 0.8, startDate: '2024-06-01' }),
    buildWorker({ workerId: 'AD1', service: 'adults', team: 'Gamma', startDate: '2019-01-01' }),
    buildWorker({ workerId: 'FUT', team: 'Gamma', startDate: '2030-01-01' }),
  ]);
  await insertTestWorkers(db, B, [buildWorker({ workerId: 'S100', team: 'Alpha Team' })]);
});

after(() => close());

test('a search matches worker id, SWE number, team or local role, case-insensitively, in one authority only', async () => {
  assert.deepEqual(
    (await searchRegister(db, { authorityCode: A, search: 'sw123' })).rows.map((r) => r.workerId),
    ['S100'],
  );
  assert.deepEqual(
    (await searchRegister(db, { authorityCode: A, search: 's10' })).rows.map((r) => `${r.workerId} ${r.startDate}`),
    ['S100 2022-01-01', 'S101 2021-05-01', 'S101 2024-04-01'],
  );
  assert.deepEqual((await searchRegister(db, { authorityCode: A, search: 'alpha' })).counts, { posts: 2, workers: 2, fte: 2 });
  assert.equal((await searchRegister(db, { authorityCode: A, search: 'asye' })).rows[0]?.workerId, 'S100');
  assert.equal((await searchRegister(db, { authorityCode: B })).counts.posts, 1);
});

test('LIKE wildcards in a search are taken literally', async () => {
  assert.equal(likeLiteral('50%_a\\b'), '50\\%\\_a\\\\b');
  assert.deepEqual(
    (await searchRegister(db, { authorityCode: A, search: '%' })).rows.map((r) => r.workerId),
    ['AG1'],
  );
  assert.deepEqual(
    (await searchRegister(db, { authorityCode: A, search: '0%_' })).rows.map((r) => r.workerId),
    ['AG1'],
  );
  assert.equal((await searchRegister(db, { authorityCode: A, search: '_' })).counts.posts, 1);
  assert.equal((await searchRegister(db, { authorityCode: A, search: '\\' })).counts.posts, 0);
});

test('filters by team, role, agency or employed, and service', async () => {
  const ids = async (q: Parameters<typeof searchRegister>[1]) => (await searchRegister(db, q)).rows.map((r) => r.workerId);
  assert.deepEqual(await ids({ authorityCode: A, team: 'Gamma' }), ['AD1', 'FUT']);
  assert.deepEqual(await ids({ authorityCode: A, team: '' }), ['AG1']);
  assert.deepEqual(await ids({ authorityCode: A, role: 'team_manager' }), ['S101']);
  assert.deepEqual(await ids({ authorityCode: A, contract: 'agency' }), ['AG1']);
  assert.equal((await searchRegister(db, { authorityCode: A, contract: 'employed' })).counts.posts, 5);
  assert.deepEqual(await ids({ authorityCode: A, service: 'adults' }), ['AD1']);
});

test('in post on a date follows the contract: a last day on the date is not in post; left means ended by then', async () => {
  const ids = async (status: 'in_post' | 'left', on: string) => (await searchRegister(db, { authorityCode: A, status, on })).rows.map((r) => `${r.workerId}@${r.startDate}`);
  assert.deepEqual(await ids('in_post', '2024-03-31'), ['AD1@2019-01-01', 'S100@2022-01-01']);
  assert.deepEqual(await ids('in_post', '2024-03-30'), ['AD1@2019-01-01', 'S100@2022-01-01', 'S101@2021-05-01']);
  assert.deepEqual(await ids('left', '2024-03-31'), ['S101@2021-05-01']);
  assert.deepEqual(await ids('left', '2024-03-30'), []);
});

test('pages do not overlap and the counts cover every match', async () => {
  const seen: string[] = [];
  for (let offset = 0; offset < 6; offset += 2) {
    const page = await searchRegister(db, { authorityCode: A, limit: 2, offset, sort: 'team', direction: 'desc' });
    assert.equal(page.counts.posts, 6);
    assert.equal(page.counts.workers, 5);
    seen.push(...page.rows.map((r) => `${r.workerId}@${r.startDate}`));
  }
  assert.equal(new Set(seen).size, 6);
  // Teams descending, no team last.
  assert.equal(seen.at(-1), 'AG1@2024-06-01');
  assert.equal(seen[0], 'AD1@2019-01-01');
});

test('team choices list the teams in use and say when some rows have none', async () => {
  assert.deepEqual(await registerTeams(db, A), { teams: ['Alpha Team', 'Beta', 'Gamma'], hasNoTeam: true });
});

test('a worker’s history lists their posts by start date with the import that wrote each', async () => {
  const history = await workerHistory(db, A, 'S101');
  assert.ok(history);
  assert.deepEqual(
    history.posts.map((p) => [p.startDate, p.endDate, p.role, p.team]),
    [
      ['2021-05-01', '2024-03-31', 'team_manager', 'Beta'],
      ['2024-04-01', null, 'middle_manager', 'Alpha Team'],
    ],
  );
  assert.equal(history.posts[0]?.import?.fileName, 'first.csv');
  assert.deepEqual(
    history.imports.map((i) => i.checksumSha256),
    ['a'.repeat(64)],
  );
  assert.equal((await workerHistory(db, A, 'AG1'))?.posts[0]?.import, null);
  assert.equal(await workerHistory(db, A, 'NOBODY'), undefined);
  assert.equal(await workerHistory(db, B, 'S101'), undefined);
});

test('a worker’s history says what each import changed in each post, field by field, newest first', async () => {
  const C = 'R03';
  await addAuthority(C);
  const importNamed = async (fileName: string, at: string) =>
    (
      await db
        .insertInto('imports')
        .values({
          authority_code: C,
          kind: 'workers',
          file_name: fileName,
          checksum_sha256: 'b'.repeat(64),
          row_count: 1,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          warnings: '[]',
          imported_by: 'ann@example.org',
          imported_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const post = buildWorker({ workerId: 'H9', team: 'Alpha Team', fte: 1, grade: 'SW2' });
  const other = buildWorker({ workerId: 'OTHER' });
  await upsertWorkers(db, C, [post, other], await importNamed('january.csv', '2025-01-10T09:00:00Z'));
  assert.deepEqual((await workerHistory(db, C, 'H9'))?.changes, [], 'no import has changed it yet');

  const february = await importNamed('february.csv', '2025-02-10T09:00:00Z');
  await upsertWorkers(
    db,
    C,
    [
      { ...post, team: 'Beta', fte: 0.8 },
      { ...other, fte: 0.5 },
    ],
    february,
  );
  const march = await importNamed('march.csv', '2025-03-10T09:00:00Z');
  await upsertWorkers(db, C, [{ ...post, team: 'Beta', fte: 0.8, grade: 'SW3', endDate: '2025-03-01', leavingReason: 'resignation' }], march);

  const history = await workerHistory(db, C, 'H9');
  assert.ok(history);
  assert.deepEqual(
    history.changes.map((change) => ({ file: change.import?.fileName, post: change.startDate, fields: change.fields })),
    [
      {
        file: 'march.csv',
        post: post.startDate,
        fields: [
          { field: 'endDate', before: null, after: '2025-03-01' },
          { field: 'leavingReason', before: null, after: 'resignation' },
          { field: 'grade', before: 'SW2', after: 'SW3' },
        ],
      },
      {
        file: 'february.csv',
        post: post.startDate,
        fields: [
          { field: 'team', before: 'Alpha Team', after: 'Beta' },
          { field: 'fte', before: 1, after: 0.8 },
        ],
      },
    ],
  );
});
