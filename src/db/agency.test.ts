import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importAgency, importApplications, importPriceCaps } from '../imports/run-agency-import.ts';
import { importVacancies, importWorkers } from '../imports/run-import.ts';
import { agencyFiguresFor, quarterlyReturnTable } from '../reports/agency.ts';
import { recruitmentFiguresFor } from '../reports/recruitment.ts';
import { buildAssignment } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { applicationsForAuthority, assignmentsForAuthority, assignmentsOverlapping, priceCapsForAuthority, upsertAssignments } from './agency.ts';
import { ensureAuthority } from './authorities.ts';
import { listImports } from './imports.ts';
import { vacanciesForAuthority } from './vacancies.ts';

const AGENCY =
  'assignment_id,worker_ref,swe_number,agency,role,team,start_date,end_date,hourly_rate,hours_per_week,qualified_date\n' +
  'A1,R1,SW1,Hays,case_holder,CIN,2024-11-04,,45,37,2023-01-01\n' +
  'A2,R2,SW2,Sanctuary,case_holder,CIN,2025-09-01,2025-10-31,40,37,2010-01-01\n';
const CAPS = 'role,effective_from,max_hourly_rate\ncase_holder,2024-04-01,42\n';
const APPS =
  'application_id,campaign,role,advert_date,applied_date,stage_reached,offer_date,offer_outcome,accepted_date,start_date,withdrawal_reason\n' +
  'P1,C1,case_holder,2024-12-02,2024-12-09,accepted,2025-01-10,accepted,2025-01-15,,\n' +
  'P2,C1,case_holder,2024-12-02,2024-12-10,offered,2025-01-11,pending,,,\n';

test('agency, caps and applications import all or nothing, re-import updates, and the figures read them back', async () => {
  const { db, close } = await testDatabase();
  try {
    await importWorkers(db, { authorityCode: 'G1', fileName: 'w.csv', bytes: 'worker_id,agency,role,fte,start_date,salary\nE1,no,case_holder,1,2020-01-01,38000\n' });
    const first = await importAgency(db, { authorityCode: 'G1', fileName: 'a.csv', bytes: AGENCY });
    assert.ok(first.ok);
    assert.deepEqual([first.inserted, first.updated, first.unchanged], [2, 0, 0]);
    const again = await importAgency(db, { authorityCode: 'G1', fileName: 'a.csv', bytes: AGENCY.replace('2025-10-31,40', '2025-10-31,41') });
    assert.ok(again.ok);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 1, 1]);
    assert.ok((await importPriceCaps(db, { authorityCode: 'G1', fileName: 'c.csv', bytes: CAPS })).ok);
    assert.ok((await importApplications(db, { authorityCode: 'G1', fileName: 'p.csv', bytes: APPS })).ok);

    const bad = await importAgency(db, { authorityCode: 'G1', fileName: 'b.csv', bytes: `${AGENCY}A3,R3,,Hays,case_holder,,2025-02-01,2025-01-01,40,,\n` });
    assert.equal(bad.ok, false);
    assert.equal((await assignmentsForAuthority(db, 'G1')).length, 2, 'a file with a problem writes nothing');
    assert.deepEqual(
      (await listImports(db, 'G1')).map((i) => i.kind),
      ['applications', 'price_caps', 'agency', 'agency', 'workers'],
    );

    const stored = await assignmentsForAuthority(db, 'G1');
    assert.deepEqual(stored[0], buildAssignment({ assignmentId: 'A1', workerRef: 'R1', sweNumber: 'SW1', agency: 'Hays', team: 'CIN', hourlyRate: 45, qualifiedDate: '2023-01-01' }));
    assert.equal((await assignmentsOverlapping(db, 'G1', '2025-10-01', '2025-12-31')).length, 2);
    assert.equal((await priceCapsForAuthority(db, 'G1'))[0]!.maxHourlyRate, 42);
    assert.equal((await applicationsForAuthority(db, 'G1')).length, 2);

    const figures = await agencyFiguresFor(db, 'G1', { from: '2024-10-01', to: '2025-09-30' });
    assert.equal(figures.assignments, 2);
    assert.deepEqual(figures.over_cap, ['A1']);
    assert.deepEqual(figures.pqe_under_3_years, ['A1']);
    assert.equal(figures.no_salary_assignments, 0);
    const recruitment = await recruitmentFiguresFor(db, 'G1', 2025);
    assert.deepEqual([recruitment.offers, recruitment.offers_accepted, recruitment.offers_pending, recruitment.offer_acceptance_rate], [2, 1, 1, 100]);

    const table = await quarterlyReturnTable(db, 'G1', '2025Q3', { from: '2025-07-01', to: '2025-09-30' });
    assert.deepEqual(
      table.rows.map((r) => [r.assignment_id, r.over_cap]),
      [
        ['A1', 'yes'],
        ['A2', 'no'],
      ],
    );
  } finally {
    await close();
  }
});

test('vacancy files without post columns keep importing after the vacancies key gained post_id', async () => {
  const { db, close } = await testDatabase();
  try {
    await ensureAuthority(db, 'G2');
    const csv = 'reference_date,vacancy_fte,agency_cover_fte,team\n2025-09-30,3,2,\n2025-09-30,1,1,CIN\n';
    const first = await importVacancies(db, { authorityCode: 'G2', fileName: 'v.csv', bytes: csv });
    assert.ok(first.ok && first.inserted === 2);
    const second = await importVacancies(db, { authorityCode: 'G2', fileName: 'v.csv', bytes: csv.replace('3,2', '4,2') });
    assert.ok(second.ok && second.updated === 1 && second.unchanged === 1);
    await upsertAssignments(db, 'G2', [], null);
    const posts = 'reference_date,vacancy_fte,agency_cover_fte,team,post_id,vacant_since\n2025-09-30,1,1,CIN,P1,2025-03-31\n2025-09-30,1,0,CIN,P2,\n';
    assert.ok((await importVacancies(db, { authorityCode: 'G2', fileName: 'posts.csv', bytes: posts })).ok);
    const stored = await vacanciesForAuthority(db, 'G2');
    assert.deepEqual(
      stored.map((v) => [v.team, v.postId, v.vacantSince]),
      [
        [null, undefined, undefined],
        ['CIN', undefined, undefined],
        ['CIN', 'P1', '2025-03-31'],
        ['CIN', 'P2', null],
      ],
    );
    const again = await importVacancies(db, { authorityCode: 'G2', fileName: 'posts.csv', bytes: posts });
    assert.ok(again.ok && again.unchanged === 2);
  } finally {
    await close();
  }
});
