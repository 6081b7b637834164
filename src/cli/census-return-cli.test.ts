import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';
import { checkSchema } from '../domain/census-return/schema-check.ts';
import { schemaFor } from '../domain/census-return/schema.ts';
import { readXml } from '../domain/census-return/xml.ts';

/**
 * `retain census-return export|validate|set` and `retain reconcile` as an analyst runs them: the
 * command (run in this process, src/test/cli.ts) on a fresh PGlite data directory, JSON field names
 * as the command's header states.
 */

const INDICATORS_HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,turnover_rate_headcount,agency_fte,agency_headcount,agency_rate_fte,agency_rate_headcount,agency_cover_fte,agency_cover_rate_fte,vacancy_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,cases,caseload_fte,working_days_lost_fte,absence_rate_fte';

test('export, validate, set and reconcile from the command line', async () => {
  const cli = await testCli({ engine: 'pglite', prefix: 'retain-census-return-cli-' });
  const { dir } = cli;
  try {
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const rows = ['worker_id,swe_number,agency,role,fte,start_date,end_date,leaving_reason,cases,working_days_lost,gender,date_of_birth,salary'];
    for (let i = 1; i <= 8; i += 1) rows.push(`E${i},SW70${i},no,Social Worker,1,2020-01-06,,,14,2,female,1985-01-01,38000`);
    rows.push('L1,SW801,no,Social Worker,1,2020-01-06,2025-09-30,resignation,,,male,1980-01-01,38000');
    rows.push('A1,SW901,yes,Social Worker,1,2025-02-03,,,18,,,,');
    assert.equal((await cli.run('import', 'workers', file('workers.csv', `${rows.join('\n')}\n`), '--authority', '202', '--data-runs-to', '2025-10-02')).code, 0);
    assert.equal((await cli.run('import', 'vacancies', file('vacancies.csv', 'reference_date,vacancy_fte,agency_cover_fte\n2025-09-30,3,1\n'))).code, 0);

    const exported = await cli.run('census-return', 'export', '--year', '2025', '--out', join(dir, 'csww.xml'));
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /10 worker records \(9 employed, 1 agency\) written to/);
    assert.match(exported.stderr, /Not held: NoAgencyHeadcount \(required\): Not in any file Retain reads/);
    const violations = checkSchema(readXml(readFileSync(join(dir, 'csww.xml'), 'utf8')), schemaFor(2025));
    assert.ok(
      violations.every((violation) => violation.code === 'XSD-REQUIRED' && violation.level === 'la'),
      JSON.stringify(violations),
    );

    const csv = await cli.run('census-return', 'export', '--year', '2025', '--format', 'csv', '--level', 'la');
    assert.match(csv.stdout, /^NumberOfVacancies,NoAgencyFTE,NoAgencyHeadcount,RecruitmentBonus/);
    assert.match(csv.stdout, /\r\n3\.00,1\.00,/);

    // A bad answer saves nothing and is a usage error; good ones are saved.
    const bad = await cli.run('census-return', 'set', '--year', '2025', 'NoAgencyHeadcount=lots', 'RecruitmentBonus=some');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /whole number/);
    const set = await cli.run(
      'census-return',
      'set',
      '--year',
      '2025',
      'NoAgencyHeadcount=1',
      'RecruitmentBonus=some',
      'RetentionBonus=no',
      'PerformanceAward=0',
      'CarAllowance=0',
      'RelocationPackage=all',
      'RegionalWeighting=0',
      'CostSWE=1',
      'CostDBS=1',
      'OtherAllowances=None',
    );
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Saved for 2025: NoAgencyHeadcount=1, RecruitmentBonus=2, RetentionBonus=0/);

    const validation = await cli.run('census-return', 'validate', '--year', '2025', '--json', '--xlsx', join(dir, 'failures.xlsx'));
    assert.equal(validation.code, 0, validation.stderr);
    const result = JSON.parse(validation.stdout);
    assert.deepEqual(Object.keys(result), ['census_year', 'authority_code', 'schema_source', 'errors', 'queries', 'failures', 'year_on_year', 'not_held']);
    assert.equal(result.errors, 0);
    // The agency worker has no SWE-required problems; employed workers with no start origin are not starters; the ethnicity gaps are not rules.
    assert.ok(result.failures.every((failure: { severity: string }) => failure.severity === 'query'));
    assert.deepEqual(Object.keys(result.year_on_year), ['previous_year', 'compared_with', 'checks']);
    assert.ok(readFileSync(join(dir, 'failures.xlsx')).subarray(0, 2).equals(Buffer.from('PK')));

    // The published row: the leaver on 30 September went in the return as in post.
    const published = `${INDICATORS_HEADER}\n2025,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,9,9,0,0,0,0,0,0,1,1,10,10,1,100,3,25,33.3,9,130,14.4,16,0.8\n`;
    assert.equal((await cli.run('benchmarks', 'import', file('indicators.csv', published))).code, 0);
    const reconciled = await cli.run('reconcile', '--year', '2025', '--json');
    assert.equal(reconciled.code, 0, reconciled.stderr);
    const view = JSON.parse(reconciled.stdout);
    assert.deepEqual(Object.keys(view), ['census_year', 'authority_code', 'published', 'release_id', 'measures', 'explanations', 'accounted_for_together']);
    const inPost = view.measures.find((row: { measure: string }) => row.measure === 'inpost_headcount');
    assert.deepEqual([inPost.ours, inPost.published, inPost.difference, inPost.status, inPost.explained_by], [8, 9, -1, 'differs', ['leavers_on_reference_date']]);
    assert.deepEqual(
      view.explanations[0].records.map((record: { worker_id: string }) => record.worker_id),
      ['L1'],
    );
    const text = await cli.run('reconcile', '--year', '2025');
    assert.match(text.stdout, /\[1\] Leavers whose last day was 2025-09-30 \(1 record\)/);

    // A year with no schema is a usage error; a return with errors exits 1.
    const old = await cli.run('census-return', 'export', '--year', '2019');
    assert.equal(old.code, 2);
    assert.match(old.stderr, /2021 to 2025 only, not 2019/);
    assert.equal((await cli.run('census-return', 'set', '--year', '2025', 'NoAgencyHeadcount=0')).code, 0);
    const failing = await cli.run('census-return', 'validate', '--year', '2025');
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /RTN-E23/);
    assert.match(failing.stderr, /The 2025 return has 1 error to fix before submission/);
  } finally {
    await cli.close();
  }
});
