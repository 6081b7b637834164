import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { recordImport } from '../db/imports.ts';
import { createApiToken } from '../db/sessions.ts';
import { suppressSmallNumbers } from '../domain/disclosure.ts';
import { MEASURE_FIELDS } from '../domain/measures.ts';
import { figuresByGroup, figuresForYear, metricsByGroup, metricsForYear, metricsSeries, retentionAt } from '../reports/metrics.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { openApiDocument } from './api/openapi.ts';
import { newApiToken } from './auth.ts';

const OWN = 'P01';
const FOREIGN = 'P02';
const YEAR = 2024;

let app: FastifyInstance;
let close: () => Promise<void>;
let viewer: TestSession;
let analyst: TestSession;
let analystToken: string;

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN, 'Apishire Council');
  await addTestAuthority(app.db, FOREIGN, 'Elsewhere Borough Council');
  // North: 12 case holders, 6 of them starters in 2024 and 2 leavers in it; South: 3 people, so a
  // viewer must not see South's figures. Some part-time FTE so sums are not whole numbers.
  const north = Array.from({ length: 12 }, (_, i) => buildWorker({ team: 'North', fte: i % 3 === 0 ? 0.6 : 1, cases: 10 + i, workingDaysLost: i, startDate: i < 6 ? '2023-11-01' : '2019-04-01' }));
  const south = [buildWorker({ team: 'South', cases: 14 }), buildWorker({ team: 'South', role: 'team_manager' }), buildWorker({ team: 'South', agency: true, cases: 9 })];
  const leavers = [buildLeaver('2024-03-31', { team: 'North', fte: 0.8 }), buildLeaver('2024-07-15', { team: 'North' })];
  await insertTestWorkers(app.db, OWN, [...north, ...south, ...leavers]);
  await insertTestWorkers(app.db, FOREIGN, [buildWorker({ team: 'Elsewhere' })]);

  viewer = await signedInAs(app, 'viewer', { authorities: [OWN] });
  analyst = await signedInAs(app, 'analyst', { authorities: [OWN] });
  const secret = newApiToken();
  await createApiToken(app.db, { userId: analyst.user.id, name: 'test', tokenHash: secret.hash, prefix: secret.prefix });
  analystToken = secret.token;
  await app.ready();
});

after(() => close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function getJson(session: TestSession, url: string): Promise<{ status: number; body: any }> {
  const response = await session.get(url);
  assert.match(String(response.headers['content-type']), /^application\/json/, `${url} answers JSON`);
  return { status: response.statusCode, body: response.json() };
}

test('the API answers a browser session and an API token alike, and no credentials with 401 unauthenticated', async () => {
  const url = `/api/v1/authorities/${OWN}/metrics?year=${YEAR}`;
  const bySession = await analyst.get(url);
  const byToken = await app.inject({ url, headers: bearer(analystToken) });
  assert.equal(bySession.statusCode, 200);
  assert.equal(byToken.statusCode, 200);
  assert.deepEqual(byToken.json(), bySession.json());

  const anonymous = await app.inject({ url });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().code, 'unauthenticated');
  const wrongToken = await app.inject({ url, headers: bearer('retain_not_a_token') });
  assert.equal(wrongToken.statusCode, 401);
  assert.equal(wrongToken.json().code, 'unauthenticated');
});

test('the authorities list holds only the authorities the caller is bound to', async () => {
  const { status, body } = await getJson(viewer, '/api/v1/authorities');
  assert.equal(status, 200);
  assert.deepEqual(body, { authorities: [{ code: OWN, name: 'Apishire Council' }] });
  const byToken = await app.inject({ url: '/api/v1/authorities', headers: bearer(analystToken) });
  assert.deepEqual(byToken.json(), body);
});

test('an authority the caller is not bound to is refused with 403 forbidden on every authority route', async () => {
  for (const path of ['metrics?year=2024', 'metrics/series', 'compare?year=2024', 'retention?date=2024-09-30', 'imports', 'workers', 'workers/W1']) {
    const response = await analyst.get(`/api/v1/authorities/${FOREIGN}/${path}`);
    assert.equal(response.statusCode, 403, path);
    assert.equal(response.json().code, 'forbidden', path);
    assert.doesNotMatch(response.body, /Elsewhere/);
  }
});

