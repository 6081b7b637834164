import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildWorker } from '../../test/builders.ts';
import { buildCensusReturn } from './build.ts';
import { leaversWithoutReason, yearOnYearChecks, type YearOnYearInput } from './year-on-year.ts';

const emptyReturn = buildCensusReturn({ censusYear: 2025, authority: { code: '202', oldLaCode: null }, workers: [], vacancies: [], answers: {}, generatedAt: '2025-10-01T00:00:00' }).censusReturn;

function input(overrides: Partial<YearOnYearInput>): YearOnYearInput {
  return {
    censusYear: 2025,
    measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10, caseload_fte: 16 },
    censusReturn: emptyReturn,
    previous: { censusYear: 2024, measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10 }, comparedWith: 'published' },
    ...overrides,
  };
}

const raised = (result: ReturnType<typeof yearOnYearChecks>) => result.checks.filter((check) => check.raised).map((check) => check.code);

test('headcount, FTE or agency FTE changed by more than 10% from last year is queried; 10% exactly is not', () => {
  assert.deepEqual(raised(yearOnYearChecks(input({}))), []);
  const moved = yearOnYearChecks(input({ measures: { inpost_headcount: 111, inpost_fte: 82.8, agency_fte: 11, caseload_fte: 16 } }));
  assert.deepEqual(raised(moved), ['RTN-Y01']);
  const headcount = moved.checks.find((check) => check.code === 'RTN-Y01')!;
  assert.equal(headcount.changePercent, 11);
  assert.match(headcount.message, /The headcount in post is 111, up 11% on 100 in 2024: more than 10%/);
  assert.equal(moved.checks.find((check) => check.code === 'RTN-Y02')!.raised, false, 'down exactly 10% is not more than 10%');
  const fromNothing = yearOnYearChecks(input({ previous: { censusYear: 2024, measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 0 }, comparedWith: 'retain' } }));
  assert.deepEqual(raised(fromNothing), ['RTN-Y03']);
  assert.equal(fromNothing.comparedWith, 'retain');
});

test('without last year’s figures the change checks say so and raise nothing', () => {
  const result = yearOnYearChecks(input({ previous: null }));
  assert.deepEqual(raised(result), []);
  assert.match(result.checks[0]!.message, /No figures for 2024 to compare with/);
  const suppressed = yearOnYearChecks(input({ previous: { censusYear: 2024, measures: { inpost_headcount: null, inpost_fte: 92, agency_fte: 10 }, comparedWith: 'published' } }));
  assert.match(suppressed.checks[0]!.message, /No headcount in post for 2024/);
});

test('more than 10% of leavers without a known reason is queried', () => {
  const leavers = (reasons: Array<'resignation' | 'not_known' | 'not_yet_collected' | null>) =>
    buildCensusReturn({
      censusYear: 2025,
      authority: { code: '202', oldLaCode: null },
      workers: reasons.map((reason) => buildLeaver('2025-03-31', { leavingReason: reason })),
      vacancies: [],
      answers: {},
      generatedAt: '2025-10-01T00:00:00',
    }).censusReturn;
  const tenPercent = leavers([...Array(9).fill('resignation'), 'not_known']);
  assert.deepEqual(leaversWithoutReason(tenPercent), { leavers: 10, withoutReason: 1 });
  assert.deepEqual(raised(yearOnYearChecks(input({ censusReturn: tenPercent }))), []);
  const many = leavers(['resignation', 'resignation', 'not_yet_collected', null]);
  const result = yearOnYearChecks(input({ censusReturn: many }));
  assert.deepEqual(raised(result), ['RTN-Y04']);
  assert.match(result.checks.find((check) => check.code === 'RTN-Y04')!.message, /^50% of leavers have no known reason/);
  // An agency record is never a leaver in the return.
  assert.equal(
    leaversWithoutReason(
      buildCensusReturn({ censusYear: 2025, authority: { code: '202', oldLaCode: null }, workers: [buildWorker({ agency: true })], vacancies: [], answers: {}, generatedAt: '2025-10-01T00:00:00' })
        .censusReturn,
    ).leavers,
    0,
  );
});

test('an average caseload outside 10 to 25 cases per FTE is queried', () => {
  assert.deepEqual(raised(yearOnYearChecks(input({ measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10, caseload_fte: 25 } }))), []);
  assert.deepEqual(raised(yearOnYearChecks(input({ measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10, caseload_fte: 25.4 } }))), ['RTN-Y05']);
  assert.deepEqual(raised(yearOnYearChecks(input({ measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10, caseload_fte: 9.9 } }))), ['RTN-Y05']);
  assert.match(yearOnYearChecks(input({ measures: { inpost_headcount: 100, inpost_fte: 92, agency_fte: 10, caseload_fte: null } })).checks.at(-1)!.message, /no average caseload/);
});
