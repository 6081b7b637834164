import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { UserRole } from '../db/schema.ts';
import type { User } from '../db/users.ts';
import { addTestAuthority, cookiesFrom, csrfFieldIn, formBody, sessionFor, signedInAs, testApp } from '../test/web.ts';
import { buildApp } from './app.ts';
import { canSeePersonalData, roleAllows, type Access } from './auth.ts';
import type { RouteInfo } from './types.ts';

// Bound to one authority; the other's name must never reach them.
const OWN = { code: 'T01', name: 'Ownshire Council' };
const FOREIGN = { code: 'T02', name: 'Foreignborough Council' };
const ROLES: UserRole[] = ['viewer', 'analyst', 'admin'];

let app: FastifyInstance;
let close: () => Promise<void>;
const users = {} as Record<UserRole, User>;
let target: User;

before(async () => {
  ({ app, close } = await testApp());
  await addTestAuthority(app.db, OWN.code, OWN.name);
  await addTestAuthority(app.db, FOREIGN.code, FOREIGN.name);
  for (const role of ROLES) users[role] = (await signedInAs(app, role, { authorities: [OWN.code] })).user;
  // Routes with :id act on this user (disabling or resetting them harms nothing).
  target = (await signedInAs(app, 'viewer', { authorities: [OWN.code], email: 'target@test.example' })).user;
  await app.ready();
});

after(() => close());

function routes(): RouteInfo[] {
  return app.routeTable.filter((route) => !route.url.startsWith('/assets/'));
}

function concreteUrl(url: string): string {
  return url
    .replace(/:authority\b/g, OWN.code)
    .replace(/:id\b/g, String(target.id))
    .replace(/:[A-Za-z_]+/g, '1')
    .replace(/\*/g, 'x');
}

/** Sent to sign in, or refused: anything else means the request reached the handler. */
function keptOut(response: LightMyRequestResponse): boolean {
  const location = String(response.headers.location ?? '');
  const toSignIn = response.statusCode === 303 && (location === '/sign-in' || location.startsWith('/sign-in?next='));
  return toSignIn || response.statusCode === 401 || response.statusCode === 403;
}

async function asRole(role: UserRole, method: string, url: string): Promise<LightMyRequestResponse> {
  // A fresh session each time: some routes end it (sign-out) or change the user.
  const session = await sessionFor(app, users[role]);
  return method === 'GET' ? session.get(url) : session.post(url);
}

