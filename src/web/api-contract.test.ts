import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { listReviews } from '../db/reviews.ts';
import { loadDemo } from '../imports/demo.ts';
import { loadDemoReview } from '../reports/demo-review.ts';
import { addTestAuthority, signedInAs, testApp, type TestSession } from '../test/web.ts';

/**
 * The API's replies against its own OpenAPI document (generated from the zod schemas, openapi.ts),
 * on the seeded demo council: every documented operation is called, as an analyst and as a viewer
 * (whose figures have small numbers withheld), and each reply, errors included, must match the
 * schema the document gives for its status. JSON Schema 2020-12, as OpenAPI 3.1 uses, checked by
 * ajv (the validator Fastify itself uses).
 */

const OTHER = 'C02';

let app: FastifyInstance;
let close: () => Promise<void>;
let code: string;
let analyst: TestSession;
let viewer: TestSession;
let document: { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>>; components: object };
let ajv: InstanceType<typeof Ajv2020.default>;

before(async () => {
  ({ app, close } = await testApp());
  const demo = await loadDemo(app.db);
  code = demo.authorityCode;
  await loadDemoReview(app.db, code);
  await addTestAuthority(app.db, OTHER, 'Elsewhere Council');
  analyst = await signedInAs(app, 'analyst', { authorities: [code] });
  viewer = await signedInAs(app, 'viewer', { authorities: [code] });
  await app.ready();
  document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'retain-api', components: document.components });
});

after(() => close());

const exercised = new Set<string>();

/** Checks one reply against the schema its path and status have in the document. */
async function conforms(session: TestSession | null, path: string, url: string, status = 200): Promise<void> {
  const response = session ? await session.get(`/api/v1${url}`) : await app.inject({ url: `/api/v1${url}` });
  assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 300)}`);
  const declared = document.paths[path]?.get?.responses[String(status)];
  assert.ok(declared, `${path} documents ${status}`);
  const mediaType = String(response.headers['content-type']).split(';')[0]!;
  const content = declared.content[mediaType];
  assert.ok(content, `${path} ${status} is documented as ${Object.keys(declared.content).join(', ')}, answered ${mediaType}`);
  const validate = ajv.compile({ $ref: `retain-api${(content.schema as { $ref: string }).$ref}` });
  const valid = validate(response.json());
  assert.ok(valid, `${url} (${status}) does not match the document: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  exercised.add(`${path} ${status}`);
}

