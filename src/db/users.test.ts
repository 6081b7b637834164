import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from './database.ts';
import { createApiToken, createSession, findApiToken, findSignedIn, listApiTokens, revokeApiToken } from './sessions.ts';
import { addAuthorities, countActiveAdmins, countUsers, createUser, findUserById, findUserForSignIn, listUsers, setPasswordHash, setUserDisabled, updateUser } from './users.ts';
import { buildAuthority, buildUser } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';

/** The users, user_authorities, sessions and api_tokens tables, on PGlite and (with DATABASE_URL) PostgreSQL. */

async function withDb(work: (db: Db) => Promise<void>): Promise<void> {
  const { db, close } = await testDatabase();
  try {
    await work(db);
  } finally {
    await close();
  }
}

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
const NOW = new Date('2026-01-14T10:00:00Z');

test('a user is stored with a lower-case email, their councils sorted, and never hands out the hash except for signing in', async () => {
  await withDb(async (db) => {
    const [b, a] = [await buildAuthority(db, { code: 'E0B' }), await buildAuthority(db, { code: 'E0A' })];
    const user = await createUser(db, { email: '  Ann.Lyst@Council.Example ', displayName: 'Ann Lyst', role: 'analyst', authorities: [b.code, a.code, b.code], passwordHash: HASH });
    assert.equal(user.email, 'ann.lyst@council.example');
    assert.deepEqual(user.authorities, ['E0A', 'E0B']);
    assert.deepEqual((await findUserById(db, user.id))?.authorities, ['E0A', 'E0B']);
    assert.ok(!('passwordHash' in (await findUserById(db, user.id))!));
    const forSignIn = await findUserForSignIn(db, 'ANN.LYST@council.example');
    assert.equal(forSignIn?.passwordHash, HASH);
    assert.equal(forSignIn?.user.id, user.id);
    assert.equal(await countUsers(db), 1);
    // One account per address, whatever its case.
    await assert.rejects(createUser(db, { email: 'ann.lyst@COUNCIL.example', displayName: 'Again', role: 'viewer', authorities: [], passwordHash: HASH }));
    // The role is one of three.
    await assert.rejects(createUser(db, { email: 'x@council.example', displayName: 'X', role: 'superuser' as never, authorities: [], passwordHash: HASH }));
    assert.equal(await countUsers(db), 1);
  });
});

test('changing a user replaces their councils; binding more adds without duplicates; the list shows each with theirs', async () => {
  await withDb(async (db) => {
    const [a, b, c] = [await buildAuthority(db), await buildAuthority(db), await buildAuthority(db)];
    const user = await buildUser(db, { authorities: [a.code, b.code] });
    await updateUser(db, user.id, { displayName: 'Renamed', role: 'viewer', authorities: [c.code] });
    assert.deepEqual(await findUserById(db, user.id), { ...user, displayName: 'Renamed', role: 'viewer', authorities: [c.code] });
    await addAuthorities(db, user.id, [c.code, a.code]);
    assert.deepEqual((await findUserById(db, user.id))?.authorities, [a.code, c.code].sort());
    const other = await buildUser(db, { authorities: [b.code] });
    const listed = await listUsers(db);
    assert.deepEqual(
      listed.map((u) => u.email),
      [...listed.map((u) => u.email)].sort(),
      'by email',
    );
    assert.deepEqual(
      new Map(listed.map((u) => [u.id, u.authorities])),
      new Map([
        [user.id, [a.code, c.code].sort()],
        [other.id, [b.code]],
      ]),
    );
  });
});

test('disabling a user ends their sessions; a new password ends sessions and revokes tokens; active admins are counted', async () => {
  await withDb(async (db) => {
    const admin = await buildUser(db, { role: 'admin' });
    const user = await buildUser(db);
    assert.equal(await countActiveAdmins(db), 1);
    await createSession(db, { idHash: 'h1', userId: user.id, csrfToken: 'c', authorityCode: null, expiresAt: new Date(NOW.getTime() + 3_600_000) });
    await setUserDisabled(db, user.id, true);
    assert.equal(await findSignedIn(db, 'h1', NOW), undefined);
    assert.equal((await findUserById(db, user.id))?.disabled, true);
    await setUserDisabled(db, admin.id, true);
    assert.equal(await countActiveAdmins(db), 0);
    await setUserDisabled(db, admin.id, false);

    await createSession(db, { idHash: 'h2', userId: admin.id, csrfToken: 'c', authorityCode: null, expiresAt: new Date(NOW.getTime() + 3_600_000) });
    const kept = await createApiToken(db, { userId: admin.id, name: 'Revoked already', tokenHash: 'k'.repeat(64), prefix: 'rt_k' });
    await revokeApiToken(db, admin.id, kept.id, NOW);
    await createApiToken(db, { userId: admin.id, name: 'Power BI', tokenHash: 'p'.repeat(64), prefix: 'rt_p' });
    assert.deepEqual(await setPasswordHash(db, admin.id, HASH, NOW), { tokensRevoked: 1 });
    assert.equal(await findSignedIn(db, 'h2', NOW), undefined);
    assert.equal(await findApiToken(db, 'p'.repeat(64)), undefined);
    assert.deepEqual(await listApiTokens(db, admin.id), [], 'revoked tokens are not listed');
    assert.equal((await db.selectFrom('api_tokens').select('id').where('user_id', '=', admin.id).execute()).length, 2, 'but kept');
    assert.equal((await findUserForSignIn(db, admin.email))?.passwordHash, HASH);
  });
});

test('a user’s councils, sessions and tokens go with them; a council that goes takes its bindings', async () => {
  await withDb(async (db) => {
    const council = await buildAuthority(db);
    const user = await buildUser(db, { authorities: [council.code] });
    await createApiToken(db, { userId: user.id, name: 't', tokenHash: 't'.repeat(64), prefix: 'rt_t' });
    await db.deleteFrom('authorities').where('code', '=', council.code).execute();
    assert.deepEqual((await findUserById(db, user.id))?.authorities, []);
    await db.deleteFrom('users').where('id', '=', user.id).execute();
    assert.equal(await findApiToken(db, 't'.repeat(64)), undefined);
    assert.equal((await db.selectFrom('user_authorities').selectAll().execute()).length, 0);
  });
});
