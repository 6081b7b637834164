import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { listAudit } from '../db/audit.ts';
import { findUserById } from '../db/users.ts';
import { addTestAuthority, cookiesFrom, csrfFieldIn, formBody, sessionFor, signedInAs, TEST_PASSWORD, testApp } from '../test/web.ts';
import { safeNextPath } from './auth.ts';
import { ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE } from './session.ts';

let app: FastifyInstance;
let close: () => Promise<void>;

before(async () => {
  ({ app, close } = await testApp({
    extraRoutes: [
      {
        // An API route of the kind the API module adds, to prove both ways of signing in.
        register(scope) {
          scope.get('/api/v1/test-whoami', { config: { access: 'viewer' } }, async (request) => ({
            email: request.user?.email,
            via: request.authVia,
            authority: request.authority?.code ?? null,
          }));
          scope.post('/api/v1/test-change', { config: { access: 'analyst' } }, async () => ({ changed: true }));
        },
      },
    ],
  }));
  await addTestAuthority(app.db, 'S01', 'Signshire Council');
  await app.ready();
});

after(() => close());

/** Signs in through the form, as a browser would: load the page, then post it with its CSRF token. */
async function signInWithForm(email: string, password: string, next?: string): Promise<LightMyRequestResponse> {
  const page = await app.inject({ method: 'GET', url: '/sign-in' });
  const cookies = cookiesFrom(page);
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `${ANONYMOUS_CSRF_COOKIE}=${cookies[ANONYMOUS_CSRF_COOKIE]}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfFieldIn(page.body)!, email, password, ...(next ? { next } : {}) }),
  });
}

async function auditActions(): Promise<string[]> {
  return (await listAudit(app.db, { limit: 1000, offset: 0 })).entries.map((entry) => entry.action);
}

test('signing in with the right password starts a session, logs it, and goes where the user was headed', async () => {
  const { user } = await signedInAs(app, 'analyst', { email: 'ann@test.example' });
  const response = await signInWithForm('Ann@Test.example', TEST_PASSWORD, '/account');
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/account');
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Lax');
  const account = await app.inject({ url: '/account', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /ann@test\.example/);
  const entries = (await listAudit(app.db, { limit: 5, offset: 0, action: 'sign_in' })).entries;
  assert.equal(entries[0]?.action, 'sign_in.succeeded');
  assert.equal(entries[0]?.userId, user.id);
  assert.ok((await findUserById(app.db, user.id))?.lastSignInAt);
});

test('a wrong password, an unknown email and a disabled account are refused alike, and each is logged', async () => {
  const { user } = await signedInAs(app, 'viewer', { email: 'bob@test.example' });
  const wrong = await signInWithForm('bob@test.example', 'not the password');
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /Enter a correct email address and password/);
  assert.match(wrong.body, /govuk-error-summary/);
  assert.match(wrong.body, /<title>Error: /);
  assert.ok(!wrong.cookies.some((c) => c.name === SESSION_COOKIE));

  const unknown = await signInWithForm('nobody@test.example', TEST_PASSWORD);
  assert.equal(unknown.statusCode, 401);

  await app.inject({ method: 'GET', url: '/' });
  const admin = await signedInAs(app, 'admin');
  await admin.post(`/admin/users/${user.id}/disable`);
  const disabled = await signInWithForm('bob@test.example', TEST_PASSWORD);
  assert.equal(disabled.statusCode, 401);

  const failures = (await listAudit(app.db, { limit: 10, offset: 0, action: 'sign_in.failed' })).entries;
  assert.deepEqual(
    failures.slice(0, 3).map((entry) => entry.details.reason),
    ['disabled', 'unknown_email', 'wrong_password'],
  );
});

test('an empty sign-in form says what is missing', async () => {
  const response = await signInWithForm('', '');
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Enter your email address/);
  assert.match(response.body, /href="#email"/);
});

test('after five attempts in a minute for one email, sign-in is refused and the refusal is logged', async () => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const response = await signInWithForm('carol@test.example', 'guess');
    assert.equal(response.statusCode, 401, `attempt ${attempt}`);
  }
  const sixth = await signInWithForm('carol@test.example', 'guess');
  assert.equal(sixth.statusCode, 429);
  assert.match(sixth.body, /Too many sign-in attempts/);
  assert.ok(Number(sixth.headers['retry-after']) > 0, 'says when to try again');
  assert.ok((await auditActions()).includes('sign_in.rate_limited'));
  // Another email from the same address is counted separately.
  assert.equal((await signInWithForm('dave@test.example', 'guess')).statusCode, 401);
});

test('one address trying many emails is stopped too', async () => {
  const { app: limited, close: closeLimited } = await testApp({ signInAttemptsPerMinute: 1 });
  try {
    await limited.ready();
    const attempt = async (email: string) => {
      const page = await limited.inject({ url: '/sign-in' });
      return limited.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: `${ANONYMOUS_CSRF_COOKIE}=${cookiesFrom(page)[ANONYMOUS_CSRF_COOKIE]}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrfFieldIn(page.body)!, email, password: 'guess' }),
      });
    };
    for (let n = 1; n <= 10; n++) assert.equal((await attempt(`user${n}@test.example`)).statusCode, 401);
    const eleventh = await attempt('user11@test.example');
    assert.equal(eleventh.statusCode, 429);
    assert.match(eleventh.body, /from your network/);
  } finally {
    await closeLimited();
  }
});

