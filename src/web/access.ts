import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newSecret, roleAllows, safeEqual, type Access } from './auth.ts';
import { noAuthority } from '../errors.ts';
import { csrfRejected, forbidden, unauthenticated } from './errors.ts';
import { asksForForeignAuthority, cookieOptions } from './session.ts';
import type { AuthorityChoice, RouteInfo } from './types.ts';

const ACCESS_LEVELS: readonly Access[] = ['public', 'viewer', 'analyst', 'admin'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route must say who may reach it (`config: { access }`); a route without one fails at
 * start-up rather than being open by accident. Routes are collected in `app.routeTable`, which the
 * access test walks, so routes added later are tested without anyone listing them.
 */
export function collectRoutes(app: FastifyInstance): void {
  const table: RouteInfo[] = [];
  const defaults: { prefix: string; access: Access }[] = [];
  app.decorate('routeTable', table);
  app.decorate('defaultAccess', (prefix: string, access: Access) => {
    defaults.push({ prefix, access });
  });
  app.addHook('onRoute', (route) => {
    // Static files (GOV.UK Frontend's and ours) are public and need no session.
    if (route.config?.skipAuth || route.url.startsWith('/assets/')) {
      route.config = { ...route.config, access: 'public', skipAuth: true };
      return;
    }
    const access = route.config?.access ?? defaults.find((d) => route.url.startsWith(d.prefix))?.access;
    if (access) route.config = { ...route.config, access };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access || !ACCESS_LEVELS.includes(access)) {
      throw new Error(`Route ${methods.join(',')} ${route.url} must declare config: { access: 'public' | 'viewer' | 'analyst' | 'admin' }`);
    }
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, access });
    }
  });
}

/**
 * The one place access is enforced, before any handler runs:
 * 1. the route's access level (no session: sign in; role too low: 403);
 * 2. an authority named in the URL must be one the user is bound to (403);
 * 3. a CSRF token on every form post made with a cookie (API tokens are not sent by browsers, so
 *    requests made with one need none).
 */
export function enforceAccess(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config?.access ?? 'public';
    if (access !== 'public') {
      if (!request.user) return signInFirst(request, reply);
      if (!roleAllows(request.user.role, access)) throw forbidden();
    }
    if (request.user && asksForForeignAuthority(request)) {
      throw forbidden('You do not have access to that authority.');
    }
    if (!SAFE_METHODS.has(request.method) && request.authVia !== 'token') {
      const expected = request.session?.csrfToken ?? request.cookies[app.webSettings.cookies.csrf];
      const given = submittedCsrfToken(request);
      if (!expected || !given || !safeEqual(expected, given)) throw csrfRejected();
    }
  });
}

function signInFirst(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) throw unauthenticated('Sign in, or send Authorization: Bearer <API token>.');
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/sign-in${next}`, 303);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

/**
 * The token from the `_csrf` form field (a plain form, or a multipart form parsed with
 * `attachFieldsToBody`, where fields are `{ value }`), or from the `X-CSRF-Token` header (fetch).
 */
function submittedCsrfToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string') {
    return (field as { value: string }).value;
  }
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** The CSRF token to put in this page's forms: the session's, or, before sign-in, one kept in a cookie. */
export function csrfTokenFor(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): string {
  if (request.session) return request.session.csrfToken;
  const name = app.webSettings.cookies.csrf;
  let token = request.cookies[name];
  if (!token) {
    token = newSecret();
    reply.setCookie(name, token, cookieOptions(app.webSettings.secureCookies));
    // Later pages in this request (e.g. an error page) must send the same token.
    request.cookies[name] = token;
  }
  return token;
}

/**
 * The authority a handler works on: `request.authority`, or a 403 page when the user is bound to
 * none yet (a new account), so handlers need not check for null.
 */
export function authorityOf(request: FastifyRequest): AuthorityChoice {
  if (request.authority) return request.authority;
  throw noAuthority('You do not have access to any authority yet. Ask your Retain administrator to add you to one.');
}