async function anonymously(method: string, url: string): Promise<LightMyRequestResponse> {
  if (method === 'GET') return app.inject({ method, url });
  // A visitor who has loaded a page has the pre-sign-in CSRF cookie and token.
  const page = await app.inject({ method: 'GET', url: '/sign-in' });
  const cookies = cookiesFrom(page);
  return app.inject({
    method,
    url,
    headers: {
      cookie: Object.entries(cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: formBody({ _csrf: csrfFieldIn(page.body) ?? '' }),
  });
}

test('every route declares who may use it, and a route that does not fails at start-up', async () => {
  assert.ok(routes().length >= 15, `only ${routes().length} routes registered`);
  for (const route of routes()) assert.ok(['public', 'viewer', 'analyst', 'admin'].includes(route.access), route.url);

  await assert.rejects(async () => {
    const bad = await buildApp({
      db: app.db,
      extraRoutes: [{ register: (scope) => void scope.get('/unguarded', async () => 'open') }],
    });
    await bad.ready();
  }, /must declare config: \{ access/);

  // Routes a plugin adds, which cannot carry config, get their access from a prefix declared first.
  const withDefault = await buildApp({
    db: app.db,
    extraRoutes: [
      {
        register(scope) {
          scope.defaultAccess('/plugin-docs', 'viewer');
          scope.get('/plugin-docs/page', async () => 'docs');
        },
      },
    ],
  });
  await withDefault.ready();
  assert.deepEqual(
    withDefault.routeTable.find((route) => route.url === '/plugin-docs/page'),
    { method: 'GET', url: '/plugin-docs/page', access: 'viewer' },
  );
  assert.equal((await withDefault.inject({ url: '/plugin-docs/page' })).statusCode, 303);
  await withDefault.close();
});

test('without a session, public routes answer and every other route sends the visitor to sign in', async () => {
  for (const route of routes()) {
    const url = concreteUrl(route.url);
    const response = await anonymously(route.method, url);
    const label = `${route.method} ${route.url} (${route.access}) -> ${response.statusCode} ${response.headers.location ?? ''}`;
    if (route.access === 'public') {
      assert.ok(!keptOut(response), label);
    } else if (url.startsWith('/api/')) {
      assert.equal(response.statusCode, 401, label);
    } else {
      assert.equal(response.statusCode, 303, label);
      assert.match(String(response.headers.location), /^\/sign-in/, label);
    }
  }
});

for (const role of ROLES) {
  test(`a signed-in ${role} reaches exactly the routes their role allows`, async () => {
    for (const route of routes()) {
      const response = await asRole(role, route.method, concreteUrl(route.url));
      if (process.env.SHOW_ROUTES) console.log(role, route.method, route.url, response.statusCode, response.headers.location ?? '');
      const label = `${role} ${route.method} ${route.url} (${route.access}) -> ${response.statusCode} ${response.headers.location ?? ''}`;
      if (roleAllows(role, route.access)) {
        assert.ok(!keptOut(response), label);
        assert.ok(response.statusCode < 500, label);
      } else {
        assert.equal(response.statusCode, 403, label);
      }
    }
  });
}

for (const role of ['viewer', 'analyst'] as const) {
  test(`${role === 'analyst' ? 'an' : 'a'} ${role} never sees an authority they are not bound to`, async () => {
    for (const route of routes().filter((r) => r.method === 'GET' && roleAllows(role, r.access))) {
      const url = concreteUrl(route.url);
      const page = await asRole(role, 'GET', url);
      assert.ok(!page.body.includes(FOREIGN.name), `${url} shows ${FOREIGN.name}`);
      if (route.access === 'public') continue;
      // Asking for it by name is refused everywhere, as a query or a path parameter.
      const asked = await asRole(role, 'GET', `${url}${url.includes('?') ? '&' : '?'}authority=${FOREIGN.code}`);
      assert.equal(asked.statusCode, 403, `${url}?authority=${FOREIGN.code} -> ${asked.statusCode}`);
    }
    const session = await sessionFor(app, users[role]);
    const switched = await session.post('/authority', { authority: FOREIGN.code });
    assert.equal(switched.statusCode, 400);
    const dashboard = await session.get('/dashboard');
    assert.ok(dashboard.body.includes(OWN.name));
    assert.ok(!dashboard.body.includes(FOREIGN.name));
  });
}

test('an admin sees every authority and can switch between them', async () => {
  const session = await sessionFor(app, users.admin);
  const switched = await session.post('/authority', { authority: FOREIGN.code });
  assert.equal(switched.statusCode, 303);
  const dashboard = await session.get('/dashboard');
  assert.match(dashboard.body, /Authority: <strong>Foreignborough Council<\/strong>/);
});

test('only analysts and admins may see personal data', () => {
  assert.equal(canSeePersonalData(null), false);
  assert.equal(canSeePersonalData({ role: 'viewer' }), false);
  assert.equal(canSeePersonalData({ role: 'analyst' }), true);
  assert.equal(canSeePersonalData({ role: 'admin' }), true);
  const levels: Access[] = ['public', 'viewer', 'analyst', 'admin'];
  assert.deepEqual(
    levels.map((level) => roleAllows('analyst', level)),
    [true, true, true, false],
  );
});

test('of the review and tracker pages, only a published review (its page and reports) is open without signing in', () => {
  const open = routes().filter((route) => route.access === 'public' && /^\/(published|reviews|tracker)/.test(route.url));
  assert.deepEqual(open.map((route) => `${route.method} ${route.url}`).sort(), [
    'GET /published/reviews/:reviewId',
    'GET /published/reviews/:reviewId/evaluation.docx',
    'GET /published/reviews/:reviewId/evaluation.pdf',
    'GET /published/reviews/:reviewId/report.docx',
    'GET /published/reviews/:reviewId/report.pdf',
  ]);
  // Writes to the tracker are for officers.
  for (const route of routes().filter(
    (r) => r.method === 'POST' && /^\/(tracker|reviews\/:reviewId\/(report-route|response|monitoring|publish|unpublish|recommendations\/:recommendationId\/(progress|owner|actions)))/.test(r.url),
  )) {
    assert.equal(route.access, 'analyst', route.url);
  }
});
