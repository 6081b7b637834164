import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../db/sessions.ts';
import { addTestAuthority, cookiesFrom, csrfFieldIn, formBody, signedInAs, TEST_PASSWORD, testApp, type TestSession } from '../test/web.ts';
import { newApiToken, safeNextPath } from './auth.ts';
import { ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE } from './session.ts';

// Issue 7, item 5: the security fixes, on PGlite and (with DATABASE_URL) PostgreSQL.

let app: FastifyInstance;
let close: () => Promise<void>;
let analyst: TestSession;
let admin: TestSession;

before(async () => {
  const made = await testApp({
    trustProxy: true,
    extraRoutes: [
      {
        register(scope) {
          // Errors as the database driver raises them, for the error handler test.
          scope.get('/test-errors/:sqlstate', { config: { access: 'viewer' } }, async (request) => {
            const code = (request.params as { sqlstate: string }).sqlstate;
            throw Object.assign(new Error(`database said no (${code})`), { code, severity: 'ERROR' });
          });
          scope.get('/api/v1/test-errors/:sqlstate', { config: { access: 'viewer' } }, async (request) => {
            const code = (request.params as { sqlstate: string }).sqlstate;
            throw Object.assign(new Error(`database said no (${code})`), { code, severity: 'ERROR' });
          });
        },
      },
    ],
  });
  ({ app, close } = made);
  await addTestAuthority(app.db, 'S1', 'Security Council');
  analyst = await signedInAs(app, 'analyst');
  admin = await signedInAs(app, 'admin');
});

after(() => close());

async function apiToken(userId: number): Promise<string> {
  const secret = newApiToken();
  await createApiToken(app.db, { userId, name: 'script', tokenHash: secret.hash, prefix: secret.prefix });
  return secret.token;
}

const withToken = (token: string) => ({ method: 'GET' as const, url: '/api/v1/authorities', headers: { authorization: `Bearer ${token}` } });

