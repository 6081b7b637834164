import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setCensusReturnAnswers } from '../commands/census-return.ts';
import type { Db, OpenDatabase } from '../db/database.ts';
import { workersForAuthority } from '../db/workers.ts';
import { inPostOn, isLeaverIn, referenceDate } from '../domain/census.ts';
import { returnedWorker, returnFromXml, declaredCensusYear } from '../domain/census-return/model.ts';
import { checkSchema } from '../domain/census-return/schema-check.ts';
import { SUPPORTED_CENSUS_YEARS } from '../domain/census-return/schema.ts';
import { readXml } from '../domain/census-return/xml.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { importVacancies, importWorkers } from '../imports/run-import.ts';
import { buildLeaver } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { censusReturnFor, censusReturnTables, censusReturnXml, censusReturnYears, reconciliationFor, validateCensusReturn } from './census-return.ts';
import { tableToCsv } from './tables.ts';

/**
 * The census return end to end on a database: workers imported through the real importer, the
 * return exported as XML, read back and compared with what was imported; every supported year's
 * file held to that year's schema; the validation list; and the reconciliation with a published
 * row loaded through the benchmarks importer.
 */

const CODE = '202';
const NOW = new Date('2025-10-06T09:30:00Z');
const ACTOR = { userId: null, email: 'analyst@council.example', ip: null };
let opened: OpenDatabase;
let db: Db;

/** Two census years of a small council, written as an HR extract would be (words, DD/MM/YYYY, percentages). */
function workersCsv(): string {
  const header =
    'worker_id,swe_number,agency,role,team,fte,start_date,end_date,leaving_reason,leaver_destination,start_origin,cases,working_days_lost,date_of_birth,gender,ethnicity,salary,recruitment_payment,retention_payment';
  const rows: string[] = [];
  for (let i = 1; i <= 24; i += 1) {
    rows.push(
      [
        `E${i}`,
        `SW1000${i}`,
        'no',
        i % 6 === 0 ? 'Senior Practitioner' : 'Social Worker',
        i % 2 ? 'Assessment' : 'Fostering',
        i % 5 === 0 ? '80%' : '1',
        '04/03/2019',
        '',
        '',
        '',
        i % 3 ? 'another_english_la' : '1',
        12 + (i % 7),
        i % 4,
        `1${980 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`,
        i % 3 ? 'female' : 'male',
        ['WBRI', 'BAFR', 'AIND', 'WOTH'][i % 4],
        36_000 + i * 250,
        i === 3 ? 2000 : '',
        i === 4 ? 1500 : '',
      ].join(','),
    );
  }
  rows.push(['S1', 'SW200001', 'no', 'ASYE', 'Assessment', '1', '2024-11-04', '', '', '', 'newly_qualified', '9', '2', '1999-05-05', 'female', 'MWBC', '33500', '3000', ''].join(','));
  rows.push(
    ['L1', 'SW200002', 'no', 'Social Worker', 'Fostering', '0.6', '2018-01-08', '2025-05-30', 'Resignation', 'another_english_la', '', '', '7.5', '1975-12-01', 'female', 'WBRI', '38000', '', ''].join(
      ',',
    ),
  );
  rows.push(['L2', 'SW200003', 'no', 'Team Manager', 'Assessment', '1', '2016-06-06', '2025-09-30', 'retired', 'not_known', '', '', '0', '1960-02-02', 'male', 'WIRI', '52000', '', ''].join(','));
  rows.push(['L3', 'SW200004', 'no', 'Social Worker', 'Assessment', '1', '2020-01-06', '2024-06-28', 'resignation', '', '', '', '', '1990-01-01', 'female', 'WBRI', '', '', ''].join(','));
  rows.push(['P1', 'SW200005', 'no', 'IRO', 'Safeguarding', '1', '2015-01-05', '2025-12-31', 'resignation', '', '', '', '1', '1970-07-07', 'not specified', 'REFU', '45000', '', ''].join(','));
  for (let i = 1; i <= 5; i += 1) rows.push([`G${i}`, `SW30000${i}`, 'yes', 'Social Worker', 'Assessment', '1', '2025-01-06', '', '', '', '', 15 + i, '', '', '', '', '', '', ''].join(','));
  rows.push(['G6', 'SW300006', 'yes', 'Social Worker', 'Fostering', '1', '2024-10-07', '2025-03-28', 'other', '', '', '', '', '', '', '', '', '', ''].join(','));
  const adults = ['D1', 'SW400001', 'no', 'Social Worker', 'Adults', '1', '2019-01-01', '', '', '', '', '', '', '', '', '', '', '', ''].join(',');
  return `${header},service\n${rows.map((row) => `${row},children`).join('\n')}\n${adults},adults\n`;
}

