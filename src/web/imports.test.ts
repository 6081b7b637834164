import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addTestAuthority, multipartBody, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { MAX_UPLOAD_BYTES } from './routes/imports.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
const OWN = 'IM1';

const GOOD_WORKERS = [
  'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason,favourite_colour',
  'W1,no,Social Worker,North,1,2022-01-01,,,blue',
  'W2,yes,case_holder,South,0.5,01/02/2023,,,red',
  'W3,no,Team Manager,North,80%,2020-05-01,2024-03-31,resignation,green',
].join('\r\n');

const BAD_WORKERS = ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason', 'B1,maybe,Astronaut,North,1.5,2022-13-01,,', 'B2,no,case_holder,South,0.5,2023-02-01,2024-01-01,'].join(
  '\r\n',
);

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Importshire Council');
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
});

after(() => close());

function upload(session: TestSession, fields: Record<string, string>, file?: { name: string; content: string | Buffer }): Promise<LightMyRequestResponse> {
  const body = multipartBody(fields, file);
  return app.inject({
    method: 'POST',
    url: '/imports',
    headers: { cookie: session.cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

const flat = (html: string) => html.replace(/\s+/g, ' ');

async function workerCount(): Promise<number> {
  const row = await app.db
    .selectFrom('workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authority_code', '=', OWN)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function importCount(): Promise<number> {
  const row = await app.db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('authority_code', '=', OWN)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('a viewer is refused the imports page, the history downloads and the upload', async () => {
  for (const url of ['/imports', '/imports/history.csv', '/imports/history.xlsx']) {
    assert.equal((await viewer.get(url)).statusCode, 403, url);
  }
  const refused = await upload(viewer, { _csrf: viewer.csrfToken, kind: 'workers' }, { name: 'w.csv', content: GOOD_WORKERS });
  assert.equal(refused.statusCode, 403);
  assert.equal(
    await app.db
      .selectFrom('pending_uploads')
      .selectAll()
      .execute()
      .then((rows) => rows.length),
    0,
  );
});

test('the upload form asks for the kind of file and a file, naming each in an error summary', async () => {
  const page = await analyst.get('/imports');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  const empty = await upload(analyst, { _csrf: analyst.csrfToken });
  assert.equal(empty.statusCode, 400);
  assert.match(flat(empty.body), /<a href="#kind">Select whether the file holds workers or vacancies<\/a>/);
  assert.match(flat(empty.body), /<a href="#file">Select a file<\/a>/);
  const wrongType = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'w.pdf', content: 'x' });
  assert.match(flat(wrongType.body), /<a href="#file">The selected file must be a CSV or XLSX file<\/a>/);
});

test('an upload without the CSRF token is refused and nothing is kept', async () => {
  const response = await upload(analyst, { kind: 'workers' }, { name: 'w.csv', content: GOOD_WORKERS });
  assert.equal(response.statusCode, 403);
  assert.equal((await app.db.selectFrom('pending_uploads').selectAll().execute()).length, 0);
});

test('a bad file’s preview lists every problem by row and column, offers no confirm button, and writes nothing', async () => {
  const uploaded = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'bad.csv', content: BAD_WORKERS });
  assert.equal(uploaded.statusCode, 303);
  const location = String(uploaded.headers.location);
  assert.match(location, /^\/imports\/preview\/[A-Za-z0-9_-]{40,}$/);

  const preview = await analyst.get(location);
  assert.equal(preview.statusCode, 200);
  const html = flat(preview.body);
  assert.match(html, /<title>Error: bad\.csv cannot be imported/);
  assert.match(html, /govuk-error-summary/);
  for (const [row, column] of [
    [2, 'agency'],
    [2, 'role'],
    [2, 'fte'],
    [2, 'start_date'],
    [3, 'leaving_reason'],
  ] as const) {
    assert.match(html, new RegExp(`<a href="#problem-\\d+">Row ${row}, column ${column}: `), `summary names row ${row}, ${column}`);
    assert.match(html, new RegExp(`<td class="govuk-table__cell govuk-table__cell--numeric">${row}</td> <td class="govuk-table__cell">${column}</td>`), `table has row ${row}, ${column}`);
  }
  assert.match(html, /Astronaut/);
  assert.doesNotMatch(html, /Confirm and import/);
  const problems = await analyst.get(`${location}/problems.csv`);
  assert.equal(problems.statusCode, 200);
  const lines = problems.body.trim().split('\r\n');
  assert.equal(lines[0], 'file,row,column,message');
  assert.equal(lines.length, 6);
  assert.match(lines[1]!, /^bad\.csv,2,agency,/);
  assert.equal(await workerCount(), 0);
  assert.equal(await importCount(), 0);
});

test('a good file is previewed with its column mapping, then imported on confirm, with counts, history and an audit entry', async () => {
  const uploaded = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'good.csv', content: GOOD_WORKERS });
  const location = String(uploaded.headers.location);
  const preview = await analyst.get(location);
  assert.equal(preview.statusCode, 200);
  const html = flat(preview.body);
  assert.match(html, /Check good\.csv before importing/);
  assert.doesNotMatch(html, /govuk-error-summary/);
  assert.match(html, /<th scope="row" class="govuk-table__header">fte<\/th> <td class="govuk-table__cell"><code>fte<\/code>/);
  assert.match(html, /favourite_colour<\/th> <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">Ignored/);
  assert.match(html, /govuk-warning-text/);
  assert.match(html, /Confirm and import/);
  assert.equal(await workerCount(), 0, 'nothing written at preview');

  const confirmUrl = `${location}/confirm`;
  const checksum = /name="checksum" value="([0-9a-f]{64})"/.exec(preview.body)?.[1];
  assert.ok(checksum);

  // Without the CSRF token: refused, nothing written.
  const forged = await app.inject({
    method: 'POST',
    url: confirmUrl,
    headers: { cookie: analyst.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `checksum=${checksum}`,
  });
  assert.equal(forged.statusCode, 403);
  assert.equal(await workerCount(), 0);

  // A checksum other than the previewed file's: refused.
  assert.equal((await analyst.post(confirmUrl, { checksum: '0'.repeat(64) })).statusCode, 400);
  // Another user cannot confirm it.
  const other = await signedInAs(app, 'analyst', { authorities: [OWN] });
  assert.equal((await other.post(confirmUrl, { checksum })).statusCode, 404);
  assert.equal(await workerCount(), 0);

  const confirmed = await analyst.post(confirmUrl, { checksum });
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, '/imports#history');
  assert.equal(await workerCount(), 3);

  const after = flat((await analyst.get('/imports')).body);
  assert.match(after, /good\.csv has been imported/);
  assert.match(after, /3 rows: 3 inserted, 0 updated, 0 unchanged/);
  assert.match(after, new RegExp(`<code>${checksum.slice(0, 12)}…</code>`));
  assert.match(after, new RegExp(checksum));

  const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'imports.workers').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.details.checksumSha256, checksum);
  assert.equal(audit[0]!.details.inserted, 3);

  // Confirmed once: the upload is gone, a second confirm finds nothing.
  assert.equal((await analyst.post(confirmUrl, { checksum })).statusCode, 404);
  assert.equal(await importCount(), 1);

  const csv = await analyst.get('/imports/history.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /^file_name,kind,checksum_sha256,rows,inserted,updated,unchanged,imported_by,imported_at\r\n/);
  assert.match(csv.body, new RegExp(`good\\.csv,workers,${checksum},3,3,0,0,`));
  const xlsx = await analyst.get('/imports/history.xlsx');
  assert.equal(xlsx.statusCode, 200);
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
});

