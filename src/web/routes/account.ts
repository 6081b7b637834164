import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeOwnPassword, createApiToken, revokeApiToken } from '../../commands/users.ts';
import { listApiTokens } from '../../db/sessions.ts';
import { findUserForSignIn } from '../../db/users.ts';
import { actorOf } from '../actor.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, newApiToken, verifyPassword } from '../auth.ts';
import { notFound } from '../errors.ts';
import { formError, validateForm } from '../forms.ts';
import { cookieOptions, startSession } from '../session.ts';
import { isDatabaseId } from '../request-guards.ts';

const tokenForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(100, 'Name must be 100 characters or fewer'),
});

const passwordForm = z
  .object({
    current: z.string().min(1, 'Enter your current password'),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`),
    confirm: z.string(),
  })
  .refine((form) => form.password === form.confirm, { path: ['confirm'], message: 'Passwords do not match' });

/** The signed-in user's own account: details, password and API tokens. */
export function register(app: FastifyInstance): void {
  app.get('/account', { config: { access: 'viewer' } }, async (_request, reply) => reply.page('account/index.njk', { title: 'Your account' }));

  app.get('/account/password', { config: { access: 'viewer' } }, async (_request, reply) => reply.page('account/password.njk', { title: 'Change your password' }));

  app.post('/account/password', { config: { access: 'viewer' } }, async (request, reply) => {
    const user = request.user!;
    const form = validateForm(passwordForm, request.body);
    if (!form.ok) return reply.code(400).page('account/password.njk', { title: 'Change your password', errors: form.errors });
    const found = await findUserForSignIn(app.db, user.email);
    if (!found || !(await verifyPassword(found.passwordHash, form.value.current))) {
      return reply.code(400).page('account/password.njk', { title: 'Change your password', errors: formError('current', 'Your current password is not correct') });
    }
    // Changing the password ends every session, this one included; start a fresh one.
    const { tokensRevoked } = await changeOwnPassword(app.db, { passwordHash: await hashPassword(form.value.password) }, { ...actorOf(request), userId: user.id });
    const session = await startSession(app.db, user.id, request.authority?.code ?? null);
    reply.setCookie(app.webSettings.cookies.session, session.cookieValue, cookieOptions(app.webSettings.secureCookies));
    request.session = session.record;
    await request.flash({
      type: 'success',
      heading: 'Your password has been changed',
      ...(tokensRevoked > 0
        ? {
            text: `Your ${tokensRevoked === 1 ? 'API token has' : `${tokensRevoked} API tokens have`} stopped working, as anyone who knew the old password could have made one. Make a new one under API tokens.`,
          }
        : {}),
    });
    return reply.redirect('/account', 303);
  });

  app.get('/account/tokens', { config: { access: 'viewer' } }, async (request, reply) =>
    reply.page('account/tokens.njk', { title: 'API tokens', tokens: await listApiTokens(app.db, request.user!.id) }),
  );

  app.post('/account/tokens', { config: { access: 'viewer' } }, async (request, reply) => {
    const user = request.user!;
    const form = validateForm(tokenForm, request.body);
    if (!form.ok) {
      return reply.code(400).page('account/tokens.njk', { title: 'API tokens', errors: form.errors, tokens: await listApiTokens(app.db, user.id) });
    }
    const secret = newApiToken();
    const token = await createApiToken(app.db, { name: form.value.name, tokenHash: secret.hash, prefix: secret.prefix }, { ...actorOf(request), userId: user.id });
    await request.flash({
      type: 'success',
      heading: `API token “${token.name}” created`,
      text: 'Copy it now: it will not be shown again. Send it as Authorization: Bearer <token>.',
      secret: secret.token,
    });
    return reply.redirect('/account/tokens', 303);
  });

  app.post('/account/tokens/:id/revoke', { config: { access: 'viewer' } }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const revoked = isDatabaseId(id) ? await revokeApiToken(app.db, { tokenId: id, at: new Date() }, { ...actorOf(request), userId: request.user!.id }) : null;
    if (!revoked) throw notFound('No such API token.');
    await request.flash({ type: 'success', heading: `API token “${revoked.name}” revoked` });
    return reply.redirect('/account/tokens', 303);
  });
}
