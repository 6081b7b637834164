import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';

/**
 * `retain import agency|price-caps|applications`, `retain agency [return]` and `retain recruitment`
 * as the command runs them (in this process, src/test/cli.ts), on a fresh PGlite directory (or a
 * scratch database when DATABASE_URL is set).
 */

const WORKERS = `worker_id,swe_number,agency,role,team,fte,start_date,end_date,leaving_reason,salary
E1,SW100,no,case_holder,Assessment,1,2020-01-01,,,36000
E2,SW101,no,case_holder,Assessment,1,2021-01-01,,,40000
E3,SW200,no,senior_practitioner,CIN,1,2019-01-01,2025-01-31,resignation,45000
E4,SW300,no,case_holder,CIN,1,2019-01-01,2024-12-31,compulsory_redundancy,37000
E5,SW400,no,case_holder,CIN,1,2025-05-01,,,35000
`;
const AGENCY = `assignment_id,worker_ref,swe_number,agency,role,team,start_date,end_date,hourly_rate,hours_per_week,qualified_date,over_cap_approved,project_team
A1,R1,SW900,Hays,case_holder,Assessment,2024-09-01,2024-10-31,40,37,2015-01-01,,
A2,R2,SW200,Sanctuary,Senior Social Worker,CIN,2025-04-29,,50,37,2022-04-30,no,
A3,R3,SW300,Sanctuary,case_holder,CIN,2025-02-01,2025-12-31,45,30,,yes,yes
A4,R4,SW400,Hays,team_manager,,2024-11-04,2025-04-30,60,37,2020-01-01,,
`;
const CAPS = `role,effective_from,max_hourly_rate
case_holder,2024-04-01,42
senior_practitioner,2024-04-01,45
Senior Social Worker,2025-06-01,52
`;
const APPS = `application_id,campaign,role,advert_date,applied_date,stage_reached,offer_date,offer_outcome,accepted_date,start_date,withdrawn,withdrawal_reason,source,route
P1,C1,case_holder,2024-10-01,2024-10-10,started,2024-11-01,accepted,2024-11-05,2025-01-06,,,job_board,experienced
P2,C1,case_holder,2024-12-01,2024-12-10,offered,2025-01-02,declined,,,,pay,job_board,experienced
P3,C2,case_holder,2025-01-01,2025-01-10,offered,2025-02-01,pending,,,,,referral,newly_qualified
`;

test('agency and recruitment from files to JSON figures, the quarterly return, and a bad file that imports nothing', async () => {
  const retain = await testCli({ prefix: 'retain-agency-' });
  const { dir, file, run: cli } = retain;
  try {
    for (const [kind, name, text] of [
      ['workers', 'w.csv', WORKERS],
      ['agency', 'a.csv', AGENCY],
      ['price-caps', 'c.csv', CAPS],
      ['applications', 'p.csv', APPS],
    ] as const) {
      const result = await cli('import', kind, file(name, text), ...(kind === 'workers' ? ['--authority', 'T1'] : []));
      assert.equal(result.code, 0, result.stderr);
    }
    const agency = await cli('agency', '--year', '2025', '--json');
    assert.equal(agency.code, 0, agency.stderr);
    const f = JSON.parse(agency.stdout);
    assert.deepEqual(Object.keys(f), [
      'assignments',
      'agency_spend',
      'agency_fte_average',
      'employed_equivalent_cost',
      'no_salary_assignments',
      'agency_premium',
      'by_role',
      'by_team',
      'by_agency',
      'over_cap',
      'pqe_under_3_years',
      'pqe_unknown',
      'cool_off_breaches',
      'median_assignment_days',
      'converted_to_permanent',
    ]);
    assert.equal(f.assignments, 4);
    // A1: 31 days x 40 x 37 / 7 = 6,554.29 (cut by the period's start).
    assert.ok(Math.abs(f.by_team[0].agency_spend - (40 * 37 * 31) / 7) < 1e-9);
    assert.deepEqual(f.over_cap, ['A2']); // the local cap (£52) was not yet in force; the code cap £45 was
    assert.deepEqual(f.pqe_under_3_years, ['A2']);
    assert.equal(f.pqe_unknown, 1);
    assert.deepEqual(f.cool_off_breaches, ['A2']); // A3's earlier post ended in redundancy
    assert.equal(f.no_salary_assignments, 1); // no employed team manager
    assert.equal(f.converted_to_permanent, 1);
    // A1 61, A2 155 (to D2), A3 334 (end after D2 as it is), A4 178: median (155 + 178) / 2.
    assert.equal(f.median_assignment_days, 166.5);

    const period = JSON.parse((await cli('agency', '--from', '2025-07-01', '--to', '2025-09-30', '--json', '--on-cost-rate', '0.25')).stdout);
    assert.equal(period.assignments, 2);

    const csv = await cli('agency', 'return', '--quarter', '2025Q3');
    assert.equal(csv.code, 0, csv.stderr);
    assert.deepEqual(
      csv.stdout
        .trim()
        .split('\r\n')
        .map((line) => line.split(',')[0]),
      ['assignment_id', 'A3', 'A2'],
    );
    const xlsx = await cli('agency', 'return', '--quarter', '2025Q3', '--format', 'xlsx', '--output', join(dir, 'r.xlsx'));
    assert.equal(xlsx.code, 0, xlsx.stderr);
    assert.equal(readFileSync(join(dir, 'r.xlsx')).subarray(0, 2).toString(), 'PK');

    const recruitment = JSON.parse((await cli('recruitment', '--year', '2025', '--json')).stdout);
    assert.deepEqual([recruitment.offers, recruitment.offers_accepted, recruitment.offers_declined, recruitment.offers_pending], [3, 1, 1, 1]);
    assert.equal(recruitment.offer_acceptance_rate, 50);
    assert.equal(recruitment.campaigns_readvertised, 1);

    const bad = await cli('import', 'agency', file('bad.csv', AGENCY.replace('2024-11-04,2025-04-30', '2024-11-04,2024-10-30')));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^bad\.csv:5:end_date: end_date 2024-10-30 is before start_date 2024-11-04$/m);
    assert.equal((await cli('agency', '--year', '2025')).code, 0);
    assert.equal((await cli('agency')).code, 2);
  } finally {
    await retain.close();
  }
});
