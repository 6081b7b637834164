import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureAuthority } from '../db/authorities.ts';
import { changeCaseloadThreshold } from '../commands/caseloads.ts';
import { caseloadSnapshots } from '../db/caseloads.ts';
import type { OpenDatabase } from '../db/database.ts';
import { listImports } from '../db/imports.ts';
import { caseloadLeavers, caseloadsAt, caseloadView, thresholdsInForce } from '../reports/caseloads.ts';
import { retentionCurveAt, retentionCurveView } from '../reports/retention-curves.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { importCaseloads } from './run-caseloads-import.ts';
import { formatProblem, type ImportOutcome } from './run-import.ts';

let opened: OpenDatabase;
before(async () => {
  opened = await testDatabase();
  await ensureAuthority(opened.db, 'CL1');
  await insertTestWorkers(opened.db, 'CL1', [
    buildWorker({ workerId: 'A', team: 'North', fte: 0.5, localRole: 'Social Worker', startDate: '2020-01-01' }),
    buildLeaver('2025-06-30', { workerId: 'B', team: 'North', startDate: '2021-01-01' }),
    buildWorker({ workerId: 'C', team: 'South', localRole: 'ASYE', startDate: '2024-10-01' }),
    buildWorker({ workerId: 'D', team: 'South', agency: true, startDate: '2024-01-01' }),
  ]);
});
after(async () => {
  await opened.close();
});

const csv = (...rows: string[]) => Buffer.from(`${['Snapshot Date,Worker ID,Cases,Weighted cases', ...rows].join('\n')}\n`);

function succeeded(outcome: ImportOutcome) {
  if (!outcome.ok) assert.fail(outcome.problems.map(formatProblem).join('\n'));
  return outcome;
}

test('a caseloads file imports every row in one go, re-importing updates and never duplicates', async () => {
  const { db } = opened;
  const first = succeeded(
    await importCaseloads(db, { authorityCode: 'CL1', fileName: 'caseloads.csv', bytes: csv('2025-03-31,A,10,12.5', '31/03/2025,B,19,', '2025-03-31,C,17,', '2025-03-31,D,0,'), importedBy: 'cli' }),
  );
  assert.deepEqual([first.inserted, first.updated, first.unchanged], [4, 0, 0]);
  const again = succeeded(await importCaseloads(db, { authorityCode: 'CL1', fileName: 'caseloads.csv', bytes: csv('2025-03-31,A,11,', '2025-03-31,B,19,'), importedBy: 'cli' }));
  assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 1, 1]);
  assert.equal((await caseloadSnapshots(db, 'CL1')).length, 4);
  assert.equal((await listImports(db, 'CL1'))[0]!.kind, 'caseloads');
});

test('a worker not in post on the snapshot date, an unknown worker or a bad cell fails the whole file with file:row:column', async () => {
  const outcome = await importCaseloads(opened.db, {
    authorityCode: 'CL1',
    fileName: 'bad.csv',
    bytes: csv('2025-04-30,A,9,', '2025-07-31,B,3,', '2025-04-30,Z,1,', '2025-04-30,C,-1,', '2025-04-30,A,2,'),
  });
  assert.equal(outcome.ok, false);
  assert.deepEqual(outcome.ok ? [] : outcome.problems.map(formatProblem), [
    'bad.csv:3:Worker ID: worker B is not in post on 2025-07-31 (no post of theirs starts on or before it and ends after it)',
    'bad.csv:4:Worker ID: worker Z is not in the workers data; import the workers file first',
    'bad.csv:5:Cases: cases -1 cannot be negative',
    'bad.csv:6:Worker ID: worker A on 2025-04-30 is also on row 2',
  ]);
  assert.equal((await caseloadSnapshots(opened.db, 'CL1', { from: '2025-04-30' })).length, 0);
});

test('caseloads for a date read the latest snapshot before it, with thresholds the council sets', async () => {
  const { db } = opened;
  const report = await caseloadsAt(db, 'CL1', '2025-04-15', 'team');
  assert.equal(report.snapshot_date, '2025-03-31');
  assert.equal(report.workers, 3);
  assert.equal(report.cases, 47);
  assert.equal(report.caseload_fte, 47 / 2.5);
  assert.deepEqual(report.over_threshold_workers, ['A', 'B', 'C']); // 22, 19 over 18; ASYE 17 over 16
  await changeCaseloadThreshold(db, { authorityCode: 'CL1', role: 'asye', casesPerFte: 20 }, { userId: null, email: 'test' });
  await changeCaseloadThreshold(db, { authorityCode: 'CL1', role: 'Social Worker', casesPerFte: 25 }, { userId: null, email: 'test' });
  const after = await caseloadsAt(db, 'CL1', '2025-04-15');
  assert.deepEqual(after.over_threshold_workers, ['B']);
  assert.equal((await thresholdsInForce(db, 'CL1'))[0]!.role, 'asye');
  const audit = await db.selectFrom('audit_log').select('action').where('authority_code', '=', 'CL1').execute();
  assert.equal(audit.filter((row) => row.action === 'caseload_thresholds.set').length, 2);
  assert.equal((await caseloadsAt(db, 'CL1', '2025-01-01')).snapshot_date, null);
});

test('leavers against stayers and the caseloads page model read the same snapshots; viewers get no ids and no small groups', async () => {
  const { db } = opened;
  const comparison = await caseloadLeavers(db, 'CL1', 2025);
  assert.equal(comparison.leavers, 1);
  assert.equal(comparison.leavers_mean_cases_per_fte, 19);
  const analyst = await caseloadView(db, 'CL1', '2025-04-15', true);
  assert.deepEqual(
    analyst.overThreshold!.map((row) => row.workerId),
    ['B'],
  );
  const viewer = await caseloadView(db, 'CL1', '2025-04-15', false);
  assert.equal(viewer.overThreshold, null);
  assert.equal(viewer.council.suppressed, true);
  assert.equal(viewer.council.over_threshold_workers, undefined);
});

test('the retention curve reads employed spells from the register', async () => {
  const report = await retentionCurveAt(opened.db, 'CL1', '2025-09-30', 'team');
  assert.equal(report.spells, 3);
  assert.equal(report.leavings, 1);
  assert.deepEqual(
    report.groups!.map((group) => group.key),
    ['North', 'South'],
  );
  const viewer = await retentionCurveView(opened.db, 'CL1', '2025-09-30', 'team', false);
  assert.equal(viewer.groups.length, 0);
  assert.equal(viewer.hiddenGroups, 2);
});
