import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureAuthority } from '../db/authorities.ts';
import { listImports } from '../db/imports.ts';
import { listScenarios, payScalesFor } from '../db/pay.ts';
import { upsertWorkers, workersForAuthority } from '../db/workers.ts';
import { importPayScales, importSupplements } from '../imports/run-pay-import.ts';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { saveScenario } from '../commands/scenarios.ts';
import { payReport, runScenario } from './pay.ts';

const SCALES = `authority,role,grade,min_salary,max_salary,effective_from,source
P1,Social Worker,SW1,33000,41000,2025-04-01,Own pay policy 2025
P1,Experienced Social Worker,SW2,38000,43000,2025-04-01,Own pay policy 2025
P1,Social Worker,SW1,32000,40000,2024-04-01,Own pay policy 2024
203,case_holder,L3,35000,44000,2025-04-01,Neighbour 203
Torbay,Social Worker,G9,36000,45000,2025-04-01,Torbay pay policy 2025
Torbay,Social Worker,G9,36000,46000,2026-04-01,Torbay pay policy 2026
204,Social Worker,,34000,42000,2025-01-01,
`;

test('pay scales and supplements import all or nothing, re-importing updates, and retain pay reads them with the workers', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'P1');
    await upsertWorkers(db, 'P1', [buildWorker({ salary: 39_000 }), buildWorker({ salary: 40_000, fte: 0.5 }), buildLeaver('2025-03-31', { salary: 30_000 })], null);
    const first = await importPayScales(db, { authorityCode: 'P1', fileName: 'scales.csv', bytes: SCALES });
    assert.ok(first.ok);
    assert.equal(first.inserted, 7);
    const again = await importPayScales(db, { authorityCode: 'P1', fileName: 'scales.csv', bytes: SCALES.replace('Torbay,Social Worker,G9,36000,45000', 'torbay,Social Worker,G9,36000,45500') });
    assert.ok(again.ok);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 1, 6]);
    assert.equal((await payScalesFor(db, 'P1')).length, 7);
    assert.ok((await importSupplements(db, { authorityCode: 'P1', fileName: 'supplements.csv', bytes: 'role,amount_per_year,from,to\nSocial Worker,1000,2025-01-01,\n' })).ok);

    const report = await payReport(db, 'P1', '2025-09-30');
    // Ours: 43,000 + 1,000 = 44,000. Comparators 44,000 (203), 45,500 (Torbay), 42,000 (204): median 44,000.
    assert.deepEqual(report.roles, [
      { key: 'case_holder', our_max: 44_000, comparators: 3, comparator_median_max: 44_000, gap: 0, gap_percent: 0, median_salary: 39_500, inpost_fte: 1.5, cost_to_close: 0 },
    ]);

    const bad = await importPayScales(db, {
      authorityCode: 'P1',
      fileName: 'bad.csv',
      bytes: 'authority,role,grade,min_salary,max_salary,effective_from\nP1,Wizard,A,30000,40000,2025-04-01\nP1,case_holder,B,0,40000,2025-04-01\nP1,case_holder,C,45000,40000,2025-04-01\n',
    });
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => `${p.row}:${p.column}: ${p.message}`), [
      '2:role: "Wizard" is not a known role: use a role code (senior_manager, middle_manager, team_manager, senior_practitioner, case_holder, qualified_no_cases), a DfE OrgRole number 1-6, or add the name to the role map',
      '3:min_salary: min_salary 0 must be more than 0 (pounds a year, full time)',
      '4:max_salary: max_salary 40000 is below min_salary 45000',
    ]);
    assert.equal((await listImports(db, 'P1')).length, 3, 'the bad file recorded no import');
  } finally {
    await close();
  }
});

test('workers files take recruitment and retention payments; negative ones are refused', async () => {
  const { db, close } = await testDatabase();
  try {
    const header = 'worker_id,agency,role,fte,start_date,salary,recruitment_payment,retention_payment\n';
    const good = await importWorkers(db, { authorityCode: 'P2', fileName: 'w.csv', bytes: `${header}A1,no,Social Worker,1,2024-01-01,38000,2000,\nA2,no,Social Worker,1,2024-01-01,38000,,1500\n` });
    assert.ok(good.ok);
    const stored = await workersForAuthority(db, 'P2');
    assert.deepEqual(
      stored.map((w) => [w.recruitmentPayment, w.retentionPayment]),
      [
        [2000, null],
        [null, 1500],
      ],
    );
    const bad = await importWorkers(db, { authorityCode: 'P2', fileName: 'w.csv', bytes: `${header}A3,no,Social Worker,1,2024-01-01,38000,-1,\n` });
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.message), ['recruitment_payment -1 cannot be negative (pounds paid in the census year)']);
  } finally {
    await close();
  }
});

test('a scenario takes in-post FTE and role salaries from the baseline year, with no agency data as a zero premium; a bad one saves nothing', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'P3');
    await upsertWorkers(db, 'P3', [buildWorker({ salary: 40_000 }), buildWorker({ salary: 42_000 }), buildWorker({ role: 'team_manager', salary: 55_000 })], null);
    const run = await runScenario(db, 'P3', { baseline_year: 2025, levers: [{ kind: 'pay_uplift', role: 'Social Worker', percent: 10, reduction_points: { low: 1, central: 2, high: 3 } }] });
    assert.ok(run.ok);
    assert.equal(run.result.inputs.inpost_fte, 3);
    assert.equal(run.result.inputs.agency_premium_per_fte_year, 0);
    assert.match(run.result.inputs.notes[0]!, /No agency assignments for census year 2025/);
    const lever = run.result.inputs.levers[0]!;
    assert.deepEqual([lever.role_code, lever.salary, lever.fte], ['case_holder', 41_000, 2]);
    assert.ok(Math.abs(run.result.cases.central.years[0]!.cost - 0.1 * 41_000 * 1.3 * 2) < 1e-6);
    // 2 points of 3 FTE = 0.06 FTE x £12,000.
    assert.ok(Math.abs(run.result.cases.central.years[0]!.saving - 720) < 1e-6);

    const saved = await saveScenario(db, { authorityCode: 'P3', name: 'Uplift', json: { baseline_year: 2025, levers: [] } }, { userId: null, email: 'test' });
    assert.ok(saved.ok);
    const refused = await saveScenario(
      db,
      { authorityCode: 'P3', name: 'Bad', json: { baseline_year: 2025, levers: [{ kind: 'pay_uplift', role: 'case_holder', percent: 150 }] } },
      { userId: null, email: 'test' },
    );
    assert.deepEqual(refused, { ok: false, problems: ['levers[0] (pay_uplift) percent: 150 is over 100 (an uplift is a percentage of salary)'] });
    assert.deepEqual(
      (await listScenarios(db, 'P3')).map((s) => s.name),
      ['Uplift'],
    );
  } finally {
    await close();
  }
});
