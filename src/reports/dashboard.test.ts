import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setNeighbours } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { buildWorker } from '../test/builders.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { workersForAuthority } from '../db/workers.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { DASHBOARD_BENCHMARKS, seedTestshire } from '../test/dashboard.ts';
import { testDatabase } from '../test/db.ts';
import { tableToCsv } from './tables.ts';
import { changeSince, dashboardFor, dashboardTables, formatMeasure, shownCell, SUPPRESSED_CELL, SUPPRESSED_TEXT } from './dashboard.ts';
import { councilFigures, metricsByGroup, metricsForYear, retentionAt } from './metrics.ts';
import { retentionCurveAt } from './retention-curves.ts';
import { retentionCurve } from '../domain/survival.ts';

let db: Db;
let close: () => Promise<void>;

before(async () => {
  ({ db, close } = await testDatabase());
  await seedTestshire(db);
  const imported = await importBenchmarks(db, { fileName: 'small.csv', bytes: DASHBOARD_BENCHMARKS });
  assert.ok(imported.ok, JSON.stringify(imported));
});

after(async () => {
  await close();
});

test('an analyst sees every headline figure exactly as `retain metrics` computes it, beside England, region and the neighbours’ median', async () => {
  const view = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true });
  const metrics = await metricsForYear(db, 'T1', 2024);
  assert.deepEqual(view.years, [2023, 2024]);
  assert.equal(view.censusYear, 2024);
  assert.equal(view.referenceDate, '2024-09-30');
  for (const figure of view.headline) {
    assert.equal(figure.ours.value, metrics[figure.field], figure.field);
    assert.equal(figure.ours.status, 'shown');
  }
  const turnover = view.headline.find((figure) => figure.field === 'turnover_rate_fte')!;
  assert.equal(turnover.ours.text, '23.1%');
  assert.equal(turnover.england.text, '13.9%');
  assert.equal(turnover.region.text, '12.9%');
  assert.equal(turnover.neighbourMedian.text, '14.0%');
  assert.equal(turnover.neighbourCount, 2);
  // 2023: one leaver over 16 in post.
  assert.equal(turnover.change?.direction, 'up');
  assert.equal(turnover.change?.judgement, 'worse');
  assert.equal(turnover.change?.text, 'Up 16.8 percentage points since 2023 (worse)');
  const inPost = view.headline.find((figure) => figure.field === 'inpost_fte')!;
  assert.equal(inPost.change?.judgement, 'worse', 'fewer in post is worse');
  const absence = view.headline.find((figure) => figure.field === 'absence_rate_fte')!;
  assert.equal(absence.neighbourMedian.text, '3.6%', 'a suppressed neighbour is left out of the median');
  assert.equal(view.suppression.applied, false);
  assert.equal(view.suppression.cells, 0);
});

test('the default year is the latest the data covers, and a year DfE has not published shows benchmarks as not available', async () => {
  const latest = await dashboardFor(db, { authorityCode: 'T1', personalDataAllowed: true });
  assert.equal(latest.censusYear, 2024);
  const unpublished = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2022, personalDataAllowed: true });
  assert.equal(unpublished.benchmarks.year, null);
  assert.equal(unpublished.benchmarks.latestPublishedYear, 2024);
  for (const figure of unpublished.headline) {
    assert.equal(figure.england.text, 'not available');
    assert.equal(figure.neighbourMedian.status, 'not_available');
  }
  assert.equal(unpublished.headline[0]!.change, null, 'no 2021 data to compare with');
});

test('trends put our figures beside the published England, region and neighbour series for every loaded year', async () => {
  const view = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true });
  const turnover = view.trends.find((trend) => trend.field === 'turnover_rate_fte')!;
  assert.deepEqual(turnover.years, [2023, 2024]);
  assert.deepEqual(
    turnover.series.map((s) => s.name),
    ['Testshire', 'England', 'South West', 'Statistical neighbours (median)'],
  );
  assert.deepEqual(
    turnover.series[1]!.cells.map((cell) => cell.value),
    [16.7, 13.9],
  );
  assert.deepEqual(
    turnover.series[3]!.cells.map((cell) => cell.value),
    [20, 14],
  );
  assert.equal(turnover.series[0]!.cells[0]!.text, '6.3%');
  assert.match(turnover.svg, /^<svg role="img"/);
});

