import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { listAudit } from '../db/audit.ts';
import { listImports } from '../db/imports.ts';
import { findPendingUpload } from '../db/pending-uploads.ts';
import { buildAuthority, buildUser } from '../test/builders.ts';
import { expectFailsWhenAuditRefused, snapshotTables, testDatabase } from '../test/db.ts';
import { loadBenchmarks } from './benchmarks.ts';
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
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['imports.workers', 'imports.uploaded'],
    );
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

test('loading DfE’s indicators from Settings writes the release and its audit entry together, or neither', async () => {
  const { db, close } = await testDatabase();
  try {
    const council = await buildAuthority(db, { code: '202' });
    const actor = { userId: null, email: 'analyst@council.example' };
    // England, London and Camden for 2024, cut from the shipped file.
    const lines = readFileSync(new URL('../../reference/dfe/csww_indicators_2017_to_2024.csv', import.meta.url), 'utf8').split(/\r?\n/);
    const bytes = [lines[0], ...lines.filter((line) => line.startsWith('2024,') && (/,National,/.test(line) || /,London,,,,/.test(line) || /,202,/.test(line)))].join('\n');
    const tables = ['benchmark_releases', 'benchmark_rows', 'authorities', 'audit_log'] as const;
    const before = await snapshotTables(db, tables);
    await expectFailsWhenAuditRefused(db, () => loadBenchmarks(db, { fileName: 'csww.csv', bytes, authorityCode: council.code }, actor));
    assert.deepEqual(await snapshotTables(db, tables), before);
    const loaded = await loadBenchmarks(db, { fileName: 'csww.csv', bytes, authorityCode: council.code }, actor);
    assert.ok(loaded.ok, JSON.stringify(loaded));
    assert.deepEqual(loaded.authoritiesUpdated, ['202']);
    const audit = await listAudit(db, { limit: 5, offset: 0, action: 'settings.benchmarks' });
    assert.deepEqual(
      audit.entries.map((e) => [e.userEmail, e.details.releaseId]),
      [[actor.email, loaded.releaseId]],
    );
  } finally {
    await close();
  }
});