before(async () => {
  opened = await testDatabase();
  db = opened.db;
  await addTestAuthority(db, CODE, 'Camden Test Council');
  const imported = await importWorkers(db, { authorityCode: CODE, fileName: 'workers.csv', bytes: workersCsv(), importedBy: 'test', dataRunsTo: '2025-10-03' });
  assert.equal(imported.ok, true, JSON.stringify(imported));
  const vacancies = await importVacancies(db, {
    authorityCode: CODE,
    fileName: 'vacancies.csv',
    bytes: 'reference_date,vacancy_fte,agency_cover_fte\n2024-09-30,5,4\n2025-09-30,6.5,4\n',
    importedBy: 'test',
  });
  assert.equal(vacancies.ok, true, JSON.stringify(vacancies));
});

after(() => opened.close());

test('a return exported as XML reads back to the same return, and each worker to the record imported', async () => {
  const built = await censusReturnFor(db, CODE, 2025, NOW);
  const xml = censusReturnXml(built);
  const root = readXml(xml);
  assert.equal(declaredCensusYear(root), 2025);
  assert.deepEqual(returnFromXml(root, 2025), built.censusReturn);

  const records = new Map((await workersForAuthority(db, CODE)).map((record) => [`${record.workerId} ${record.startDate}`, record]));
  const day = referenceDate(2025);
  assert.deepEqual(built.sources.map((source) => source.workerId).sort(), [
    'E1',
    'E10',
    'E11',
    'E12',
    'E13',
    'E14',
    'E15',
    'E16',
    'E17',
    'E18',
    'E19',
    'E2',
    'E20',
    'E21',
    'E22',
    'E23',
    'E24',
    'E3',
    'E4',
    'E5',
    'E6',
    'E7',
    'E8',
    'E9',
    'G1',
    'G2',
    'G3',
    'G4',
    'G5',
    'L1',
    'L2',
    'P1',
    'S1',
  ]);
  returnFromXml(root, 2025).workers.forEach((items, index) => {
    const source = built.sources[index]!;
    const record = records.get(`${source.workerId} ${source.startDate}`) as WorkerRecord;
    const back = returnedWorker(items);
    const leaver = !record.agency && isLeaverIn(record, 2025);
    const label = `${record.workerId}: `;
    assert.equal(back.agency, record.agency, label);
    assert.equal(back.sweNumber, record.sweNumber, label);
    assert.equal(back.role, record.role, label);
    assert.equal(back.startDate, record.startDate, label);
    assert.equal(back.fteOnReferenceDate, inPostOn(record, day) ? record.fte : null, label);
    assert.equal(back.cases, inPostOn(record, day) ? record.cases : null, label);
    if (record.agency) return;
    assert.equal(back.fte, record.fte, label);
    assert.equal(back.dateOfBirth, record.dateOfBirth, label);
    assert.equal(back.gender, record.gender === 'not_specified' ? null : record.gender, label);
    assert.equal(back.ethnicity, record.ethnicity, label);
    assert.equal(back.startOrigin, record.startOrigin, label);
    assert.equal(back.endDate, leaver ? record.endDate : null, label);
    assert.equal(back.leavingReason, leaver ? record.leavingReason : null, label);
    assert.equal(back.leaverDestination, leaver ? record.leaverDestination : null, label);
    assert.equal(back.workingDaysLost, record.workingDaysLost, label);
    assert.equal(back.salary, record.salary, label);
    const payments = [record.recruitmentPayment, record.retentionPayment].filter((amount): amount is number => typeof amount === 'number');
    assert.equal(back.recruitmentAndRetentionPayments, payments.length === 0 ? null : payments.reduce((sum, amount) => sum + amount, 0), label);
  });
  // The report says what was left out.
  assert.deepEqual(
    built.report.excluded.map((entry) => entry.records),
    [1, 1],
  );
});

