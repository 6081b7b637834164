import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbitraryCensusYear, arbitraryVacancy, arbitraryWorker } from '../test/arbitraries.ts';
import { buildLeaver, buildVacancy, buildWorker } from '../test/builders.ts';
import { computeCensusMeasures, computeCensusMeasuresBy, computeCensusTotals, MEASURE_FIELDS, NO_TEAM, RATE_FIELDS } from './measures.ts';

const close = (actual: number | null, expected: number, message?: string) => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${message ?? ''} expected ${expected}, got ${actual}`);
};

test('a worked example gives every census measure as the contract defines it', () => {
  const workers = [
    // Employed, in post on 30 Sept 2024, holding cases, with absence recorded.
    buildWorker({ workerId: 'E1', fte: 1, startDate: '2019-04-01', cases: 18, workingDaysLost: 10 }),
    buildWorker({ workerId: 'E2', fte: 0.5, startDate: '2023-11-01', cases: 9, workingDaysLost: 0 }),
    // A second post for E2 in the same census: counts in FTE, not again in headcount.
    buildWorker({ workerId: 'E2', fte: 0.3, startDate: '2024-02-01', role: 'qualified_no_cases' }),
    // Employed, in post, no case or absence data.
    buildWorker({ workerId: 'E3', fte: 0.8, startDate: '2015-01-01' }),
    // Leavers in 2024: one on the reference date itself (not in post), one mid-year.
    buildLeaver('2024-09-30', { workerId: 'L1', fte: 1, startDate: '2021-01-01' }),
    buildLeaver('2024-01-15', { workerId: 'L2', fte: 0.6, startDate: '2023-10-01' }),
    // Left before the year: nothing.
    buildLeaver('2023-09-30', { workerId: 'L3', fte: 1, startDate: '2018-01-01' }),
    // Agency, in post, holding cases: counts in agency and in caseload, never in turnover.
    buildWorker({ workerId: 'A1', agency: true, fte: 1, startDate: '2024-03-01', cases: 20 }),
    buildLeaver('2024-06-30', { workerId: 'A2', agency: true, fte: 1, startDate: '2024-01-01' }),
    // Adults' services: outside the children's census.
    buildWorker({ workerId: 'X1', service: 'adults', fte: 1, startDate: '2020-01-01', cases: 30 }),
  ];
  const vacancies = [
    buildVacancy({ referenceDate: '2024-09-30', vacancyFte: 1.5, agencyCoverFte: 1, team: 'Assessment' }),
    buildVacancy({ referenceDate: '2024-09-30', vacancyFte: 0.5, agencyCoverFte: 0, team: 'Child Protection' }),
    buildVacancy({ referenceDate: '2023-09-30', vacancyFte: 9, agencyCoverFte: 9 }),
  ];

  const m = computeCensusMeasures({ workers, vacancies, censusYear: 2024 });

  close(m.inpost_fte, 2.6); // 1 + 0.5 + 0.3 + 0.8
  assert.equal(m.inpost_headcount, 3);
  close(m.starters_fte, 1.4); // E2 0.5 + E2 0.3 + L2 0.6
  assert.equal(m.starters_headcount, 2);
  close(m.leavers_fte, 1.6);
  assert.equal(m.leavers_headcount, 2);
  close(m.turnover_rate_fte, (1.6 / 2.6) * 100);
  close(m.turnover_rate_headcount, (2 / 3) * 100);
  assert.equal(m.agency_fte, 1);
  assert.equal(m.agency_headcount, 1);
  close(m.agency_rate_fte, (1 / 3.6) * 100);
  close(m.agency_rate_headcount, 25);
  assert.equal(m.vacancy_fte, 2);
  close(m.vacancy_rate_fte, (2 / 4.6) * 100);
  assert.equal(m.agency_cover_fte, 1);
  close(m.agency_cover_rate_fte, 100);
  close(m.vacancy_agency_cover_rate_fte, 50);
  close(m.case_holders_fte, 2.5); // E1, E2's first post, A1
  assert.equal(m.cases, 47);
  close(m.caseload_fte, 47 / 2.5);
  assert.equal(m.working_days_lost_fte, 10);
  // Only E1 and E2's first post have absence recorded: 1.5 FTE; 2024 holds 29 February, so 254 days.
  close(m.absence_rate_fte, (10 / (1.5 * 254)) * 100);
  assert.deepEqual(Object.keys(m), [...MEASURE_FIELDS]);
});

test('every rate is null, never 0 or an error, when its denominator is zero', () => {
  const m = computeCensusMeasures({ workers: [], vacancies: [], censusYear: 2024 });
  for (const field of [...RATE_FIELDS, 'caseload_fte' as const]) assert.equal(m[field], null, field);
  assert.equal(m.inpost_fte, 0);
  assert.equal(m.cases, 0);
});

test('with no vacancy return for the reference date, vacancy figures are not available rather than zero', () => {
  const m = computeCensusMeasures({ workers: [buildWorker()], vacancies: [buildVacancy({ referenceDate: '2023-09-30', vacancyFte: 3 })], censusYear: 2024 });
  assert.equal(m.vacancy_fte, null);
  assert.equal(m.vacancy_rate_fte, null);
  assert.equal(m.agency_cover_fte, null);
});

test('a vacancy return of zero gives a vacancy rate of zero', () => {
  const m = computeCensusMeasures({ workers: [buildWorker()], vacancies: [buildVacancy({ vacancyFte: 0 })], censusYear: 2024 });
  assert.equal(m.vacancy_fte, 0);
  assert.equal(m.vacancy_rate_fte, 0);
  assert.equal(m.vacancy_agency_cover_rate_fte, null);
});

test('adding an agency worker never changes turnover', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), arbitraryWorker, arbitraryCensusYear, (workers, extra, censusYear) => {
      const before = computeCensusMeasures({ workers, vacancies: [], censusYear });
      const after = computeCensusMeasures({ workers: [...workers, { ...extra, agency: true }], vacancies: [], censusYear });
      assert.equal(after.turnover_rate_fte, before.turnover_rate_fte);
      assert.equal(after.turnover_rate_headcount, before.turnover_rate_headcount);
      assert.equal(after.inpost_fte, before.inpost_fte);
    }),
  );
});

test('records for adults services never change the children census', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), arbitraryWorker, arbitraryCensusYear, (workers, extra, censusYear) => {
      const before = computeCensusMeasures({ workers, vacancies: [], censusYear });
      const after = computeCensusMeasures({ workers: [...workers, { ...extra, service: 'adults' }], vacancies: [], censusYear });
      assert.deepEqual(after, before);
    }),
  );
});

test('the order of records never changes a measure', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), fc.array(arbitraryVacancy, { maxLength: 6 }), arbitraryCensusYear, (workers, vacancies, censusYear) => {
      const forward = computeCensusMeasures({ workers, vacancies, censusYear });
      const backward = computeCensusMeasures({ workers: [...workers].reverse(), vacancies: [...vacancies].reverse(), censusYear });
      for (const field of MEASURE_FIELDS) {
        const a = forward[field];
        const b = backward[field];
        if (a === null || b === null) assert.equal(a, b, field);
        else assert.ok(Math.abs(a - b) < 1e-9, field);
      }
    }),
  );
});

test('totals are the same to the last bit in any order of the records, whatever the FTE and days, and 0.1 + 0.2 FTE is 0.3', () => {
  const anyWorker = fc.tuple(arbitraryWorker, fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true })).map(([worker, fte, days]) => ({
    ...worker,
    fte,
    workingDaysLost: worker.workingDaysLost === null ? null : days,
  }));
  fc.assert(
    fc.property(
      fc.array(anyWorker, { maxLength: 25 }).chain((workers) => fc.tuple(fc.constant(workers), fc.shuffledSubarray(workers, { minLength: workers.length }))),
      fc.array(arbitraryVacancy, { maxLength: 6 }),
      arbitraryCensusYear,
      ([workers, shuffled], vacancies, censusYear) => {
        assert.deepEqual(computeCensusTotals({ workers: shuffled, vacancies: [...vacancies].reverse(), censusYear }), computeCensusTotals({ workers, vacancies, censusYear }));
      },
    ),
  );
  const tenths = [0.1, 0.2].map((fte, index) => buildWorker({ workerId: `W${index}`, fte, startDate: '2020-01-01' }));
  assert.equal(computeCensusTotals({ workers: tenths, vacancies: [], censusYear: 2024 }).inpost_fte, 0.3);
  // Rounded to the nearest billionth: hours over a 37-hour week lose at most 5e-10 a record.
  assert.equal(computeCensusTotals({ workers: [buildWorker({ fte: 22.5 / 37, startDate: '2020-01-01' })], vacancies: [], censusYear: 2024 }).inpost_fte, 0.608108108);
});

test('rates are never negative, shares stay within 0-100, and headcounts never exceed distinct workers', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), fc.array(arbitraryVacancy, { maxLength: 6 }), arbitraryCensusYear, (workers, vacancies, censusYear) => {
      const m = computeCensusMeasures({ workers, vacancies, censusYear });
      for (const field of RATE_FIELDS) assert.ok(m[field] === null || m[field] >= 0, field);
      for (const field of ['agency_rate_fte', 'agency_rate_headcount', 'vacancy_rate_fte'] as const) {
        assert.ok(m[field] === null || m[field] <= 100 + 1e-9, field);
      }
      const distinct = new Set(workers.map((worker) => worker.workerId)).size;
      assert.ok(m.inpost_headcount + m.agency_headcount <= 2 * distinct);
      assert.ok(m.inpost_headcount <= distinct);
      assert.ok(m.inpost_fte <= workers.length);
    }),
  );
});

test('team breakdowns add up to the council total for every FTE sum', () => {
  fc.assert(
    fc.property(fc.array(arbitraryWorker, { maxLength: 25 }), fc.array(arbitraryVacancy, { maxLength: 6 }), arbitraryCensusYear, (workers, vacancies, censusYear) => {
      const total = computeCensusMeasures({ workers, vacancies, censusYear });
      const byTeam = computeCensusMeasuresBy({ workers, vacancies, censusYear }, 'team');
      for (const field of ['inpost_fte', 'starters_fte', 'leavers_fte', 'agency_fte', 'case_holders_fte', 'cases', 'working_days_lost_fte'] as const) {
        const sum = byTeam.reduce((acc, group) => acc + group[field], 0);
        assert.ok(Math.abs(sum - total[field]) < 1e-9, field);
      }
    }),
  );
});

test('a breakdown by team names each team, puts records without one under "(no team)", and keeps team vacancies', () => {
  const workers = [buildWorker({ workerId: 'T1', team: 'Assessment' }), buildWorker({ workerId: 'T2', team: null }), buildLeaver('2024-05-01', { workerId: 'T3', team: 'Assessment' })];
  const vacancies = [buildVacancy({ team: 'Assessment', vacancyFte: 1 }), buildVacancy({ team: 'Fostering', vacancyFte: 2 })];
  const groups = computeCensusMeasuresBy({ workers, vacancies, censusYear: 2024 }, 'team');
  assert.deepEqual(
    groups.map((group) => group.group),
    [NO_TEAM, 'Assessment', 'Fostering'].sort((a, b) => a.localeCompare(b)),
  );
  const assessment = groups.find((group) => group.group === 'Assessment')!;
  assert.equal(assessment.inpost_headcount, 1);
  assert.equal(assessment.turnover_rate_fte, 100);
  assert.equal(assessment.vacancy_fte, 1);
  assert.equal(groups.find((group) => group.group === 'Fostering')!.vacancy_fte, 2);
});

test('a breakdown by role groups by the DfE role code and has no vacancy figures', () => {
  const workers = [buildWorker({ role: 'team_manager' }), buildWorker({ role: 'case_holder' }), buildWorker({ role: 'case_holder' })];
  const groups = computeCensusMeasuresBy({ workers, vacancies: [buildVacancy({ vacancyFte: 3 })], censusYear: 2024 }, 'role');
  assert.deepEqual(
    groups.map((group) => [group.group, group.inpost_headcount]),
    [
      ['case_holder', 2],
      ['team_manager', 1],
    ],
  );
  assert.equal(groups[0]!.vacancy_fte, null);
});
