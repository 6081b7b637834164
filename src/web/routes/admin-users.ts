import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createUser, resetPassword, setUserDisabled, updateUser } from '../../commands/users.ts';
import { findUserById, listAuthorityChoices, listUsers, type User } from '../../db/users.ts';
import { actorOf } from '../actor.ts';
import { generatePassword, hashPassword, ROLE_DESCRIPTIONS, ROLE_NAMES, ROLES } from '../auth.ts';
import { notFound } from '../errors.ts';
import { asArray, formError, validateForm, type FormErrors } from '../forms.ts';
import { isDatabaseId } from '../request-guards.ts';

const roleField = z.enum(['admin', 'analyst', 'viewer'], { error: 'Select a role' });

function userForm(authorityCodes: string[]) {
  return z.object({
    displayName: z.string().trim().min(1, 'Enter the person’s name').max(200, 'Name must be 200 characters or fewer'),
    role: roleField,
    authorities: z.preprocess(asArray, z.array(z.string().refine((code) => authorityCodes.includes(code), 'Select authorities from the list'))),
  });
}

const newUserForm = (authorityCodes: string[]) =>
  userForm(authorityCodes).extend({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' })),
  });

/** Users admin: list, add (with a one-time password), change role and authorities, disable, reset password. */
export function register(app: FastifyInstance): void {
  const admin = { config: { access: 'admin' as const } };

  app.get('/admin/users', admin, async (_request, reply) => reply.page('admin/users.njk', { title: 'Users', users: await listUsers(app.db) }));

  app.get('/admin/users/new', admin, async (_request, reply) => reply.page('admin/user-form.njk', await formPage(app, null)));

  app.post('/admin/users', admin, async (request, reply) => {
    const choices = await listAuthorityChoices(app.db);
    const form = validateForm(newUserForm(choices.map((a) => a.code)), request.body);
    const values = request.body as Record<string, unknown>;
    if (!form.ok) return reply.code(400).page('admin/user-form.njk', await formPage(app, null, values, form.errors));
    const password = generatePassword();
    const created = await createUser(
      app.db,
      { email: form.value.email, displayName: form.value.displayName, role: form.value.role, authorities: form.value.authorities, passwordHash: await hashPassword(password) },
      actorOf(request),
    );
    // The rules (a unique email; an analyst or viewer belongs to a council) are the command's.
    if (!created.ok) return reply.code(400).page('admin/user-form.njk', await formPage(app, null, values, formError(created.field, created.message)));
    const user = created.user;
    await request.flash({
      type: 'success',
      heading: `${user.displayName} has been added`,
      text: `Give them this password, privately. It will not be shown again; they can change it under “Your account”.`,
      secret: password,
    });
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  app.get('/admin/users/:id', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    return reply.page('admin/user.njk', { title: user.displayName, shownUser: user, authorityNames: await authorityNames(app) });
  });

  app.get('/admin/users/:id/edit', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    return reply.page('admin/user-form.njk', await formPage(app, user));
  });

  app.post('/admin/users/:id', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    const choices = await listAuthorityChoices(app.db);
    const form = validateForm(userForm(choices.map((a) => a.code)), request.body);
    const values = request.body as Record<string, unknown>;
    if (!form.ok) return reply.code(400).page('admin/user-form.njk', await formPage(app, user, values, form.errors));
    const updated = await updateUser(app.db, { userId: user.id, ...form.value }, actorOf(request));
    if (!updated.ok) return reply.code(400).page('admin/user-form.njk', await formPage(app, user, values, formError(updated.field, updated.message)));
    const after = updated.user;
    await request.flash({ type: 'success', heading: `${after.displayName}’s details have been updated` });
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  app.post('/admin/users/:id/disable', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    const disabled = await setUserDisabled(app.db, { userId: user.id, disabled: true }, actorOf(request));
    if (!disabled.ok) {
      await request.flash({ type: 'important', heading: disabled.message });
      return reply.redirect(`/admin/users/${user.id}`, 303);
    }
    await request.flash({ type: 'success', heading: `${user.displayName} has been disabled`, text: 'They have been signed out and cannot sign in.' });
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  app.post('/admin/users/:id/enable', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    if (!(await setUserDisabled(app.db, { userId: user.id, disabled: false }, actorOf(request))).ok) throw notFound('No such user.');
    await request.flash({ type: 'success', heading: `${user.displayName} can sign in again` });
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  app.post('/admin/users/:id/reset-password', admin, async (request, reply) => {
    const user = await userFrom(app, request);
    const password = generatePassword();
    const reset = await resetPassword(app.db, { userId: user.id, passwordHash: await hashPassword(password) }, actorOf(request));
    if (!reset) throw notFound('No such user.');
    const { tokensRevoked } = reset;
    if (user.id === request.user!.id) {
      // Their own sessions ended with the old password, this one included.
      return reply.redirect('/sign-in', 303);
    }
    await request.flash({
      type: 'success',
      heading: `${user.displayName}’s password has been reset`,
      text: `Give them this new password, privately. It will not be shown again. They have been signed out${tokensRevoked > 0 ? ' and their API tokens no longer work' : ''}.`,
      secret: password,
    });
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });
}

async function userFrom(app: FastifyInstance, request: FastifyRequest): Promise<User> {
  const id = Number((request.params as { id: string }).id);
  const user = isDatabaseId(id) ? await findUserById(app.db, id) : undefined;
  if (!user) throw notFound('No such user.');
  return user;
}

async function authorityNames(app: FastifyInstance): Promise<Record<string, string>> {
  return Object.fromEntries((await listAuthorityChoices(app.db)).map((a) => [a.code, a.name]));
}

async function formPage(app: FastifyInstance, user: User | null, values?: Record<string, unknown>, errors?: FormErrors) {
  const chosen = values ? asArray(values.authorities).map(String) : (user?.authorities ?? []);
  return {
    title: user ? `Change ${user.displayName}’s details` : 'Add a user',
    editedUser: user,
    values: values ?? (user ? { displayName: user.displayName, role: user.role } : {}),
    errors,
    roleItems: ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], hint: { text: ROLE_DESCRIPTIONS[role] } })),
    authorityItems: (await listAuthorityChoices(app.db)).map((a) => ({
      value: a.code,
      text: `${a.name} (${a.code})`,
      checked: chosen.includes(a.code),
    })),
  };
}