test('teams and roles above a threshold are flagged at risk with the reason, and thresholds can be changed', async () => {
  const view = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true });
  const big = view.byTeam.rows.find((row) => row.group === 'Big')!;
  const tiny = view.byTeam.rows.find((row) => row.group === 'Tiny')!;
  assert.deepEqual(big.risks, ['turnover rate (FTE) above 20%']);
  assert.deepEqual(tiny.risks, ['average caseload above 20 cases per FTE']);
  assert.equal(tiny.cells.caseload_fte.text, '25.0');
  assert.equal(view.byRole.rows[0]!.label, 'Case holder');
  assert.match(view.byTeam.chart.svg, /#d4351c/);
  assert.deepEqual(view.thresholdTexts, ['turnover rate (FTE) above 20%', 'vacancy rate (FTE) above 20%', 'average caseload above 20 cases per FTE']);

  const relaxed = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true, thresholds: { turnover_rate_fte: 35, caseload_fte: 30 } });
  assert.equal(
    relaxed.byTeam.rows.some((row) => row.atRisk),
    false,
  );
  assert.equal(relaxed.thresholds.vacancy_rate_fte, 20);
});

test('retention at the reference date: stability index and share under two years, for the service and by team', async () => {
  const view = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true });
  assert.equal(view.retention.date, '2024-09-30');
  // 16 in post a year before, 13 still in post.
  assert.equal(view.retention.overall.stabilityIndex.text, '81.3%');
  assert.equal(view.retention.overall.underTwoYears.text, '0.0%');
  assert.deepEqual(
    view.retention.byTeam.map((row) => row.group),
    ['Big', 'Tiny'],
  );
});

test('for a viewer every figure built from fewer than 5 people is withheld, cannot flag a team, and is counted', async () => {
  const view = await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: false });
  const field = (name: string) => view.headline.find((figure) => figure.field === name)!;
  assert.deepEqual(field('turnover_rate_fte').ours, SUPPRESSED_CELL);
  assert.equal(field('leavers_headcount').ours.text, SUPPRESSED_TEXT);
  assert.equal(field('turnover_rate_fte').change?.direction, null);
  assert.equal(field('inpost_fte').ours.text, '13.0');
  assert.equal(field('turnover_rate_fte').england.text, '13.9%', 'published benchmarks are not ours to withhold');

  const tiny = view.byTeam.rows.find((row) => row.group === 'Tiny')!;
  assert.equal(tiny.cells.inpost_headcount.status, 'suppressed');
  assert.equal(tiny.cells.caseload_fte.status, 'suppressed');
  assert.equal(tiny.atRisk, false);
  const big = view.byTeam.rows.find((row) => row.group === 'Big')!;
  assert.equal(big.cells.inpost_headcount.text, '10');
  assert.equal(big.cells.turnover_rate_fte.status, 'suppressed', 'three leavers');
  assert.equal(view.retention.byTeam.find((row) => row.group === 'Tiny')!.inPost.status, 'suppressed');
  const trend = view.trends.find((t) => t.field === 'turnover_rate_fte')!;
  assert.deepEqual(
    trend.series[0]!.cells.map((cell) => cell.status),
    ['suppressed', 'suppressed'],
  );
  assert.ok(view.suppression.applied);
  assert.ok(view.suppression.cells >= 8);
});

test('the download tables hold the figures unrounded, withheld ones as DfE’s “c”', async () => {
  const analyst = dashboardTables(await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true }));
  const metrics = await metricsForYear(db, 'T1', 2024);
  assert.equal(analyst.headline.rows.find((row) => row.field === 'turnover_rate_fte')!.ours, metrics.turnover_rate_fte);
  // The CSV of the same table writes the rate at one decimal place, as DfE publishes it (XLSX keeps every digit).
  const turnoverLine = tableToCsv(analyst.headline)
    .split('\r\n')
    .find((line) => line.startsWith('turnover_rate_fte,'))!;
  assert.equal(turnoverLine.split(',')[2], String(Math.round(metrics.turnover_rate_fte! * 10) / 10));
  assert.equal(analyst.team.rows.find((row) => row.group === 'Tiny')!.at_risk, 'yes');
  assert.deepEqual(analyst.trends.columns.map((column) => column.key).slice(3), ['2023', '2024']);

  const viewer = dashboardTables(await dashboardFor(db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: false }));
  assert.equal(viewer.headline.rows.find((row) => row.field === 'turnover_rate_fte')!.ours, 'c');
  assert.equal(viewer.team.rows.find((row) => row.group === 'Tiny')!.inpost_headcount, 'c');
});