test('uploading the same file again imports nothing new: every row unchanged', async () => {
  const uploaded = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'good.csv', content: GOOD_WORKERS });
  const location = String(uploaded.headers.location);
  const checksum = /name="checksum" value="([0-9a-f]{64})"/.exec((await analyst.get(location)).body)?.[1];
  const confirmed = await analyst.post(`${location}/confirm`, { checksum: checksum! });
  assert.equal(confirmed.statusCode, 303);
  assert.match(flat((await analyst.get('/imports')).body), /3 rows: 0 inserted, 0 updated, 3 unchanged/);
  assert.equal(await workerCount(), 3);
});

test('cancelling a preview deletes the upload', async () => {
  const uploaded = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'vacancies' }, { name: 'v.csv', content: 'reference_date,vacancy_fte,agency_cover_fte\r\n2024-09-30,3.5,1\r\n' });
  const location = String(uploaded.headers.location);
  assert.equal((await analyst.get(location)).statusCode, 200);
  const cancelled = await analyst.post(`${location}/cancel`);
  assert.equal(cancelled.statusCode, 303);
  assert.equal((await analyst.get(location)).statusCode, 404);
});

test('a vacancies file is imported the same way', async () => {
  const uploaded = await upload(
    analyst,
    { _csrf: analyst.csrfToken, kind: 'vacancies' },
    { name: 'v.csv', content: 'reference_date,vacancy_fte,agency_cover_fte,team\r\n2024-09-30,3.5,1,North\r\n2024-09-30,1,0,South\r\n' },
  );
  const location = String(uploaded.headers.location);
  const preview = await analyst.get(location);
  const checksum = /name="checksum" value="([0-9a-f]{64})"/.exec(preview.body)?.[1];
  assert.ok(checksum, 'valid vacancies file can be confirmed');
  assert.equal((await analyst.post(`${location}/confirm`, { checksum })).statusCode, 303);
  const rows = await app.db.selectFrom('vacancies').selectAll().where('authority_code', '=', OWN).execute();
  assert.equal(rows.length, 2);
});

test('a file over the size limit is refused with a form error and not kept', async () => {
  const before = (await app.db.selectFrom('pending_uploads').select('id').execute()).length;
  const huge = Buffer.alloc(MAX_UPLOAD_BYTES + 1024, 'a');
  const response = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'huge.csv', content: huge });
  assert.equal(response.statusCode, 400);
  assert.match(flat(response.body), /<a href="#file">The selected file must be smaller than 20 MB<\/a>/);
  assert.equal((await app.db.selectFrom('pending_uploads').select('id').execute()).length, before);
});

test('a preview belongs to the analyst who uploaded it: a viewer is refused and another analyst finds nothing', async () => {
  const uploaded = await upload(analyst, { _csrf: analyst.csrfToken, kind: 'workers' }, { name: 'mine.csv', content: GOOD_WORKERS });
  const location = String(uploaded.headers.location);
  assert.equal((await viewer.get(location)).statusCode, 403);
  const other = await signedInAs(app, 'analyst', { authorities: [OWN] });
  assert.equal((await other.get(location)).statusCode, 404);
  assert.equal((await other.get(`${location}/problems.csv`)).statusCode, 404);
  assert.equal((await analyst.get(location)).statusCode, 200);
});
