import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureAuthority, getAuthority } from '../db/authorities.ts';
import type { OpenDatabase } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { setRoleMapping } from '../db/role-map.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersForAuthority } from '../db/workers.ts';
import { testDatabase } from '../test/db.ts';
import { importBatch, type BatchFile, type BatchFileEvent, type BatchOutcome } from './run-batch-import.ts';
import type { Problem } from './problems.ts';
import { formatProblem, importVacancies, importWorkers, sha256Hex } from './run-import.ts';

let opened: OpenDatabase;
let dir: string;
before(async () => {
  opened = await testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'retain-batch-'));
});
after(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const workersCsv = (...rows: string[]) => ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason', ...rows, ''].join('\n');
const vacanciesCsv = (...rows: string[]) => ['reference_date,vacancy_fte,agency_cover_fte,team', ...rows, ''].join('\n');

function workers(code: string, fileName: string, ...rows: string[]): BatchFile {
  return { kind: 'workers', authorityCode: code, fileName, bytes: workersCsv(...rows) };
}

function vacancies(code: string, fileName: string, ...rows: string[]): BatchFile {
  return { kind: 'vacancies', authorityCode: code, fileName, bytes: vacanciesCsv(...rows) };
}

function succeeded(outcome: BatchOutcome) {
  if (!outcome.ok) assert.fail(outcome.problems.map(formatProblem).join('\n'));
  return outcome;
}

const where = (problem: Problem) => [problem.file, problem.row, problem.column];

async function importCount(codes: readonly string[]): Promise<number> {
  let count = 0;
  for (const code of codes) count += (await listImports(opened.db, code)).length;
  return count;
}

test('a batch writes every file, each with its own imports row, and reads each council with its own role map', async () => {
  const { db } = opened;
  // Only BA calls a case holder "Locum SW": the same row in BB's file is read with BB's (empty) map.
  await ensureAuthority(db, 'BA', 'Batch A');
  await setRoleMapping(db, 'BA', 'Locum SW', 'case_holder');
  const fromDisk = join(dir, 'bb-workers.csv');
  writeFileSync(fromDisk, workersCsv('W1,no,Social Worker,South,1,2021-02-01,,', 'W2,yes,Social Worker,South,0.5,2022-03-01,,'));
  const files: BatchFile[] = [
    workers('BA', 'ba/workers.csv', 'W1,no,Locum SW,North,1,2020-01-06,,', 'W2,no,ASYE,North,1,2023-09-04,,', 'W3,no,Social Worker,North,0.8,2019-05-01,2024-06-30,1'),
    vacancies('BA', 'ba/vacancies.csv', '2024-09-30,2,1,North'),
    { kind: 'workers', authorityCode: ' BB ', fileName: 'bb/workers.csv', path: fromDisk },
    vacancies('BB', 'bb/vacancies.csv', '2024-09-30,1,0,'),
  ];
  const events: BatchFileEvent[] = [];
  const outcome = succeeded(await importBatch(db, files, { importedBy: 'consortium@example.org', onFile: (event) => events.push(event), readerThread: true }));

  assert.deepEqual(
    outcome.files.map((file) => [file.authorityCode, file.kind, file.fileName, file.rowCount, file.inserted, file.updated, file.unchanged]),
    [
      ['BA', 'workers', 'ba/workers.csv', 3, 3, 0, 0],
      ['BA', 'vacancies', 'ba/vacancies.csv', 1, 1, 0, 0],
      ['BB', 'workers', 'bb/workers.csv', 2, 2, 0, 0],
      ['BB', 'vacancies', 'bb/vacancies.csv', 1, 1, 0, 0],
    ],
  );
  assert.deepEqual([outcome.rowCount, outcome.inserted, outcome.updated, outcome.unchanged], [7, 7, 0, 0]);
  assert.deepEqual(
    events.map((event) => [event.index, event.count, event.status, event.rowCount]),
    [
      [0, 4, 'written', 3],
      [1, 4, 'written', 1],
      [2, 4, 'written', 2],
      [3, 4, 'written', 1],
    ],
  );
  assert.equal((await workersForAuthority(db, 'BA')).find((w) => w.workerId === 'W1')?.role, 'case_holder');
  assert.deepEqual(
    (await workersForAuthority(db, 'BB')).map((w) => [w.workerId, w.startDate, w.fte]),
    [
      ['W1', '2021-02-01', 1],
      ['W2', '2022-03-01', 0.5],
    ],
  );
  assert.equal((await vacanciesForAuthority(db, 'BB')).length, 1);
  assert.equal((await getAuthority(db, 'BB'))?.name, 'BB');

  // Provenance per file: its own name, checksum, rows, counts and who imported it.
  const recorded = [...(await listImports(db, 'BA')), ...(await listImports(db, 'BB'))].sort((a, b) => a.id - b.id);
  assert.deepEqual(
    recorded.map((row) => [row.id, row.authorityCode, row.kind, row.fileName, row.checksumSha256, row.rowCount, row.inserted, row.importedBy]),
    [
      [outcome.files[0]!.importId, 'BA', 'workers', 'ba/workers.csv', sha256Hex(Buffer.from(files[0]!.bytes as string)), 3, 3, 'consortium@example.org'],
      [outcome.files[1]!.importId, 'BA', 'vacancies', 'ba/vacancies.csv', sha256Hex(Buffer.from(files[1]!.bytes as string)), 1, 1, 'consortium@example.org'],
      [
        outcome.files[2]!.importId,
        'BB',
        'workers',
        'bb/workers.csv',
        sha256Hex(Buffer.from(workersCsv('W1,no,Social Worker,South,1,2021-02-01,,', 'W2,yes,Social Worker,South,0.5,2022-03-01,,'))),
        2,
        2,
        'consortium@example.org',
      ],
      [outcome.files[3]!.importId, 'BB', 'vacancies', 'bb/vacancies.csv', sha256Hex(Buffer.from(files[3]!.bytes as string)), 1, 1, 'consortium@example.org'],
    ],
  );
  // Warnings per file: BB's vacancies (whole council) name no team; BA's name North, which its workers file (earlier in the batch) uses.
  assert.deepEqual(
    outcome.files.map((file) => file.warnings),
    [[], [], [], []],
  );
});

test('a batch with one bad row writes nothing at all and names the file, row and column', async () => {
  const { db } = opened;
  const files = [
    workers('BC', 'bc/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,'),
    vacancies('BC', 'bc/vacancies.csv', '2024-09-30,2,1,North'),
    workers('BD', 'bd/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,', 'W2,no,ASYE,North,2.5,2020-01-06,,'),
    vacancies('BD', 'bd/vacancies.csv', '2024-09-30,2,1,North'),
  ];
  const events: Array<[number, string]> = [];
  const outcome = await importBatch(db, files, { onFile: (event) => events.push([event.index, event.status]), readerThread: true });
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok);
  assert.deepEqual(outcome.problems.map(where), [['bd/workers.csv', 3, 'fte']]);
  assert.match(outcome.problems[0]!.message, /fte 2\.5/);
  assert.deepEqual(
    outcome.files.map((file) => [file.fileName, file.rowCount, file.problems.length]),
    [
      ['bc/workers.csv', 1, 0],
      ['bc/vacancies.csv', 1, 0],
      ['bd/workers.csv', 2, 1],
      ['bd/vacancies.csv', 1, 0],
    ],
  );
  // The files before the bad one were written in the transaction, then rolled back; the one after was only read.
  assert.deepEqual(events, [
    [0, 'written'],
    [1, 'written'],
    [2, 'problems'],
    [3, 'checked'],
  ]);
  assert.equal((await workersForAuthority(db, 'BC')).length, 0);
  assert.equal((await vacanciesForAuthority(db, 'BC')).length, 0);
  assert.equal(await importCount(['BC', 'BD']), 0);
  assert.equal(await getAuthority(db, 'BC'), undefined);
});

