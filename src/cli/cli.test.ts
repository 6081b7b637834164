import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MEASURE_FIELDS } from '../domain/measures.ts';
import { type CliResult, retainInProcess, testCli } from '../test/cli.ts';

/**
 * The `retain` command on a fresh PGlite data directory (or, with DATABASE_URL set, a scratch
 * database on that server): usage and exit codes from the real command as a child process; the
 * commands' work run in this process (src/test/cli.ts), each test walking several steps on one
 * database.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const main = join(root, 'src/cli/main.ts');

function runCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(node, [main, ...args], { env, cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Census year 2024 (1 October 2023 to 30 September 2024), worked by hand below.
const WORKERS = `worker_id,agency,role,team,fte,start_date,end_date,leaving_reason,cases,working_days_lost
W1,no,Social Worker,Assessment,1,2020-01-06,,,15,5
W2,no,Senior Practitioner,Assessment,0.5,2023-11-01,,,10,2
W3,no,Social Worker,Child Protection,1,2019-05-01,2024-03-31,resignation,,
W4,yes,Social Worker,Child Protection,1,2024-01-15,,,20,
W5,no,Team Manager,Child Protection,1,2018-04-01,,,0,10
`;
const VACANCIES = `reference_date,team,vacancy_fte,agency_cover_fte
2024-09-30,Assessment,1.5,1
2024-09-30,Child Protection,1,0
`;
const EXPECTED_2024: Record<string, number> = {
  inpost_fte: 2.5, // W1 1 + W2 0.5 + W5 1
  inpost_headcount: 3,
  starters_fte: 0.5, // W2 (W4 is agency)
  starters_headcount: 1,
  leavers_fte: 1, // W3
  leavers_headcount: 1,
  turnover_rate_fte: 40, // 1 / 2.5
  turnover_rate_headcount: 100 / 3,
  agency_fte: 1,
  agency_headcount: 1,
  agency_rate_fte: (1 / 3.5) * 100,
  agency_rate_headcount: 25,
  agency_cover_fte: 1,
  agency_cover_rate_fte: 100,
  vacancy_fte: 2.5,
  vacancy_rate_fte: 50, // 2.5 / (2.5 + 2.5)
  vacancy_agency_cover_rate_fte: 40, // 1 / 2.5
  case_holders_fte: 2.5, // W1 1 + W2 0.5 + W4 1 (agency counts); W5 holds none
  cases: 45,
  caseload_fte: 18,
  working_days_lost_fte: 17,
  absence_rate_fte: (17 / (2.5 * 254)) * 100, // 2024 holds 29 February
};

test('--help lists every command, and each command has help with examples', async () => {
  const help = await runCli(['--help'], process.env, root);
  assert.equal(help.code, 0, help.stderr);
  for (const command of ['import', 'metrics', 'compare', 'demo', 'benchmarks', 'neighbours', 'roles', 'authorities', 'serve']) {
    assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'), command);
  }
  const metrics = await retainInProcess(['metrics', '--help']);
  assert.equal(metrics.code, 0);
  assert.match(metrics.stdout, /--year <year>/);
  assert.match(metrics.stdout, /Examples:\n {2}\$ retain metrics --year 2024/);
  const unknown = await runCli(['metrics', '--year', 'twenty'], process.env, root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /four digits/);
});

test('a bad file imports nothing and prints every problem; a good one imports, and metrics reports the hand-worked figures', async () => {
  const retain = await testCli();
  try {
    const bad = retain.file(
      'bad-workers.csv',
      `worker_id,agency,role,fte,start_date,end_date,leaving_reason
B1,no,Social Worker,1.5,2020-01-06,,
B2,no,Wizard,1,2020-01-06,,
B3,no,Social Worker,1,2020-01-06,2024-03-31,
`,
    );
    const rejected = await retain.run('import', 'workers', bad, '--authority', '201');
    assert.equal(rejected.code, 1, rejected.stderr);
    const problems = rejected.stderr.split('\n').filter((line) => line.startsWith('bad-workers.csv:'));
    assert.deepEqual(
      problems.map((line) => line.split(':').slice(1, 3).join(':')),
      ['2:fte', '3:role', '4:leaving_reason'],
      rejected.stderr,
    );
    assert.match(rejected.stderr, /nothing was imported/);

    assert.equal((await retain.run('import', 'workers', retain.file('workers.csv', WORKERS), '--authority', '202')).code, 0);
    // Only one authority now (the bad file did not even create 201), so --authority may be left out.
    const vacancies = await retain.run('import', 'vacancies', retain.file('vacancies.csv', VACANCIES));
    assert.equal(vacancies.code, 0, vacancies.stderr);
    assert.match(vacancies.stdout, /2 rows/);

    const json = await retain.run('metrics', '--year', '2024', '--json');
    assert.equal(json.code, 0, json.stderr);
    const measures = JSON.parse(json.stdout) as Record<string, number | null>;
    assert.deepEqual(Object.keys(measures), [...MEASURE_FIELDS]);
    for (const field of MEASURE_FIELDS) assert.ok(Math.abs(measures[field]! - EXPECTED_2024[field]!) < 1e-9, `${field}: ${measures[field]} != ${EXPECTED_2024[field]}`);

    const byTeam = await retain.run('metrics', '--year', '2024', '--by', 'team', '--json');
    const groups = JSON.parse(byTeam.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      groups.map((group) => group.group),
      ['Assessment', 'Child Protection'],
    );
    assert.deepEqual(Object.keys(groups[0]!), ['group', ...MEASURE_FIELDS]);
    assert.equal(groups[1]!.leavers_headcount, 1);

    const csv = await retain.run('metrics', '--year', '2024', '--csv');
    const [header, values] = csv.stdout.trimEnd().split(/\r?\n/);
    assert.equal(header, MEASURE_FIELDS.join(','));
    assert.equal(values!.split(',')[0], '2.5');

    const human = await retain.run('metrics', '--year', '2024');
    assert.match(human.stdout, /^turnover_rate_fte\s+40\.0%$/m);

    // A second authority makes leaving out --authority ambiguous: a usage error naming both.
    assert.equal((await retain.run('import', 'workers', retain.file('other.csv', WORKERS), '--authority', '203')).code, 0);
    const ambiguous = await retain.run('metrics', '--year', '2024');
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /202, 203/);
    assert.match(ambiguous.stderr, /--authority/);
  } finally {
    await retain.close();
  }
});

test('demo loads a council with several years and teams, and running it twice changes nothing', async () => {
  const retain = await testCli();
  try {
    const first = await retain.run('demo');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Loaded the demo council/);
    const before = await retain.run('metrics', '--year', '2025', '--by', 'team', '--json');
    const second = await retain.run('demo');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already loaded; nothing changed/);
    const after = await retain.run('metrics', '--year', '2025', '--by', 'team', '--json');
    assert.equal(after.stdout, before.stdout);
    const teams = (JSON.parse(after.stdout) as Array<{ group: string }>).map((group) => group.group);
    assert.ok(teams.length >= 7, teams.join(', '));
  } finally {
    await retain.close();
  }
});

// Every command's action, not only its help: those no other CLI test runs (import, metrics and demo
// above; agency, recruitment, pay, scenario, caseloads and retention in their own files; serve in
// single-writer.test.ts) are walked here on one database.
test('benchmarks, authorities, neighbours, compare, roles, exit interviews, leavers and removing a caseload threshold each do their work', async () => {
  const retain = await testCli();
  try {
    assert.equal((await retain.run('import', 'workers', retain.file('workers.csv', WORKERS), '--authority', '202')).code, 0);
    const dfe = fileURLToPath(new URL('../../reference/dfe/csww_indicators_2017_to_2024.csv', import.meta.url));
    const loaded = await retain.run('benchmarks', 'import', dfe);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stdout, /Filled in name, region or LA codes for: 202/);
    const releases = JSON.parse((await retain.run('benchmarks', 'list', '--json')).stdout) as Array<{ fileName: string; firstYear: number; lastYear: number }>;
    assert.deepEqual(
      releases.map((r) => [r.fileName, r.firstYear, r.lastYear]),
      [['csww_indicators_2017_to_2024.csv', 2017, 2024]],
    );
    // The same file again changes nothing.
    assert.equal((await retain.run('benchmarks', 'import', dfe)).code, 0);
    assert.equal((JSON.parse((await retain.run('benchmarks', 'list', '--json')).stdout) as unknown[]).length, 1);

    const authorities = await retain.run('authorities', 'list', '--json');
    assert.equal(authorities.code, 0, authorities.stderr);
    // Loading the benchmarks named the council from its published row: 202 is Camden's old LA code.
    assert.ok((JSON.parse(authorities.stdout) as Array<{ code: string; name: string }>).some((a) => a.code === '202' && a.name === 'Camden'));

    const named = await retain.run('neighbours', 'set', '203', '204,205', '--authority', '202', '--json');
    assert.equal(named.code, 0, named.stderr);
    const shown = JSON.parse((await retain.run('neighbours', 'show', '--authority', '202', '--json')).stdout) as { neighbours: Array<{ code: string; name: string | null }> };
    assert.deepEqual(
      shown.neighbours.map((n) => [n.code, n.name]),
      [
        ['203', 'Greenwich'],
        ['204', 'Hackney'],
        ['205', 'Hammersmith and Fulham'],
      ],
    );
    const refused = await retain.run('neighbours', 'set', 'not-a-code', '--authority', '202');
    assert.equal(refused.code, 2, 'a usage error');
    assert.match(refused.stderr, /"not-a-code" is not an LA code/);

    const compare = await retain.run('compare', '--year', '2024', '--authority', '202', '--json');
    assert.equal(compare.code, 0, compare.stderr);
    const comparison = JSON.parse(compare.stdout) as {
      benchmarkYear: number;
      neighbours: { found: string[] };
      rows: Array<{ field: string; ours: number; england: number; neighbourCount: number; published: number | null }>;
    };
    assert.equal(comparison.benchmarkYear, 2024);
    assert.deepEqual(comparison.neighbours.found, ['203', '204', '205']);
    const turnover = comparison.rows.find((row) => row.field === 'turnover_rate_fte')!;
    assert.equal(turnover.ours, 40);
    assert.equal(turnover.england, 13.9);
    assert.equal(turnover.neighbourCount, 3);
    assert.equal(typeof turnover.published, 'number');
    assert.match((await retain.run('compare', '--year', '2024', '--authority', '202')).stdout, /turnover_rate_fte\s+40\.0%\s+13\.9%/);

    assert.equal((await retain.run('roles', 'set', 'Practice Educator', 'case_holder', '--authority', '202')).code, 0);
    const roles = JSON.parse((await retain.run('roles', 'list', '--authority', '202', '--json')).stdout) as { local: Array<{ localName: string; role: string }> };
    assert.ok(JSON.stringify(roles.local).includes('Practice Educator'), JSON.stringify(roles.local));
    assert.equal((await retain.run('roles', 'remove', 'Practice Educator', '--authority', '202')).code, 0);
    assert.ok(!(await retain.run('roles', 'list', '--authority', '202', '--json')).stdout.includes('Practice Educator'));

    // W3 left on 31 March 2024: one leaver in census year 2024, interviewed.
    const interviews = retain.file(
      'exit-interviews.csv',
      'worker_id,leaving_date,status,interview_date,channel,primary_reason,other_reasons,regrettable,would_return,counter_offer,comments\nW3,2024-03-31,completed,2024-03-20,in person,pay,workload,yes,maybe,no,\n',
    );
    const imported = await retain.run('import', 'exit-interviews', interviews, '--authority', '202');
    assert.equal(imported.code, 0, imported.stderr);
    const leavers = JSON.parse((await retain.run('leavers', '--year', '2024', '--authority', '202', '--json')).stdout) as {
      leavers: number;
      interviews_completed: number;
      exit_interview_rate: number;
      primary_reasons: Record<string, number>;
    };
    assert.deepEqual([leavers.leavers, leavers.interviews_completed, leavers.exit_interview_rate, leavers.primary_reasons.pay], [1, 1, 100, 1]);
    assert.match((await retain.run('leavers', '--year', '2024', '--authority', '202')).stdout, /100\.0%/);

    assert.equal((await retain.run('caseloads', 'thresholds', 'set', 'Social Worker', '18', '--authority', '202')).code, 0);
    const removed = await retain.run('caseloads', 'thresholds', 'remove', 'Social Worker', '--authority', '202');
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /removed the threshold for "Social Worker"/);
    assert.match((await retain.run('caseloads', 'thresholds', 'remove', 'Social Worker', '--authority', '202')).stdout, /had no threshold of its own/);
  } finally {
    await retain.close();
  }
});
