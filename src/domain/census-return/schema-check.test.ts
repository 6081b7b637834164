import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSchema, valueProblem } from './schema-check.ts';
import { schemaFor, SUPPORTED_CENSUS_YEARS, UnsupportedCensusYearError, type SimpleType } from './schema.ts';
import { branch, leaf, readXml } from './xml.ts';

const names = (year: number) => schemaFor(year).worker.map((spec) => spec.name);

test('each supported year encodes the published layout: gender to 2023, sex from 2024, pay and incentive flags in 2025', () => {
  assert.deepEqual([...SUPPORTED_CENSUS_YEARS], [2021, 2022, 2023, 2024, 2025]);
  for (const year of [2021, 2022, 2023]) {
    assert.ok(names(year).includes('GenderCurrent') && !names(year).includes('Sex'), `${year}`);
    assert.equal(schemaFor(year).laLevelElement, 'LALevelVacancies');
  }
  assert.ok(names(2024).includes('Sex') && !names(2024).includes('GenderCurrent'));
  for (const year of [2021, 2022, 2023, 2024]) {
    const qualInst = schemaFor(year).worker.find((spec) => spec.name === 'QualInst')!;
    assert.deepEqual([qualInst.minOccurs, qualInst.maxOccurs], [1, 'unbounded'], `${year} QualInst required`);
    assert.ok(names(year).includes('CFKSSstatus') && !names(year).includes('BaseSalary'));
  }
  assert.ok(!names(2025).includes('QualInst') && !names(2025).includes('CFKSSstatus'));
  assert.deepEqual(names(2025).slice(-3), ['BaseSalary', 'RRPayments', 'OtherPayments']);
  assert.equal(schemaFor(2025).laLevelElement, 'LALevel');
  assert.deepEqual(
    schemaFor(2025).laLevel.map((spec) => spec.name),
    [
      'NumberOfVacancies',
      'NoAgencyFTE',
      'NoAgencyHeadcount',
      'RecruitmentBonus',
      'RetentionBonus',
      'PerformanceAward',
      'CarAllowance',
      'RelocationPackage',
      'RegionalWeighting',
      'CostSWE',
      'CostDBS',
      'OtherAllowances',
    ],
  );
  assert.deepEqual(names(2023).slice(0, 6), ['AgencyWorker', 'SWENo', 'FTE', 'PersonBirthDate', 'GenderCurrent', 'Ethnicity']);
  assert.equal(schemaFor(2022).inferred?.includes('2021 and 2023'), true);
  assert.equal(schemaFor(2024).inferred, null);
  assert.deepEqual(schemaFor(2022).worker, schemaFor(2021).worker);
  assert.throws(() => schemaFor(2020), UnsupportedCensusYearError);
});

test('values are held to their types: codes, the SWE pattern, decimals and their places, ranges, whole numbers and dates', () => {
  const fte = schemaFor(2025).worker.find((spec) => spec.name === 'FTE')!.type as SimpleType;
  const money = schemaFor(2025).worker.find((spec) => spec.name === 'BaseSalary')!.type as SimpleType;
  const swe = schemaFor(2025).worker.find((spec) => spec.name === 'SWENo')!.type as SimpleType;
  const role = schemaFor(2025).worker.find((spec) => spec.name === 'OrgRole')!.type as SimpleType;
  const cases = schemaFor(2025).worker.find((spec) => spec.name === 'Cases30')!.type as SimpleType;
  const weeks = schemaFor(2025).worker.find((spec) => spec.name === 'ContractWeeks')!.type as SimpleType;
  const ok = (type: SimpleType, value: string) => assert.equal(valueProblem(type, value, 'X'), null, `${value} should pass`);
  const bad = (type: SimpleType, value: string, pattern: RegExp) => assert.match(valueProblem(type, value, 'X') ?? '(passed)', pattern, `${value} should fail`);

  ok(fte, '0.800000');
  ok(fte, '1');
  ok(fte, ' 0.5 ');
  ok(fte, '0.1234560');
  bad(fte, '0.1234567', /more than 6 decimal places/);
  bad(fte, '1.2', /above 1/);
  bad(fte, '-0.1', /below 0/);
  bad(fte, 'full', /not a number/);
  ok(money, '35000.00');
  bad(money, '35000.005', /more than 2 decimal places/);
  ok(weeks, '12.5');
  bad(weeks, '12.25', /more than 1 decimal place$/);
  ok(swe, 'SW123456');
  ok(swe, 'sw1');
  bad(swe, 'SW12345678901', /two letters then 1 to 10 digits/);
  bad(swe, '123456', /two letters/);
  bad(swe, 'SW123$', /two letters/);
  ok(role, '5');
  bad(role, '7', /not one of its codes \(1, 2, 3, 4, 5, 6\)/);
  bad(role, ' 5', /not one of its codes/);
  ok(cases, '0');
  ok(cases, '23');
  bad(cases, '2.5', /whole number/);
  ok({ kind: 'date' }, '2024-02-29');
  bad({ kind: 'date' }, '2023-02-29', /not a date/);
  bad({ kind: 'date' }, '30/09/2024', /not a date/);
  ok({ kind: 'dateTime' }, '2025-10-03T09:15:00');
  ok({ kind: 'dateTime' }, '2025-10-03T09:15:00Z');
  bad({ kind: 'dateTime' }, '2025-10-03 09:15', /date and time/);
  ok({ kind: 'gYear' }, '2025');
  bad({ kind: 'gYear' }, '25', /year/);
});

