import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureAuthority } from '../db/authorities.ts';
import { setStatedDataRunsTo } from '../db/coverage.ts';
import type { Db } from '../db/database.ts';
import { createReview } from '../db/reviews.ts';
import { isRetainError } from '../errors.ts';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver, buildScope, buildWorker } from '../test/builders.ts';
import { testDatabase } from '../test/db.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { coverageOf } from './coverage.ts';
import { dashboardFor } from './dashboard.ts';
import { proposeFindingsFor } from './findings.ts';
import { evaluationOf } from './review-dossier.ts';
import { buildEvidencePack } from './review-pack.ts';

let db: Db;
let close: () => Promise<void>;
const CODE = 'COV';

/**
 * The scenario: data whole to census year 2024 (41 in post, 8 leavers in 2024: 19.5%
 * turnover), then a few rows dated after it (two starters and a leaver in November 2024). Census
 * year 2025 then holds one leaver over 42 in post, "2.4% turnover", which must not read as a year.
 */
before(async () => {
  ({ db, close } = await testDatabase());
  await ensureAuthority(db, CODE);
  await insertTestWorkers(db, CODE, [
    ...Array.from({ length: 40 }, () => buildWorker({ team: 'Assessment' })),
    ...Array.from({ length: 6 }, (_, i) => buildLeaver(`2023-0${i + 1}-15`, { team: 'Assessment' })),
    ...Array.from({ length: 8 }, (_, i) => buildLeaver(`2024-0${i + 1}-15`, { team: 'Assessment' })),
    buildWorker({ team: 'Assessment', startDate: '2024-11-04' }),
    buildWorker({ team: 'Assessment', startDate: '2024-11-04' }),
    buildLeaver('2024-11-15', { team: 'Assessment' }),
  ]);
});
after(() => close());

test('a few rows after the last full census year do not make the dashboard open on that year', async () => {
  assert.deepEqual(await coverageOf(db, CODE), { runsTo: '2024-11-15', source: 'records' });
  const view = await dashboardFor(db, { authorityCode: CODE, personalDataAllowed: true });
  assert.deepEqual(view.years, [2023, 2024, 2025]);
  assert.equal(view.censusYear, 2024);
  assert.equal(view.inProgress, null);
  assert.deepEqual(view.coverage.completeYears, [2023, 2024]);
  assert.equal(view.yearOptions.find((option) => option.year === 2025)?.label, '2025, in progress (data to 15 November 2024)');
  // 8 leavers over the 41 in post on 30 September 2024 (the November leaver was still there).
  assert.equal(view.headline.find((h) => h.field === 'turnover_rate_fte')?.ours.value, (8 / 41) * 100);
});

test('a year in progress shows the 12 months to the data’s last day, compared with nothing and kept out of the trends', async () => {
  const view = await dashboardFor(db, { authorityCode: CODE, censusYear: 2025, personalDataAllowed: true });
  assert.equal(view.inProgress?.label, 'in progress (data to 15 November 2024)');
  const turnover = view.headline.find((h) => h.field === 'turnover_rate_fte')!;
  // Leavers 16 November 2023 to 15 November 2024 (eight in 2024 and the one in November) over the 42 in post then.
  assert.equal(turnover.ours.value, (9 / 42) * 100);
  assert.equal(turnover.england.status, 'not_available');
  assert.equal(turnover.change, null);
  assert.equal(view.headline.find((h) => h.field === 'vacancy_rate_fte')?.ours.status, 'not_available');
  assert.equal(view.benchmarks.year, null);
  assert.deepEqual(view.byTeam.rows, []);
  assert.equal(view.retention.date, '2024-11-15');
  assert.ok(view.trends.every((trend) => !trend.years.includes(2025)));
});

test('an evaluation never marks an indicator met on a year in progress, and a pack never freezes one', async () => {
  // 2025's part year (1 leaver over 42) would meet a 10% target; 2024's 20% does not.
  const review = await createReview(db, CODE, {
    title: 'Turnover',
    scope: buildScope({ indicators: [{ description: 'Turnover under 10%', measure: 'turnover_rate_fte', baseline: 20, target: 10 }] }),
    createdBy: null,
  });
  const evaluation = await evaluationOf(db, review, '2026-01-10');
  assert.equal(evaluation.censusYear, 2024);
  assert.equal(evaluation.indicators[0]?.outcome, 'not_met');
  const pack = await buildEvidencePack(db, CODE, { asOf: '2026-01-10' });
  assert.equal(pack.censusYear, 2024);
  assert.equal(pack.content.dashboard.inProgress, null);
});

test('findings are not proposed from a year in progress', async () => {
  await assert.rejects(proposeFindingsFor(db, CODE, 2025), (error) => isRetainError(error, 'incomplete_census_year'));
  assert.ok(Array.isArray(await proposeFindingsFor(db, CODE, 2024)));
});

test('a date the analyst states, on import or later, says how far the data runs', async () => {
  await setStatedDataRunsTo(db, CODE, '2025-10-05', 'analyst@example.org');
  try {
    assert.deepEqual(await coverageOf(db, CODE), { runsTo: '2025-10-05', source: 'stated' });
    const view = await dashboardFor(db, { authorityCode: CODE, personalDataAllowed: true });
    assert.equal(view.censusYear, 2025);
    assert.equal(view.inProgress, null);
  } finally {
    await setStatedDataRunsTo(db, CODE, null, null);
  }
  assert.equal((await coverageOf(db, CODE)).source, 'records');

  const csv = 'worker_id,agency,role,team,fte,start_date,end_date,cases\nS1,No,case_holder,Assessment,1,2020-01-06,,1\n';
  const result = await importWorkers(db, { authorityCode: 'STATED', fileName: 'extract.csv', bytes: csv, importedBy: 'cli', dataRunsTo: '2024-10-02' });
  assert.equal(result.ok, true);
  assert.deepEqual(await coverageOf(db, 'STATED'), { runsTo: '2024-10-02', source: 'stated' });
});