test('figures are formatted as people read them, and changes are judged by which way is better', () => {
  assert.equal(formatMeasure('turnover_rate_fte', 15.45), '15.5%');
  assert.equal(formatMeasure('inpost_headcount', 1234), '1,234');
  assert.equal(formatMeasure('inpost_fte', 34328.24), '34,328.2');
  assert.equal(shownCell('caseload_fte', null, 'c').symbol, 'c');
  const up = (field: 'caseload_fte' | 'inpost_fte' | 'starters_fte', polarity: 'lower_better' | 'higher_better' | 'neutral') =>
    changeSince(field, polarity, shownCell(field, 12), shownCell(field, 10), 2023);
  assert.equal(up('caseload_fte', 'lower_better').judgement, 'worse');
  assert.equal(up('inpost_fte', 'higher_better').judgement, 'better');
  assert.equal(up('starters_fte', 'neutral').text, 'Up 2.0 since 2023');
  assert.equal(changeSince('caseload_fte', 'lower_better', shownCell('caseload_fte', 10.04), shownCell('caseload_fte', 10.01), 2023).direction, 'same');
});

test('the dashboard’s one load of the council gives exactly what `retain metrics` gives, year by year', async () => {
  const figures = await councilFigures(db, 'T1');
  assert.deepEqual(figures.censusYears, [2023, 2024]);
  // 2030: a year the data does not cover is read when asked, by the same statement.
  for (const year of [2022, 2023, 2024, 2025, 2030]) {
    const { figures: council, teams, roles } = await figures.year(year);
    const flat = (groups: typeof teams) => groups.map(({ group, measures }) => ({ group, ...measures }));
    assert.deepEqual(council.measures, await metricsForYear(db, 'T1', year));
    assert.deepEqual(flat(teams), await metricsByGroup(db, 'T1', year, 'team'));
    assert.deepEqual(flat(roles), await metricsByGroup(db, 'T1', year, 'role'));
    const inSeries = figures.series.find((entry) => entry.censusYear === year);
    if (inSeries) assert.deepEqual(inSeries.measures, council.measures);
  }
  // Retention from the eight columns it reads, curves from their nine: the same as from whole records.
  assert.deepEqual(await figures.retentionAt('2024-09-30'), await retentionAt(db, 'T1', '2024-09-30'));
  for (const by of [undefined, 'start_origin', 'team', 'cohort'] as const) {
    assert.deepEqual(await retentionCurveAt(db, 'T1', '2024-09-30', by), retentionCurve(await figures.workers(), '2024-09-30', by));
  }
  assert.deepEqual(await figures.workers(), await workersForAuthority(db, 'T1'));
  assert.equal(await councilFigures(db, 'T1'), figures, 'kept while the data version stands');
});

test('a dashboard is computed once while the data stands, and again as soon as a record or the neighbours change', async () => {
  await seedTestshire(db, 'CACHE1');
  const options = { authorityCode: 'CACHE1', censusYear: 2024, personalDataAllowed: true };
  const first = await dashboardFor(db, options);
  assert.equal(await dashboardFor(db, options), first, 'unchanged data: the same view');
  assert.notEqual(await dashboardFor(db, { ...options, personalDataAllowed: false }), first, 'another audience: its own view');

  await insertTestWorkers(db, 'CACHE1', [buildWorker({ workerId: 'LATE-STARTER', startDate: '2024-01-08' })]);
  const afterImport = await dashboardFor(db, options);
  assert.notEqual(afterImport, first);
  const inPost = (view: typeof first) => view.headline.find((h) => h.field === 'inpost_fte')!.ours.value!;
  assert.equal(inPost(afterImport), inPost(first) + 1);

  await setNeighbours(db, 'CACHE1', ['E09000001']);
  assert.notEqual(await dashboardFor(db, options), afterImport, 'new neighbours: computed again');
});
