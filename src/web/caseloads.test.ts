import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { upsertCaseloads } from '../db/caseloads.ts';
import type { CaseloadSnapshot } from '../domain/caseloads.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let viewer: TestSession;
const OWN = 'CW1';

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Caseshire Council');
  // Six social workers in North, two in South (a small group), one ASYE over the protected level.
  const workers = [
    ...Array.from({ length: 6 }, (_, i) => buildWorker({ workerId: `N${i}`, team: 'North', localRole: 'Social Worker', startDate: '2019-01-01' })),
    buildWorker({ workerId: 'S0', team: 'South', localRole: 'ASYE', startDate: '2024-10-01' }),
    buildLeaver('2025-06-30', { workerId: 'S1', team: 'South', localRole: 'Social Worker', startDate: '2020-01-01' }),
  ];
  await insertTestWorkers(app.db, OWN, workers);
  const rows: CaseloadSnapshot[] = [];
  for (const date of ['2025-01-31', '2025-02-28', '2025-03-31']) {
    for (const [i, w] of workers.entries())
      rows.push({ snapshotDate: date, workerId: w.workerId, cases: w.workerId === 'N0' ? 25 : w.workerId === 'S0' ? 18 : 12 + i, children: null, weightedCases: null });
  }
  await upsertCaseloads(app.db, OWN, rows, null);
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
});

after(() => close());

test('analysts see the caseload spread, over time, and who is over their threshold with the ASYE flagged', async () => {
  const response = await analyst.get('/caseloads?date=2025-03-15');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /28 February 2025/);
  assert.match(response.body, /<svg role="img"/);
  assert.match(response.body, /href="\/workforce\/N0">N0</);
  assert.match(response.body, /Protected caseload exceeded/);
  // N0 (25), S1 (19) over 18; the ASYE S0 (18) over 16.
  assert.match(response.body, /data-field="over_threshold">3</);
});

test('viewers get counts only: no worker ids, small teams suppressed', async () => {
  const response = await viewer.get('/caseloads?date=2025-03-31');
  assert.equal(response.statusCode, 200);
  assert.ok(!response.body.includes('/workforce/N0'));
  assert.ok(!response.body.includes('>N0<'));
  assert.match(response.body, /\[c\]/);
  assert.ok(!response.body.includes('Set a threshold'));
});

test('an analyst sets a threshold through the form; a bad one is explained', async () => {
  const bad = await analyst.post('/caseloads/thresholds', { role: 'ASYE', cases: 'lots' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the threshold as a number/);
  const good = await analyst.post('/caseloads/thresholds', { role: 'ASYE', cases: '20' });
  assert.equal(good.statusCode, 303);
  const page = await analyst.get('/caseloads?date=2025-03-31');
  assert.match(page.body, /data-field="over_threshold">2</);
  assert.equal((await viewer.post('/caseloads/thresholds', { role: 'ASYE', cases: '1' })).statusCode, 403);
});

test('the retention page draws the curve with a table, by group, and hides groups under 5 spells from viewers', async () => {
  const analystPage = await analyst.get('/retention?at=30/09/2025&by=team');
  assert.equal(analystPage.statusCode, 200);
  assert.match(analystPage.body, />South</);
  const viewerPage = await viewer.get('/retention?at=2025-09-30&by=team');
  assert.equal(viewerPage.statusCode, 200);
  assert.match(viewerPage.body, />North</);
  assert.ok(!viewerPage.body.includes('>South<'));
  assert.match(viewerPage.body, /1 group has fewer than 5 spells/);
  const wrong = await viewer.get('/retention?at=yesterday');
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /Enter the date as DD\/MM\/YYYY/);
});

test('the early-warning page ranks teams with reasons, explains itself and names nobody to viewers', async () => {
  const page = await viewer.get('/early-warning?at=30/09/2025');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /How the warning signs and the forecast are worked out/);
  assert.match(page.body, /data-field="forecast"/);
  assert.ok(!page.body.includes('>N0<'));
  // South has 2 in post: not listed for a viewer.
  assert.ok(!page.body.includes('<th scope="row" class="govuk-table__header">South</th>'));
  const analystPage = await analyst.get('/early-warning?at=2025-09-30');
  assert.match(analystPage.body, /<th scope="row" class="govuk-table__header">South<\/th>/);
});
