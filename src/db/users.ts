import type { Db } from './database.ts';
import { inTransaction } from './transaction.ts';
import type { UserRole, UserRow } from './schema.ts';

/** A user as the web app sees them: never carries the password hash. */
export interface User {
  id: number;
  email: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Authority codes the user is bound to, sorted. */
  authorities: string[];
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRole;
  authorities: string[];
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function createUser(db: Db, user: NewUser): Promise<User> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        email: normaliseEmail(user.email),
        display_name: user.displayName,
        password_hash: user.passwordHash,
        role: user.role,
        last_sign_in_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceAuthorities(trx, row.id, user.authorities);
    // As stored: each council once (replaceAuthorities drops repeats), sorted.
    return toUser(row, [...new Set(user.authorities)].sort());
  });
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row, await authoritiesOf(db, row.id));
}

/** The user and their password hash, for signing in only. */
export async function findUserForSignIn(db: Db, email: string): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row && { user: toUser(row, await authoritiesOf(db, row.id)), passwordHash: row.password_hash };
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  const links = await db.selectFrom('user_authorities').selectAll().orderBy('authority_code').execute();
  return rows.map((row) =>
    toUser(
      row,
      links.filter((link) => link.user_id === row.id).map((link) => link.authority_code),
    ),
  );
}

export async function updateUser(db: Db, id: number, changes: { displayName?: string; role?: UserRole; authorities?: string[] }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const values = {
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
    };
    if (Object.keys(values).length > 0) await trx.updateTable('users').set(values).where('id', '=', id).execute();
    if (changes.authorities) await replaceAuthorities(trx, id, changes.authorities);
  });
}

/** Disabling also ends the user's sessions, so it takes effect at once. */
export async function setUserDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ disabled }).where('id', '=', id).execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  });
}

/**
 * A new password (changed by the user or reset by an admin) ends every session the user had and
 * revokes every API token they made: whoever knew the old password may have made one. Returns
 * how many tokens were revoked, so the page can say so.
 */
export async function setPasswordHash(db: Db, id: number, passwordHash: string, at = new Date()): Promise<{ tokensRevoked: number }> {
  return inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const revoked = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return { tokensRevoked: Number(revoked.numUpdatedRows) };
  });
}

export async function recordSignIn(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Binds a user to authorities in addition to those they have. */
export async function addAuthorities(db: Db, userId: number, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await db
    .insertInto('user_authorities')
    .values(codes.map((authority_code) => ({ user_id: userId, authority_code })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function replaceAuthorities(db: Db, userId: number, codes: string[]): Promise<void> {
  await db.deleteFrom('user_authorities').where('user_id', '=', userId).execute();
  await addAuthorities(db, userId, [...new Set(codes)]);
}

async function authoritiesOf(db: Db, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('user_authorities').select('authority_code').where('user_id', '=', userId).orderBy('authority_code').execute();
  return rows.map((row) => row.authority_code);
}

export function toUser(row: UserRow, authorities: string[]): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    authorities,
  };
}

/** Every authority as code and name, for pickers and for admins (who see them all). */
export async function listAuthorityChoices(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('authorities').select(['code', 'name']).orderBy('name').orderBy('code').execute();
}
