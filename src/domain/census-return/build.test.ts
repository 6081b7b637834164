import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeaver, buildVacancy, buildWorker } from '../../test/builders.ts';
import { buildCensusReturn, leaCodeOf, type CensusReturnInput } from './build.ts';
import { itemValue, returnToXml } from './model.ts';
import { checkSchema } from './schema-check.ts';

const GENERATED_AT = '2025-10-06T09:30:00';

function input(overrides: Partial<CensusReturnInput>): CensusReturnInput {
  return { censusYear: 2025, authority: { code: '202', oldLaCode: null }, workers: [], vacancies: [], answers: {}, generatedAt: GENERATED_AT, ...overrides };
}

test('the return holds employed records in post at any time in the year and agency records in post on 30 September, adults’ services left out', () => {
  const inPost = buildWorker({ workerId: 'A1', startDate: '2019-05-01' });
  const starter = buildWorker({ workerId: 'A2', startDate: '2025-03-03' });
  const leaver = buildLeaver('2024-12-31', { workerId: 'A3' });
  const leftLastYear = buildLeaver('2024-09-30', { workerId: 'A4' });
  const notYetStarted = buildWorker({ workerId: 'A5', startDate: '2025-10-01' });
  const agencyNow = buildWorker({ workerId: 'G1', agency: true, startDate: '2025-01-06' });
  const agencyGone = buildWorker({ workerId: 'G2', agency: true, startDate: '2024-11-04', endDate: '2025-05-30' });
  const adults = buildWorker({ workerId: 'D1', service: 'adults' });
  const built = buildCensusReturn(input({ workers: [agencyNow, adults, leaver, inPost, starter, leftLastYear, notYetStarted, agencyGone] }));
  assert.deepEqual(
    built.sources.map((s) => s.workerId),
    ['A1', 'A2', 'A3', 'G1'],
  );
  assert.equal(built.report.employed, 3);
  assert.equal(built.report.agency, 1);
  assert.deepEqual(
    built.report.excluded.map((e) => e.records),
    [1, 1],
  );
  assert.match(built.report.excluded[0]!.reason, /adults/);
  assert.match(built.report.excluded[1]!.reason, /agency records that ended before 30 September/);
});

test('each item comes from its field: codes as DfE numbers them, decimals to the schema’s places, leaving only for a leaver in the year', () => {
  const worker = buildLeaver('2025-06-30', {
    workerId: 'L1',
    sweNumber: 'SW104233',
    fte: 0.8,
    dateOfBirth: '1988-02-14',
    gender: 'female',
    ethnicity: 'BAFR',
    role: 'senior_practitioner',
    startDate: '2021-09-06',
    startOrigin: 'another_english_la',
    leavingReason: 'retired',
    leaverDestination: 'not_known',
    workingDaysLost: 3.5,
    salary: 41_250,
    recruitmentPayment: 1000,
    retentionPayment: 500.5,
  });
  const planned = buildWorker({ workerId: 'P1', endDate: '2025-12-31', leavingReason: 'resignation', cases: 14, fte: 1, gender: 'not_specified' });
  const built = buildCensusReturn(input({ workers: [worker, planned] }));
  assert.deepEqual(built.censusReturn.workers[0], [
    { name: 'AgencyWorker', value: '0' },
    { name: 'SWENo', value: 'SW104233' },
    { name: 'FTE', value: '0.800000' },
    { name: 'PersonBirthDate', value: '1988-02-14' },
    { name: 'Sex', value: 'F' },
    { name: 'Ethnicity', value: 'BAFR' },
    { name: 'OrgRole', value: '4' },
    { name: 'RoleStartDate', value: '2021-09-06' },
    { name: 'StartOrigin', value: '2' },
    { name: 'RoleEndDate', value: '2025-06-30' },
    { name: 'LeaverDestination', value: '8' },
    { name: 'ReasonLeave', value: '5' },
    { name: 'WorkingDaysLost', value: '3.50' },
    { name: 'BaseSalary', value: '41250.00' },
    { name: 'RRPayments', value: '1500.50' },
  ]);
  // A leaving after 30 September is not this census's: in post on the day, with its cases.
  const plannedItems = built.censusReturn.workers[1]!;
  assert.equal(itemValue(plannedItems, 'RoleEndDate'), undefined);
  assert.equal(itemValue(plannedItems, 'ReasonLeave'), undefined);
  assert.equal(itemValue(plannedItems, 'FTE30'), '1.000000');
  assert.equal(itemValue(plannedItems, 'Cases30'), '14');
  // "Not specified" has no Sex code: left out and reported, not guessed.
  assert.equal(itemValue(plannedItems, 'Sex'), undefined);
  assert.deepEqual(built.report.notHeld.find((item) => item.element === 'Sex')?.records, 1);

  // To 2023 gender is GenderCurrent, numbered; there is no salary or payment item.
  const in2023 = buildCensusReturn(input({ censusYear: 2023, workers: [buildWorker({ gender: 'not_specified', salary: 40_000 })] }));
  assert.equal(itemValue(in2023.censusReturn.workers[0]!, 'GenderCurrent'), '9');
  assert.equal(itemValue(in2023.censusReturn.workers[0]!, 'BaseSalary'), undefined);
});

