import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildVacancy, buildWorker } from '../../test/builders.ts';
import type { WorkerRecord } from '../workforce.ts';
import { agreesWithPublished, reconcile } from './reconcile.ts';

/**
 * A council whose own figures for 2024 differ from the row DfE published, for reasons built in:
 * two social workers whose last day was 30 September 2024 went in the return as still in post, an
 * agency worker on two assignments was counted twice by DfE, and two workers with no sickness
 * figure were sent as 0 days. The reconciliation must find each, and show that counting that way
 * gives the published figures.
 */

function council(): WorkerRecord[] {
  const workers: WorkerRecord[] = [];
  for (let i = 1; i <= 20; i += 1) workers.push(buildWorker({ workerId: `E${i}`, cases: 15, workingDaysLost: i <= 18 ? 5 : null }));
  workers.push(buildLeaver('2024-09-30', { workerId: 'L1' }), buildLeaver('2024-09-30', { workerId: 'L2' }));
  for (let i = 3; i <= 5; i += 1) workers.push(buildLeaver('2024-03-31', { workerId: `L${i}` }));
  workers.push(
    buildWorker({ workerId: 'G1', agency: true, fte: 0.5, startDate: '2024-01-08', cases: 15 }),
    buildWorker({ workerId: 'G1', agency: true, fte: 0.5, startDate: '2024-06-03', cases: 15 }),
    buildWorker({ workerId: 'G2', agency: true, cases: 15, startDate: '2023-05-01' }),
    buildWorker({ workerId: 'G3', agency: true, cases: 15, startDate: '2023-05-01' }),
    buildWorker({ workerId: 'G4', agency: true, cases: 15, startDate: '2023-05-01' }),
  );
  return workers;
}

/** What DfE published from the council's return, worked out by hand from the story above. */
const PUBLISHED = {
  figures: {
    inpost_fte: 22,
    inpost_headcount: 22,
    starters_fte: 1,
    starters_headcount: 1,
    leavers_fte: 3,
    leavers_headcount: 3,
    turnover_rate_fte: 13.6,
    turnover_rate_headcount: 13.6,
    agency_fte: 4,
    agency_headcount: 5,
    agency_rate_fte: 15.4,
    agency_rate_headcount: 18.5,
    agency_cover_fte: 2,
    agency_cover_rate_fte: 50,
    vacancy_fte: 3,
    vacancy_rate_fte: 12,
    vacancy_agency_cover_rate_fte: null,
    case_holders_fte: 24,
    cases: 375,
    caseload_fte: 15.6,
    working_days_lost_fte: 90,
    absence_rate_fte: 1.8,
  },
  symbols: { vacancy_agency_cover_rate_fte: 'c' },
};

