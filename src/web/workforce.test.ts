import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { PAGE_SIZE } from './routes/workforce.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
const OWN = 'WF1';
const OTHER = 'WF2';

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Registershire Council');
  await addTestAuthority(app.db, OTHER, 'Elsewhere Council');
  const many = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => buildWorker({ workerId: `M${String(i).padStart(3, '0')}`, team: 'Many Team', startDate: '2020-01-01' }));
  await insertTestWorkers(app.db, OWN, [
    ...many,
    buildWorker({ workerId: 'Z-7/1', sweNumber: 'SW999', team: 'Zed <Team>', localRole: 'ASYE', agency: true, fte: 0.6, startDate: '2023-02-01', dateOfBirth: '1990-05-04' }),
    buildLeaver('2024-03-31', { workerId: 'ZL', team: 'Zed <Team>', role: 'team_manager', startDate: '2021-01-01' }),
  ]);
  await insertTestWorkers(app.db, OTHER, [buildWorker({ workerId: 'ELSEWHERE1' })]);
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
});

after(() => close());

function workerIdsIn(html: string): string[] {
  return [...html.matchAll(/<th scope="row" class="govuk-table__header"><a class="govuk-link" href="\/workforce\/[^"]+">([^<]+)</g)].map((m) => m[1]!);
}

test('a viewer is refused the register, each worker’s history and the downloads', async () => {
  for (const url of ['/workforce', '/workforce/ZL', '/workforce.csv', '/workforce.xlsx', '/workforce/ZL/history.csv']) {
    const response = await viewer.get(url);
    assert.equal(response.statusCode, 403, url);
    // Not the worker's id alone: random nonces in the page may contain any two letters.
    assert.ok(!response.body.includes('Zed &lt;Team&gt;') && !response.body.includes('Worker ZL'), url);
  }
});

test('the register lists a page of posts with counts, pagination and its own authority only', async () => {
  const first = await analyst.get('/workforce?status=all');
  assert.equal(first.statusCode, 200);
  assert.equal(workerIdsIn(first.body).length, PAGE_SIZE);
  assert.match(first.body, /57 posts, 57 workers, 56\.6 FTE/);
  assert.match(first.body, /class="govuk-pagination/);
  // The pages keep the chosen status.
  assert.match(first.body, /href="\/workforce\?status=all&amp;page=2"/);
  assert.ok(!first.body.includes('ELSEWHERE1'));
  // Text from the file is escaped.
  const second = await analyst.get('/workforce?status=all&page=2');
  assert.deepEqual(workerIdsIn(second.body), ['M050', 'M051', 'M052', 'M053', 'M054', 'Z-7/1', 'ZL']);
  assert.match(second.body, /Zed &lt;Team&gt;/);
  assert.match(second.body, /href="\/workforce\/Z-7%2F1"/);
});

test('search, filters and sort narrow the list, and the form keeps what was chosen', async () => {
  const search = await analyst.get('/workforce?q=sw99');
  assert.deepEqual(workerIdsIn(search.body), ['Z-7/1']);
  assert.match(search.body, /name="q" type="search" spellcheck="false" value="sw99"/);
  assert.deepEqual(workerIdsIn((await analyst.get('/workforce?q=%25')).body), []);
  assert.deepEqual(workerIdsIn((await analyst.get('/workforce?contract=agency')).body), ['Z-7/1']);
  assert.deepEqual(workerIdsIn((await analyst.get(`/workforce?status=all&team=${encodeURIComponent('Zed <Team>')}&sort=start_date&direction=desc`)).body), ['Z-7/1', 'ZL']);
  assert.deepEqual(workerIdsIn((await analyst.get('/workforce?status=all&role=team_manager')).body), ['ZL']);
  const inPost = await analyst.get('/workforce?status=in_post&on=2024-03-30&team=Zed+%3CTeam%3E');
  assert.deepEqual(workerIdsIn(inPost.body), ['Z-7/1', 'ZL']);
  assert.deepEqual(workerIdsIn((await analyst.get('/workforce?status=left&on=2024-03-31')).body), ['ZL']);
  assert.match((await analyst.get('/workforce?role=team_manager')).body, /<option value="team_manager" selected>/);
});

test('the register shows staff in post by default, on the last day the data covers; a filter or a link shows leavers', async () => {
  // The fixture's latest date is ZL's last day, 31 March 2024, before today: the register judges on it.
  const page = await analyst.get('/workforce?team=Zed+%3CTeam%3E');
  assert.equal(page.statusCode, 200);
  assert.deepEqual(workerIdsIn(page.body), ['Z-7/1']);
  assert.match(page.body, /In post on 31 March 2024, the last day your data covers\./);
  assert.match(page.body, /<option value="in_post" selected>/);
  assert.match(page.body, /name="on" type="date" value="2024-03-31"/);
  const everyone = page.body.match(/href="([^"]+)">Show everyone, leavers too</)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(everyone, 'a link to everyone');
  assert.deepEqual(workerIdsIn((await analyst.get(everyone)).body), ['Z-7/1', 'ZL']);
  assert.match((await analyst.get('/workforce?status=all')).body, /57 posts, 57 workers, 56\.6 FTE/);
  assert.match((await analyst.get('/workforce')).body, /56 posts, 56 workers, 55\.6 FTE/);
  assert.deepEqual(workerIdsIn((await analyst.get('/workforce?status=left&team=Zed+%3CTeam%3E')).body), ['ZL']);
  // The download holds what the page listed (another analyst, so the audit test below counts its own).
  const other = await signedInAs(app, 'analyst', { authorities: [OWN] });
  const csv = await other.get('/workforce.csv?team=Zed+%3CTeam%3E');
  assert.deepEqual(
    csv.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]),
    ['Z-7/1'],
  );
});