test('an agency worker gets the items that describe them on 30 September, not the employer’s', () => {
  const agency = buildWorker({ agency: true, sweNumber: 'SW9', role: 'case_holder', startDate: '2025-02-03', cases: 17, fte: 1, dateOfBirth: '1980-01-01', salary: 50_000, workingDaysLost: 2 });
  const built = buildCensusReturn(input({ workers: [agency] }));
  assert.deepEqual(
    built.censusReturn.workers[0]!.map((item) => item.name),
    ['AgencyWorker', 'SWENo', 'OrgRole', 'RoleStartDate', 'FTE30', 'Cases30'],
  );
  assert.equal(itemValue(built.censusReturn.workers[0]!, 'AgencyWorker'), '1');
});

test('council-level items come from the vacancies return and the council’s answers; what neither holds is reported, never invented', () => {
  const vacancies = [
    buildVacancy({ referenceDate: '2025-09-30', vacancyFte: 6.5, agencyCoverFte: 4 }),
    buildVacancy({ referenceDate: '2025-09-30', team: 'Fostering', vacancyFte: 1, agencyCoverFte: 0.5 }),
    buildVacancy({ referenceDate: '2024-09-30', vacancyFte: 99 }),
  ];
  const built = buildCensusReturn(input({ workers: [buildWorker()], vacancies, answers: { NoAgencyHeadcount: '5', RecruitmentBonus: '2' } }));
  assert.deepEqual(built.censusReturn.laLevel, [
    { name: 'NumberOfVacancies', value: '7.50' },
    { name: 'NoAgencyFTE', value: '4.50' },
    { name: 'NoAgencyHeadcount', value: '5' },
    { name: 'RecruitmentBonus', value: '2' },
  ]);
  const notHeldLa = built.report.notHeld.filter((item) => item.level === 'la').map((item) => item.element);
  assert.deepEqual(notHeldLa, ['RetentionBonus', 'PerformanceAward', 'CarAllowance', 'RelocationPackage', 'RegionalWeighting', 'CostSWE', 'CostDBS', 'OtherAllowances']);
  // Without a vacancies return for the day, the vacancy items are not held either.
  const without = buildCensusReturn(input({ censusYear: 2024, workers: [buildWorker()] }));
  assert.deepEqual(without.censusReturn.laLevel, []);
  assert.deepEqual(
    without.report.notHeld.filter((item) => item.level === 'la').map((item) => [item.element, item.required]),
    [
      ['NumberOfVacancies', true],
      ['NoAgencyFTE', true],
      ['NoAgencyHeadcount', true],
    ],
  );
  assert.match(without.report.notHeld[0]!.reason, /No vacancies return for 2024-09-30/);
});

test('the report names every item the year’s schema has that Retain never holds, and the header’s LEA needs a three-digit code', () => {
  const in2024 = buildCensusReturn(input({ censusYear: 2024, workers: [buildWorker(), buildWorker()] }));
  const workerItems = in2024.report.notHeld.filter((item) => item.level === 'worker');
  assert.deepEqual(
    workerItems.map((item) => item.element),
    ['QualInst', 'QualLevel', 'StepUpGrad', 'ContractWeeks', 'FrontlineGrad', 'Absat30Sept', 'ReasonAbsence', 'CFKSSstatus'],
  );
  assert.deepEqual(
    workerItems.find((item) => item.element === 'QualInst'),
    { element: 'QualInst', level: 'worker', required: true, records: 2, reason: 'Retain’s workers file has no column for the institution where the worker qualified.' },
  );
  const in2025 = buildCensusReturn(input({ workers: [buildWorker()] }));
  assert.ok(in2025.report.notHeld.some((item) => item.element === 'OtherPayments'));
  assert.ok(!in2025.report.notHeld.some((item) => item.element === 'QualInst'));

  assert.equal(leaCodeOf({ code: '202', oldLaCode: null }), '202');
  assert.equal(leaCodeOf({ code: 'E09000007', oldLaCode: '202' }), '202');
  assert.equal(leaCodeOf({ code: 'DEMO', oldLaCode: null }), null);
  const noLea = buildCensusReturn(input({ authority: { code: 'DEMO', oldLaCode: null }, workers: [buildWorker()] }));
  assert.equal(noLea.censusReturn.header.source, null);
  assert.equal(noLea.report.notHeld[0]!.element, 'LEA');
  assert.equal(buildCensusReturn(input({ censusYear: 2022 })).report.schemaNote?.startsWith('No published 2022 schema'), true);
});

test('a return built from complete records breaks the schema only where the report says an item is not held', () => {
  for (const censusYear of [2021, 2022, 2023, 2024, 2025]) {
    const workers = [
      buildWorker({ sweNumber: 'SW100001', gender: 'male', ethnicity: 'WBRI', dateOfBirth: '1990-03-01', cases: 12, workingDaysLost: 0, salary: 38_000, startOrigin: 'newly_qualified' }),
      buildLeaver(`${censusYear}-04-30`, { sweNumber: 'SW100002', gender: 'female', workingDaysLost: 11.25 }),
      buildWorker({ agency: true, sweNumber: 'SW100003', cases: 20, startDate: `${censusYear}-01-06` }),
    ];
    const built = buildCensusReturn(input({ censusYear, workers, vacancies: [buildVacancy({ referenceDate: `${censusYear}-09-30`, vacancyFte: 2, agencyCoverFte: 1 })] }));
    const violations = checkSchema(returnToXml(built.censusReturn, built.schema), built.schema);
    const required = new Set(built.report.notHeld.filter((item) => item.required).map((item) => item.element));
    for (const violation of violations) {
      assert.equal(violation.code, 'XSD-REQUIRED', `${censusYear}: ${violation.message}`);
      assert.ok(required.has(violation.element), `${censusYear}: ${violation.element} is missing but not reported`);
    }
    assert.ok(violations.length > 0, `${censusYear}: required items Retain does not hold show as missing`);
  }
});