test('a form posted without the session’s CSRF token is rejected and changes nothing', async () => {
  const session = await signedInAs(app, 'viewer');
  const other = await signedInAs(app, 'viewer');
  const post = (fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(fields),
    });
  const attempts: Record<string, string>[] = [{ name: 'x' }, { name: 'x', _csrf: 'forged' }, { name: 'x', _csrf: other.csrfToken }];
  for (const fields of attempts) {
    const response = await post(fields);
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /This form has expired/);
  }
  const tokens = await session.get('/account/tokens');
  assert.match(tokens.body, /You have no API tokens/);

  // The sign-in form needs the token from its own cookie too.
  const signIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ email: 'x@test.example', password: 'y' }),
  });
  assert.equal(signIn.statusCode, 403);
});

test('signing out ends the session on the server, not just in the browser', async () => {
  const session = await signedInAs(app, 'viewer');
  const response = await session.post('/sign-out');
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/sign-in?signed_out=1');
  assert.ok(response.cookies.some((c) => c.name === SESSION_COOKIE && c.value === ''));
  const again = await session.get('/dashboard');
  assert.equal(again.statusCode, 303);
  assert.match(String(again.headers.location), /^\/sign-in/);
  assert.ok((await auditActions()).includes('sign_out'));
});

test('a redirect after sign-in only goes to a path on this site', () => {
  assert.equal(safeNextPath('/workforce?team=A'), '/workforce?team=A');
  assert.equal(safeNextPath('//evil.example'), undefined);
  assert.equal(safeNextPath('https://evil.example'), undefined);
  assert.equal(safeNextPath('/\\evil.example'), undefined);
});

test('an admin adds a user, who gets a one-time password that works; the change is in the audit log', async () => {
  const admin = await signedInAs(app, 'admin');
  const created = await admin.post('/admin/users', {
    email: 'Erin@Test.example',
    displayName: 'Erin Example',
    role: 'analyst',
    authorities: ['S01'],
  });
  assert.equal(created.statusCode, 303);
  const page = await admin.get(String(created.headers.location));
  const password = /id="flash-secret">([^<]+)</.exec(page.body)?.[1];
  assert.ok(password, 'the new password is shown once');
  assert.match(page.body, /Signshire Council \(S01\)/);
  const shownAgain = await admin.get(String(created.headers.location));
  assert.ok(!shownAgain.body.includes(password));

  assert.equal((await signInWithForm('erin@test.example', password)).statusCode, 303);
  const entry = (await listAudit(app.db, { limit: 1, offset: 0, action: 'users.created' })).entries[0]!;
  assert.equal(entry.userId, admin.user.id);
  assert.equal(entry.details.email, 'erin@test.example');

  const duplicate = await admin.post('/admin/users', { email: 'erin@test.example', displayName: 'Erin', role: 'viewer' });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /already a user with this email/);

  const invalid = await admin.post('/admin/users', { email: 'not-an-email', displayName: '', role: 'owner' });
  assert.equal(invalid.statusCode, 400);
  for (const message of ['Enter an email address in the correct format', 'Enter the person’s name', 'Select a role']) {
    assert.ok(invalid.body.includes(message), message);
  }
});

test('disabling a user or resetting their password signs them out at once', async () => {
  const admin = await signedInAs(app, 'admin');
  const frank = await signedInAs(app, 'viewer');
  assert.equal((await frank.get('/dashboard')).statusCode, 200);
  await admin.post(`/admin/users/${frank.user.id}/reset-password`);
  assert.equal((await frank.get('/dashboard')).statusCode, 303);

  const grace = await signedInAs(app, 'viewer');
  await admin.post(`/admin/users/${grace.user.id}/disable`);
  assert.equal((await grace.get('/dashboard')).statusCode, 303);
  await admin.post(`/admin/users/${grace.user.id}/enable`);
  assert.equal((await sessionFor(app, grace.user).then((s) => s.get('/dashboard'))).statusCode, 200);
  const actions = await auditActions();
  for (const action of ['users.password_reset', 'users.disabled', 'users.enabled']) assert.ok(actions.includes(action), action);
});

