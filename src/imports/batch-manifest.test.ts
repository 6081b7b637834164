import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readManifest } from './batch-manifest.ts';
import { formatProblem } from './problems.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'retain-manifest-'));
  mkdirSync(join(dir, '202'));
  for (const name of ['202/workers.csv', '202/vacancies.csv', '203-hr.xlsx']) writeFileSync(join(dir, name), 'x');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const manifest = (...lines: string[]) => readManifest(join(dir, 'manifest.csv'), Buffer.from(`${lines.join('\n')}\n`));

test('a manifest lists each file with its authority and kind, its path from the manifest, and its sheet and extract date when given', async () => {
  const read = await manifest(
    'authority_code,kind,file,sheet,data_runs_to',
    '202,workers,202/workers.csv,,15/10/2025',
    '202,Vacancies,202/vacancies.csv,,',
    ` 203 ,workers,${join(dir, '203-hr.xlsx')},CSWW extract,`,
  );
  assert.deepEqual(read.problems, []);
  assert.deepEqual(read.files, [
    { kind: 'workers', authorityCode: '202', fileName: '202/workers.csv', path: join(dir, '202/workers.csv'), sheet: undefined, dataRunsTo: '2025-10-15' },
    { kind: 'vacancies', authorityCode: '202', fileName: '202/vacancies.csv', path: join(dir, '202/vacancies.csv'), sheet: undefined, dataRunsTo: undefined },
    { kind: 'workers', authorityCode: '203', fileName: join(dir, '203-hr.xlsx'), path: join(dir, '203-hr.xlsx'), sheet: 'CSWW extract', dataRunsTo: undefined },
  ]);
});

test("a manifest's problems name the manifest, row and column: unknown kind, missing file, an authority's kind twice, a bad date, blanks (a blank row is skipped)", async () => {
  const read = await manifest(
    'authority_code,kind,file,data_runs_to',
    '202,workers,202/workers.csv,',
    '202,agency,202/vacancies.csv,',
    '203,vacancies,203/vacancies.csv,',
    '202,workers,202/vacancies.csv,',
    '204,workers,202/workers.csv,2025-13-45',
    '205,,,',
    ',,,',
  );
  const name = join(dir, 'manifest.csv');
  assert.deepEqual(
    read.problems.map((problem) => [problem.file, problem.row, problem.column]),
    [
      [name, 3, 'kind'],
      [name, 4, 'file'],
      [name, 5, 'authority_code'],
      [name, 6, 'data_runs_to'],
      [name, 7, 'kind'],
      [name, 7, 'file'],
    ],
  );
  assert.match(formatProblem(read.problems[0]!), /:3:kind: "agency" is not a kind a batch imports: use workers or vacancies/);
  assert.match(read.problems[1]!.message, /^no such file: 203\/vacancies\.csv/);
  assert.equal(read.problems[2]!.message, '202 already has a workers file on row 2; list one workers file per authority');
});

test('a manifest without a required column, or without rows, is refused as a whole', async () => {
  const noFile = await manifest('authority_code,kind', '202,workers');
  assert.deepEqual(
    noFile.problems.map((problem) => [problem.row, problem.column]),
    [[1, 'file']],
  );
  const empty = await manifest('authority_code,kind,file');
  assert.deepEqual(empty.problems.map(formatProblem), [`${join(dir, 'manifest.csv')}: the manifest lists no files`]);
});
