import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import { findApiToken } from '../db/sessions.ts';
import { findUserById } from '../db/users.ts';
import { buildAuthority, buildUser } from '../test/builders.ts';
import { expectFailsWhenAuditRefused, snapshotTables, testDatabase } from '../test/db.ts';
import type { Actor } from './actor.ts';
import { changeOwnPassword, createApiToken, createUser, resetPassword, revokeApiToken, setUserDisabled, updateUser } from './users.ts';

const USER_TABLES = ['users', 'user_authorities', 'sessions', 'api_tokens', 'audit_log'] as const;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

async function withDb(work: (db: Db) => Promise<void>): Promise<void> {
  const { db, close } = await testDatabase();
  try {
    await work(db);
  } finally {
    await close();
  }
}

test('user commands keep the rules: one admin at least, a council for analysts and viewers, no disabling yourself, unique emails', async () => {
  await withDb(async (db) => {
    const council = await buildAuthority(db);
    const admin = await buildUser(db, { role: 'admin' });
    const actor: Actor = { userId: admin.id, email: admin.email, ip: '192.0.2.9' };
    const before = await snapshotTables(db, USER_TABLES);
    assert.deepEqual(await createUser(db, { email: 'a@x.example', displayName: 'A', role: 'viewer', authorities: [], passwordHash: HASH }, actor), {
      ok: false,
      field: 'authorities',
      message: 'Select at least one council the person works for',
    });
    assert.deepEqual(await createUser(db, { email: admin.email.toUpperCase(), displayName: 'B', role: 'admin', authorities: [], passwordHash: HASH }, actor), {
      ok: false,
      field: 'email',
      message: 'There is already a user with this email address',
    });
    assert.equal((await updateUser(db, { userId: admin.id, displayName: 'Admin', role: 'analyst', authorities: [council.code] }, actor)).ok, false);
    assert.deepEqual(await setUserDisabled(db, { userId: admin.id, disabled: true }, actor), { ok: false, field: 'user', message: 'You cannot disable your own account' });
    assert.equal(await resetPassword(db, { userId: 999_999, passwordHash: HASH }, actor), null);
    assert.deepEqual(await snapshotTables(db, USER_TABLES), before, 'a refused change writes nothing, audit included');

    const created = await createUser(db, { email: 'Analyst@X.example', displayName: 'Ana', role: 'analyst', authorities: [council.code], passwordHash: HASH }, actor);
    assert.ok(created.ok);
    assert.equal(created.user.email, 'analyst@x.example');
    const promoted = await updateUser(db, { userId: created.user.id, displayName: 'Ana Lyst', role: 'admin', authorities: [council.code] }, actor);
    assert.ok(promoted.ok);
    // With two admins, the first may step down.
    assert.ok((await updateUser(db, { userId: admin.id, displayName: 'Admin', role: 'analyst', authorities: [council.code] }, actor)).ok);
    const audit = await listAudit(db, { limit: 10, offset: 0, action: 'users.' });
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['users.updated', 'users.updated', 'users.created'],
    );
    assert.ok(audit.entries.every((e) => e.userId === admin.id && e.ip === '192.0.2.9' && !JSON.stringify(e.details).includes('argon2')));
  });
});

test('a new password ends the user’s tokens; tokens are made and revoked by their owner only', async () => {
  await withDb(async (db) => {
    const user = await buildUser(db);
    const owner = { userId: user.id, email: user.email };
    const token = await createApiToken(db, { name: 'Power BI', tokenHash: 'a'.repeat(64), prefix: 'rt_aaaa' }, owner);
    const other = await buildUser(db);
    assert.equal(await revokeApiToken(db, { tokenId: token.id, at: new Date() }, { userId: other.id, email: other.email }), null);
    assert.ok(await findApiToken(db, 'a'.repeat(64)));
    assert.deepEqual(await changeOwnPassword(db, { passwordHash: HASH }, owner), { tokensRevoked: 1 });
    assert.equal(await findApiToken(db, 'a'.repeat(64)), undefined);
    const actions = (await listAudit(db, { limit: 10, offset: 0 })).entries.map((e) => e.action);
    assert.deepEqual(actions, ['account.password_changed', 'api_tokens.created']);
  });
});

test('when the audit write fails after the change, no user command leaves the change or the audit', async () => {
  await withDb(async (db) => {
    const council = await buildAuthority(db);
    const admin = await buildUser(db, { role: 'admin' });
    const user = await buildUser(db, { authorities: [council.code] });
    const actor = { userId: admin.id, email: admin.email };
    const mine = { userId: user.id, email: user.email };
    const token = await createApiToken(db, { name: 'Excel', tokenHash: 'b'.repeat(64), prefix: 'rt_bbbb' }, mine);
    const commands: [string, () => Promise<unknown>][] = [
      ['create a user', () => createUser(db, { email: 'new@x.example', displayName: 'New', role: 'viewer', authorities: [council.code], passwordHash: HASH }, actor)],
      ['update a user', () => updateUser(db, { userId: user.id, displayName: 'Renamed', role: 'viewer', authorities: [] }, actor)],
      ['disable a user', () => setUserDisabled(db, { userId: user.id, disabled: true }, actor)],
      ['reset a password', () => resetPassword(db, { userId: user.id, passwordHash: HASH }, actor)],
      ['change one’s own password', () => changeOwnPassword(db, { passwordHash: HASH }, mine)],
      ['make an API token', () => createApiToken(db, { name: 'Another', tokenHash: 'c'.repeat(64), prefix: 'rt_cccc' }, mine)],
      ['revoke an API token', () => revokeApiToken(db, { tokenId: token.id, at: new Date() }, mine)],
    ];
    for (const [name, command] of commands) {
      const before = await snapshotTables(db, USER_TABLES);
      await expectFailsWhenAuditRefused(db, command);
      assert.deepEqual(await snapshotTables(db, USER_TABLES), before, name);
    }
    assert.equal((await findUserById(db, user.id))?.displayName, user.displayName);
  });
});
