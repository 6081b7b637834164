import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureAuthority } from '../db/authorities.ts';
import { setStatedDataRunsTo } from '../db/coverage.ts';
import type { Db } from '../db/database.ts';
import { createReview, getPack, issuePack, updateReview } from '../db/reviews.ts';
import { loadDemo } from '../imports/demo.ts';
import { importWorkers } from '../imports/run-import.ts';
import { buildLeaver, buildScope, buildWorker } from '../test/builders.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { testDatabase } from '../test/db.ts';
import { metricsForYear } from './metrics.ts';
import { reviewDossier } from './review-dossier.ts';
import { buildEvidencePack, censusYearAsOf, withheldReasons, type PackContent, type PackSource } from './review-pack.ts';

let db: Db;
let close: () => Promise<void>;
let code: string;

before(async () => {
  ({ db, close } = await testDatabase());
  code = (await loadDemo(db)).authorityCode;
});
after(() => close());

test('a pack as of a date reports the latest census year ended by then', () => {
  assert.equal(censusYearAsOf('2025-09-29', [2023, 2024, 2025]), 2024);
  assert.equal(censusYearAsOf('2025-09-30', [2023, 2024, 2025]), 2025);
  assert.equal(censusYearAsOf('2030-01-01', [2023, 2024, 2025]), 2025);
  assert.equal(censusYearAsOf('2022-01-01', [2023, 2024, 2025]), null);
});

test('leaver reasons of 1 to 4 people are withheld, and a second one when one alone could be worked back', () => {
  assert.deepEqual([...withheldReasons([10, 3, 0, 7])].sort(), [1, 3]);
  assert.deepEqual([...withheldReasons([10, 3, 2, 7])].sort(), [1, 2]);
  assert.deepEqual([...withheldReasons([10, 0, 6])], []);
});

test('a pack carries the census year’s figures with small numbers suppressed, leaver reasons and the imports it was built from', async () => {
  const { censusYear, content, sources } = await buildEvidencePack(db, code, { asOf: '2024-11-01' });
  assert.equal(censusYear, 2024);
  assert.equal(content.dashboard.censusYear, 2024);
  assert.equal(content.dashboard.suppression.applied, true);
  const measures = await metricsForYear(db, code, 2024);
  const turnover = content.dashboard.headline.find((h) => h.field === 'turnover_rate_fte');
  assert.equal(turnover?.ours.value, measures.turnover_rate_fte);
  const leaversByReason = content.leaverReasons.reduce((sum, row) => sum + (row.headcount.value ?? 0), 0);
  assert.ok(leaversByReason <= measures.leavers_headcount && leaversByReason > 0);
  assert.ok(content.leaverReasons.every((row) => row.headcount.status === 'suppressed' || row.headcount.value === 0 || row.headcount.value! >= 5));
  assert.deepEqual(sources.map((s) => s.fileName).sort(), [
    'northbridge-agency-assignments.csv',
    'northbridge-applications.csv',
    'northbridge-caseloads.csv',
    'northbridge-exit-interviews.csv',
    'northbridge-price-caps.csv',
    'northbridge-vacancies.csv',
    'northbridge-workers.csv',
  ]);
  // Caseloads and retention curves, for committee members: no worker ids, and the council's curve drawn.
  assert.ok(content.caseloads && content.caseloads.council.over_threshold_workers === undefined);
  assert.ok(content.retention?.chartSvg?.startsWith('<svg role="img"'));
  assert.ok(sources.every((s) => /^[0-9a-f]{64}$/.test(s.checksumSha256)));
});