test('every supported year’s exported file meets that year’s schema, bar the required items the report says Retain does not hold', async () => {
  for (const censusYear of SUPPORTED_CENSUS_YEARS) {
    const built = await censusReturnFor(db, CODE, censusYear, NOW);
    const violations = checkSchema(readXml(censusReturnXml(built)), built.schema);
    const notHeldRequired = new Set(built.report.notHeld.filter((item) => item.required).map((item) => item.element));
    assert.deepEqual(
      violations.filter((violation) => !(violation.code === 'XSD-REQUIRED' && notHeldRequired.has(violation.element))),
      [],
      `${censusYear}`,
    );
  }
  // Once the council has answered the 2025 council-level items, its 2025 file meets the schema in full.
  await setCensusReturnAnswers(
    db,
    {
      authorityCode: CODE,
      censusYear: 2025,
      answers: {
        NoAgencyHeadcount: '5',
        RecruitmentBonus: '2',
        RetentionBonus: '1',
        PerformanceAward: '0',
        CarAllowance: '0',
        RelocationPackage: '2',
        RegionalWeighting: '1',
        CostSWE: '1',
        CostDBS: '1',
        OtherAllowances: 'Travel & subsistence',
      },
    },
    ACTOR,
  );
  const complete = await censusReturnFor(db, CODE, 2025, NOW);
  assert.deepEqual(checkSchema(readXml(censusReturnXml(complete)), complete.schema), []);
  assert.deepEqual(
    complete.report.notHeld.filter((item) => item.required),
    [],
  );
  assert.match(censusReturnXml(complete), /<OtherAllowances>Travel &amp; subsistence<\/OtherAllowances>/);
  const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'census_return.answers_set').execute();
  assert.equal(audit.length, 1);
});

test('the CSV form has a column per element of the year’s schema and the same values as the XML', async () => {
  const built = await censusReturnFor(db, CODE, 2024, NOW);
  const { workers, laLevel } = censusReturnTables(built);
  const csv = tableToCsv(workers, 'keys').split('\r\n');
  assert.equal(csv[0], built.schema.worker.map((spec) => spec.name).join(','));
  assert.equal(csv.length - 2, built.censusReturn.workers.length);
  assert.match(tableToCsv(laLevel, 'keys'), /^NumberOfVacancies,NoAgencyFTE,NoAgencyHeadcount\r\n5\.00,4\.00,\r\n$/);
});

test('the validation list names each failing worker by id with the rule’s code and message, and lists an item not held once', async () => {
  // Records the importer would refuse, put straight in: a leaver with no reason, FTE of 0.
  await insertTestWorkers(db, CODE, [
    buildLeaver('2025-08-29', { workerId: 'X1', sweNumber: 'SW500001', leavingReason: null, startDate: '2021-02-01' }),
    buildLeaver('2025-07-31', { workerId: 'X2', sweNumber: 'SW500002', fte: 0, startDate: '2021-02-01' }),
  ]);
  try {
    const validation = await validateCensusReturn(db, CODE, 2024, NOW);
    const qualInst = validation.entries.filter((entry) => entry.element === 'QualInst');
    assert.equal(qualInst.length, 1);
    assert.match(qualInst[0]!.message, /QualInst is required and missing for all \d+ records: Retain’s workers file has no column/);

    const in2025 = await validateCensusReturn(db, CODE, 2025, NOW);
    const noReason = in2025.entries.find((entry) => entry.code === 'RTN-E02')!;
    assert.deepEqual([noReason.workerId, noReason.startDate, noReason.severity], ['X1', '2021-02-01', 'error']);
    assert.match(noReason.message, /Left on 2025-08-29 with no ReasonLeave/);
    const zero = in2025.entries.find((entry) => entry.code === 'RTN-E07')!;
    assert.equal(zero.workerId, 'X2');
    assert.equal(zero.value, 'FTE 0.000000');
    // Errors come before queries.
    const firstQuery = in2025.entries.findIndex((entry) => entry.severity === 'query');
    assert.ok(firstQuery < 0 || in2025.entries.slice(firstQuery).every((entry) => entry.severity === 'query'));
    assert.equal(in2025.errors, in2025.entries.filter((entry) => entry.severity === 'error').length);
    // Year on year: Retain's own 2024 figures, as no published row is loaded yet.
    assert.equal(in2025.yearOnYear.comparedWith, 'retain');
    assert.equal(in2025.yearOnYear.previousYear, 2024);
  } finally {
    await db.deleteFrom('workers').where('authority_code', '=', CODE).where('worker_id', 'in', ['X1', 'X2']).execute();
  }
});

