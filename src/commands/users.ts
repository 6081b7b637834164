import type { Db } from '../db/database.ts';
import { createApiToken as insertApiToken, revokeApiToken as markApiTokenRevoked, type ApiToken } from '../db/sessions.ts';
import type { UserRole } from '../db/schema.ts';
import {
  countActiveAdmins,
  createUser as insertUser,
  findUserById,
  findUserForSignIn,
  setPasswordHash,
  setUserDisabled as updateUserDisabled,
  updateUser as updateUserRow,
  type User,
} from '../db/users.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/**
 * Writes to users and their access: an admin adds a user, changes their role and councils,
 * disables or enables them, resets a password; a user changes their own password and makes or
 * revokes API tokens. Each is one transaction with its audit entry. The rules that keep the
 * service usable (one admin at least, no analyst or viewer without a council, nobody disabling
 * themselves) are here, so any caller keeps them; a refused change writes nothing and says why,
 * naming the form field it is about.
 *
 * Passwords arrive hashed (src/web/auth.ts hashes with argon2id): this layer never sees one.
 */

export type UserChange = { ok: true; user: User } | { ok: false; field: 'email' | 'role' | 'authorities' | 'user'; message: string };

/** What the audit log keeps about a user: never the password hash. */
function describe(user: User) {
  return { userId: user.id, email: user.email, role: user.role, authorities: user.authorities, disabled: user.disabled };
}

/**
 * Adds a user. An analyst or viewer must belong to at least one council: with none they would sign
 * in to empty pages (admins see every council whatever they are bound to).
 */
export async function createUser(db: Db, input: { email: string; displayName: string; role: UserRole; authorities: string[]; passwordHash: string }, actor: Actor): Promise<UserChange> {
  return inTransaction(db, async (trx) => {
    if (await findUserForSignIn(trx, input.email)) return { ok: false, field: 'email', message: 'There is already a user with this email address' };
    if (input.role !== 'admin' && input.authorities.length === 0) return { ok: false, field: 'authorities', message: 'Select at least one council the person works for' };
    const user = await insertUser(trx, input);
    await auditAs(trx, actor, 'users.created', null, describe(user));
    return { ok: true, user };
  });
}

/** Changes a user's name, role and councils; the last active admin cannot stop being one. */
export async function updateUser(db: Db, input: { userId: number; displayName: string; role: UserRole; authorities: string[] }, actor: Actor): Promise<UserChange> {
  return inTransaction(db, async (trx) => {
    const before = await findUserById(trx, input.userId);
    if (!before) return { ok: false, field: 'user', message: 'No such user.' };
    if (before.role === 'admin' && input.role !== 'admin' && !before.disabled && (await countActiveAdmins(trx)) <= 1) {
      return { ok: false, field: 'role', message: 'There must be at least one admin: add another admin first' };
    }
    await updateUserRow(trx, before.id, { displayName: input.displayName, role: input.role, authorities: input.authorities });
    const after = (await findUserById(trx, before.id))!;
    await auditAs(trx, actor, 'users.updated', null, { before: describe(before), after: describe(after) });
    return { ok: true, user: after };
  });
}

/** Disables a user (ending their sessions at once) or lets them sign in again. Nobody disables themselves. */
export async function setUserDisabled(db: Db, input: { userId: number; disabled: boolean }, actor: Actor): Promise<UserChange> {
  return inTransaction(db, async (trx) => {
    const user = await findUserById(trx, input.userId);
    if (!user) return { ok: false, field: 'user', message: 'No such user.' };
    if (input.disabled && user.id === actor.userId) return { ok: false, field: 'user', message: 'You cannot disable your own account' };
    await updateUserDisabled(trx, user.id, input.disabled);
    await auditAs(trx, actor, input.disabled ? 'users.disabled' : 'users.enabled', null, describe(user));
    return { ok: true, user: { ...user, disabled: input.disabled } };
  });
}

/**
 * An admin gives a user a new password: every session the user had ends and every API token they
 * made is revoked (whoever knew the old password may have made one).
 */
export async function resetPassword(db: Db, input: { userId: number; passwordHash: string }, actor: Actor): Promise<{ tokensRevoked: number } | null> {
  return inTransaction(db, async (trx) => {
    const user = await findUserById(trx, input.userId);
    if (!user) return null;
    const { tokensRevoked } = await setPasswordHash(trx, user.id, input.passwordHash);
    await auditAs(trx, actor, 'users.password_reset', null, { ...describe(user), tokensRevoked });
    return { tokensRevoked };
  });
}

/** A user changes their own password (the web checks the current one first); sessions and tokens end as on a reset. */
export async function changeOwnPassword(db: Db, input: { passwordHash: string }, actor: Actor & { userId: number }): Promise<{ tokensRevoked: number }> {
  return inTransaction(db, async (trx) => {
    const { tokensRevoked } = await setPasswordHash(trx, actor.userId, input.passwordHash);
    await auditAs(trx, actor, 'account.password_changed', null, { tokensRevoked });
    return { tokensRevoked };
  });
}

/** A new API token for the acting user; only its hash is stored (src/web/auth.ts makes the secret). */
export async function createApiToken(db: Db, input: { name: string; tokenHash: string; prefix: string }, actor: Actor & { userId: number }): Promise<ApiToken> {
  return inTransaction(db, async (trx) => {
    const token = await insertApiToken(trx, { userId: actor.userId, ...input });
    await auditAs(trx, actor, 'api_tokens.created', null, { tokenId: token.id, name: token.name });
    return token;
  });
}

/** Revokes one of the acting user's own tokens; null when they have no such token still working. */
export async function revokeApiToken(db: Db, input: { tokenId: number; at: Date }, actor: Actor & { userId: number }): Promise<ApiToken | null> {
  return inTransaction(db, async (trx) => {
    const revoked = await markApiTokenRevoked(trx, actor.userId, input.tokenId, input.at);
    if (!revoked) return null;
    await auditAs(trx, actor, 'api_tokens.revoked', null, { tokenId: revoked.id, name: revoked.name });
    return revoked;
  });
}
