import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { councilDataVersion } from '../db/versions.ts';
import { setNeighbours } from '../db/authorities.ts';
import { buildWorker } from '../test/builders.ts';
import { seedTestshire } from '../test/dashboard.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { signedInAs, type TestSession } from '../test/web.ts';
import { testApp } from '../test/web.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let first: TestSession;
let second: TestSession;

before(async () => {
  ({ app, close } = await testApp());
  await seedTestshire(app.db, 'R1');
  first = await signedInAs(app, 'analyst', { authorities: ['R1'], displayName: 'Ada Analyst' });
  second = await signedInAs(app, 'viewer', { authorities: ['R1'], displayName: 'Vic Viewer' });
});

after(async () => {
  await close();
});

/** The page with this request's per-request parts taken out, and those parts. */
function parts(response: { body: string; headers: Record<string, unknown> }) {
  const nonce = /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))![1]!;
  return { nonce, body: response.body.replaceAll(nonce, 'NONCE') };
}

test('a reused dashboard page carries each request’s own CSP nonce and the session’s CSRF token, and nothing of another user’s', async () => {
  const a = await first.get('/dashboard');
  const b = await first.get('/dashboard');
  assert.equal(a.statusCode, 200);
  const pa = parts(a);
  const pb = parts(b);
  assert.notEqual(pa.nonce, pb.nonce, 'a fresh nonce per request');
  assert.ok(a.body.includes(`nonce="${pa.nonce}"`), 'the script tags carry the nonce the CSP header names');
  assert.equal(pa.body, pb.body, 'otherwise the same page');
  assert.ok(a.body.includes(first.csrfToken), 'the session’s CSRF token is in its forms');
  assert.ok(!/retainslot/.test(a.body), 'no marker left unfilled');

  const other = await second.get('/dashboard');
  assert.ok(!other.body.includes('href="/workforce"'), 'a viewer’s own navigation, not the analyst’s');
  assert.ok(other.body.includes(second.csrfToken) && !other.body.includes(first.csrfToken));
});

test('an import or an authority change gives a new data version and a freshly rendered page', async () => {
  const before = await councilDataVersion(app.db, 'R1');
  const page = parts(await first.get('/dashboard?year=2024')).body;
  await insertTestWorkers(app.db, 'R1', [buildWorker({ workerId: 'REUSE-NEW', startDate: '2024-01-08' })]);
  const afterImport = await councilDataVersion(app.db, 'R1');
  assert.notEqual(afterImport, before, 'a write to workers moves the version');
  const changed = parts(await first.get('/dashboard?year=2024')).body;
  assert.notEqual(changed, page, 'the figures changed, so the page did');

  await setNeighbours(app.db, 'R1', ['E09000001']);
  assert.notEqual(await councilDataVersion(app.db, 'R1'), afterImport, 'the authority’s row moves it too');
  assert.equal(await councilDataVersion(app.db, 'NO-SUCH'), 'c0|b0', 'a council with no writes yet is version 0');
});
