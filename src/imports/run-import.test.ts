import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { getAuthority } from '../db/authorities.ts';
import type { OpenDatabase } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { removeRoleMapping, setRoleMapping } from '../db/role-map.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersForAuthority } from '../db/workers.ts';
import { testDatabase } from '../test/db.ts';
import { formatProblem, importVacancies, importWorkers, previewVacancies, previewWorkers, sha256Hex, type ImportOutcome } from './run-import.ts';

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
});
after(async () => {
  await opened.close();
});

const HEADER = 'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason';
const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`);

function succeeded(outcome: ImportOutcome) {
  if (!outcome.ok) assert.fail(outcome.problems.map(formatProblem).join('\n'));
  return outcome;
}

async function updatedAt(code: string): Promise<string[]> {
  const rows = await opened.db.selectFrom('workers').select(['worker_id', 'updated_at', 'import_id']).where('authority_code', '=', code).orderBy('worker_id').execute();
  return rows.map((row) => `${row.worker_id} ${new Date(row.updated_at).toISOString()} ${row.import_id}`);
}

test('an import creates the authority, writes every row and records the file, its checksum, rows and counts', async () => {
  const { db } = opened;
  const bytes = csv('A1,no,ASYE,Assessment,1,2020-01-06,,', 'A2,yes,Social Worker,Assessment,0.5,01/02/2021,31/03/2024,1');
  const outcome = succeeded(await importWorkers(db, { authorityCode: 'I1', fileName: 'staff.csv', bytes, importedBy: 'ana@example.org' }));
  assert.deepEqual({ ...outcome, importId: 0 }, { ok: true, importId: 0, rowCount: 2, checksumSha256: sha256Hex(bytes), inserted: 2, updated: 0, unchanged: 0, warnings: [] });
  assert.equal((await getAuthority(db, 'I1'))?.name, 'I1');
  assert.equal((await workersForAuthority(db, 'I1')).length, 2);
  const [recorded] = await listImports(db, 'I1');
  assert.deepEqual(
    { ...recorded!, importedAt: null },
    {
      id: outcome.importId,
      authorityCode: 'I1',
      kind: 'workers',
      fileName: 'staff.csv',
      checksumSha256: sha256Hex(bytes),
      rowCount: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      warnings: [],
      importedBy: 'ana@example.org',
      importedAt: null,
    },
  );
  assert.ok(Date.now() - recorded!.importedAt.getTime() < 60_000);
});

test('the same file twice changes nothing, and a later file updates changed rows and keeps absent ones', async () => {
  const { db } = opened;
  const first = csv('B1,no,ASYE,,1,2020-01-06,,', 'B2,no,ASYE,,1,2020-01-06,,', 'B3,no,ASYE,,1,2020-01-06,,');
  succeeded(await importWorkers(db, { authorityCode: 'I2', fileName: 'a.csv', bytes: first }));
  const stamps = await updatedAt('I2');
  const again = succeeded(await importWorkers(db, { authorityCode: 'I2', fileName: 'a.csv', bytes: first }));
  assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 3]);
  assert.deepEqual(await updatedAt('I2'), stamps);

  // B1 leaves, B3 is not in the later extract at all, B4 is new.
  const later = csv('B1,no,ASYE,,1,2020-01-06,2024-06-30,resignation', 'B2,no,ASYE,,1,2020-01-06,,', 'B4,no,NQSW,,1,2024-09-02,,');
  const outcome = succeeded(await importWorkers(db, { authorityCode: 'I2', fileName: 'b.csv', bytes: later }));
  assert.deepEqual([outcome.inserted, outcome.updated, outcome.unchanged], [1, 1, 1]);
  const records = await workersForAuthority(db, 'I2');
  assert.deepEqual(
    records.map((r) => [r.workerId, r.endDate]),
    [
      ['B1', '2024-06-30'],
      ['B2', null],
      ['B3', null],
      ['B4', null],
    ],
  );
  // Each import recorded with what it did (the first load's counts written with the import itself), newest first.
  assert.deepEqual(
    (await listImports(db, 'I2')).map((i) => [i.inserted, i.updated, i.unchanged]),
    [
      [1, 1, 1],
      [0, 0, 3],
      [3, 0, 0],
    ],
  );
});

test('a file with any bad row imports nothing, and every problem is listed', async () => {
  const { db } = opened;
  const bytes = csv('C1,no,ASYE,,1,2020-01-06,,', 'C2,no,Wizard,,1,2020-01-06,,', 'C3,no,ASYE,,2,32/01/2020,,', 'C4,no,ASYE,,1,2020-01-06,2021-01-01,');
  const outcome = await importWorkers(db, { authorityCode: 'I3', fileName: 'bad.csv', bytes });
  assert.equal(outcome.ok, false);
  assert.deepEqual(!outcome.ok && outcome.problems.map(formatProblem), [
    'bad.csv:3:role: "Wizard" is not a known role: use a role code (senior_manager, middle_manager, team_manager, senior_practitioner, case_holder, qualified_no_cases), a DfE OrgRole number 1-6, or add the name to the role map',
    'bad.csv:4:fte: fte 2 must be more than 0 and at most 1 (write 80% or 0.8 for four days a week)',
    'bad.csv:4:start_date: "32/01/2020" is not a real date: January 2020 has 31 days',
    'bad.csv:5:leaving_reason: leaving_reason is required when end_date is set (2021-01-01)',
  ]);
  assert.equal(await getAuthority(db, 'I3'), undefined);
  assert.deepEqual(await workersForAuthority(db, 'I3'), []);

  // Nothing half-written into an authority that holds data either.
  succeeded(await importWorkers(db, { authorityCode: 'I3', fileName: 'good.csv', bytes: csv('C1,no,ASYE,,1,2020-01-06,,') }));
  assert.equal((await importWorkers(db, { authorityCode: 'I3', fileName: 'bad.csv', bytes })).ok, false);
  assert.equal((await workersForAuthority(db, 'I3')).length, 1);
  assert.equal((await listImports(db, 'I3')).length, 1);
});

test('an unreadable or empty file is one problem for the file as a whole', async () => {
  const { db } = opened;
  const empty = await importWorkers(db, { authorityCode: 'I4', fileName: 'empty.csv', bytes: csv() });
  assert.deepEqual(!empty.ok && empty.problems.map(formatProblem), ['empty.csv: the file has a header row but no data rows']);
  const xls = await importWorkers(db, { authorityCode: 'I4', fileName: 'old.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]) });
  assert.match(!xls.ok ? formatProblem(xls.problems[0]!) : '', /^old\.xls: this is an old-style Excel \.xls file/);
});

test('a role-map edit takes effect on the next import', async () => {
  const { db } = opened;
  const bytes = csv('D1,no,Locum SW,,1,2020-01-06,,');
  assert.equal((await importWorkers(db, { authorityCode: 'I5', fileName: 'w.csv', bytes })).ok, false);
  await opened.db.insertInto('authorities').values({ code: 'I5', name: 'I5' }).execute();
  await setRoleMapping(db, 'I5', 'Locum SW', 'case_holder');
  succeeded(await importWorkers(db, { authorityCode: 'I5', fileName: 'w.csv', bytes }));
  assert.deepEqual(
    (await workersForAuthority(db, 'I5')).map((r) => [r.role, r.localRole]),
    [['case_holder', 'Locum SW']],
  );

  await setRoleMapping(db, 'I5', 'locum sw', 'senior_practitioner');
  const outcome = succeeded(await importWorkers(db, { authorityCode: 'I5', fileName: 'w.csv', bytes }));
  assert.equal(outcome.updated, 1);
  assert.equal((await workersForAuthority(db, 'I5'))[0]!.role, 'senior_practitioner');

  await removeRoleMapping(db, 'I5', 'Locum SW');
  assert.equal((await importWorkers(db, { authorityCode: 'I5', fileName: 'w.csv', bytes })).ok, false);
});

test('a team the authority has not used before is a warning that does not block, only once it has data', async () => {
  const { db } = opened;
  const first = succeeded(await importWorkers(db, { authorityCode: 'I6', fileName: 'a.csv', bytes: csv('E1,no,ASYE,Assessment,1,2020-01-06,,') }));
  assert.deepEqual(first.warnings, []);
  const bytes = csv('E2,no,ASYE,assesment,1,2021-01-06,,', 'E3,no,ASYE,Fostering,1,2021-01-06,,', 'E4,no,ASYE,Fostering,1,2021-01-06,,', 'E5,no,ASYE,Assessment,1,2021-01-06,,');
  const preview = await previewWorkers(db, { authorityCode: 'I6', fileName: 'b.csv', bytes });
  const outcome = succeeded(await importWorkers(db, { authorityCode: 'I6', fileName: 'b.csv', bytes }));
  assert.deepEqual(outcome.warnings, [
    'b.csv: team "assesment" is not in this authority\'s earlier data (row 2); check the spelling if it is not a new team',
    'b.csv: team "Fostering" is not in this authority\'s earlier data (rows 3, 4); check the spelling if it is not a new team',
  ]);
  assert.deepEqual(preview.warnings, outcome.warnings);
  assert.equal(outcome.inserted, 4);
  const again = succeeded(await importWorkers(db, { authorityCode: 'I6', fileName: 'c.csv', bytes: csv('E6,no,ASYE,children in care,1,2021-01-06,,', 'E7,no,ASYE,FOSTERING,1,2021-01-06,,') }));
  assert.deepEqual(again.warnings, [
    'c.csv: team "children in care" is not in this authority\'s earlier data (row 2); check the spelling if it is not a new team',
    'c.csv: team "FOSTERING" is not in this authority\'s earlier data (row 3); did you mean "Fostering"?',
  ]);
});

test('a preview validates, maps columns and counts what would change, writing nothing', async () => {
  const { db } = opened;
  succeeded(await importWorkers(db, { authorityCode: 'I7', fileName: 'a.csv', bytes: csv('F1,no,ASYE,,1,2020-01-06,,') }));
  const bytes = Buffer.from('Staff Number,Agency,Post,FTE,Start Date,Notes\nF1,no,ASYE,0.5,06/01/2020,x\nF2,no,ASYE,1,06/01/2021,y\n');
  const preview = await previewWorkers(db, { authorityCode: 'I7', fileName: 'b.csv', bytes });
  assert.equal(preview.ok, true);
  assert.equal(preview.rowCount, 2);
  assert.equal(preview.checksumSha256, sha256Hex(bytes));
  assert.deepEqual(preview.counts, { inserted: 1, updated: 1, unchanged: 0 });
  assert.deepEqual(preview.mapping, [
    { header: 'Staff Number', field: 'worker_id' },
    { header: 'Agency', field: 'agency' },
    { header: 'Post', field: 'role' },
    { header: 'FTE', field: 'fte' },
    { header: 'Start Date', field: 'start_date' },
    { header: 'Notes', field: null },
  ]);
  assert.deepEqual(preview.warnings, ['b.csv: a column not in the contract was ignored: Notes']);
  assert.equal((await workersForAuthority(db, 'I7'))[0]!.fte, 1);
  assert.equal((await listImports(db, 'I7')).length, 1);

  const bad = await previewWorkers(db, { authorityCode: 'new-one', fileName: 'c.csv', bytes: csv('G1,no,ASYE,,1,2020-13-01,,') });
  assert.equal(bad.ok, false);
  assert.equal(bad.counts, null);
  assert.deepEqual(bad.problems.map(formatProblem), ['c.csv:2:start_date: "2020-13-01" is not a real date: there is no month 13']);
  assert.equal(await getAuthority(db, 'new-one'), undefined);
});

test('an XLSX workers file with Excel date cells imports, with progress reported to the end', async () => {
  const { db } = opened;
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Extract');
  ws.addRow(['Worker ID', 'Agency', 'Role', 'FTE', 'Start Date', 'End Date', 'Leaving Reason']);
  for (let i = 0; i < 1500; i += 1) ws.addRow([`H${i}`, i % 10 === 0 ? 'yes' : 'no', 'Social Worker', 1, new Date(Date.UTC(2018, 0, 1 + (i % 365))), null, null]);
  ws.getColumn(5).numFmt = 'dd/mm/yyyy';
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const progress: Array<[number, number]> = [];
  const outcome = succeeded(await importWorkers(db, { authorityCode: 'I8', fileName: 'extract.xlsx', bytes, onProgress: (done, total) => progress.push([done, total]) }));
  assert.equal(outcome.inserted, 1500);
  assert.deepEqual(progress.at(-1), [1500, 1500]);
  assert.ok(progress.length >= 2);
  const records = await workersForAuthority(db, 'I8');
  assert.equal(records.find((r) => r.workerId === 'H31')?.startDate, '2018-02-01');
});

test('vacancies import all or nothing, re-import leaves them unchanged, and a later file keeps earlier dates', async () => {
  const { db } = opened;
  const first = Buffer.from('reference_date,vacancy_fte,agency_cover_fte,team\n2023-09-30,10,6,\n2024-09-30,12,8,\n');
  const outcome = succeeded(await importVacancies(db, { authorityCode: 'I9', fileName: 'v.csv', bytes: first, importedBy: 'cli' }));
  assert.deepEqual([outcome.rowCount, outcome.inserted, outcome.updated, outcome.unchanged], [2, 2, 0, 0]);
  const again = succeeded(await importVacancies(db, { authorityCode: 'I9', fileName: 'v.csv', bytes: first }));
  assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 2]);
  const later = succeeded(await importVacancies(db, { authorityCode: 'I9', fileName: 'v2.csv', bytes: Buffer.from('reference_date,vacancy_fte,agency_cover_fte\n30/09/2024,11,8\n') }));
  assert.deepEqual([later.inserted, later.updated, later.unchanged], [0, 1, 0]);
  assert.deepEqual(
    (await vacanciesForAuthority(db, 'I9')).map((v) => [v.referenceDate, v.vacancyFte]),
    [
      ['2023-09-30', 10],
      ['2024-09-30', 11],
    ],
  );

  const bad = await importVacancies(db, { authorityCode: 'I9', fileName: 'bad.csv', bytes: Buffer.from('reference_date,vacancy_fte,agency_cover_fte\n2025-09-30,1,1\n2025-09-30,-1,1\n') });
  assert.deepEqual(!bad.ok && bad.problems.map(formatProblem), [
    'bad.csv:3:vacancy_fte: vacancy_fte -1 cannot be negative',
    'bad.csv:3:reference_date: 2025-09-30 for the council as a whole (no team) is also on row 2',
  ]);
  assert.equal((await vacanciesForAuthority(db, 'I9')).length, 2);
  const preview = await previewVacancies(db, { authorityCode: 'I9', fileName: 'v.csv', bytes: first });
  assert.deepEqual(preview.counts, { inserted: 0, updated: 1, unchanged: 1 });
  assert.deepEqual(
    (await listImports(db, 'I9')).map((i) => i.kind),
    ['vacancies', 'vacancies', 'vacancies'],
  );
});