test('problems in two files are both reported, the second found after the first stopped the writing', async () => {
  const { db } = opened;
  const outcome = await importBatch(
    db,
    [
      workers('BE', 'be/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,', 'W2,maybe,ASYE,North,1,2020-01-06,,'),
      vacancies('BE', 'be/vacancies.csv', '2024-09-30,2,1,North'),
      workers('BF', 'bf/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,'),
      { kind: 'workers', authorityCode: 'BG', fileName: 'bg/workers.csv', bytes: 'worker_id,agency,role,team,fte,start_date\n' },
      vacancies('BH', 'bh/vacancies.csv', '2024-09-30,2,1,North', '30/09/2024,1,1,North'),
      { kind: 'vacancies', authorityCode: 'BH', fileName: 'bh/missing.csv', path: join(dir, 'no-such-file.csv') },
    ],
    { readerThread: true },
  );
  assert.ok(!outcome.ok);
  assert.deepEqual(outcome.problems.map(where), [
    ['be/workers.csv', 3, 'agency'],
    ['bg/workers.csv', null, null],
    ['bh/vacancies.csv', 3, 'reference_date'],
    ['bh/missing.csv', null, null],
  ]);
  assert.match(outcome.problems[0]!.message, /"maybe" is not yes or no/);
  assert.equal(outcome.problems[1]!.message, 'the file has a header row but no data rows');
  assert.match(outcome.problems[2]!.message, /is also on row 2/);
  assert.equal(outcome.problems[3]!.message, 'the file cannot be read: no such file');
  assert.equal(await importCount(['BE', 'BF', 'BG', 'BH']), 0);
  assert.equal((await workersForAuthority(db, 'BF')).length, 0);
});