test('the metrics JSON is metricsForYear for the same data, unrounded, with exactly the MEASURE_FIELDS keys', async () => {
  const { status, body } = await getJson(analyst, `/api/v1/authorities/${OWN}/metrics?year=${YEAR}`);
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body.measures), [...MEASURE_FIELDS]);
  assert.deepEqual(body, { authorityCode: OWN, censusYear: YEAR, measures: await metricsForYear(app.db, OWN, YEAR), suppressed: [] });
  // Unrounded: the rate is the exact quotient, not a figure to one decimal place.
  const { leavers_fte, inpost_fte, turnover_rate_fte } = body.measures;
  assert.equal(leavers_fte, 1.8);
  assert.equal(turnover_rate_fte, (leavers_fte / inpost_fte!) * 100);
  assert.notEqual(turnover_rate_fte, Math.round(turnover_rate_fte! * 10) / 10);
});

test('metrics by team and by role are metricsByGroup, one entry per group', async () => {
  for (const by of ['team', 'role'] as const) {
    const { body } = await getJson(analyst, `/api/v1/authorities/${OWN}/metrics?year=${YEAR}&by=${by}`);
    const expected = await metricsByGroup(app.db, OWN, YEAR, by);
    assert.equal(body.by, by);
    assert.deepEqual(
      body.groups.map((g: { group: string; measures: object }) => ({ group: g.group, ...g.measures })),
      expected,
    );
  }
});

test('the series covers every census year the data covers, each as metricsForYear', async () => {
  const { body } = await getJson(analyst, `/api/v1/authorities/${OWN}/metrics/series`);
  const expected = await metricsSeries(app.db, OWN);
  assert.deepEqual(body.censusYears, expected.censusYears);
  assert.ok(body.censusYears.includes(YEAR));
  for (const [index, year] of body.series.entries()) {
    assert.equal(year.censusYear, expected.censusYears[index]);
    assert.deepEqual(year.measures, await metricsForYear(app.db, OWN, year.censusYear));
  }
});

test('a viewer gets small numbers withheld exactly as suppressSmallNumbers withholds them, listed in suppressed', async () => {
  const { body } = await getJson(viewer, `/api/v1/authorities/${OWN}/metrics?year=${YEAR}`);
  const figures = await figuresForYear(app.db, OWN, YEAR);
  const disclosed = suppressSmallNumbers(figures.measures, figures.people);
  assert.deepEqual(body.measures, disclosed.measures);
  assert.deepEqual(new Set(body.suppressed), disclosed.suppressed);
  // 2 leavers and 1 agency worker: their figures and the rates built on them are withheld.
  for (const field of ['leavers_fte', 'leavers_headcount', 'turnover_rate_fte', 'agency_fte', 'agency_rate_fte']) {
    assert.equal(body.measures[field], null, field);
    assert.ok(body.suppressed.includes(field), field);
  }
  assert.equal(body.measures.inpost_headcount, figures.measures.inpost_headcount);

  // By team: South (3 people) is withheld; North's in-post figures are not.
  const byTeam = (await getJson(viewer, `/api/v1/authorities/${OWN}/metrics?year=${YEAR}&by=team`)).body;
  const south = byTeam.groups.find((g: { group: string }) => g.group === 'South');
  assert.equal(south.measures.inpost_fte, null);
  assert.ok(south.suppressed.includes('inpost_fte'));
  const expectedSouth = (await figuresByGroup(app.db, OWN, YEAR, 'team')).find((g) => g.group === 'South')!;
  assert.deepEqual(south.measures, suppressSmallNumbers(expectedSouth.measures, expectedSouth.people).measures);
  const north = byTeam.groups.find((g: { group: string }) => g.group === 'North');
  assert.equal(typeof north.measures.inpost_fte, 'number');

  // The comparison and the series withhold the same figures.
  const compare = (await getJson(viewer, `/api/v1/authorities/${OWN}/compare?year=${YEAR}`)).body;
  assert.deepEqual(compare.suppressed, body.suppressed);
  assert.equal(compare.rows.find((row: { field: string }) => row.field === 'leavers_fte').ours, null);
  const series = (await getJson(viewer, `/api/v1/authorities/${OWN}/metrics/series`)).body;
  assert.deepEqual(series.series.find((y: { censusYear: number }) => y.censusYear === YEAR).measures, body.measures);
});