test('the reconciliation sets our 2025 figures beside DfE’s row and finds the records behind the difference; viewers get council figures only', async () => {
  const published = [
    'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,turnover_rate_headcount,agency_fte,agency_headcount,agency_rate_fte,agency_rate_headcount,agency_cover_fte,agency_cover_rate_fte,vacancy_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,cases,caseload_fte,working_days_lost_fte,absence_rate_fte',
    // As if the team manager who left on 30 September 2025 had gone in the return still in post.
    '2025,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden Test Council,26.2,27,1,1,0.6,1,2.3,3.7,5,5,16,15.6,4,80,6.5,19.9,61.5,29.2,456,15.6,39,c',
    '2024,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden Test Council,27.4,27,0,0,1,1,3.6,3.7,1,1,3.5,3.6,4,400,5,15.4,80,24,365,15.2,40,0.6',
  ].join('\n');
  const loaded = await importBenchmarks(db, { fileName: 'csww_indicators_test.csv', bytes: `${published}\n` });
  assert.equal(loaded.ok, true, JSON.stringify(loaded));

  const officer = await reconciliationFor(db, CODE, 2025, true);
  const row = (field: string) => officer.rows.find((r) => r.field === field)!;
  assert.equal(officer.published, true);
  assert.equal(row('inpost_headcount').ours, 26);
  assert.equal(row('inpost_headcount').published, 27);
  // Two stories fit the figures built on those in post (the leaver on the day, or the adults' services worker) ...
  for (const field of ['inpost_fte', 'inpost_headcount', 'agency_rate_fte', 'agency_rate_headcount', 'vacancy_rate_fte']) {
    assert.deepEqual(row(field).explainedBy, ['leavers_on_reference_date', 'adults_service_records'], field);
  }
  // ... but only the leaver on the day fits the leavers and the turnover rates too.
  for (const field of ['leavers_fte', 'leavers_headcount', 'turnover_rate_fte', 'turnover_rate_headcount']) {
    assert.deepEqual(row(field).explainedBy, ['leavers_on_reference_date'], field);
  }
  for (const field of ['starters_fte', 'agency_fte', 'agency_cover_rate_fte', 'case_holders_fte', 'cases', 'caseload_fte', 'working_days_lost_fte']) assert.equal(row(field).status, 'agrees', field);
  assert.deepEqual(
    officer.explanations.find((e) => e.id === 'leavers_on_reference_date')!.records.map((r) => r.workerId),
    ['L2'],
  );
  assert.equal(row('absence_rate_fte').status, 'not_published');
  assert.equal(row('absence_rate_fte').symbol, 'c');

  const viewer = await reconciliationFor(db, CODE, 2025, false);
  assert.deepEqual(viewer.explanations, []);
  // Two leavers in the year: leavers and turnover are built from fewer than 5 people.
  assert.ok(viewer.suppressed.includes('leavers_fte') && viewer.suppressed.includes('turnover_rate_fte'));
  const withheld = viewer.rows.find((r) => r.field === 'leavers_fte')!;
  assert.deepEqual([withheld.ours, withheld.difference, withheld.status, withheld.published], [null, null, 'withheld', 0.6]);
  assert.ok(viewer.rows.every((r) => r.explainedBy.length === 0));

  // With last year's row loaded, year on year compares with what DfE published.
  const validation = await validateCensusReturn(db, CODE, 2025, NOW);
  assert.equal(validation.yearOnYear.comparedWith, 'published');
  assert.equal(validation.yearOnYear.checks.find((check) => check.code === 'RTN-Y03')!.raised, true, 'agency FTE 1 to 5');
});

test('the years offered are those the data covers that have a schema, opening on the latest complete one', async () => {
  const { years, defaultYear } = await censusReturnYears(db, CODE);
  // The extract's history starts with a leaver in 2024, so earlier years are not offered (src/domain/census.ts).
  assert.deepEqual(years, [2025, 2024]);
  assert.equal(defaultYear, 2025);
});
