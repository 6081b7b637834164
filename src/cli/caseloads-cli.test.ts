import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';

/**
 * `retain import caseloads`, `retain caseloads` (with `leavers` and `thresholds`) and `retain
 * retention curve` as a council's analyst (or an acceptance check) runs them: the command (run in
 * this process, src/test/cli.ts) on a fresh PGlite data directory, `--json` field names as the
 * spec writes them.
 */

test('caseloads and retention curves from the command line, as the spec names the fields', async () => {
  const cli = await testCli({ engine: 'pglite', prefix: 'retain-caseloads-cli-' });
  const { dir } = cli;
  try {
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const workers = file(
      'workers.csv',
      [
        'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason,start_origin',
        'A,no,Social Worker,North,0.5,2020-01-01,,,newly_qualified',
        'B,no,Social Worker,North,1,2021-01-01,2024-06-30,resignation,another_english_la',
        'C,no,ASYE,South,1,2023-10-01,,,newly_qualified',
        'D,yes,Social Worker,South,1,2024-01-01,,,',
      ].join('\n'),
    );
    assert.equal((await cli.run('import', 'workers', workers, '--authority', '999')).code, 0);
    const bad = await cli.run('import', 'caseloads', file('bad.csv', 'snapshot_date,worker_id,cases\n2024-09-30,B,5\n'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.csv:2:worker_id: worker B is not in post on 2024-09-30/);
    const good = await cli.run('import', 'caseloads', file('caseloads.csv', 'snapshot_date,worker_id,cases\n2024-03-31,A,10\n2024-03-31,B,19\n2024-03-31,C,17\n2024-03-31,D,0\n'));
    assert.equal(good.code, 0, good.stderr);

    const report = JSON.parse((await cli.run('caseloads', '--date', '2024-05-01', '--by', 'team', '--json')).stdout);
    assert.equal(report.snapshot_date, '2024-03-31');
    assert.equal(report.workers, 3);
    assert.equal(report.cases, 46);
    assert.equal(report.caseload_fte, 46 / 2.5);
    assert.equal(report.median_cases_per_fte, 19);
    assert.equal(report.p90_cases_per_fte, 20);
    assert.equal(report.max_cases_per_fte, 20);
    assert.equal(report.over_threshold, 3);
    assert.deepEqual(report.over_threshold_workers, ['A', 'B', 'C']);
    assert.deepEqual(
      report.groups.map((g: { key: string; workers: number }) => [g.key, g.workers]),
      [
        ['North', 2],
        ['South', 1],
      ],
    );

    assert.equal((await cli.run('caseloads', 'thresholds', 'set', 'ASYE', '17')).code, 0);
    const after = JSON.parse((await cli.run('caseloads', '--date', '2024-05-01', '--json')).stdout);
    assert.equal(after.over_threshold, 2);
    const listed = JSON.parse((await cli.run('caseloads', 'thresholds', 'list', '--json')).stdout);
    assert.deepEqual(listed.thresholds[0], { role: 'ASYE', cases_per_fte: 17, source: 'council' });

    const leavers = JSON.parse((await cli.run('caseloads', 'leavers', '--year', '2024', '--json')).stdout);
    assert.equal(leavers.leavers_mean_cases_per_fte, 19);
    assert.equal(leavers.stayers_mean_cases_per_fte, (20 + 17) / 2);

    const curve = JSON.parse((await cli.run('retention', 'curve', '--at', '2025-09-30', '--by', 'cohort', '--json')).stdout);
    assert.equal(curve.spells, 3);
    assert.equal(curve.leavings, 1);
    for (const field of ['survival_12m', 'survival_24m', 'survival_36m', 'survival_60m', 'median_months', 'survival_12m_low', 'survival_12m_high']) assert.ok(field in curve, field);
    assert.deepEqual(
      curve.groups.map((g: { key: number }) => g.key),
      [2020, 2021, 2024],
    );
  } finally {
    await cli.close();
  }
});