test('the comparison has one row per measure in DfE order, ours being metricsForYear', async () => {
  const { status, body } = await getJson(analyst, `/api/v1/authorities/${OWN}/compare?year=${YEAR}`);
  assert.equal(status, 200);
  assert.equal(body.authorityCode, OWN);
  assert.equal(body.censusYear, YEAR);
  const ours = await metricsForYear(app.db, OWN, YEAR);
  assert.deepEqual(
    body.rows.map((row: { field: string }) => row.field),
    [...MEASURE_FIELDS],
  );
  for (const row of body.rows) assert.equal(row.ours, ours[row.field as keyof typeof ours], row.field);
  // No benchmarks loaded: null, never 0.
  assert.equal(body.benchmarkYear, null);
  assert.ok(body.rows.every((row: { england: unknown }) => row.england === null));
});

test('retention at a date is retentionAt for an analyst, and withholds small groups from a viewer', async () => {
  const date = '2024-09-30';
  const analystView = (await getJson(analyst, `/api/v1/authorities/${OWN}/retention?date=${date}`)).body;
  const expected = await retentionAt(app.db, OWN, date);
  assert.deepEqual(analystView.rolling, expected.rolling);
  assert.deepEqual(analystView.stability, expected.stability);
  assert.deepEqual(analystView.serviceLength, expected.serviceLength);
  assert.deepEqual(
    analystView.byTeam.map((g: { group: string }) => g.group),
    expected.byTeam.map((g) => g.group),
  );
  assert.deepEqual(analystView.suppressed, []);

  const viewerView = (await getJson(viewer, `/api/v1/authorities/${OWN}/retention?date=${date}`)).body;
  assert.equal(viewerView.rolling.leavers_headcount, null);
  assert.ok(viewerView.suppressed.includes('rolling.turnover_rate_fte'));
  const south = viewerView.byTeam.find((g: { group: string }) => g.group === 'South');
  assert.equal(south.rolling.inpost_headcount, null);
  assert.ok(south.suppressed.includes('rolling.inpost_headcount'));
});

test('bad query parameters answer 400 with a stable code naming the parameter', async () => {
  const cases: Array<[string, string]> = [
    [`metrics`, 'invalid_year'],
    [`metrics?year=24`, 'invalid_year'],
    [`metrics?year=2024&year=2023`, 'invalid_year'],
    [`metrics?year=2024&by=grade`, 'invalid_parameter'],
    [`compare?year=twenty`, 'invalid_year'],
    [`retention`, 'invalid_date'],
    [`retention?date=2023-02-29`, 'invalid_date'],
    [`workers?pageSize=100000`, 'invalid_parameter'],
    [`workers?status=in_post&on=31/03/2024`, 'invalid_date'],
  ];
  for (const [path, code] of cases) {
    const response = await analyst.get(`/api/v1/authorities/${OWN}/${path}`);
    assert.equal(response.statusCode, 400, path);
    assert.equal(response.json().code, code, path);
    assert.equal(typeof response.json().detail, 'string');
  }
});

test('worker records and imports are for analysts: a viewer is refused, an analyst gets pages and histories', async () => {
  for (const path of ['workers', 'workers/W1', 'imports']) {
    const refused = await viewer.get(`/api/v1/authorities/${OWN}/${path}`);
    assert.equal(refused.statusCode, 403, path);
    assert.equal(refused.json().code, 'forbidden');
  }

  const first = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers?pageSize=5`)).body;
  assert.equal(first.total, 17);
  assert.equal(first.workers.length, 5);
  assert.deepEqual(Object.keys(first.workers[0]).slice(0, 3), ['worker_id', 'swe_number', 'agency']);
  const last = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers?pageSize=5&page=4`)).body;
  assert.equal(last.workers.length, 2);
  const south = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers?team=South&status=in_post&on=2024-09-30`)).body;
  assert.equal(south.total, 3);

  const one = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers/${first.workers[0].worker_id}`)).body;
  assert.equal(one.worker_id, first.workers[0].worker_id);
  assert.equal(one.posts.length, 1);
  assert.ok('date_of_birth' in one.posts[0]);
  const missing = await analyst.get(`/api/v1/authorities/${OWN}/workers/NOBODY`);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'not_found');

  const importId = await recordImport(app.db, {
    authorityCode: OWN,
    kind: 'workers',
    fileName: 'hr.csv',
    checksumSha256: 'ab'.repeat(32),
    rowCount: 17,
    warnings: ['Ignored column: notes'],
    importedBy: 'analyst@test.example',
  });
  const imports = (await getJson(analyst, `/api/v1/authorities/${OWN}/imports`)).body;
  assert.equal(imports.authorityCode, OWN);
  assert.deepEqual(
    imports.imports.map((entry: { id: number; file_name: string; checksum_sha256: string; row_count: number; warnings: string[] }) => [
      entry.id,
      entry.file_name,
      entry.checksum_sha256,
      entry.row_count,
      entry.warnings,
    ]),
    [[importId, 'hr.csv', 'ab'.repeat(32), 17, ['Ignored column: notes']]],
  );
});