test('every reply to the demo council, for an analyst and a viewer, matches the generated OpenAPI document', async () => {
  const [review] = await listReviews(app.db, code, '2025-11-20');
  assert.ok(review, 'the demo review is loaded');
  const workers = (await analyst.get(`/api/v1/authorities/${code}/workers?status=left&on=2025-09-30&pageSize=1`)).json();
  const leaver = workers.workers[0].worker_id as string;

  await conforms(null, '/openapi.json', '/openapi.json');
  for (const session of [analyst, viewer]) {
    await conforms(session, '/authorities', '/authorities');
    for (const query of ['year=2025', 'year=2024&by=team', 'year=2025&by=role']) {
      await conforms(session, '/authorities/{authority}/metrics', `/authorities/${code}/metrics?${query}`);
    }
    await conforms(session, '/authorities/{authority}/metrics/series', `/authorities/${code}/metrics/series`);
    await conforms(session, '/authorities/{authority}/compare', `/authorities/${code}/compare?year=2024`);
    // A real comparison: DfE's published figures are loaded with the demo.
    assert.ok((await session.get(`/api/v1/authorities/${code}/compare?year=2024`)).json().rows.some((row: { england: number | null }) => row.england !== null));
    await conforms(session, '/authorities/{authority}/retention', `/authorities/${code}/retention?date=2025-09-30`);
    await conforms(session, '/authorities/{authority}/reviews', `/authorities/${code}/reviews`);
    await conforms(session, '/authorities/{authority}/reviews/{reviewId}', `/authorities/${code}/reviews/${review.id}`);
    for (const query of ['', '?status=on_track', '?year=2026/27&owner=nobody', `?committee=${encodeURIComponent('Nobody’s board')}`]) {
      await conforms(session, '/authorities/{authority}/tracker', `/authorities/${code}/tracker${query}`);
    }
    const tracker = (await session.get(`/api/v1/authorities/${code}/tracker`)).json();
    assert.ok(tracker.recommendations.length > 0 && tracker.responseClocks.length > 0, 'the demo review is tracked');
    for (const recommendation of tracker.recommendations) {
      await conforms(
        session,
        '/authorities/{authority}/reviews/{reviewId}/recommendations/{recommendationId}',
        `/authorities/${code}/reviews/${recommendation.reviewId}/recommendations/${recommendation.id}`,
      );
    }
    await conforms(session, '/authorities/{authority}/census-return/reconciliation', `/authorities/${code}/census-return/reconciliation?year=2024`);
    await conforms(session, '/authorities/{authority}/census-return/reconciliation', `/authorities/${code}/census-return/reconciliation?year=2025`);
  }
  await conforms(analyst, '/authorities/{authority}/census-return/validation', `/authorities/${code}/census-return/validation?year=2025`);
  await conforms(analyst, '/authorities/{authority}/imports', `/authorities/${code}/imports`);
  for (const query of ['pageSize=20', 'status=in_post&on=2025-09-30&sort=start_date&direction=desc', 'status=all&team=&page=2&pageSize=5']) {
    await conforms(analyst, '/authorities/{authority}/workers', `/authorities/${code}/workers?${query}`);
  }
  await conforms(analyst, '/authorities/{authority}/workers/{workerId}', `/authorities/${code}/workers/${encodeURIComponent(leaver)}`);
});

test('error replies match the document too: problem JSON for 400, 401, 403 and 404', async () => {
  await conforms(analyst, '/authorities/{authority}/metrics', `/authorities/${code}/metrics?year=24`, 400);
  await conforms(analyst, '/authorities/{authority}/workers', `/authorities/${code}/workers?pageSize=0`, 400);
  await conforms(null, '/authorities', '/authorities', 401);
  await conforms(analyst, '/authorities/{authority}/compare', `/authorities/${OTHER}/compare?year=2024`, 403);
  await conforms(viewer, '/authorities/{authority}/imports', `/authorities/${code}/imports`, 403);
  await conforms(analyst, '/authorities/{authority}/reviews/{reviewId}', `/authorities/${code}/reviews/999999`, 404);
  await conforms(analyst, '/authorities/{authority}/workers/{workerId}', `/authorities/${code}/workers/NOBODY`, 404);
  await conforms(analyst, '/authorities/{authority}/tracker', `/authorities/${code}/tracker?status=finished`, 400);
  await conforms(analyst, '/authorities/{authority}/census-return/validation', `/authorities/${code}/census-return/validation?year=2019`, 400);
  await conforms(viewer, '/authorities/{authority}/census-return/validation', `/authorities/${code}/census-return/validation?year=2025`, 403);
  await conforms(analyst, '/authorities/{authority}/reviews/{reviewId}/recommendations/{recommendationId}', `/authorities/${code}/reviews/1/recommendations/999999`, 404);
});

test('the check has teeth: a reply with a field the document lacks, a wrong type or a missing field does not match', async () => {
  const body: Record<string, any> = (await analyst.get(`/api/v1/authorities/${code}/metrics?year=2025`)).json();
  const validate = ajv.compile({ $ref: 'retain-api#/components/schemas/Metrics' });
  assert.ok(validate(body));
  assert.ok(!validate({ ...body, extra: 1 }));
  assert.ok(!validate({ ...body, censusYear: '2025' }));
  const { suppressed: _suppressed, ...missing } = body;
  assert.ok(!validate(missing));
  assert.ok(!validate({ ...body, measures: { ...body.measures, turnover_rate_fte: 'high' } }));
});

test('every operation in the document was called and matched', () => {
  const operations = Object.keys(document.paths).map((path) => `${path} 200`);
  assert.deepEqual(
    operations.filter((operation) => !exercised.has(operation)),
    [],
  );
});
