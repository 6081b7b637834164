import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CensusReturn, ReturnItem } from './model.ts';
import { allRules, validateReturn } from './rules.ts';
import { schemaFor } from './schema.ts';

/**
 * Every validation rule with a return that fails it and one that passes it. The examples are
 * census year 2025 (30 September 2025; 253 working days), and a case is a whole return, so the
 * rules that compare workers (a duplicate SWE number) are tested the same way.
 */

const schema = schemaFor(2025);

/** An employed case holder in post on 30 September 2025 meeting every rule; `change` adds (a value), replaces or removes (undefined) items. */
function worker(change: Record<string, string | undefined> = {}): ReturnItem[] {
  const values: Record<string, string | undefined> = {
    AgencyWorker: '0',
    SWENo: 'SW100001',
    FTE: '1.000000',
    PersonBirthDate: '1985-06-01',
    Sex: 'F',
    Ethnicity: 'WBRI',
    OrgRole: '5',
    RoleStartDate: '2019-04-01',
    FTE30: '1.000000',
    Cases30: '16',
    WorkingDaysLost: '4.00',
    BaseSalary: '39000.00',
    ...change,
  };
  return schema.worker.filter((spec) => values[spec.name] !== undefined).map((spec) => ({ name: spec.name, value: values[spec.name]! }));
}

/** A leaver on 30 June 2025 meeting every rule. */
const LEAVER = { RoleEndDate: '2025-06-30', ReasonLeave: '1', LeaverDestination: '1', FTE30: undefined, Cases30: undefined, BaseSalary: undefined } as const;
const AGENCY = { AgencyWorker: '1', SWENo: 'SW200001', FTE: undefined, PersonBirthDate: undefined, Sex: undefined, Ethnicity: undefined, WorkingDaysLost: undefined, BaseSalary: undefined } as const;

function theReturn(workers: ReturnItem[][], laLevel: Record<string, string> = { NumberOfVacancies: '4.00', NoAgencyFTE: '1.00', NoAgencyHeadcount: '1' }): CensusReturn {
  return {
    censusYear: 2025,
    header: { collection: [], source: null },
    laLevel: Object.entries(laLevel).map(([name, value]) => ({ name, value })),
    workers,
  };
}

const agencyWorker = worker(AGENCY);

interface Case {
  fails: CensusReturn;
  passes: CensusReturn;
  message?: RegExp;
}