test('the schema check finds unknown, misplaced, missing, repeated and mistyped elements, each with its path and worker', () => {
  const schema = schemaFor(2024);
  const root = readXml(`<?xml version="1.0"?>
<Message>
  <Header><CollectionDetails><Collection>CSWW</Collection><Year>2024</Year></CollectionDetails></Header>
  <LALevelVacancies><NumberOfVacancies>3.50</NumberOfVacancies><NoAgencyHeadcount>2</NoAgencyHeadcount></LALevelVacancies>
  <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW1</SWENo><QualInst>Open University</QualInst><OrgRole>5</OrgRole></CSWWWorker>
  <CSWWWorker><SWENo>SW2</SWENo><AgencyWorker>0</AgencyWorker><QualInst>x</QualInst><FTE>2</FTE><Shoe>9</Shoe><OrgRole>5</OrgRole><OrgRole>4</OrgRole></CSWWWorker>
</Message>`);
  const found = checkSchema(root, schema).map((v) => `${v.code} ${v.level} ${v.workerIndex} ${v.path}`);
  assert.deepEqual(found, [
    'XSD-REQUIRED la null Message/LALevelVacancies/NoAgencyFTE',
    'XSD-ORDER worker 1 Message/CSWWWorker[2]/AgencyWorker',
    'XSD-ORDER worker 1 Message/CSWWWorker[2]/FTE',
    'XSD-VALUE worker 1 Message/CSWWWorker[2]/FTE',
    'XSD-UNKNOWN worker 1 Message/CSWWWorker[2]/Shoe',
    'XSD-TOO-MANY worker 1 Message/CSWWWorker[2]/OrgRole[2]',
  ]);
  const missingWorkers = checkSchema(branch('Message', [branch('LALevelVacancies', [leaf('NumberOfVacancies', '1.00'), leaf('NoAgencyFTE', '0.00'), leaf('NoAgencyHeadcount', '0')])]), schema);
  assert.deepEqual(
    missingWorkers.map((v) => [v.code, v.level, v.element]),
    [['XSD-REQUIRED', 'worker', 'CSWWWorker']],
  );
  assert.deepEqual(
    checkSchema(branch('Return', []), schema).map((v) => v.code),
    ['XSD-ROOT'],
  );
  const withText = checkSchema(
    readXml(
      '<Message>stray<LALevelVacancies><NumberOfVacancies>1</NumberOfVacancies><NoAgencyFTE>0</NoAgencyFTE><NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies><CSWWWorker><AgencyWorker>1</AgencyWorker><SWENo>SW3</SWENo><QualInst>a</QualInst></CSWWWorker></Message>',
    ),
    schema,
  );
  assert.deepEqual(
    withText.map((v) => v.code),
    ['XSD-TEXT'],
  );
});
