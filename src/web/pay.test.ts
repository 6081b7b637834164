import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { listScenarios } from '../db/pay.ts';
import { upsertWorkers } from '../db/workers.ts';
import { importPayScales } from '../imports/run-pay-import.ts';
import { saveScenario } from '../commands/scenarios.ts';
import { buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';

const CODE = 'PW1';
let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let scenarioId: number;

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, CODE, 'Payshire Council');
  await upsertWorkers(
    app.db,
    CODE,
    Array.from({ length: 8 }, (_, i) => buildWorker({ salary: 38_000 + i * 500 })),
    null,
  );
  const scales =
    'authority,role,grade,min_salary,max_salary,effective_from,source\nPW1,Social Worker,SW,33000,40000,2025-04-01,Own\n203,Social Worker,L3,35000,44000,2025-04-01,Neighbour\nTorbay,Social Worker,G9,36000,45000,2025-04-01,Torbay pay policy 2025\n';
  assert.ok((await importPayScales(app.db, { authorityCode: CODE, fileName: 'scales.csv', bytes: scales })).ok);
  const saved = await saveScenario(
    app.db,
    { authorityCode: CODE, name: 'Package', json: { baseline_year: 2025, levers: [{ kind: 'fixed', cost_by_year: [200_000, 519_000], reduction_points: { low: 1, central: 4, high: 6 } }] } },
    { userId: null, email: 'test' },
  );
  assert.ok(saved.ok);
  scenarioId = saved.id;
  analyst = await signedInAs(app, 'analyst', { authorities: [CODE] });
});

after(() => close());

test('the pay page shows each role’s gap with a chart and its figures', async () => {
  const page = await analyst.get('/pay?date=2025-09-30');
  assert.equal(page.statusCode, 200, page.body);
  assert.match(page.body, /Case-holding social workers/);
  assert.match(page.body, /<svg role="img"/);
  assert.match(page.body, /£44,500/); // the comparators' median of 44,000 and 45,000
  assert.match(page.body, /Torbay pay policy 2025/);
  const bad = await analyst.get('/pay?date=31/02/2025');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter a real date/);
});

test('a scenario built on the form is saved and worked out; a bad one shows every problem by field and saves nothing', async () => {
  const form = await analyst.get('/scenarios/new');
  assert.equal(form.statusCode, 200);
  const fields = {
    name: 'Uplift and academy',
    baseline_year: '2025',
    leverRows: '3',
    on_cost_rate: '30',
    'lever-0-kind': 'pay_uplift',
    'lever-0-role': 'Social Worker',
    'lever-0-percent': '120',
    'lever-0-low': '0.5',
    'lever-0-central': '1',
    'lever-0-high': '2',
    'lever-1-kind': 'fixed',
    'lever-1-cost_by_year': '200000, -5',
  };
  const bad = await analyst.post('/scenarios', fields);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#lever-0-percent">Lever 1 \(Pay uplift\), percent: 120 is over 100/);
  assert.match(bad.body, /href="#lever-1-cost_by_year">Lever 2 \(Fixed cost\), cost by year: -5 cannot be negative/);
  assert.equal((await listScenarios(app.db, CODE)).length, 1);

  const good = await analyst.post('/scenarios', { ...fields, 'lever-0-percent': '3', 'lever-1-cost_by_year': '200000, 519000' });
  assert.equal(good.statusCode, 303, good.body);
  const page = await analyst.get(String(good.headers.location));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Uplift and academy/);
  assert.match(page.body, /Sensitivity/);
  const saved = (await listScenarios(app.db, CODE)).find((s) => s.name === 'Uplift and academy')!;
  assert.equal(saved.definition.on_cost_rate, 0.3);
  assert.deepEqual(saved.definition.levers[1]!.cost_by_year, [200_000, 519_000]);
  const edit = await analyst.get(`/scenarios/${saved.id}/edit`);
  assert.match(edit.body, /value="200000, 519000"/);
});

test('the business case downloads as Word and as a workbook with assumptions, yearly figures and sensitivity', async () => {
  const docx = await analyst.get(`/scenarios/${scenarioId}/business-case/docx`);
  assert.equal(docx.statusCode, 200);
  assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
  const xlsx = await analyst.get(`/scenarios/${scenarioId}/business-case/xlsx`);
  assert.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(
    workbook.worksheets.map((s) => s.name),
    ['Assumptions', 'Yearly figures', 'Payback and NPV', 'Sensitivity'],
  );
  assert.equal(workbook.getWorksheet('Yearly figures')!.getRow(2).getCell(3).value, 200_000);
  assert.equal((await analyst.get(`/scenarios/${scenarioId}/business-case/odt`)).statusCode, 404);
});

test('viewers cannot reach pay or scenarios', async () => {
  const viewer = await signedInAs(app, 'viewer', { authorities: [CODE] });
  assert.equal((await viewer.get('/pay')).statusCode, 403);
  assert.equal((await viewer.get(`/scenarios/${scenarioId}`)).statusCode, 403);
});