test('a `next` that a browser would read as another site is refused after normalising; a line break gives no 500', async () => {
  for (const bad of [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\\evil.example',
    '/x/\\\\evil.example',
    '//evil.example',
    '/./\t/evil.example',
    '/a/..//evil.example',
    '/.//evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    ' /dashboard',
    '/dash\u0000board',
  ]) {
    assert.equal(safeNextPath(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(safeNextPath('/workforce?team=A B#top'), '/workforce?team=A%20B#top');
  assert.equal(safeNextPath('/reviews/1/../2'), '/reviews/2');

  // The reported attack: signed in, /sign-in?next=%2F%09%2Fevil.example went off-site.
  const offSite = await analyst.get('/sign-in?next=%2F%09%2Fevil.example');
  assert.equal(offSite.statusCode, 303);
  assert.equal(offSite.headers.location, '/dashboard');
  const lineBreak = await analyst.get('/sign-in?next=%2Fdashboard%0D%0ASet-Cookie:%20x=1');
  assert.equal(lineBreak.statusCode, 303);
  assert.equal(lineBreak.headers.location, '/dashboard');
  assert.equal(lineBreak.headers['set-cookie'], undefined);
  const anonymous = await app.inject({ url: '/sign-in?next=%2F%0A' });
  assert.equal(anonymous.statusCode, 200);

  // Through the form: the hidden field cannot carry it either.
  const page = await app.inject({ url: '/sign-in' });
  const signIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `${ANONYMOUS_CSRF_COOKIE}=${cookiesFrom(page)[ANONYMOUS_CSRF_COOKIE]}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfFieldIn(page.body)!, email: analyst.user.email, password: TEST_PASSWORD, next: '/\t/evil.example' }),
  });
  assert.equal(signIn.statusCode, 303);
  assert.equal(signIn.headers.location, '/dashboard');

  // The authority switcher uses the same check.
  const switched = await analyst.get('/authority?next=%2F%09%2Fevil.example');
  assert.ok(![String(switched.headers.location ?? '')].some((location) => location.includes('evil')));
});

test('API tokens stop working when their user changes their password, and when an admin resets it', async () => {
  const own = await signedInAs(app, 'viewer');
  const token = await apiToken(own.user.id);
  assert.equal((await app.inject(withToken(token))).statusCode, 200);
  const changed = await own.post('/account/password', { current: TEST_PASSWORD, password: 'a brand new passphrase', confirm: 'a brand new passphrase' });
  assert.equal(changed.statusCode, 303);
  const refused = await app.inject(withToken(token));
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().code, 'unauthenticated');
  // The page says so.
  const account = await app.inject({ url: '/account', headers: { cookie: `${SESSION_COOKIE}=${cookiesFrom(changed)[SESSION_COOKIE]}` } });
  assert.match(account.body, /API token has stopped working/);

  const other = await signedInAs(app, 'analyst');
  const theirs = await apiToken(other.user.id);
  assert.equal((await app.inject(withToken(theirs))).statusCode, 200);
  const reset = await admin.post(`/admin/users/${other.user.id}/reset-password`);
  assert.equal(reset.statusCode, 303);
  assert.equal((await app.inject(withToken(theirs))).statusCode, 401);
  // A token made after the reset works.
  assert.equal((await app.inject(withToken(await apiToken(other.user.id)))).statusCode, 200);
});

test('ids beyond the integer range and NUL bytes answer 404 and 400, never 500, and the API never shows a PostgreSQL code', async () => {
  for (const url of ['/reviews/99999999999', '/reviews/2147483648', '/reviews/1e3', '/reviews/0x10', '/reviews/-1', '/admin/users/99999999999999999999']) {
    const response = await admin.get(url);
    assert.equal(response.statusCode, 404, url);
  }
  assert.equal((await admin.post('/account/tokens/99999999999/revoke')).statusCode, 404);
  const api = await admin.get('/api/v1/authorities/S1/reviews/99999999999');
  assert.equal(api.statusCode, 404);
  assert.deepEqual(Object.keys(api.json()), ['type', 'title', 'status', 'detail', 'code']);
  assert.equal(api.json().code, 'not_found');

  for (const url of ['/dashboard?year=%00', '/workforce?q=a%00b', '/admin/audit?action=%00', '/api/v1/authorities/S1/workers?q=%00']) {
    const response = await admin.get(url);
    assert.equal(response.statusCode, 400, url);
  }
  assert.equal((await admin.get('/api/v1/authorities/S1/workers?q=%00')).json().code, 'bad_request');
  assert.equal((await admin.post('/account/tokens', { name: 'nul\u0000name' })).statusCode, 400);
  // Odd but harmless query strings on the audit log: a page no log could reach, repeated parameters.
  assert.equal((await admin.get('/admin/audit?page=99999999999999999999')).statusCode, 200);
  assert.equal((await admin.get('/admin/audit?page=2&page=3&action=a&action=b')).statusCode, 200);

  // The safety net: a data exception from the database is a 400 without its code; any other
  // database error a 500 without its code or text.
  const dataError = await admin.get('/api/v1/test-errors/22003');
  assert.equal(dataError.statusCode, 400);
  assert.deepEqual(dataError.json(), {
    type: '/api#problem-bad_request',
    title: 'Sorry, there is a problem with your request',
    status: 400,
    detail: 'A value in the request is not valid.',
    code: 'bad_request',
  });
  const serverError = await admin.get('/api/v1/test-errors/42P01');
  assert.equal(serverError.statusCode, 500);
  assert.deepEqual(serverError.json(), { type: '/api#problem-internal_error', title: 'Sorry, there is a problem with the service', status: 500, detail: 'Try again later.', code: 'internal_error' });
  // A lost connection (57P01: an administrator ended it) is a 503 that says nothing was saved.
  const lost = await admin.get('/api/v1/test-errors/57P01');
  assert.equal(lost.statusCode, 503);
  assert.equal(lost.json().code, 'database_unavailable');
  assert.match(lost.json().detail, /nothing was saved/);
  const page = await admin.get('/test-errors/22P02');
  assert.equal(page.statusCode, 400);
  assert.doesNotMatch(page.body, /22P02|database said no/);
});

test('HSTS is sent over HTTPS, including behind a trusted proxy, and never over plain http', async () => {
  const proxied = await app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(proxied.headers['strict-transport-security'], 'max-age=31536000');
  const plain = await app.inject({ url: '/sign-in' });
  assert.equal(plain.headers['strict-transport-security'], undefined);

  // Not behind a proxy, a client's X-Forwarded-Proto is not believed.
  const direct = await testApp();
  try {
    const spoofed = await direct.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(spoofed.headers['strict-transport-security'], undefined);
  } finally {
    await direct.close();
  }
});

test('secure cookies are named __Host- (Secure, Path=/, no Domain); plain-http deployments keep the bare names', async () => {
  const page = await app.inject({ url: '/sign-in' });
  const csrf = page.cookies.find((cookie) => cookie.name === ANONYMOUS_CSRF_COOKIE);
  assert.equal(ANONYMOUS_CSRF_COOKIE, '__Host-retain_csrf');
  assert.ok(csrf, JSON.stringify(page.cookies));
  assert.equal(csrf.secure, true);
  assert.equal(csrf.path, '/');
  assert.equal(csrf.domain, undefined);
  const signIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `${ANONYMOUS_CSRF_COOKIE}=${csrf.value}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfFieldIn(page.body)!, email: analyst.user.email, password: TEST_PASSWORD }),
  });
  const session = signIn.cookies.find((cookie) => cookie.name === '__Host-retain_session');
  assert.ok(session?.secure && session.path === '/' && session.domain === undefined);
  // A cookie under the old bare name is not a session.
  assert.equal((await app.inject({ url: '/account', headers: { cookie: `retain_session=${session.value}` } })).statusCode, 303);
  assert.equal((await app.inject({ url: '/account', headers: { cookie: `${SESSION_COOKIE}=${session.value}` } })).statusCode, 200);

  const plainHttp = await testApp({ secureCookies: false });
  try {
    const plainPage = await plainHttp.app.inject({ url: '/sign-in' });
    const bare = plainPage.cookies.find((cookie) => cookie.name === 'retain_csrf');
    assert.ok(bare && !bare.secure);
  } finally {
    await plainHttp.close();
  }
});
