import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import type { Flash } from '../db/schema.ts';
import { createSession, deleteSession, extendSession, findApiToken, findSignedIn, setSessionFlash, type SessionRecord, touchApiToken } from '../db/sessions.ts';
import { findUserById, listAuthorityChoices, type User } from '../db/users.ts';
import { newSecret, sha256 } from './auth.ts';
import type { AuthorityChoice } from './types.ts';

/**
 * The session cookie. Secure cookies (the default) carry the `__Host-` prefix: a browser then
 * keeps one only if it came over HTTPS (or from localhost) with `Secure`, `Path=/` and no
 * `Domain`, so neither a sibling subdomain nor a plain-http man in the middle can plant or
 * overwrite it (session fixation, CSRF token planting). Plain-http deployments
 * (RETAIN_INSECURE_COOKIES=1) cannot use the prefix and get the bare names.
 */
export const SESSION_COOKIE = '__Host-retain_session';
/** Holds the CSRF token of a visitor who is not signed in yet (the sign-in form). */
export const ANONYMOUS_CSRF_COOKIE = '__Host-retain_csrf';

/** The cookie names for an app whose cookies are (or are not) secure. */
export function cookieNames(secure: boolean): { session: string; csrf: string } {
  return secure ? { session: SESSION_COOKIE, csrf: ANONYMOUS_CSRF_COOKIE } : { session: 'retain_session', csrf: 'retain_csrf' };
}

/** A session lasts 8 hours from the last request (a working day), then the user signs in again. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
// Refreshing the expiry on every request would write on every page view; once in ten minutes is enough.
const EXTEND_AFTER_MS = 10 * 60 * 1000;

export function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/** Starts a session for a user who has proved who they are. Returns the cookie value (never stored) and the CSRF token. */
export async function startSession(db: Db, userId: number, authorityCode: string | null, now = new Date()): Promise<{ cookieValue: string; record: SessionRecord }> {
  const cookieValue = newSecret();
  const record: SessionRecord = {
    idHash: sha256(cookieValue),
    userId,
    csrfToken: newSecret(),
    authorityCode,
    flash: null,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
  };
  await createSession(db, record);
  return { cookieValue, record };
}

export async function endSession(db: Db, session: { idHash: string }): Promise<void> {
  await deleteSession(db, session.idHash);
}

/** The authorities a user may see: every authority for an admin, their own otherwise. */
export async function authoritiesFor(db: Db, user: User): Promise<AuthorityChoice[]> {
  const all = await listAuthorityChoices(db);
  if (user.role === 'admin') return all;
  const bound = new Set(user.authorities);
  return all.filter((authority) => bound.has(authority.code));
}

/**
 * Adds the request decorations and the hook that works out who is asking: a session cookie for
 * browsers, or `Authorization: Bearer <token>` under /api. Disabled users count as signed out.
 */
export function registerSessionHooks(app: FastifyInstance): void {
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('authorities', null as unknown as AuthorityChoice[]);
  app.decorateRequest('authority', null);
  app.decorateRequest('audited', false);
  app.decorateRequest('cspNonce', '');
  app.decorateRequest('audit', async function (this: FastifyRequest, action, options = {}) {
    this.audited = true;
    await writeAudit(app.db, {
      userId: this.user?.id ?? null,
      userEmail: this.user?.email ?? null,
      action,
      authorityCode: options.authorityCode ?? null,
      details: options.details ?? {},
      ip: this.ip,
    });
  });
  app.decorateRequest('flash', async function (this: FastifyRequest, flash: Flash) {
    if (!this.session) return;
    this.session.flash = flash;
    await setSessionFlash(app.db, this.session.idHash, flash);
  });

  app.addHook('onRequest', async (request, reply) => {
    request.authorities = [];
    request.cspNonce = newSecret(16);
    if (request.routeOptions.config?.skipAuth) return;
    const now = new Date();
    const bearer = bearerToken(request);
    if (bearer !== undefined) {
      await loadFromToken(app, request, bearer, now);
    } else {
      await loadFromCookie(app, request, reply, now);
    }
    if (request.user) {
      // A session cookie brings the authorities with it (findSignedIn); a token asks here.
      if (request.authVia !== 'session') request.authorities = await authoritiesFor(app.db, request.user);
      request.authority = currentAuthority(request);
    }
  });

  // The fallback audit entry: any change made through a form or the API is logged even when the
  // handler did not write a more specific entry itself. Written before the response goes out, so
  // a client that sees success can rely on the entry being there.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.audited || !request.user) return payload;
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return payload;
    if (reply.statusCode >= 400) return payload;
    request.audited = true;
    await writeAudit(app.db, {
      userId: request.user.id,
      userEmail: request.user.email,
      action: `request.${request.method.toLowerCase()}`,
      authorityCode: request.authority?.code ?? null,
      details: { route: request.routeOptions.url, url: request.url, status: reply.statusCode },
      ip: request.ip,
    });
    return payload;
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !request.url.startsWith('/api/')) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}

async function loadFromToken(app: FastifyInstance, request: FastifyRequest, token: string, now: Date): Promise<void> {
  if (!token) return;
  const found = await findApiToken(app.db, sha256(token));
  if (!found) return;
  const user = await findUserById(app.db, found.userId);
  if (!user || user.disabled) return;
  request.user = user;
  request.authVia = 'token';
  await touchApiToken(app.db, found.id, now);
}

async function loadFromCookie(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, now: Date): Promise<void> {
  const cookieValue = request.cookies[app.webSettings.cookies.session];
  if (!cookieValue) return;
  // The session, its user and their authorities in one query.
  const found = await findSignedIn(app.db, sha256(cookieValue), now);
  if (!found || found.user.disabled) {
    reply.clearCookie(app.webSettings.cookies.session, cookieOptions(app.webSettings.secureCookies));
    return;
  }
  const { session, user } = found;
  request.user = user;
  request.session = session;
  request.authVia = 'session';
  request.authorities = found.authorities;
  if (session.expiresAt.getTime() - now.getTime() < SESSION_IDLE_MS - EXTEND_AFTER_MS) {
    session.expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    await extendSession(app.db, session.idHash, session.expiresAt);
  }
}

function requestedAuthority(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const value = params?.authority ?? query?.authority;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function currentAuthority(request: FastifyRequest): AuthorityChoice | null {
  const wanted = requestedAuthority(request) ?? request.session?.authorityCode ?? undefined;
  return request.authorities.find((authority) => authority.code === wanted) ?? request.authorities[0] ?? null;
}

/** True when the request names an authority (`:authority` or `?authority=`) the user may not see. */
export function asksForForeignAuthority(request: FastifyRequest): boolean {
  const wanted = requestedAuthority(request);
  return wanted !== undefined && !request.authorities.some((authority) => authority.code === wanted);
}

/** Takes the flash message out of the session: it is shown once. */
export async function takeFlash(app: FastifyInstance, request: FastifyRequest): Promise<Flash | null> {
  const flash = request.session?.flash ?? null;
  if (flash && request.session) {
    request.session.flash = null;
    await setSessionFlash(app.db, request.session.idHash, null);
  }
  return flash;
}
