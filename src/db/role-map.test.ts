import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../test/db.ts';
import { ensureAuthority } from './authorities.ts';
import { getRoleMap, listRoleMap, removeRoleMapping, setRoleMapping } from './role-map.ts';

test('a local role name is added, replaced under any spelling, listed and removed, per authority', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'R1');
    await ensureAuthority(db, 'R2');
    await setRoleMapping(db, 'R1', 'Social Worker Level 3', 'case_holder');
    await setRoleMapping(db, 'R1', 'social-worker level 3', 'senior_practitioner');
    assert.deepEqual(await listRoleMap(db, 'R1'), [{ localName: 'social-worker level 3', role: 'senior_practitioner' }]);
    assert.deepEqual([...(await getRoleMap(db, 'R1'))], [['socialworkerlevel3', 'senior_practitioner']]);
    assert.deepEqual(await listRoleMap(db, 'R2'), []);
    assert.equal(await removeRoleMapping(db, 'R1', 'SOCIAL WORKER LEVEL 3'), true);
    assert.equal(await removeRoleMapping(db, 'R1', 'Social Worker Level 3'), false);
    await assert.rejects(setRoleMapping(db, 'R1', ' - ', 'case_holder'), /letter or digit/);
    await assert.rejects(setRoleMapping(db, 'R1', 'Boss', 'boss' as never), /not a role code/);
  } finally {
    await close();
  }
});
