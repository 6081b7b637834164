import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { councilDataVersion } from '../db/versions.ts';
import { saveSettings } from '../db/settings.ts';
import { recordExitInterview, setExitInterviewTarget } from '../commands/exit-interviews.ts';
import { setNeighbours } from '../db/authorities.ts';
import { buildExitInterview, buildWorker } from '../test/builders.ts';
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

/** The CSP header's nonce (new on every request) and the page. */
function parts(response: { body: string; headers: Record<string, unknown> }) {
  const csp = String(response.headers['content-security-policy']);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  return { nonce, csp, body: response.body };
}

test('a reused dashboard page carries the session’s CSRF token, its inline script is allowed by hash, and it holds nothing of another user’s', async () => {
  const a = await first.get('/dashboard');
  const b = await first.get('/dashboard');
  assert.equal(a.statusCode, 200);
  const pa = parts(a);
  const pb = parts(b);
  assert.notEqual(pa.nonce, pb.nonce, 'a fresh nonce per request in the policy');
  assert.equal(pa.body, pb.body, 'the same bytes for the same session while the data stands');
  // GOV.UK Frontend's one inline script runs by its hash, so the kept page needs no nonce.
  const script = /<script>([^<]+)<\/script>/.exec(a.body)![1]!;
  assert.ok(pa.csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), 'the policy allows the inline script by its hash');
  assert.ok(a.body.includes(first.csrfToken), 'the session’s CSRF token is in its forms');
  assert.ok(!/retainslot/.test(a.body), 'no marker left unfilled');

  const other = await second.get('/dashboard');
  assert.ok(!other.body.includes('href="/workforce"'), 'a viewer’s own navigation, not the analyst’s');
  assert.ok(other.body.includes(second.csrfToken) && !other.body.includes(first.csrfToken));

  // Another analyst of the council gets the same page but for their own token, and no one's name or email is in it.
  const third = await signedInAs(app, 'analyst', { authorities: ['R1'], displayName: 'Zed Zebedee' });
  const theirs = (await third.get('/dashboard')).body;
  assert.equal(theirs.replace(third.csrfToken, 'TOKEN'), a.body.replace(first.csrfToken, 'TOKEN'));
  for (const session of [first, second, third]) {
    assert.ok(!theirs.includes(session.user.displayName) && !theirs.includes(session.user.email), 'no user’s name or email');
  }
});

test('the dashboard’s survival and exit-interview sections are kept with its view: an exit interview, the rate target or the thresholds give a new one', async () => {
  const page = (await first.get('/dashboard?year=2024')).body;
  assert.match(page, /How long social workers stay/);
  const version = await councilDataVersion(app.db, 'R1');
  await recordExitInterview(
    app.db,
    { authorityCode: 'R1', record: buildExitInterview({ workerId: 'R1-L0', leavingDate: '2024-06-30', status: 'completed' }) },
    { userId: first.user.id, email: first.user.email },
  );
  const afterInterview = await councilDataVersion(app.db, 'R1');
  assert.notEqual(afterInterview, version, 'an exit interview moves the version');
  const withInterview = (await first.get('/dashboard?year=2024')).body;
  assert.notEqual(withInterview, page, 'the exit-interview section is built again');

  await setExitInterviewTarget(app.db, { authorityCode: 'R1', target: 75 }, { userId: first.user.id, email: first.user.email });
  const afterTarget = await councilDataVersion(app.db, 'R1');
  assert.notEqual(afterTarget, afterInterview, 'the rate target moves it');
  assert.match((await first.get('/dashboard?year=2024')).body, /against a target of 75%/);

  await saveSettings(app.db, 'R1', { thresholds: { turnover_rate_fte: 5, vacancy_rate_fte: null, caseload_fte: null } });
  assert.notEqual(await councilDataVersion(app.db, 'R1'), afterTarget, 'the council’s settings move it');
  assert.match((await first.get('/dashboard?year=2024')).body, /turnover rate \(FTE\) above 5%/);
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
