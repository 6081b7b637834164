import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { nationalRow } from '../db/benchmarks.ts';
import type { Db } from '../db/database.ts';
import { publishedFigure } from '../domain/benchmarks.ts';
import { MIN_GROUP_HEADCOUNT } from '../domain/findings.ts';
import { DEMO_COUNCIL, DEMO_REGION, loadDemo, workersCsv } from '../imports/demo.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { isRetainError } from '../errors.ts';
import { findingsInputFor, proposeFindingsFor } from './findings.ts';
import { metricsByGroup, metricsForYear } from './metrics.ts';

const PUBLISHED_FILE = path.resolve(import.meta.dirname, '../../reference/dfe/csww_indicators_2017_to_2024.csv');
const CODE = DEMO_COUNCIL.authorityCode;
/** The latest year DfE has published, so every rule has its benchmarks. */
const YEAR = 2024;

let db: Db;
let close: () => Promise<void>;

/**
 * Findings flag turnover only beyond chance (funnel limits for the group's size). The demo's own
 * 2024 turnover (15.4% for 269 people against England's 13.9%) and its highest team's are within
 * chance, so these tests give the demo a bad year in Children in Care: twelve more resignations
 * from it in census year 2024, which puts the team well above the other teams and the council
 * above England (95% limit 18.0% for 269 people) beyond chance.
 */
const BAD_YEAR_LEAVERS = Array.from({ length: 12 }, (_, index) => buildLeaver('2024-03-31', { workerId: `BADYEAR${index + 1}`, team: 'Children in Care', startDate: '2021-04-01' }));

before(async () => {
  ({ db, close } = await testDatabase());
  await loadDemo(db);
  const added = await importWorkers(db, { authorityCode: CODE, fileName: 'bad-year.csv', bytes: Buffer.from(workersCsv(BAD_YEAR_LEAVERS)), importedBy: 'test' });
  assert.ok(added.ok, JSON.stringify(!added.ok && added.problems.slice(0, 3)));
  const imported = await importBenchmarks(db, { fileName: 'csww_indicators_2017_to_2024.csv', bytes: readFileSync(PUBLISHED_FILE) });
  assert.ok(imported.ok, JSON.stringify(!imported.ok && imported.problems.slice(0, 3)));
});

after(async () => {
  await close();
});

test("the findings input holds the figures retain metrics gives, England's published figures and the year's leavers", async () => {
  const input = await findingsInputFor(db, CODE, YEAR);
  const ours = await metricsForYear(db, CODE, YEAR);
  const current = input.years.find((year) => year.censusYear === YEAR);
  assert.deepEqual(current?.measures, ours);
  // The same figures as `retain metrics --by`, each with the people behind it (for disclosure control).
  const withoutPeople = (groups: readonly object[] | undefined) => groups?.map(({ people: _people, ...measures }: { people?: unknown }) => measures);
  assert.deepEqual(withoutPeople(current?.byTeam), await metricsByGroup(db, CODE, YEAR, 'team'));
  assert.deepEqual(withoutPeople(current?.byRole), await metricsByGroup(db, CODE, YEAR, 'role'));
  assert.deepEqual(
    input.years.map((year) => year.censusYear),
    Array.from({ length: YEAR - DEMO_COUNCIL.firstYear + 1 }, (_, index) => DEMO_COUNCIL.firstYear + index),
    'every year up to the census year, none after it',
  );
  assert.equal(input.regionName, DEMO_REGION.name);
  const england = await nationalRow(db, YEAR);
  assert.equal(input.published.find((year) => year.censusYear === YEAR)?.england.turnover_rate_fte, publishedFigure(england, 'turnover_rate_fte'));
  assert.equal(input.leavers?.leavers, ours.leavers_headcount, 'leavers by reason add up to the census leavers');
});

test('the demo council gets real proposals, each quoting the figures retain metrics and England give', async () => {
  const findings = await proposeFindingsFor(db, CODE, YEAR);
  const ours = await metricsForYear(db, CODE, YEAR);
  const england = await nationalRow(db, YEAR);
  assert.ok(findings.length > 0);

  const turnover = findings.find((finding) => finding.ruleId === 'turnover-vs-england');
  assert.ok(turnover, "the demo's turnover is above England's in 2024, beyond chance");
  assert.equal(turnover.swot, 'weakness');
  assert.equal(turnover.value, ours.turnover_rate_fte);
  assert.equal(turnover.comparator, publishedFigure(england, 'turnover_rate_fte'));
  assert.ok(turnover.statement.includes(`${ours.turnover_rate_fte!.toFixed(1)}%`), turnover.statement);
  assert.match(turnover.evidence, /^Turnover rate \(FTE\) 2024: \d+\.\d%; England \d+\.\d%; North West \d+\.\d%$/);

  // Every council-wide comparison quotes our figure for the year and England's for the same year.
  for (const finding of findings.filter((one) => one.ruleId.endsWith('-vs-england'))) {
    assert.equal(finding.value, ours[finding.measure!], finding.ruleId);
    assert.equal(finding.comparator, publishedFigure(england, finding.measure!), finding.ruleId);
  }
});

test("team findings quote the team's own figures and never name a team of fewer than five", async () => {
  const findings = await proposeFindingsFor(db, CODE, YEAR);
  const teams = await metricsByGroup(db, CODE, YEAR, 'team');
  const teamFindings = findings.filter((finding) => finding.ruleId.startsWith('team-'));
  assert.ok(teamFindings.length > 0, 'the demo has a team that stands out');
  for (const finding of teamFindings) {
    const team = teams.find((one) => one.group === finding.group);
    assert.ok(team, finding.group);
    assert.equal(finding.value, team[finding.measure!]);
    assert.ok(finding.statement.includes(finding.group!));
  }
  const small = teams.filter((team) => team.inpost_headcount + team.agency_headcount < MIN_GROUP_HEADCOUNT).map((team) => team.group);
  assert.ok(small.length > 0, 'the demo has a small team (its leadership) to leave out');
  assert.ok(findings.every((finding) => finding.group === undefined || !small.includes(finding.group)));
});

test('a year DfE has not published gets no comparison with England, but its own trends still', async () => {
  const findings = await proposeFindingsFor(db, CODE, DEMO_COUNCIL.lastYear);
  assert.equal(findings.filter((finding) => finding.ruleId.endsWith('-vs-england')).length, 0);
  assert.ok(findings.some((finding) => finding.ruleId.startsWith('measure-') || finding.ruleId.startsWith('team-')));
});

test('the same figures give the same findings in the same order', async () => {
  assert.deepEqual(await proposeFindingsFor(db, CODE, YEAR), await proposeFindingsFor(db, CODE, YEAR));
});

test('an unknown authority is a clear error', async () => {
  await assert.rejects(findingsInputFor(db, 'NOPE', YEAR), (error) => isRetainError(error, 'unknown_authority'));
});
