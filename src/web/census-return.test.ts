import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { checkSchema } from '../domain/census-return/schema-check.ts';
import { schemaFor } from '../domain/census-return/schema.ts';
import { readXml } from '../domain/census-return/xml.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { importVacancies, importWorkers } from '../imports/run-import.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';

/**
 * The census return pages: officers make, check and download the return and see the records
 * behind a reconciliation; viewers see only the reconciliation's council-level figures, small
 * numbers withheld, and no worker at all. Downloads and views of worker-level content are audited.
 */

const CODE = '203';
let app: FastifyInstance;
let close: () => Promise<void>;
let viewer: TestSession;
let analyst: TestSession;

function councilCsv(): string {
  const rows = ['worker_id,swe_number,agency,role,team,fte,start_date,end_date,leaving_reason,cases,working_days_lost,gender,date_of_birth,salary,ethnicity'];
  for (let i = 1; i <= 12; i += 1) rows.push(`W${i},SW60${i},no,Social Worker,${i % 2 ? 'Assessment' : 'Fostering'},1,2020-01-06,,,${10 + i},1,female,1986-04-0${1 + (i % 9)},38000,WBRI`);
  // A leaver on the reference date, and one whose reason is not known.
  rows.push('L1,SW701,no,Senior Practitioner,Assessment,1,2019-02-04,2025-09-30,resignation,,,male,1979-03-03,45000,WIRI');
  rows.push('L2,SW702,no,Social Worker,Fostering,0.5,2021-02-01,2025-01-31,not_known,,,female,1990-01-01,37000,BAFR');
  // An employed worker with no cases (a query) and an agency worker.
  rows.push('Q1,SW703,no,Social Worker,Fostering,1,2023-03-06,,,0,2,female,1995-05-05,36000,WBRI');
  rows.push('G1,SW801,yes,Social Worker,Assessment,1,2025-01-06,,,19,,,,,');
  return `${rows.join('\n')}\n`;
}

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, CODE, 'Testbridge Council');
  const imported = await importWorkers(app.db, { authorityCode: CODE, fileName: 'workers.csv', bytes: councilCsv(), importedBy: 'test', dataRunsTo: '2025-10-03' });
  assert.equal(imported.ok, true, JSON.stringify(imported));
  await importVacancies(app.db, { authorityCode: CODE, fileName: 'vacancies.csv', bytes: 'reference_date,vacancy_fte,agency_cover_fte\n2025-09-30,2,1\n', importedBy: 'test' });
  const header =
    'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,inpost_headcount,starters_fte,starters_headcount,leavers_fte,leavers_headcount,turnover_rate_fte,turnover_rate_headcount,agency_fte,agency_headcount,agency_rate_fte,agency_rate_headcount,agency_cover_fte,agency_cover_rate_fte,vacancy_fte,vacancy_rate_fte,vacancy_agency_cover_rate_fte,case_holders_fte,cases,caseload_fte,working_days_lost_fte,absence_rate_fte';
  const loaded = await importBenchmarks(app.db, {
    fileName: 'indicators.csv',
    bytes: `${header}\n2025,Reporting year,Local authority,E92000001,England,E12000007,London,203,E09000008,Testbridge Council,14,14,0,0,0.5,1,3.6,7.1,1,1,6.7,6.7,1,100,2,12.5,50,13,241,18.5,14,0.4\n`,
  });
  assert.equal(loaded.ok, true, JSON.stringify(loaded));
  viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });
});

after(() => close());

async function auditActions(userId: number): Promise<string[]> {
  return (await app.db.selectFrom('audit_log').select('action').where('user_id', '=', userId).orderBy('id').execute()).map((row) => row.action);
}