test('each built-in difference is found with its records, and counting that way gives the published figure', () => {
  const result = reconcile({ censusYear: 2024, workers: council(), vacancies: [buildVacancy({ vacancyFte: 3, agencyCoverFte: 2 })], published: PUBLISHED });
  const row = (field: string) => result.rows.find((r) => r.field === field)!;

  assert.equal(row('inpost_fte').ours, 20);
  assert.equal(row('inpost_fte').difference, -2);
  assert.equal(row('inpost_fte').status, 'differs');
  assert.deepEqual(row('inpost_fte').explainedBy, ['leavers_on_reference_date']);
  for (const field of ['inpost_headcount', 'leavers_fte', 'leavers_headcount', 'turnover_rate_fte', 'turnover_rate_headcount', 'agency_rate_fte', 'vacancy_rate_fte']) {
    assert.deepEqual(row(field).explainedBy, ['leavers_on_reference_date'], field);
  }
  const onTheDay = result.explanations.find((e) => e.id === 'leavers_on_reference_date')!;
  assert.deepEqual(
    onTheDay.records.map((r) => r.workerId),
    ['L1', 'L2'],
  );
  assert.equal(onTheDay.effects.inpost_fte, 2);
  assert.equal(onTheDay.effects.leavers_fte, -2);

  assert.deepEqual(row('agency_headcount').explainedBy, ['agency_records_counted_separately']);
  assert.deepEqual(
    result.explanations.find((e) => e.id === 'agency_records_counted_separately')!.records.map((r) => `${r.workerId} ${r.startDate}`),
    ['G1 2024-01-08', 'G1 2024-06-03'],
  );
  // The agency headcount rate needs both: DfE's extra in post and its extra agency record.
  assert.deepEqual(row('agency_rate_headcount').explainedBy, []);
  assert.ok(row('agency_rate_headcount').affectedBy.includes('agency_records_counted_separately'));
  assert.ok(result.accountedForTogether.includes('agency_rate_headcount'));

  assert.deepEqual(row('absence_rate_fte').explainedBy, ['missing_working_days_lost']);
  assert.deepEqual(
    result.explanations.find((e) => e.id === 'missing_working_days_lost')!.records.map((r) => r.workerId),
    ['E19', 'E20'],
  );

  // A difference nothing in the records explains is shown as one.
  assert.equal(row('starters_fte').status, 'differs');
  assert.deepEqual(row('starters_fte').explainedBy, []);
  assert.ok(!result.accountedForTogether.includes('starters_fte'));
  // Figures that agree, and one DfE did not publish.
  assert.equal(row('cases').status, 'agrees');
  assert.equal(row('caseload_fte').status, 'agrees');
  assert.equal(row('vacancy_agency_cover_rate_fte').status, 'not_published');
  assert.equal(row('vacancy_agency_cover_rate_fte').symbol, 'c');
  assert.equal(result.published, true);
});

test('duplicate SWE numbers, adults’ services, case holders without cases and a missing vacancies return are each found', () => {
  const workers = [
    buildWorker({ workerId: 'A', sweNumber: 'SW1', dateOfBirth: '1980-01-01', cases: 10, workingDaysLost: 0 }),
    buildWorker({ workerId: 'B', sweNumber: 'sw1 ', dateOfBirth: '1980-01-01', startDate: '2022-02-01', cases: 10, workingDaysLost: 0 }),
    buildWorker({ workerId: 'C', sweNumber: 'SW2', cases: null, workingDaysLost: 0 }),
    buildWorker({ workerId: 'D', service: 'adults', cases: 5 }),
  ];
  const published = { figures: { inpost_fte: 3, inpost_headcount: 2, vacancy_fte: 4 }, symbols: {} };
  const result = reconcile({ censusYear: 2024, workers, vacancies: [], published });
  const ids = result.explanations.map((e) => e.id);
  assert.deepEqual(ids, ['duplicate_swe_numbers', 'adults_service_records', 'missing_cases', 'no_vacancy_return']);
  const row = (field: string) => result.rows.find((r) => r.field === field)!;
  assert.deepEqual(row('inpost_headcount').explainedBy, ['duplicate_swe_numbers']);
  assert.equal(row('inpost_fte').status, 'agrees');
  assert.deepEqual(
    result.explanations.find((e) => e.id === 'adults_service_records')!.records.map((r) => r.workerId),
    ['D'],
  );
  assert.deepEqual(result.explanations.find((e) => e.id === 'missing_cases')!.effects, {});
  assert.ok(row('cases').affectedBy.includes('missing_cases'));
  assert.equal(row('vacancy_fte').status, 'not_ours');
  assert.ok(row('vacancy_fte').affectedBy.includes('no_vacancy_return'));
});

test('without a published row every measure is “not published” and nothing is explained', () => {
  const result = reconcile({ censusYear: 2024, workers: council(), vacancies: [], published: null });
  assert.equal(result.published, false);
  assert.ok(result.rows.every((row) => row.status === 'not_published' && row.difference === null));
});

test('agreement is judged at the precision DfE publishes', () => {
  assert.equal(agreesWithPublished('turnover_rate_fte', 13.64, 13.6), true);
  assert.equal(agreesWithPublished('turnover_rate_fte', 13.65, 13.6), false);
  assert.equal(agreesWithPublished('inpost_headcount', 22, 22), true);
  assert.equal(agreesWithPublished('inpost_fte', 21.96, 22), true);
  assert.equal(agreesWithPublished('cases', 374, 375), false);
  assert.equal(agreesWithPublished('caseload_fte', null, null), true);
});