test('a bad filter is shown in an error summary and the others still apply', async () => {
  const response = await analyst.get('/workforce?on=2024-02-30&status=left&role=astronaut&q=ZL');
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /govuk-error-summary/);
  const summary = response.body.replace(/\s+/g, ' ');
  assert.match(summary, /<a href="#on">Enter a real date/);
  assert.match(summary, /<a href="#role">Select a role from the list/);
  assert.deepEqual(workerIdsIn(response.body), ['ZL']);
});

test('a worker’s history shows their details and posts; an unknown or foreign worker is not found', async () => {
  const page = await analyst.get('/workforce/Z-7%2F1');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="govuk-heading-l">Worker Z-7\/1<\/h1>/);
  assert.match(page.body, /SW999/);
  assert.match(page.body, /4 May 1990/);
  assert.match(page.body, /ASYE \(Case holder\)/);
  assert.equal((await analyst.get('/workforce/NOBODY')).statusCode, 404);
  assert.equal((await analyst.get('/workforce/ELSEWHERE1')).statusCode, 404);
});

test('the filtered list downloads as CSV and XLSX, and each download is audited', async () => {
  const csv = await analyst.get('/workforce.csv?status=all&team=Zed+%3CTeam%3E');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="workforce-WF1-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'worker_id,swe_number,agency,role,local_role,team,service,fte,start_date,end_date,leaving_reason,cases');
  assert.deepEqual(
    lines.slice(1).map((line) => line.split(',')[0]),
    ['Z-7/1', 'ZL'],
  );

  const xlsx = await analyst.get('/workforce.xlsx?contract=agency');
  assert.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  assert.equal(sheet.rowCount, 2);
  assert.equal(sheet.getRow(2).getCell(1).value, 'Z-7/1');
  assert.equal(sheet.getRow(2).getCell(8).value, 0.6);

  const history = await analyst.get('/workforce/ZL/history.csv');
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /^worker_id,swe_number,agency,role,local_role,team/);
  assert.match(history.body, /ZL,,no,team_manager/);

  const audit = await app.db.selectFrom('audit_log').select('action').where('user_id', '=', analyst.user.id).execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ['workforce.downloaded', 'workforce.downloaded', 'workforce.worker_downloaded']);
});

test('a worker’s history shows what each import changed in their posts', async () => {
  const code = 'WF3';
  await addTestAuthority(app.db, code, 'Changeshire Council');
  const changer = await signedInAs(app, 'analyst', { authorities: [code] });
  const file = (team: string, fte: string) => `worker_id,agency,role,team,fte,start_date\nCH1,no,case_holder,${team},${fte},2022-04-01\nCH2,no,case_holder,Beta,1,2022-04-01\n`;
  for (const [fileName, bytes] of [
    ['april.csv', file('Alpha', '1')],
    ['may.csv', file('Gamma <Duty>', '0.6')],
  ] as const) {
    const imported = await importWorkers(app.db, { authorityCode: code, fileName, bytes, importedBy: 'ann@example.org' });
    assert.ok(imported.ok);
  }
  const page = await changer.get('/workforce/CH1');
  assert.equal(page.statusCode, 200);
  const changes = page.body.slice(page.body.indexOf('id="changes"'), page.body.indexOf('Imports that wrote these records'));
  assert.match(changes, /may\.csv, by ann@example\.org/);
  assert.match(changes, /<code>team<\/code>: Alpha → Gamma &lt;Duty&gt;/);
  assert.match(changes, /<code>fte<\/code>: 1 → 0\.6/);
  assert.match((await changer.get('/workforce/CH2')).body, /No import has changed these posts since they were first loaded/);
});