test('a viewer sees the reconciliation’s council figures only: small numbers withheld, no explanations, no worker, no return', async () => {
  const hub = await viewer.get('/census-return?year=2025');
  assert.equal(hub.statusCode, 200);
  assert.doesNotMatch(hub.body, /return\.xml|Council-level answers/);
  assert.match(hub.body, /href="\/census-return\/reconciliation\?year=2025"/);
  for (const url of [
    '/census-return/return.xml?year=2025',
    '/census-return/workers.csv?year=2025',
    '/census-return/la-level.csv?year=2025',
    '/census-return/validation?year=2025',
    '/census-return/validation.xlsx?year=2025',
    '/census-return/year-on-year?year=2025',
  ]) {
    assert.equal((await viewer.get(url)).statusCode, 403, url);
  }
  const page = await viewer.get('/census-return/reconciliation?year=2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Figures built from fewer than 5 people show as \[c\]/);
  // Two leavers: leavers and turnover withheld; the published figures are public and shown.
  assert.match(page.body, /Leavers \(FTE\)<\/th>\s*<td[^>]*>\[c\]<\/td>\s*<td[^>]*>0\.5<\/td>/);
  assert.doesNotMatch(page.body, /What explains the differences|L1|W1\b|\/workforce\//);
  assert.deepEqual(await auditActions(viewer.user.id), []);
});

test('an officer sees the return, what is not held, and downloads XML and CSV that are audited', async () => {
  const hub = await analyst.get('/census-return?year=2025');
  assert.equal(hub.statusCode, 200);
  assert.match(hub.body, /Worker records<\/dt>\s*<dd[^>]*>16 \(15 employed, 1 agency\)/);
  assert.match(hub.body, /<code>NoAgencyHeadcount<\/code>/);
  assert.match(hub.body, /<code>OtherPayments<\/code>/);

  const xml = await analyst.get('/census-return/return.xml?year=2025');
  assert.equal(xml.statusCode, 200);
  assert.match(String(xml.headers['content-disposition']), /attachment; filename="csww-2025-203\.xml"/);
  const violations = checkSchema(readXml(xml.body), schemaFor(2025));
  assert.ok(
    violations.every((violation) => violation.code === 'XSD-REQUIRED' && violation.level === 'la'),
    JSON.stringify(violations),
  );
  const csv = await analyst.get('/census-return/workers.csv?year=2025');
  assert.match(csv.body, /^AgencyWorker,SWENo,FTE,PersonBirthDate,Sex,Ethnicity,QualLevel/);
  const la = await analyst.get('/census-return/la-level.csv?year=2025');
  assert.match(la.body, /^NumberOfVacancies,NoAgencyFTE,NoAgencyHeadcount/);
  const actions = await auditActions(analyst.user.id);
  assert.deepEqual(actions.filter((action) => action === 'census_return.downloaded').length, 3);
  assert.ok(actions.includes('census_return.viewed'));
});

test('council-level answers are checked, shown with their errors, and saved', async () => {
  const bad = await analyst.post('/census-return/answers', { year: '2025', NoAgencyHeadcount: 'a few', RecruitmentBonus: '2' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /href="#NoAgencyHeadcount">Enter the number of agency workers covering vacancies as a whole number/);
  assert.match(bad.body, /value="a few"/);
  const good = await analyst.post('/census-return/answers', { year: '2025', NoAgencyHeadcount: '1', RecruitmentBonus: '2', OtherAllowances: 'None' });
  assert.equal(good.statusCode, 303);
  assert.equal(good.headers.location, '/census-return?year=2025#answers');
  const hub = await analyst.get('/census-return?year=2025');
  assert.match(hub.body, /<option value="2" selected>Yes, some LA-employed social workers are eligible<\/option>/);
  assert.doesNotMatch(hub.body, /<code>NoAgencyHeadcount<\/code>/);
  assert.equal((await analyst.post('/census-return/answers', { NoAgencyHeadcount: '1' })).statusCode, 400, 'the year must be said');
});

test('the validation list names each failing worker with the rule’s code and message, and downloads as XLSX', async () => {
  const page = await analyst.get('/census-return/validation?year=2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<code>RTN-Q02<\/code>.*?<a class="govuk-link" href="\/workforce\/Q1">Q1<\/a>.*?Case holder \(OrgRole 5\) with Cases30 0/s);
  assert.match(page.body, /<code>RTN-Q03<\/code>.*?href="\/workforce\/L2">L2<\/a>.*?ReasonLeave is 9 \(not known\)/s);
  const xlsx = await analyst.get('/census-return/validation.xlsx?year=2025');
  assert.equal(xlsx.statusCode, 200);
  const zip = await JSZip.loadAsync(xlsx.rawPayload);
  const sheets = Object.keys(zip.files).filter((name) => name.startsWith('xl/worksheets/sheet'));
  assert.equal(sheets.length, 3);
  const shared = await zip.file('xl/sharedStrings.xml')!.async('string');
  assert.match(shared, /RTN-Q02/);
  assert.match(shared, /Case holder \(OrgRole 5\) with Cases30 0/);

  const yoy = await analyst.get('/census-return/year-on-year?year=2025');
  assert.equal(yoy.statusCode, 200);
  assert.match(yoy.body, /RTN-Y04/);
  assert.match(yoy.body, /50\.0%/);
});

test('an officer’s reconciliation shows the explanation with its records, linked from the measures it accounts for', async () => {
  const page = await analyst.get('/census-return/reconciliation?year=2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /In post \(headcount\)<\/th>\s*<td[^>]*>13<\/td>\s*<td[^>]*>14<\/td>\s*<td[^>]*>−1<\/td>/);
  assert.match(page.body, /id="explanation-leavers_on_reference_date">\[1\] Leavers whose last day was 2025-09-30/);
  assert.match(page.body, /href="\/workforce\/L1">L1<\/a>/);
  assert.ok((await auditActions(analyst.user.id)).includes('census_return.reconciliation_viewed'));
});

test('a census year Retain holds no schema for, or not a year at all, is a clear 400', async () => {
  const old = await analyst.get('/census-return?year=2019');
  assert.equal(old.statusCode, 400);
  assert.match(old.body, /2021 to 2025, not 2019/);
  assert.equal((await analyst.get('/census-return/validation?year=next')).statusCode, 400);
});
