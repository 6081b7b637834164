import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../db/audit.ts';
import { listCaseloadThresholds } from '../db/caseloads.ts';
import { isRetainError } from '../errors.ts';
import { buildAuthority } from '../test/builders.ts';
import { expectFailsWhenAuditRefused, snapshotTables, testDatabase } from '../test/db.ts';
import type { Actor } from './actor.ts';
import { changeCaseloadThreshold } from './caseloads.ts';

const ACTOR: Actor = { userId: null, email: 'cli' };

test('a caseload threshold is set and removed with its audit entry, and a bad one is invalid input that writes nothing', async () => {
  const { db, close } = await testDatabase();
  try {
    const council = await buildAuthority(db);
    await changeCaseloadThreshold(db, { authorityCode: council.code, role: 'ASYE', casesPerFte: 18 }, ACTOR);
    assert.deepEqual(
      (await listCaseloadThresholds(db, council.code)).map((t) => [t.role, t.casesPerFte]),
      [['ASYE', 18]],
    );
    assert.deepEqual((await changeCaseloadThreshold(db, { authorityCode: council.code, role: 'asye', casesPerFte: null }, ACTOR)).removed, true);
    const actions = (await listAudit(db, { limit: 10, offset: 0, action: 'caseload_thresholds' })).entries.map((entry) => entry.action);
    assert.deepEqual([...actions].sort(), ['caseload_thresholds.removed', 'caseload_thresholds.set']);

    const before = await snapshotTables(db, ['caseload_thresholds', 'audit_log']);
    await assert.rejects(changeCaseloadThreshold(db, { authorityCode: council.code, role: ' - ', casesPerFte: 18 }, ACTOR), (error) => isRetainError(error, 'invalid_input'));
    await assert.rejects(changeCaseloadThreshold(db, { authorityCode: council.code, role: 'ASYE', casesPerFte: -1 }, ACTOR), (error) => isRetainError(error, 'invalid_input'));
    await expectFailsWhenAuditRefused(db, () => changeCaseloadThreshold(db, { authorityCode: council.code, role: 'ASYE', casesPerFte: 20 }, ACTOR));
    assert.deepEqual(await snapshotTables(db, ['caseload_thresholds', 'audit_log']), before, 'neither the threshold nor its audit entry');
  } finally {
    await close();
  }
});
