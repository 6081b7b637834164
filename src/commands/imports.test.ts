import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../db/audit.ts';
import { listImports } from '../db/imports.ts';
import { findPendingUpload } from '../db/pending-uploads.ts';
import { buildAuthority, buildUser } from '../test/builders.ts';
import { expectFailsWhenAuditRefused, snapshotTables, testDatabase } from '../test/db.ts';
import { cancelImport, ChecksumMismatchError, confirmImport, uploadForImport } from './imports.ts';

const WORKERS = ['worker_id,agency,role,team,fte,start_date', 'W1,no,case_holder,North,1,2022-01-01', 'W2,no,case_holder,South,0.5,2023-02-01'].join('\n');
const TABLES = ['imports', 'workers', 'pending_uploads', 'audit_log'] as const;

test('confirming an upload imports it, removes the waiting file and audits it, all in one transaction', async () => {
  const { db, close } = await testDatabase();
  try {
    const council = await buildAuthority(db);
    const user = await buildUser(db, { authorities: [council.code] });
    const actor = { userId: user.id, email: user.email };
    const upload = await uploadForImport(db, { authorityCode: council.code, kind: 'workers', fileName: 'workers.csv', bytes: new TextEncoder().encode(WORKERS) }, actor);

    await assert.rejects(confirmImport(db, { upload, previewedChecksum: 'not-the-one-shown' }, actor), ChecksumMismatchError);

    // The audit write fails after the rows are written: nothing stays, and the file still waits.
    const before = await snapshotTables(db, TABLES);
    await expectFailsWhenAuditRefused(db, () => confirmImport(db, { upload, previewedChecksum: upload.checksumSha256 }, actor));
    assert.deepEqual(await snapshotTables(db, TABLES), before);

    const result = await confirmImport(db, { upload, previewedChecksum: upload.checksumSha256 }, actor);
    assert.ok(result.ok);
    assert.equal(result.inserted, 2);
    assert.equal(await findPendingUpload(db, upload.id, user.id), undefined);
    assert.equal((await listImports(db, council.code))[0]?.importedBy, user.email);
    const audit = await listAudit(db, { limit: 10, offset: 0, action: 'imports.' });
    assert.deepEqual(audit.entries.map((e) => e.action), ['imports.workers', 'imports.uploaded']);
    assert.equal(audit.entries[0]!.details.importId, result.importId);

    const second = await uploadForImport(db, { authorityCode: council.code, kind: 'workers', fileName: 'again.csv', bytes: new TextEncoder().encode(WORKERS) }, actor);
    const beforeCancel = await snapshotTables(db, TABLES);
    await expectFailsWhenAuditRefused(db, () => cancelImport(db, { upload: second }, actor));
    assert.deepEqual(await snapshotTables(db, TABLES), beforeCancel);
    await cancelImport(db, { upload: second }, actor);
    assert.equal(await findPendingUpload(db, second.id, user.id), undefined);
  } finally {
    await close();
  }
});