test('API errors are RFC 9457 problem JSON: 404, 403 and 400 alike, with the stable code beside type, title, status and detail', async () => {
  const cases: Array<[TestSession, string, number, string]> = [
    [analyst, `/api/v1/authorities/${OWN}/workers/NOBODY`, 404, 'not_found'],
    [analyst, `/api/v1/authorities/${FOREIGN}/metrics?year=${YEAR}`, 403, 'forbidden'],
    [analyst, `/api/v1/authorities/${OWN}/metrics?year=24`, 400, 'invalid_year'],
  ];
  for (const [session, url, status, code] of cases) {
    const response = await session.get(url);
    assert.equal(response.statusCode, status, url);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
    const problem = response.json();
    assert.deepEqual(Object.keys(problem), ['type', 'title', 'status', 'detail', 'code'], url);
    assert.equal(problem.status, status, url);
    assert.equal(problem.code, code, url);
    assert.equal(problem.type, `/api#problem-${code}`, url);
    assert.equal(typeof problem.title, 'string');
    assert.ok(problem.detail.length > 0);
  }
  // Each problem's type points at its code's row on the /api page.
  const page = (await app.inject({ url: '/api' })).body;
  for (const [, , , code] of cases) assert.match(page, new RegExp(`id="problem-${code}"`));
});

test('the workers filter is the register page’s: status=all is every row, as no status is', async () => {
  const all = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers?status=all&pageSize=500`)).body;
  const unfiltered = (await getJson(analyst, `/api/v1/authorities/${OWN}/workers?pageSize=500`)).body;
  assert.equal(all.total, unfiltered.total);
  assert.deepEqual(all.workers, unfiltered.workers);
  const refused = await analyst.get(`/api/v1/authorities/${OWN}/workers?status=everyone`);
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json().code, 'invalid_parameter');
  assert.match(refused.json().detail, /^status: /);
});

test('the OpenAPI document is OpenAPI 3.1, served publicly, and describes every /api/v1 route the app registered and no other', async () => {
  const served = await app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(served.statusCode, 200);
  const document = served.json();
  assert.deepEqual(document, JSON.parse(JSON.stringify(openApiDocument)));
  assert.match(document.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof document.info.title, 'string');
  assert.equal(typeof document.info.version, 'string');

  const registered = new Set(
    app.routeTable.filter((route) => route.url.startsWith('/api/v1/')).map((route) => `${route.method.toLowerCase()} ${route.url.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`),
  );
  const documented = new Set(Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)));
  assert.deepEqual([...registered].sort(), [...documented].sort());

  // Every path parameter is declared, every $ref resolves, and the measures are MEASURE_FIELDS.
  const resolve = (ref: string) =>
    ref
      .slice(2)
      .split('/')
      .reduce((node: any, key) => node?.[key], document);
  const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const ref of refs) assert.ok(resolve(ref.slice(8, -1)), `${ref} resolves`);
  for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { parameters?: any[]; responses: object }>>)) {
    for (const operation of Object.values(operations)) {
      const names = (operation.parameters ?? [])
        .map((p) => (p.$ref ? resolve(p.$ref) : p))
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      assert.deepEqual(names.sort(), [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), path);
      assert.ok('200' in operation.responses, path);
    }
  }
  assert.deepEqual(Object.keys(document.components.schemas.Measures.properties), [...MEASURE_FIELDS]);
});

test('the /api page explains token authentication and links to the OpenAPI document, signed in or not', async () => {
  for (const response of [await app.inject({ url: '/api' }), await viewer.get('/api')]) {
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /href="\/api\/v1\/openapi\.json"/);
    assert.match(response.body, /Authorization: Bearer/);
    assert.match(response.body, /\/api\/v1\/authorities\/\{authority\}\/metrics/);
  }
});
