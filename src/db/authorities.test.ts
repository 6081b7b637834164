import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../test/db.ts';
import { isRetainError } from '../errors.ts';
import { ensureAuthority, getAuthority, listAuthorities, resolveAuthority, setNeighbours } from './authorities.ts';

test('with no code the only authority is chosen, and none or several is a clear error', async () => {
  const { db, close } = await testDatabase();
  try {
    await assert.rejects(resolveAuthority(db), (error: unknown) => isRetainError(error, 'no_authority') && /no authority/i.test(error.message));
    await ensureAuthority(db, '202');
    assert.equal((await resolveAuthority(db)).code, '202');
    assert.equal((await resolveAuthority(db, ' 202 ')).code, '202');
    await ensureAuthority(db, '840', 'County Durham');
    await assert.rejects(resolveAuthority(db), (error: unknown) => isRetainError(error, 'ambiguous_authority') && error.message.includes('202, 840'));
    await assert.rejects(resolveAuthority(db, '999'), (error: unknown) => isRetainError(error, 'unknown_authority') && error.message.includes('"999"'));
    assert.equal((await resolveAuthority(db, '840')).name, 'County Durham');
  } finally {
    await close();
  }
});

test('ensuring an authority twice keeps one, its code standing for its name until one is given', async () => {
  const { db, close } = await testDatabase();
  try {
    assert.equal((await ensureAuthority(db, '202')).name, '202');
    await ensureAuthority(db, '202');
    assert.equal((await ensureAuthority(db, '202', 'Camden')).name, 'Camden');
    assert.equal((await ensureAuthority(db, '202')).name, 'Camden');
    assert.deepEqual(
      (await listAuthorities(db)).map((a) => a.code),
      ['202'],
    );
    await setNeighbours(db, '202', ['201', 'E09000002']);
    assert.deepEqual((await getAuthority(db, '202'))?.neighbours, ['201', 'E09000002']);
    assert.equal(await getAuthority(db, 'nope'), undefined);
    await assert.rejects(setNeighbours(db, 'nope', []), /No authority/);
  } finally {
    await close();
  }
});