const CASES: Record<string, Case> = {
  'RTN-E01': {
    fails: theReturn([worker({ ...LEAVER, RoleStartDate: '2025-07-01' }), agencyWorker]),
    passes: theReturn([worker(LEAVER), agencyWorker]),
    message: /RoleStartDate 2025-07-01 is after RoleEndDate 2025-06-30/,
  },
  'RTN-E02': { fails: theReturn([worker({ ...LEAVER, ReasonLeave: undefined }), agencyWorker]), passes: theReturn([worker(LEAVER), agencyWorker]), message: /Left on 2025-06-30 with no ReasonLeave/ },
  'RTN-E03': { fails: theReturn([worker({ ReasonLeave: '1' }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-E04': { fails: theReturn([worker({ LeaverDestination: '3' }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-E05': {
    fails: theReturn([worker({ ...LEAVER, RoleEndDate: '2024-09-30' }), agencyWorker]),
    passes: theReturn([worker({ ...LEAVER, RoleEndDate: '2024-10-01' }), agencyWorker]),
    message: /outside the census year 2024-10-01 to 2025-09-30/,
  },
  'RTN-E06': { fails: theReturn([worker({ RoleStartDate: '2025-10-01' }), agencyWorker]), passes: theReturn([worker({ RoleStartDate: '2025-09-30' }), agencyWorker]) },
  'RTN-E07': {
    fails: theReturn([worker({ FTE: '0.000000', FTE30: '0.000000' }), agencyWorker]),
    passes: theReturn([worker({ FTE: '0.000001', FTE30: '0.000001' }), agencyWorker]),
    message: /FTE 0 is out of range.*; FTE30 0 is out of range/,
  },
  'RTN-E08': { fails: theReturn([worker({ OrgRole: undefined, Cases30: undefined }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-E09': { fails: theReturn([worker({ ...LEAVER, FTE30: '1.000000' }), agencyWorker]), passes: theReturn([worker(LEAVER), agencyWorker]) },
  'RTN-E10': { fails: theReturn([worker({ FTE30: undefined }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-E11': { fails: theReturn([worker({ ...LEAVER, Cases30: '3' }), agencyWorker]), passes: theReturn([worker(LEAVER), agencyWorker]) },
  'RTN-E12': { fails: theReturn([worker({ FTE: undefined }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-E13': {
    fails: theReturn([worker({ WorkingDaysLost: '253.50' }), agencyWorker]),
    passes: theReturn([worker({ WorkingDaysLost: '253.00' }), agencyWorker]),
    message: /more than the 253 working days/,
  },
  'RTN-E14': {
    fails: theReturn([worker(), worker({ FTE: '0.500000', FTE30: '0.500000' }), agencyWorker]),
    passes: theReturn([worker(), worker({ RoleStartDate: '2023-01-09', FTE: '0.500000', FTE30: '0.500000', OrgRole: '4', Cases30: undefined }), agencyWorker]),
    message: /SWENo SW100001 starts a role on 2019-04-01 on 2 records/,
  },
  'RTN-E15': { fails: theReturn([worker({ RoleStartDate: undefined }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-Q01': { fails: theReturn([worker({ Cases30: '41' }), agencyWorker]), passes: theReturn([worker({ Cases30: '40' }), agencyWorker]) },
  'RTN-Q02': { fails: theReturn([worker({ Cases30: '0' }), agencyWorker]), passes: theReturn([worker({ Cases30: '1' }), agencyWorker]), message: /Case holder \(OrgRole 5\) with Cases30 0/ },
  'RTN-Q03': {
    fails: theReturn([worker({ ...LEAVER, ReasonLeave: '10' }), agencyWorker]),
    passes: theReturn([worker({ ...LEAVER, ReasonLeave: '8' }), agencyWorker]),
    message: /10 \(not yet collected\)/,
  },
  'RTN-Q04': {
    fails: theReturn([worker({ PersonBirthDate: '2005-10-01' }), agencyWorker]),
    passes: theReturn([worker({ PersonBirthDate: '2005-09-30' }), agencyWorker]),
    message: /makes them 19 on 2025-09-30/,
  },
  'RTN-Q05': { fails: theReturn([worker({ RoleStartDate: '2025-01-06' }), agencyWorker]), passes: theReturn([worker({ RoleStartDate: '2025-01-06', StartOrigin: '1' }), agencyWorker]) },
  'RTN-Q06': { fails: theReturn([worker({ WorkingDaysLost: undefined }), agencyWorker]), passes: theReturn([worker({ WorkingDaysLost: '0.00' }), agencyWorker]) },
  'RTN-Q07': { fails: theReturn([worker({ BaseSalary: '19999.99' }), agencyWorker]), passes: theReturn([worker({ BaseSalary: '20000.00' }), agencyWorker]) },
  'RTN-Q08': { fails: theReturn([worker({ BaseSalary: undefined }), agencyWorker]), passes: theReturn([worker(), agencyWorker]) },
  'RTN-Q09': {
    fails: theReturn([worker({ FTE: '0.600000', FTE30: '0.600000' }), worker({ RoleStartDate: '2022-05-03', OrgRole: '4', FTE: '0.600000', FTE30: '0.600000', Cases30: undefined }), agencyWorker]),
    passes: theReturn([worker({ FTE: '0.600000', FTE30: '0.600000' }), worker({ RoleStartDate: '2022-05-03', OrgRole: '4', FTE: '0.400000', FTE30: '0.400000', Cases30: undefined }), agencyWorker]),
    message: /in post on 30 September on 2 records at 1.2 FTE in all/,
  },
  'RTN-E20': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '-1.00', NoAgencyFTE: '0.00', NoAgencyHeadcount: '0' }),
    passes: theReturn([worker(), agencyWorker], { NumberOfVacancies: '0.00', NoAgencyFTE: '0.00', NoAgencyHeadcount: '0' }),
  },
  'RTN-E21': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '-0.50', NoAgencyHeadcount: '0' }),
    passes: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '0.50', NoAgencyHeadcount: '1' }),
  },
  'RTN-E22': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '0.00', NoAgencyHeadcount: '-1' }),
    passes: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '0.00', NoAgencyHeadcount: '0' }),
  },
  'RTN-E23': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '1.00', NoAgencyHeadcount: '0' }),
    passes: theReturn([worker(), agencyWorker], { NumberOfVacancies: '2.00', NoAgencyFTE: '1.00', NoAgencyHeadcount: '1' }),
  },
  'RTN-Q20': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '0.50', NoAgencyFTE: '1.00', NoAgencyHeadcount: '1' }),
    passes: theReturn([worker(), agencyWorker], { NumberOfVacancies: '1.00', NoAgencyFTE: '1.00', NoAgencyHeadcount: '1' }),
  },
  'RTN-Q21': {
    fails: theReturn([worker(), agencyWorker], { NumberOfVacancies: '3.00', NoAgencyFTE: '2.00', NoAgencyHeadcount: '2' }),
    passes: theReturn([worker(), agencyWorker, worker({ ...AGENCY, SWENo: 'SW200002' })], { NumberOfVacancies: '3.00', NoAgencyFTE: '2.00', NoAgencyHeadcount: '2' }),
    message: /NoAgencyFTE 2 is more than the 1 FTE of agency workers in post/,
  },
};

