import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';

/**
 * `retain import pay-scales|supplements`, `retain pay` and `retain scenario` as the acceptance
 * checks run them: the command (in this process, src/test/cli.ts) on a fresh database (PGlite, or
 * a scratch database on the DATABASE_URL server), `--json` compared field by field.
 */

test('retain pay and retain scenario give the contract’s fields and figures; a bad scenario names lever and field and exits 1', async () => {
  const cli = await testCli({ prefix: 'retain-pay-' });
  const { file } = cli;
  const retain = cli.run;
  try {
    const workers = file(
      'workers.csv',
      'worker_id,agency,role,fte,start_date,end_date,leaving_reason,salary\nA1,no,Social Worker,1,2020-01-01,,,38000\nA2,no,ASYE,0.5,2024-09-01,,,33000\nA3,no,Social Worker,1,2020-01-01,2025-03-31,resignation,39000\nA4,yes,Social Worker,1,2024-01-01,,,\nA5,no,IRO,1,2019-01-01,,,47000\n',
    );
    assert.equal((await retain('import', 'workers', workers, '--authority', '202')).code, 0);
    const scales = file(
      'scales.csv',
      'authority,role,grade,min_salary,max_salary,effective_from,source\n202,Social Worker,SW,33000,40000,2025-04-01,Own\n203,case_holder,L3,35000,44000,2025-04-01,203 policy\nTorbay,Social Worker,G9,36000,45000,2025-04-01,Torbay pay policy 2025\n204,Social Worker,,34000,42000,2025-01-01,\n205,Social Worker,X,34000,47000,2025-01-01,\n202,IRO,IRO,44000,48000,2025-04-01,Own\n',
    );
    const imported = await retain('import', 'pay-scales', scales);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((await retain('import', 'supplements', file('supplements.csv', 'role,amount_per_year,from,to\nSocial Worker,1000,2025-01-01,\n'))).code, 0);

    const pay = await retain('pay', '--date', '2025-09-30', '--json');
    assert.equal(pay.code, 0, pay.stderr);
    assert.deepEqual(JSON.parse(pay.stdout), {
      roles: [
        // Ours 40,000 + 1,000; comparators 44,000, 45,000, 42,000, 47,000: median 44,500; in post A1 1 + A2 0.5.
        {
          key: 'case_holder',
          our_max: 41_000,
          comparators: 4,
          comparator_median_max: 44_500,
          gap: 3_500,
          gap_percent: (3_500 / 44_500) * 100,
          median_salary: 35_500,
          inpost_fte: 1.5,
          cost_to_close: 3_500 * 1.5 * 1.3,
        },
        { key: 'qualified_no_cases', our_max: 48_000, comparators: 0, comparator_median_max: null, gap: null, gap_percent: null, median_salary: 47_000, inpost_fte: 1, cost_to_close: null },
      ],
    });
    const human = await retain('pay', '--date', '30/09/2025', '--on-cost-rate', '0.25');
    assert.match(human.stdout, /case_holder\s+41,000\.00\s+4\s+44,500\.00\s+3,500\.00\s+7\.9%/);

    const scenario = file(
      'package.json',
      JSON.stringify({ baseline_year: 2025, years: 3, agency_premium_per_fte_year: 30_000, levers: [{ kind: 'fixed', cost_by_year: [10_000], reduction_points: { low: 10, central: 20, high: 40 } }] }),
    );
    const result = await retain('scenario', scenario, '--json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['inputs', 'cases']);
    assert.equal(json.inputs.inpost_fte, 2.5); // A1, A2, A5 on 30 September 2025
    assert.equal(json.inputs.replacement_cost, 12_000);
    // Central: 20 points of 2.5 FTE = 0.5 FTE avoided x (12,000 + 15,000) = 13,500 a year.
    assert.deepEqual(json.cases.central.years[0], { year: 1, cost: 10_000, leavers_avoided_fte: 0.5, saving: 13_500, net: 3_500, cumulative_net: 3_500 });
    assert.equal(json.cases.central.payback_year, 1);
    assert.deepEqual(Object.keys(json.cases), ['low', 'central', 'high']);
    assert.deepEqual(Object.keys(json.cases.low), ['years', 'payback_year', 'npv']);

    const bad = await retain('scenario', file('bad.json', JSON.stringify({ baseline_year: 2025, levers: [{ kind: 'pay_uplift', role: 'Wizard', percent: 120 }] })), '--json');
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /levers\[0\] \(pay_uplift\) role: "Wizard" is not a role this council knows/);
    assert.match(bad.stderr, /levers\[0\] \(pay_uplift\) percent: 120 is over 100/);
    assert.match(bad.stderr, /nothing was saved/);
  } finally {
    await cli.close();
  }
});