test('an issued pack does not change when data is imported later, while the live figures do', async () => {
  const review = await createReview(db, code, { title: 'Retention review', scope: buildScope(), createdBy: null });
  const built = await buildEvidencePack(db, code, { asOf: '2025-10-01' });
  const pack = await issuePack(db, code, review.id, { meetingId: null, asOf: '2025-10-01', title: 'Meeting 1 pack', issuedBy: 'officer', ...built });
  const before = await getPack<PackContent, PackSource[]>(db, code, review.id, pack.id);

  // Twenty more leavers in census year 2025 arrive in a later extract.
  const rows = Array.from({ length: 20 }, (_, i) => `LATE${i},No,case_holder,Assessment,1,2020-01-06,2025-06-30,1`);
  const imported = await importWorkers(db, {
    authorityCode: code,
    fileName: 'late-leavers.csv',
    bytes: ['worker_id,agency,role,team,fte,start_date,end_date,leaving_reason', ...rows].join('\n'),
  });
  assert.equal(imported.ok, true);

  const after = await getPack<PackContent, PackSource[]>(db, code, review.id, pack.id);
  assert.deepEqual(after, before);
  const live = await buildEvidencePack(db, code, { asOf: '2025-10-01' });
  const leavers = (content: PackContent) => content.dashboard.headline.find((h) => h.field === 'leavers_fte')?.ours.value;
  assert.notEqual(leavers(live.content), leavers(after!.content));
  assert.ok(live.sources.some((s) => s.fileName === 'late-leavers.csv'));
  assert.ok(!after!.sources.some((s) => s.fileName === 'late-leavers.csv'));
});

test('the dossier evaluates each indicator against the live figures once the evaluation date has come', async () => {
  const target = (await metricsForYear(db, code, 2025)).turnover_rate_fte! + 1;
  const review = await createReview(db, code, {
    title: 'Evaluated review',
    scope: buildScope({
      indicators: [
        { description: 'Turnover below target', measure: 'turnover_rate_fte', baseline: 25, target },
        { description: 'Staff feel supported', measure: null, baseline: null, target: null },
      ],
    }),
    createdBy: null,
  });
  await updateReview(db, code, review.id, { recommendationsAgreedOn: '2024-11-20' });
  const early = await reviewDossier(db, code, review.id, '2025-06-01');
  assert.equal(early?.evaluation.date, '2025-11-20');
  assert.equal(early?.evaluation.due, false);
  const dossier = await reviewDossier(db, code, review.id, '2025-11-20');
  assert.equal(dossier?.evaluation.due, true);
  assert.equal(dossier?.evaluation.censusYear, 2025);
  assert.deepEqual(
    dossier?.evaluation.indicators.map((i) => i.outcome),
    ['met', 'no_target'],
  );
  assert.equal(await reviewDossier(db, 'OTHER', review.id, '2025-11-20'), null);
});

test('for a scrutiny member, an indicator whose live figure rests on fewer than 5 people is withheld', async () => {
  await ensureAuthority(db, 'SMALL', 'Smallton');
  await insertTestWorkers(db, 'SMALL', [buildWorker({ startDate: '2020-01-06' }), buildWorker({ startDate: '2020-01-06' }), buildLeaver('2025-03-31', { startDate: '2020-01-06' })]);
  // The extract was taken after census year 2025 ended (nobody moved after March): stated, so 2025 is complete.
  await setStatedDataRunsTo(db, 'SMALL', '2025-10-01', null);
  const review = await createReview(db, 'SMALL', {
    title: 'Small review',
    scope: buildScope({ indicators: [{ description: 'Turnover down', measure: 'turnover_rate_fte', baseline: 40, target: 30 }] }),
    createdBy: null,
  });
  const member = await reviewDossier(db, 'SMALL', review.id, '2025-11-01', { personalDataAllowed: false });
  assert.equal(member?.evaluation.indicators[0]?.outcome, 'withheld');
  assert.equal(member?.evaluation.indicators[0]?.current, null);
  const officer = await reviewDossier(db, 'SMALL', review.id, '2025-11-01', { personalDataAllowed: true });
  assert.equal(officer?.evaluation.indicators[0]?.outcome, 'not_met');
});
