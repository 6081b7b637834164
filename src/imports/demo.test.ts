import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceDate } from '../domain/census.ts';
import { computeCensusMeasures, computeCensusMeasuresBy } from '../domain/measures.ts';
import { resolveRole } from '../domain/roles.ts';
import { DEMO_COUNCIL, generateCouncil, vacanciesCsv, workersCsv } from './demo-council.ts';

const council = generateCouncil(DEMO_COUNCIL);
const years = Array.from({ length: DEMO_COUNCIL.lastYear - DEMO_COUNCIL.firstYear + 1 }, (_, index) => DEMO_COUNCIL.firstYear + index);

test('the same seed gives the same council, and another seed a different one', () => {
  const again = generateCouncil(DEMO_COUNCIL);
  assert.deepEqual(again, council);
  assert.equal(workersCsv(again.workers), workersCsv(council.workers));
  const other = generateCouncil({ ...DEMO_COUNCIL, seed: DEMO_COUNCIL.seed + 1 });
  assert.notDeepEqual(other.workers, council.workers);
});

test('every census year has believable figures: turnover 8-30%, some agency workers, vacancies, caseloads and absence', () => {
  for (const censusYear of years) {
    const measures = computeCensusMeasures({ workers: council.workers, vacancies: council.vacancies, censusYear });
    const label = `census year ${censusYear}`;
    assert.ok(measures.inpost_headcount > 200 && measures.inpost_headcount < 320, `${label}: ${measures.inpost_headcount} in post`);
    assert.ok(measures.turnover_rate_fte! >= 8 && measures.turnover_rate_fte! <= 30, `${label}: turnover ${measures.turnover_rate_fte}`);
    assert.ok(measures.starters_headcount > 0 && measures.leavers_headcount > 0, label);
    assert.ok(measures.agency_rate_fte! > 0 && measures.agency_rate_fte! < 30, `${label}: agency ${measures.agency_rate_fte}`);
    assert.ok(measures.vacancy_fte! > 0, `${label}: vacancies`);
    assert.ok(measures.caseload_fte! >= 12 && measures.caseload_fte! <= 22, `${label}: caseload ${measures.caseload_fte}`);
    assert.ok(measures.absence_rate_fte! > 1 && measures.absence_rate_fte! < 6, `${label}: absence ${measures.absence_rate_fte}`);
  }
});

test('there is a vacancy return for every team on every reference date, with cover no more than the vacancies', () => {
  for (const censusYear of years) {
    const returns = council.vacancies.filter((row) => row.referenceDate === referenceDate(censusYear));
    assert.equal(returns.length, DEMO_COUNCIL.teams.length + 2, `census year ${censusYear}`);
    for (const row of returns) assert.ok(row.agencyCoverFte <= row.vacancyFte, `${row.team} ${row.referenceDate}`);
  }
});

test('the struggling team has the highest turnover of the case-holding teams over the years', () => {
  const leavers = new Map<string, number>();
  const inPost = new Map<string, number>();
  for (const censusYear of years) {
    for (const group of computeCensusMeasuresBy({ workers: council.workers, vacancies: council.vacancies, censusYear }, 'team')) {
      leavers.set(group.group, (leavers.get(group.group) ?? 0) + group.leavers_fte);
      inPost.set(group.group, (inPost.get(group.group) ?? 0) + group.inpost_fte);
    }
  }
  const rates = DEMO_COUNCIL.teams.map((team) => ({ team, rate: leavers.get(team)! / inPost.get(team)! }));
  rates.sort((a, b) => b.rate - a.rate);
  assert.equal(rates[0]!.team, DEMO_COUNCIL.strugglingTeam);
});

test('records are valid for the contract: ids stable per post, leavers with reasons, FTE in (0, 1], local roles the default map knows', () => {
  const keys = new Set<string>();
  for (const record of council.workers) {
    const key = `${record.workerId}|${record.startDate}`;
    assert.ok(!keys.has(key), `duplicate post row ${key}`);
    keys.add(key);
    assert.ok(record.fte > 0 && record.fte <= 1);
    assert.ok(record.endDate === null || record.endDate >= record.startDate, key);
    if (record.endDate !== null) assert.ok(record.leavingReason !== null, `${key} left without a reason`);
    assert.equal(resolveRole(record.localRole!)?.role, record.role, record.localRole!);
  }
  const reasons = new Set(council.workers.filter((record) => !record.agency).map((record) => record.leavingReason));
  for (const reason of ['resignation', 'retired', 'moved_within_la']) assert.ok(reasons.has(reason as never), reason);
  assert.ok(council.workers.some((record) => record.agency));
  assert.ok(council.workers.some((record) => record.fte < 1));
});

test('the files render one row per record with the contract header', () => {
  const workerLines = workersCsv(council.workers).trimEnd().split('\n');
  assert.equal(workerLines.length, council.workers.length + 1);
  assert.match(workerLines[0]!, /^worker_id,swe_number,agency,role,team,service,fte,start_date,end_date,leaving_reason/);
  const vacancyLines = vacanciesCsv(council.vacancies).trimEnd().split('\n');
  assert.equal(vacancyLines[0], 'reference_date,team,vacancy_fte,agency_cover_fte');
  assert.equal(vacancyLines.length, council.vacancies.length + 1);
});