test('the last active admin cannot be made a viewer, and an admin cannot disable themselves', async () => {
  const { app: solo, close: closeSolo } = await testApp();
  try {
    const admin = await signedInAs(solo, 'admin');
    const demoted = await admin.post(`/admin/users/${admin.user.id}`, { displayName: 'Me', role: 'viewer' });
    assert.equal(demoted.statusCode, 400);
    assert.match(demoted.body, /at least one admin/);
    await admin.post(`/admin/users/${admin.user.id}/disable`);
    assert.equal((await findUserById(solo.db, admin.user.id))?.disabled, false);
  } finally {
    await closeSolo();
  }
});

test('a change made through a route that writes no audit entry of its own is still logged', async () => {
  const analyst = await signedInAs(app, 'analyst');
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/test-change',
    headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrfToken },
  });
  assert.equal(response.statusCode, 200);
  const entry = (await listAudit(app.db, { limit: 1, offset: 0, action: 'request.post' })).entries[0];
  assert.equal(entry?.userId, analyst.user.id);
  assert.equal(entry?.details.route, '/api/v1/test-change');
});

test('a user creates an API token, uses it as a Bearer token, and revokes it', async () => {
  const viewer = await signedInAs(app, 'viewer', { authorities: ['S01'] });
  const created = await viewer.post('/account/tokens', { name: 'report script' });
  assert.equal(created.statusCode, 303);
  const page = await viewer.get('/account/tokens');
  const token = /id="flash-secret">(retain_[^<]+)</.exec(page.body)?.[1];
  assert.ok(token);
  assert.match(page.body, /report script/);

  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const whoami = await app.inject({ url: '/api/v1/test-whoami', headers: bearer(token) });
  assert.equal(whoami.statusCode, 200);
  assert.deepEqual(whoami.json(), { email: viewer.user.email, via: 'token', authority: 'S01' });

  // The role still applies; no CSRF token is needed, as browsers never send Bearer tokens by themselves.
  const change = await app.inject({ method: 'POST', url: '/api/v1/test-change', headers: bearer(token) });
  assert.equal(change.statusCode, 403);
  assert.equal(change.json().code, 'forbidden');

  assert.equal((await app.inject({ url: '/api/v1/test-whoami', headers: bearer('retain_wrong') })).statusCode, 401);
  assert.equal((await app.inject({ url: '/api/v1/test-whoami' })).json().code, 'unauthenticated');
  // Session cookies work for the API too.
  assert.equal((await viewer.get('/api/v1/test-whoami')).json().via, 'session');
  // A token is for the API only.
  assert.equal((await app.inject({ url: '/dashboard', headers: bearer(token) })).statusCode, 303);

  const id = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(page.body)?.[1];
  assert.equal((await viewer.post(`/account/tokens/${id}/revoke`)).statusCode, 303);
  assert.equal((await app.inject({ url: '/api/v1/test-whoami', headers: bearer(token) })).statusCode, 401);
  const actions = await auditActions();
  assert.ok(actions.includes('api_tokens.created') && actions.includes('api_tokens.revoked'));

  const someoneElse = await signedInAs(app, 'viewer');
  assert.equal((await someoneElse.post(`/account/tokens/${id}/revoke`)).statusCode, 404);
});

test('a user changes their own password and stays signed in; their other sessions end', async () => {
  const henry = await signedInAs(app, 'viewer');
  const elsewhere = await sessionFor(app, henry.user);
  const wrong = await henry.post('/account/password', { current: 'nope', password: 'a brand new password', confirm: 'a brand new password' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /current password is not correct/);
  const mismatch = await henry.post('/account/password', { current: TEST_PASSWORD, password: 'a brand new password', confirm: 'different' });
  assert.match(mismatch.body, /Passwords do not match/);

  const changed = await henry.post('/account/password', { current: TEST_PASSWORD, password: 'a brand new password', confirm: 'a brand new password' });
  assert.equal(changed.statusCode, 303);
  const newCookie = changed.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const account = await app.inject({ url: '/account', headers: { cookie: `${SESSION_COOKIE}=${newCookie}` } });
  assert.match(account.body, /Your password has been changed/);
  assert.equal((await elsewhere.get('/account')).statusCode, 303);
  assert.equal((await signInWithForm(henry.user.email, 'a brand new password')).statusCode, 303);
});

test('pages are not cached and carry a content security policy; errors under /api are JSON', async () => {
  const response = await app.inject({ url: '/sign-in' });
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.match(String(response.headers['content-security-policy']), /script-src 'self' 'nonce-/);
  assert.equal(response.headers['x-frame-options'], 'DENY');
  const missing = await app.inject({ url: '/api/v1/nothing-here' });
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(missing.json(), { type: '/api#problem-not_found', title: 'Page not found', status: 404, detail: 'If you typed the web address, check it is correct.', code: 'not_found' });
  const page = await app.inject({ url: '/nothing-here' });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /Page not found/);
});