test('the examples cover every rule, and the worker every example starts from meets them all', () => {
  assert.deepEqual(
    Object.keys(CASES).sort(),
    allRules().map((rule) => rule.code),
  );
  assert.deepEqual(validateReturn(theReturn([worker(), agencyWorker]), schema), []);
  assert.deepEqual(validateReturn(theReturn([worker(LEAVER), agencyWorker]), schema), []);
});

for (const [code, { fails, passes, message }] of Object.entries(CASES)) {
  const rule = allRules().find((candidate) => candidate.code === code)!;
  test(`${code} (${rule.severity}): ${rule.rule}`, () => {
    const failures = validateReturn(fails, schema);
    const own = failures.filter((failure) => failure.code === code);
    assert.ok(own.length > 0, `${code} should fail: got ${failures.map((f) => f.code).join(', ') || 'nothing'}`);
    assert.ok(own.every((failure) => failure.severity === rule.severity));
    if (message) assert.match(own[0]!.message, message);
    if (own[0]!.level === 'worker') assert.equal(typeof own[0]!.workerIndex, 'number');
    assert.deepEqual(
      validateReturn(passes, schema).filter((failure) => failure.code === code),
      [],
      `${code} should pass`,
    );
  });
}

test('the 2021-2024 returns have no salary, so no salary query is raised for them', () => {
  const older = schemaFor(2024);
  const items = [
    { name: 'AgencyWorker', value: '0' },
    { name: 'SWENo', value: 'SW1' },
    { name: 'FTE', value: '1' },
    { name: 'OrgRole', value: '5' },
    { name: 'RoleStartDate', value: '2019-01-01' },
    { name: 'FTE30', value: '1' },
    { name: 'Cases30', value: '12' },
    { name: 'WorkingDaysLost', value: '0' },
  ];
  const codes = validateReturn({ censusYear: 2024, header: { collection: [], source: null }, laLevel: [], workers: [items] }, older).map((failure) => failure.code);
  assert.deepEqual(codes, []);
});