test('the same batch again changes nothing: every record unchanged, one more imports row a file', async () => {
  const { db } = opened;
  const files = [
    workers('BI', 'bi/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,', 'W2,no,Social Worker,North,1,2019-01-06,2024-03-31,1'),
    vacancies('BI', 'bi/vacancies.csv', '2023-09-30,1,1,North', '2024-09-30,2,1,North'),
    workers('BJ', 'bj/workers.csv', 'W1,yes,Social Worker,South,0.6,2022-01-06,,'),
  ];
  const first = succeeded(await importBatch(db, files));
  assert.deepEqual([first.rowCount, first.inserted, first.updated, first.unchanged], [5, 5, 0, 0]);
  const stamps = async () =>
    (
      await db
        .selectFrom('workers')
        .select(['authority_code', 'worker_id', 'updated_at', 'import_id'])
        .where('authority_code', 'in', ['BI', 'BJ'])
        .orderBy('authority_code')
        .orderBy('worker_id')
        .execute()
    ).map((row) => JSON.stringify(row));
  const before = await stamps();
  const again = succeeded(await importBatch(db, files));
  assert.deepEqual([again.rowCount, again.inserted, again.updated, again.unchanged], [5, 0, 0, 5]);
  assert.deepEqual(
    again.files.map((file) => [file.fileName, file.unchanged]),
    [
      ['bi/workers.csv', 2],
      ['bi/vacancies.csv', 2],
      ['bj/workers.csv', 1],
    ],
  );
  assert.deepEqual(await stamps(), before);
  assert.equal(await importCount(['BI', 'BJ']), 6);
});

test('an empty batch writes nothing and succeeds', async () => {
  const outcome = succeeded(await importBatch(opened.db, []));
  assert.deepEqual([outcome.files.length, outcome.rowCount], [0, 0]);
});

test('two batches naming the same councils in opposite orders both import, one after the other', async () => {
  const { db } = opened;
  const forward = [workers('BK', 'bk/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,'), workers('BL', 'bl/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,')];
  const backward = [vacancies('BL', 'bl/vacancies.csv', '2024-09-30,1,1,North'), vacancies('BK', 'bk/vacancies.csv', '2024-09-30,1,1,North')];
  const [one, two] = await Promise.all([importBatch(db, forward), importBatch(db, backward)]);
  succeeded(one);
  succeeded(two);
  assert.equal(await importCount(['BK', 'BL']), 4);
});

