import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { formatProblem, importWorkers } from '../imports/run-import.ts';
import { OFF_THREAD_BYTES, readWorkersImport } from '../imports/read-off-thread.ts';
import { readTable } from '../imports/read-table.ts';
import { checkWorkbookLimits, MAX_DATA_ROWS } from '../imports/workbook-limits.ts';
import { testDatabase } from '../test/db.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { PROBLEMS_SHOWN } from './routes/imports.ts';

// Issue 7, item 5: large and many-problem uploads, on PGlite and (with DATABASE_URL) PostgreSQL.

const HEADER = 'worker_id,agency,role,team,fte,start_date,end_date,leaving_reason\n';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, 'U1', 'Upload Council');
  analyst = await signedInAs(app, 'analyst');
});

after(() => close());

function upload(file: { name: string; content: string | Buffer }): Promise<LightMyRequestResponse> {
  const boundary = `----retain${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${analyst.csrfToken}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nworkers\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url: '/imports', headers: { cookie: analyst.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}

/** A zip holding the given parts, deflated: enough of an XLSX for the limits, which run before any workbook reader. */
function zipOf(parts: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

test('an upload is read once: the preview page and the problems download use what was read then, not the file again', async () => {
  const response = await upload({ name: 'once.csv', content: `${HEADER}W1,no,Social Worker,A,2,2020-01-01,,\n` });
  assert.equal(response.statusCode, 303);
  const url = String(response.headers.location);
  const id = decodeURIComponent(url.split('/').pop()!);
  // Spoil the stored bytes: a page that parsed the file again would now say something else.
  await app.db
    .updateTable('pending_uploads')
    .set({ bytes: Buffer.from('not,a,workers,file\n') })
    .where('id', '=', id)
    .execute();
  for (let i = 0; i < 2; i++) {
    const page = await analyst.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Row 2, column fte: fte 2 must be more than 0 and at most 1/);
  }
  const csv = await analyst.get(`${url}/problems.csv`);
  assert.match(csv.body, /once\.csv,2,fte,fte 2 must be more than 0/);
});

test('a file with many problems shows the first ones and the count; the download has every one', async () => {
  const rows = Array.from({ length: 250 }, (_, i) => `W${i},no,Social Worker,A,7,2020-01-01,,`).join('\n');
  const response = await upload({ name: 'many.csv', content: `${HEADER}${rows}\n` });
  const url = String(response.headers.location);
  const page = await analyst.get(url);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /it has 250 problems, the first 100 listed below/);
  assert.match(page.body, /Showing the first 100 of 250 problems/);
  assert.match(page.body, /and 150 more problems: download the full list below/);
  assert.equal((page.body.match(/id="problem-\d+"/g) ?? []).length, PROBLEMS_SHOWN);
  const csv = await analyst.get(`${url}/problems.csv`);
  assert.equal(csv.body.trim().split(/\r?\n/).length, 1 + 250);
});

test('a 15 MB team name is refused as file:row:column, and nothing is written', async () => {
  const opened = await testDatabase();
  try {
    const huge = 'x'.repeat(15 * 1024 * 1024);
    const outcome = await importWorkers(opened.db, {
      authorityCode: 'U2',
      fileName: 'huge.csv',
      bytes: `${HEADER}W1,no,Social Worker,${huge},1,2020-01-01,,\nW2,no,Social Worker,Fine,1,2020-01-01,,\n`,
    });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.deepEqual(outcome.problems.map(formatProblem), ['huge.csv:2:team: the value is 15,728,640 characters long; a cell may hold at most 255']);
    assert.equal((await opened.db.selectFrom('workers').select('worker_id').execute()).length, 0);
  } finally {
    await opened.close();
  }
});

test('an XLSX that unpacks to too much, or holds too many rows, is refused before it is unpacked, with a message', async () => {
  const bomb = zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(60 * 1024 * 1024, 0x20) });
  assert.ok(bomb.length < 200 * 1024, `${bomb.length} bytes`);
  assert.match(checkWorkbookLimits(bomb)!, /unpacks to more than 50 MB/);
  const rows = zipOf({ 'xl/worksheets/sheet1.xml': Buffer.from('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(MAX_DATA_ROWS + 5)) });
  const read = await readTable(rows, 'rows.xlsx');
  assert.equal(read.ok, false);
  assert.match(!read.ok ? read.message : '', /^the workbook has 100,005 rows or more; Retain reads at most 100,000 data rows from one file/);
  // Empty formatted rows are not counted.
  assert.equal(checkWorkbookLimits(zipOf({ 'xl/worksheets/sheet1.xml': Buffer.from('<row r="1"/>'.repeat(MAX_DATA_ROWS * 2)) })), null);

  // A CSV over the row limit too, read in full but refused as a whole.
  const csv = await readTable(Buffer.from(`a\n${'1\n'.repeat(MAX_DATA_ROWS + 1)}`), 'rows.csv');
  assert.match(!csv.ok ? csv.message : '', /the file has 100,001 rows or more/);
});

test('a large file is read in a worker thread, so the server keeps answering while it is read', async () => {
  const row = 'W,no,Social Worker,Assessment,1,2020-01-01,,\n';
  const bytes = Buffer.from(HEADER + row.repeat(Math.ceil((OFF_THREAD_BYTES * 2) / row.length)));
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 1);
  try {
    const parsed = await readWorkersImport('big.csv', bytes, {});
    // Read on this thread, the parse would finish before any timer could run.
    assert.ok(ticks > 0, 'timers ran while the file was read');
    assert.ok(parsed.rowCount > 10_000);
    assert.match(formatProblem(parsed.problems[0]!), /^big\.csv:3:worker_id: worker W with start_date 2020-01-01 is also on row 2/);
  } finally {
    clearInterval(timer);
  }
});
