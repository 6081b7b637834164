import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../test/db.ts';
import { deletePendingUpload, findPendingUpload, PENDING_UPLOAD_TTL_MS, savePendingUpload, sha256Hex } from './pending-uploads.ts';

test('an upload is kept byte for byte for its user only, until it expires or is deleted', async () => {
  const { db, close } = await testDatabase();
  try {
    await db.insertInto('authorities').values({ code: 'P01', name: 'P', new_la_code: null, old_la_code: null, region_code: null, region_name: null }).execute();
    const ids: number[] = [];
    for (const email of ['a@x.example', 'b@x.example']) {
      const row = await db.insertInto('users').values({ email, display_name: email, password_hash: 'x', role: 'analyst', last_sign_in_at: null }).returning('id').executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const [owner, other] = ids as [number, number];
    const bytes = new Uint8Array([0, 1, 2, 255, 0xef, 0xbb, 0xbf, 10]);
    const now = new Date('2026-01-01T10:00:00Z');
    const saved = await savePendingUpload(db, { userId: owner, authorityCode: 'P01', kind: 'workers', fileName: 'w.csv', bytes }, now);
    assert.equal(saved.checksumSha256, sha256Hex(bytes));
    assert.ok(saved.id.length >= 40);

    const found = await findPendingUpload(db, saved.id, owner, now);
    assert.ok(found);
    assert.deepEqual(found.bytes, bytes);
    assert.equal(sha256Hex(found.bytes), found.checksumSha256);
    assert.equal(await findPendingUpload(db, saved.id, other, now), undefined);
    assert.equal(await findPendingUpload(db, saved.id, owner, new Date(now.getTime() + PENDING_UPLOAD_TTL_MS)), undefined);

    // Expired uploads are cleared when the next one is saved.
    await savePendingUpload(db, { userId: other, authorityCode: 'P01', kind: 'vacancies', fileName: 'v.csv', bytes }, new Date(now.getTime() + PENDING_UPLOAD_TTL_MS));
    assert.equal((await db.selectFrom('pending_uploads').select('id').where('id', '=', saved.id).execute()).length, 0);

    const again = await savePendingUpload(db, { userId: owner, authorityCode: 'P01', kind: 'workers', fileName: 'w.csv', bytes });
    await deletePendingUpload(db, again.id);
    assert.equal(await findPendingUpload(db, again.id, owner), undefined);
  } finally {
    await close();
  }
});