test('a batch read in place writes what it writes read on the reader thread, and reports the same problems', async () => {
  const { db } = opened;
  const fromDisk = join(dir, 'in-place.csv');
  writeFileSync(fromDisk, workersCsv('W1,no,Social Worker,South,1,2021-02-01,,', 'W2,yes,Locum SW,South,0.5,2022-03-01,,'));
  const files = (code: string): BatchFile[] => [
    workers(code, `${code}/workers.csv`, 'W1,no,ASYE,North,1,2020-01-06,,', 'W2,no,Social Worker,North,0.8,2019-05-01,2024-06-30,1'),
    { kind: 'workers', authorityCode: `${code}X`, fileName: `${code}x/workers.csv`, path: fromDisk },
    vacancies(code, `${code}/vacancies.csv`, '2024-09-30,2,1,North'),
  ];
  for (const code of ['BM', 'BN']) {
    await ensureAuthority(db, `${code}X`, `${code}X`);
    await setRoleMapping(db, `${code}X`, 'Locum SW', 'case_holder');
  }
  succeeded(await importBatch(db, files('BM'), { readerThread: true }));
  succeeded(await importBatch(db, files('BN'), { readerThread: false }));
  for (const [thread, inPlace] of [
    ['BM', 'BN'],
    ['BMX', 'BNX'],
  ] as const) {
    assert.deepEqual(await workersForAuthority(db, inPlace), await workersForAuthority(db, thread));
  }
  assert.deepEqual(
    (await vacanciesForAuthority(db, 'BN')).map((v) => [v.referenceDate, v.vacancyFte]),
    [['2024-09-30', 2]],
  );

  const bad = (readerThread: boolean) =>
    importBatch(
      db,
      [
        workers('BO', 'bo/workers.csv', 'W1,no,ASYE,North,1,2020-01-06,,', 'W1,no,ASYE,North,1,2020-01-06,,'),
        { kind: 'vacancies', authorityCode: 'BO', fileName: 'gone.csv', path: join(dir, 'gone.csv') },
      ],
      { readerThread },
    );
  const [onThread, inPlace] = [await bad(true), await bad(false)];
  assert.ok(!onThread.ok && !inPlace.ok);
  assert.deepEqual(inPlace.problems, onThread.problems);
  assert.deepEqual(inPlace.problems.map(where), [
    ['bo/workers.csv', 3, 'worker_id'],
    ['gone.csv', null, null],
  ]);
});

test('a batch warns of new teams and counts first loads as the same files imported one at a time do, its earlier files counting as the council’s data', async () => {
  const { db } = opened;
  // BW held data before; BX is new, so its vacancies file follows its workers file within the batch.
  const before = workers('BW', 'bw/before.csv', 'W1,no,Social Worker,Fostering,1,2020-01-06,,');
  const files: BatchFile[] = [
    workers('BW', 'bw/workers.csv', 'W2,no,Social Worker,Fostering,1,2021-01-06,,', 'W3,no,Social Worker,FOSTERING,1,2021-02-01,,'),
    vacancies('BW', 'bw/vacancies.csv', '2024-09-30,1,0,FOSTERING', '2024-09-30,2,1,Adoption', '2024-09-30,1,0,'),
    workers('BX', 'bx/workers.csv', 'W1,no,Social Worker,Assessment,1,2020-01-06,,'),
    vacancies('BX', 'bx/vacancies.csv', '2024-09-30,1,0,Assessment', '2024-09-30,1,0,assessment'),
  ];
  const one = (code: string) => code.replace(/^B/, 'O');
  const asOne = (file: BatchFile): BatchFile => ({ ...file, authorityCode: one(file.authorityCode) });
  succeeded(await importBatch(db, [before]));
  succeeded(await importBatch(db, [asOne(before)]));
  const batch = succeeded(await importBatch(db, files));
  const singles = [];
  for (const file of files.map(asOne)) {
    const input = { authorityCode: file.authorityCode, fileName: file.fileName, bytes: file.bytes! };
    const outcome = file.kind === 'workers' ? await importWorkers(db, input) : await importVacancies(db, input);
    assert.ok(outcome.ok);
    singles.push(outcome);
  }
  assert.deepEqual(
    batch.files.map(({ warnings, inserted, updated, unchanged }) => ({ warnings, inserted, updated, unchanged })),
    singles.map(({ warnings, inserted, updated, unchanged }) => ({ warnings, inserted, updated, unchanged })),
  );
  // The cases the comparison is for: a team spelt another way, a new one, and teams the batch's own earlier file brought.
  assert.match(batch.files[0]!.warnings.join('\n'), /team "FOSTERING" .*did you mean "Fostering"/);
  assert.match(batch.files[1]!.warnings.join('\n'), /team "Adoption"/);
  assert.doesNotMatch(batch.files[1]!.warnings.join('\n'), /FOSTERING/);
  assert.deepEqual(batch.files[2]!.warnings, []);
  assert.match(batch.files[3]!.warnings.join('\n'), /team "assessment" .*did you mean "Assessment"/);
  assert.doesNotMatch(batch.files[3]!.warnings.join('\n'), /team "Assessment"/);
  // Each file's imports row as a file on its own records it (its council's own code aside).
  const recorded = async (code: string) =>
    (await listImports(db, code))
      .map((row) => [row.kind, row.fileName, row.checksumSha256, row.rowCount, row.inserted, row.updated, row.unchanged, row.warnings.map((w) => w.replaceAll(one(code), code)), row.importedBy])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  for (const code of ['BW', 'BX']) assert.deepEqual(await recorded(code), await recorded(one(code)));
});
