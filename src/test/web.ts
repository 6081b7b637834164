import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/database.ts';
import type { UserRole } from '../db/schema.ts';
import { createUser, listAuthorityChoices, type User } from '../db/users.ts';
import { buildApp, type AppOptions } from '../web/app.ts';
import { hashPassword } from '../web/auth.ts';
import { SESSION_COOKIE, startSession } from '../web/session.ts';
import { testDatabase } from './db.ts';

/** The password of every user made by `signedInAs`, for tests that sign in through the form. */
export const TEST_PASSWORD = 'correct horse battery staple';
/** Where the browser tests save a screenshot of each main page (the README points here). */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output', 'screenshots');
let testPasswordHash: Promise<string> | undefined;
let userCounter = 0;

/** A migrated test database and the web app on it. Always `await close()`. */
export async function testApp(options: Omit<AppOptions, 'db'> = {}): Promise<{ app: FastifyInstance; db: Db; close(): Promise<void> }> {
  const opened = await testDatabase();
  const app = await buildApp({ db: opened.db, ...options });
  return {
    app,
    db: opened.db,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

export async function addTestAuthority(db: Db, code: string, name: string): Promise<void> {
  await db
    .insertInto('authorities')
    .values({ code, name, new_la_code: null, old_la_code: null, region_code: null, region_name: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A browser-like session for tests: its cookie, its CSRF token, and `get`/`post` that send them. */
export interface TestSession {
  user: User;
  cookie: string;
  csrfToken: string;
  get(url: string, options?: Omit<InjectOptions, 'url' | 'method'>): Promise<LightMyRequestResponse>;
  /** Posts a form (urlencoded), adding `_csrf` unless the fields carry their own. */
  post(url: string, fields?: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

/**
 * Makes a user with this role and signs them in, straight into the database (no password check,
 * no rate limit), so tests can sign in as often as they like. Bound to every authority in the
 * database unless `authorities` says otherwise. The user's password is TEST_PASSWORD.
 */
export async function signedInAs(app: FastifyInstance, role: UserRole, options: { authorities?: string[]; email?: string; displayName?: string } = {}): Promise<TestSession> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  userCounter += 1;
  const authorities = options.authorities ?? (await listAuthorityChoices(app.db)).map((a) => a.code);
  const user = await createUser(app.db, {
    email: options.email ?? `${role}-${process.pid}-${userCounter}@test.example`,
    displayName: options.displayName ?? `Test ${role} ${userCounter}`,
    role,
    authorities,
    passwordHash: await testPasswordHash,
  });
  return sessionFor(app, user);
}

/** A fresh session for an existing user. */
export async function sessionFor(app: FastifyInstance, user: User): Promise<TestSession> {
  const { cookieValue, record } = await startSession(app.db, user.id, null);
  const cookie = `${SESSION_COOKIE}=${cookieValue}`;
  return {
    user,
    cookie,
    csrfToken: record.csrfToken,
    get: (url, options = {}) => app.inject({ ...options, method: 'GET', url, headers: { ...options.headers, cookie } }),
    post: (url, fields = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: record.csrfToken, ...fields }),
      }),
  };
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  return params.toString();
}

/** The cookies a response sets, as `name=value` pairs ready to send back. */
export function cookiesFrom(response: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cookie of response.cookies) out[cookie.name] = cookie.value;
  return out;
}

/** The value of the first `_csrf` hidden field in a page. */
export function csrfFieldIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** A multipart/form-data body as a browser sends an upload form (the file field is `file`). */
export function multipartBody(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }): { payload: Buffer; contentType: string } {
  const boundary = `----retain${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
