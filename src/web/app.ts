import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.ts';
import { collectRoutes, enforceAccess, isApiRequest } from './access.ts';
import { GOVUK_FRONTEND_DIST, GOVUK_INLINE_SCRIPT_HASH, registerPages } from './render.ts';
import { registerPdf } from './pdf.ts';
import { problemFor, problemOf, type Problem } from './problems.ts';
import { registerRequestGuards } from './request-guards.ts';
import { routeModules, type RouteModule } from './routes/index.ts';
import { cookieNames, registerSessionHooks } from './session.ts';
import './types.ts';

export interface AppOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /**
   * Mark cookies `Secure` (default true). Browsers accept Secure cookies from http://localhost, so
   * this stays on for local use and behind HTTPS. Turn it off only when Retain is served over plain
   * http on another host name (a closed network): there browsers drop Secure cookies and nobody
   * could sign in. `RETAIN_INSECURE_COOKIES=1` does this for `retain serve`.
   */
  secureCookies?: boolean;
  /** Trust X-Forwarded-For behind a reverse proxy, so rate limits and the audit log see the real IP. */
  trustProxy?: boolean;
  /** Sign-in attempts allowed per minute for one IP address and email (default 5). */
  signInAttemptsPerMinute?: number;
  /** More route modules, after the built-in ones (tests use this for routes of their own). */
  extraRoutes?: RouteModule[];
  /** A notice every page shows while it returns one (the demo council loading on first start). */
  startupNotice?: () => string | null;
}

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
const GOVUK_DIR = join(GOVUK_FRONTEND_DIST, 'govuk');

/**
 * The web app: GOV.UK Frontend pages rendered on the server, plus the hooks every route shares
 * (who is asking, may they, CSRF, audit). Routes live in src/web/routes and are listed in
 * routes/index.ts. Returned before `ready()`, so callers may still add routes.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // Forms are small; a route that takes uploads sets its own `bodyLimit` / multipart limits.
    bodyLimit: 1024 * 1024,
  });
  app.decorate('db', options.db);
  const secureCookies = options.secureCookies ?? true;
  app.decorate('webSettings', {
    secureCookies,
    cookies: cookieNames(secureCookies),
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 5,
    startupNotice: options.startupNotice ?? (() => null),
  });

  collectRoutes(app);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  registerSessionHooks(app);
  enforceAccess(app);
  registerRequestGuards(app);
  registerPages(app);
  registerPdf(app);
  securityHeaders(app);
  errorPages(app);
  await assets(app);

  app.get('/health', { config: { access: 'public', skipAuth: true } }, async () => ({ status: 'ok' }));
  for (const module of [...routeModules, ...(options.extraRoutes ?? [])]) {
    await app.register(async (scope) => module.register(scope));
  }
  return app;
}

/** GOV.UK Frontend's images, CSS and JS, and our own few files, under /assets. */
async function assets(app: FastifyInstance): Promise<void> {
  // GOV.UK's typeface (GDS Transport) is only licensed for GOV.UK services; Retain is a council
  // tool, so its @font-face rules go and pages fall back to the stack's Arial.
  const css = readFileSync(join(GOVUK_DIR, 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
  const js = readFileSync(join(GOVUK_DIR, 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const assetConfig = { config: { access: 'public' as const, skipAuth: true } };
  app.get('/assets/govuk-frontend.min.css', assetConfig, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  app.get('/assets/govuk-frontend.min.js', assetConfig, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(js));
  await app.register(fastifyStatic, {
    root: [PUBLIC_DIR, join(GOVUK_DIR, 'assets')],
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  });
}

function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // Served over HTTPS (directly, or behind a proxy trusted with RETAIN_TRUST_PROXY, whose
    // X-Forwarded-Proto Fastify then believes): browsers are to use HTTPS for a year. Never over
    // plain http, where it would be ignored, and without includeSubDomains: a council's other
    // sites on sibling names are not ours to bind.
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    if (!request.routeOptions.config?.skipAuth) {
      // Pages carry personal data: keep them out of shared and back-button caches.
      reply.header('cache-control', 'no-store');
      reply.header(
        'content-security-policy',
        [
          "default-src 'self'",
          // GOV.UK Frontend's one inline script also by its hash: reused pages carry no nonce (render.ts).
          `script-src 'self' 'nonce-${request.cspNonce}'${GOVUK_INLINE_SCRIPT_HASH ? ` ${GOVUK_INLINE_SCRIPT_HASH}` : ''}`,
          // Inline style attributes are allowed for charts drawn as SVG.
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ].join('; '),
      );
    }
    return payload;
  });
}

/** Errors as GOV.UK pages, or as RFC 9457 problem JSON under /api; the status and wording come from problems.ts. */
function errorPages(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const { problem, log } = problemFor(error);
    if (problem.code === 'database_unavailable') {
      // The database went away mid-request (pool.on('connect') in database.ts keeps the process up
      // and the pool replaces the connection): say so, and that the change was not saved.
      request.log.error({ err: error }, 'database connection lost');
    } else if (log === 'error') request.log.error({ err: error }, 'request failed');
    else if (log === 'warn') request.log.warn({ err: error }, 'request refused by the database');
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler(async (request, reply) => sendProblem(request, reply, problemOf('not_found', 'If you typed the web address, check it is correct.')));
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  reply.code(problem.status);
  if (isApiRequest(request)) return reply.type('application/problem+json; charset=utf-8').send(problem);
  return reply.page('error.njk', { title: problem.title, message: problem.detail, status: problem.status, code: problem.code });
}
