import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_COUNCIL, loadDemo } from '../imports/demo.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { signedInAs, testApp, type TestSession } from '../test/web.ts';

const PUBLISHED_FILE = path.resolve(import.meta.dirname, '../../reference/dfe/csww_indicators_2017_to_2024.csv');

let app: FastifyInstance;
let close: () => Promise<void>;
let viewer: TestSession;

before(async () => {
  ({ app, close } = await testApp());
  await loadDemo(app.db);
  const imported = await importBenchmarks(app.db, { fileName: 'csww_indicators_2017_to_2024.csv', bytes: readFileSync(PUBLISHED_FILE) });
  assert.ok(imported.ok);
  viewer = await signedInAs(app, 'viewer', { authorities: [DEMO_COUNCIL.authorityCode] });
});

after(() => close());

test("the early-warning page says whether the council's turnover differs from England and its neighbours beyond chance", async () => {
  const page = await viewer.get('/early-warning?at=30/09/2024');
  assert.equal(page.statusCode, 200);
  const table = page.body.slice(page.body.indexOf('data-field="council-benchmarks"'), page.body.indexOf('</table>', page.body.indexOf('data-field="council-benchmarks"')));
  assert.ok(table.length > 0, 'the comparison table is shown');
  assert.match(table, /England, 2024/);
  assert.match(table, /Statistical neighbours \(median\), 2024/);
  assert.match(table, /within chance|beyond the (95|99\.8)% limit/);
});
