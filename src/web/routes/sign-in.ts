import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteExpiredSessions } from '../../db/sessions.ts';
import { findUserForSignIn, normaliseEmail, recordSignIn } from '../../db/users.ts';
import { safeNextPath, verifyAgainstNothing, verifyPassword } from '../auth.ts';
import { rateLimited } from '../errors.ts';
import { formError, validateForm } from '../forms.ts';
import { cookieOptions, endSession, startSession } from '../session.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
  next: z.string().optional(),
});

const WRONG = 'Enter a correct email address and password';

export function register(app: FastifyInstance): void {
  // Beside the per-email limit on the route: one address trying many emails (password spraying).
  const perAddress = app.createRateLimit({
    max: app.webSettings.signInAttemptsPerMinute * 10,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `sign-in|${request.ip}`,
  });
  const perEmail = app.createRateLimit({
    max: app.webSettings.signInAttemptsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `sign-in|${request.ip}|${emailOf(request)}`,
  });

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNextPath((request.query as { next?: unknown }).next);
    if (request.user) return reply.redirect(next ?? '/dashboard', 303);
    return reply.page('sign-in.njk', { title: 'Sign in', next, values: {} });
  });

  app.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    // Checked here rather than by the plugin's route option so that the refusal's audit entry is
    // written before the response: every attempt counts, whatever the form holds.
    const byAddress = await perAddress(request);
    if (!byAddress.isAllowed && byAddress.isExceeded) {
      await request.audit('sign_in.rate_limited', { details: { email: emailOf(request), per: 'address' } });
      reply.header('retry-after', String(byAddress.ttlInSeconds));
      throw rateLimited('Too many sign-in attempts from your network. Wait a minute and try again.');
    }
    const byEmail = await perEmail(request);
    if (!byEmail.isAllowed && byEmail.isExceeded) {
      await request.audit('sign_in.rate_limited', { details: { email: emailOf(request) } });
      reply.header('retry-after', String(byEmail.ttlInSeconds));
      throw rateLimited(`Too many sign-in attempts. Wait ${secondsInWords(byEmail.ttlInSeconds)} and try again.`);
    }
    const form = validateForm(signInForm, request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNextPath(body.next);
    const values = { email: typeof body.email === 'string' ? body.email : '' };
    if (!form.ok) return reply.code(400).page('sign-in.njk', { title: 'Sign in', errors: form.errors, values, next });

    const found = await findUserForSignIn(app.db, form.value.email);
    const passwordOk = found ? await verifyPassword(found.passwordHash, form.value.password) : await verifyAgainstNothing(form.value.password);
    if (!found || !passwordOk || found.user.disabled) {
      const reason = !found ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'disabled';
      await request.audit('sign_in.failed', { details: { email: normaliseEmail(form.value.email), reason } });
      return reply.code(401).page('sign-in.njk', { title: 'Sign in', errors: formError('email', WRONG), values, next });
    }

    const { user } = found;
    // A new session on every sign-in, so a session id planted before sign-in is worthless.
    if (request.session) await endSession(app.db, request.session);
    await deleteExpiredSessions(app.db, new Date());
    const session = await startSession(app.db, user.id, null);
    await recordSignIn(app.db, user.id, new Date());
    request.user = user;
    await request.audit('sign_in.succeeded');
    // A browser-session cookie: the server ends the session after 8 idle hours.
    reply.setCookie(app.webSettings.cookies.session, session.cookieValue, cookieOptions(app.webSettings.secureCookies));
    reply.clearCookie(app.webSettings.cookies.csrf, cookieOptions(app.webSettings.secureCookies));
    return reply.redirect(next ?? '/dashboard', 303);
  });

  app.post('/sign-out', { config: { access: 'viewer' } }, async (request, reply) => {
    if (request.session) await endSession(app.db, request.session);
    await request.audit('sign_out');
    reply.clearCookie(app.webSettings.cookies.session, cookieOptions(app.webSettings.secureCookies));
    return reply.redirect('/sign-in?signed_out=1', 303);
  });
}

function emailOf(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? normaliseEmail(email) : '';
}

function secondsInWords(seconds: number): string {
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
