import { sql, type Selectable } from 'kysely';
import type { Db } from './database.ts';
import { memoUntilWrite } from './write-epoch.ts';
import type { ApiTokenTable, Flash, UserRow } from './schema.ts';
import { toUser, type User } from './users.ts';

/** Sessions and per-user API tokens: both are looked up by the SHA-256 of a random secret. */

export interface SessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  authorityCode: string | null;
  flash: Flash | null;
  expiresAt: Date;
}

export async function createSession(db: Db, session: { idHash: string; userId: number; csrfToken: string; authorityCode: string | null; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      authority_code: session.authorityCode,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A signed-in request's session, its user and the authorities the user may see (code and name). */
export interface SignedIn {
  session: SessionRecord;
  user: User;
  /** Every authority for an admin, the user's own otherwise; by name, then code (as listAuthorityChoices). */
  authorities: { code: string; name: string }[];
}

/**
 * The session (if it exists and has not expired), its user and the authorities they may see, in
 * one query: every signed-in page asks this first, so it is one round trip rather than four.
 */
export async function findSignedIn(db: Db, idHash: string, now: Date): Promise<SignedIn | undefined> {
  // On PGlite, kept until anything is written (write-epoch.ts): a sign-out, a change to the user or
  // their councils, even a flash message, is a write, so nothing stale is ever served.
  const found = await memoUntilWrite(db, `signed-in\u0000${idHash}`, () => readSignedIn(db, idHash, now));
  if (!found || found.session.expiresAt.getTime() <= now.getTime()) return undefined;
  // Requests change their session (its flash, its expiry): each gets a copy of its own.
  return { ...found, session: { ...found.session } };
}

async function readSignedIn(db: Db, idHash: string, now: Date): Promise<SignedIn | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash',
      's.user_id',
      's.csrf_token',
      's.authority_code',
      's.flash',
      's.expires_at',
      'u.id',
      'u.email',
      'u.display_name',
      'u.password_hash',
      'u.role',
      'u.disabled',
      'u.created_at',
      'u.last_sign_in_at',
      sql<string[] | null>`(select json_agg(ua.authority_code order by ua.authority_code) from user_authorities ua where ua.user_id = u.id)`.as('bound'),
      sql<{ code: string; name: string }[] | null>`(
        select json_agg(json_build_object('code', a.code, 'name', a.name) order by a.name, a.code) from authorities a
        where u.role = 'admin' or exists (select 1 from user_authorities ua where ua.user_id = u.id and ua.authority_code = a.code))`.as('choices'),
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const json = <T>(value: T | string | null): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  const userRow: UserRow = {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    password_hash: row.password_hash,
    role: row.role,
    disabled: row.disabled,
    created_at: row.created_at,
    last_sign_in_at: row.last_sign_in_at,
  };
  return {
    session: {
      idHash: row.id_hash,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      authorityCode: row.authority_code,
      flash: row.flash,
      expiresAt: new Date(row.expires_at),
    },
    user: toUser(userRow, json(row.bound) ?? []),
    authorities: json(row.choices) ?? [],
  };
}

export async function extendSession(db: Db, idHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function setSessionAuthority(db: Db, idHash: string, authorityCode: string): Promise<void> {
  await db.updateTable('sessions').set({ authority_code: authorityCode }).where('id_hash', '=', idHash).execute();
}

export async function setSessionFlash(db: Db, idHash: string, flash: Flash | null): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ flash: flash ? JSON.stringify(flash) : null })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function createApiToken(db: Db, token: { userId: number; name: string; tokenHash: string; prefix: string }): Promise<ApiToken> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      token_prefix: token.prefix,
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiToken(row);
}

/** A token that has not been revoked, with whose it is. */
export async function findApiToken(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  return row && toApiToken(row);
}

export async function touchApiToken(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toApiToken);
}

/** Revokes one of the user's own tokens; false when there was no such token. */
export async function revokeApiToken(db: Db, userId: number, id: number, at: Date): Promise<ApiToken | undefined> {
  const row = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
  return row && toApiToken(row);
}

function toApiToken(row: Pick<Selectable<ApiTokenTable>, 'id' | 'user_id' | 'name' | 'token_prefix' | 'created_at' | 'last_used_at'>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
