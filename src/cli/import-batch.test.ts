import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';

/**
 * `retain import batch MANIFEST` as a consortium's analyst runs it (in this process,
 * src/test/cli.ts), on the engine the suite runs on: problems of every file and nothing imported,
 * then the fixed files imported together, then the same again changing nothing.
 */

const WORKERS = 'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason';

test('a batch from the command line imports every file or none, names each problem by file, row and column, and runs again changing nothing', async () => {
  const cli = await testCli({ prefix: 'retain-import-batch-' });
  try {
    mkdirSync(join(cli.dir, 'consortium', '202'), { recursive: true });
    mkdirSync(join(cli.dir, 'consortium', '203'), { recursive: true });
    cli.file('consortium/202/workers.csv', `${WORKERS}\nW1,no,ASYE,North,1,2020-01-06,,\nW2,no,Social Worker,North,1,2019-02-01,2024-06-30,1\n`);
    cli.file('consortium/202/vacancies.csv', 'reference_date,vacancy_fte,agency_cover_fte,team\n2024-09-30,2,1,North\n');
    cli.file('consortium/203/workers.csv', `${WORKERS}\nX1,maybe,ASYE,South,1,2021-01-06,,\nX2,no,ASYE,South,1.5,2021-01-06,,\n`);
    cli.file('consortium/203/vacancies.csv', 'reference_date,vacancy_fte,agency_cover_fte,team\n2024-09-30,-1,0,South\n');
    const manifest = cli.file(
      'consortium/manifest.csv',
      'authority_code,kind,file\n202,workers,202/workers.csv\n202,vacancies,202/vacancies.csv\n203,workers,203/workers.csv\n203,vacancies,203/vacancies.csv\n',
    );

    const refused = await cli.run('import', 'batch', 'consortium/manifest.csv');
    assert.equal(refused.code, 1, refused.stderr);
    assert.equal(refused.stdout, '');
    const lines = refused.stderr.trim().split('\n');
    assert.deepEqual(
      lines.map((line) => line.split(': ')[0]),
      ['consortium/203/workers.csv:2:agency', 'consortium/203/workers.csv:3:fte', 'consortium/203/vacancies.csv:2:vacancy_fte', '3 problems in 2 of 4 files; nothing was imported.'],
    );
    const authorities = await cli.run('authorities', 'list', '--json');
    assert.equal(authorities.code, 0, authorities.stderr);
    assert.deepEqual(JSON.parse(authorities.stdout), []);

    cli.file('consortium/203/workers.csv', `${WORKERS}\nX1,yes,ASYE,South,1,2021-01-06,,\nX2,no,ASYE,South,0.5,2021-01-06,,\n`);
    cli.file('consortium/203/vacancies.csv', 'reference_date,vacancy_fte,agency_cover_fte,team\n2024-09-30,1,0,South\n');
    const imported = await cli.run('import', 'batch', manifest);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = imported.stdout.trim().split('\n');
    assert.equal(summary.length, 5);
    assert.match(summary[0]!, /^Imported .*consortium\/202\/workers\.csv into 202 \(import \d+\): 2 rows; 2 new, 0 updated, 0 unchanged\.$/);
    assert.match(summary[3]!, /^Imported .*consortium\/203\/vacancies\.csv into 203 \(import \d+\): 1 row; 1 new, 0 updated, 0 unchanged\.$/);
    assert.equal(summary[4], 'Imported 4 files for 2 authorities: 6 rows; 6 new, 0 updated, 0 unchanged.');

    const again = await cli.run('import', 'batch', manifest);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim().split('\n').at(-1), 'Imported 4 files for 2 authorities: 6 rows; 0 new, 0 updated, 6 unchanged.');
    assert.deepEqual(
      JSON.parse((await cli.run('authorities', 'list', '--json')).stdout).map((authority: { code: string }) => authority.code),
      ['202', '203'],
    );
  } finally {
    await cli.close();
  }
});

test('a manifest with problems imports nothing and exits 1; a missing manifest is a usage error', async () => {
  const cli = await testCli({ prefix: 'retain-import-batch-' });
  try {
    cli.file('w.csv', `${WORKERS}\nW1,no,ASYE,North,1,2020-01-06,,\n`);
    cli.file('manifest.csv', 'authority_code,kind,file\n202,workers,w.csv\n202,workers,w.csv\n203,agency,w.csv\n204,workers,gone.csv\n');
    const refused = await cli.run('import', 'batch', 'manifest.csv');
    assert.equal(refused.code, 1);
    assert.deepEqual(
      refused.stderr
        .trim()
        .split('\n')
        .map((line) => line.split(': ')[0]),
      ['manifest.csv:3:authority_code', 'manifest.csv:4:kind', 'manifest.csv:5:file', '3 problems in manifest.csv; nothing was imported.'],
    );
    assert.deepEqual(JSON.parse((await cli.run('authorities', 'list', '--json')).stdout), []);

    const missing = await cli.run('import', 'batch', 'no-manifest.csv');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-manifest\.csv: no such file/);
  } finally {
    await cli.close();
  }
});
