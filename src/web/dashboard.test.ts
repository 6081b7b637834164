import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { retainInProcess } from '../test/cli.ts';
import { testDatabase, testDataDir } from '../test/db.ts';
import { HEADLINE_MEASURES, formatMeasure, dashboardFor } from '../reports/dashboard.ts';
import { metricsByGroup, metricsForYear } from '../reports/metrics.ts';
import { importBenchmarks } from '../imports/run-benchmarks-import.ts';
import { noChromium } from '../test/browser.ts';
import { seedDemoCouncil, seedTestshire } from '../test/dashboard.ts';
import { signedInAs, testApp, type TestSession } from '../test/web.ts';
import { renderDataPack } from './routes/dashboard.ts';

const DFE_FILE = new URL('../../reference/dfe/csww_indicators_2017_to_2024.csv', import.meta.url);

let app: FastifyInstance;
let close: () => Promise<void>;
let demo: { authorityCode: string; name: string; lastYear: number };
let analyst: TestSession;
let viewer: TestSession;

before(async () => {
  ({ app, close } = await testApp());
  demo = await seedDemoCouncil(app.db);
  await seedTestshire(app.db, 'T1');
  const imported = await importBenchmarks(app.db, { fileName: 'csww_indicators_2017_to_2024.csv', bytes: readFileSync(DFE_FILE) });
  assert.ok(imported.ok);
  analyst = await signedInAs(app, 'analyst', { authorities: [demo.authorityCode, 'T1'] });
  viewer = await signedInAs(app, 'viewer', { authorities: [demo.authorityCode, 'T1'] });
});

after(async () => {
  await close();
});

/** The text a page shows for a headline figure: the first row of its summary card. */
function headlineFigureOnPage(html: string, field: string): string {
  const figure = new RegExp(`data-field="${field}"[\\s\\S]*?<strong class="retain-headline__figure">([\\s\\S]*?)</strong>`).exec(html)?.[1];
  assert.ok(figure !== undefined, `the figure for ${field}`);
  return figure.trim();
}

test('the dashboard shows the same headline figures as `retain metrics` for the same council and year', async () => {
  const year = demo.lastYear - 1;
  const response = await analyst.get(`/dashboard?authority=${demo.authorityCode}&year=${year}`);
  assert.equal(response.statusCode, 200);
  const html = response.body;
  assert.match(html, new RegExp(`Census year ${year}`));
  const metrics = await metricsForYear(app.db, demo.authorityCode, year);
  for (const measure of HEADLINE_MEASURES) {
    const value = metrics[measure.field];
    assert.ok(value !== null, `${measure.field} is defined for the demo`);
    assert.equal(headlineFigureOnPage(html, measure.field), formatMeasure(measure.field, value), measure.field);
  }
  // The demo's records by team, from the functions `retain metrics --by team` prints.
  const teams = await metricsByGroup(app.db, demo.authorityCode, year, 'team');
  for (const team of teams) {
    const row = new RegExp(`<th scope="row" class="govuk-table__header">${team.group.replace(/[()]/g, '\\$&')}</th>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    assert.match(row, new RegExp(`>${formatMeasure('inpost_fte', team.inpost_fte)}<`), team.group);
    if (team.turnover_rate_fte !== null) assert.match(row, new RegExp(`>${formatMeasure('turnover_rate_fte', team.turnover_rate_fte)}<`), team.group);
  }
  // England's published turnover for that year is beside ours.
  assert.match(html, /England/);
  assert.match(html, /North West/);
});

test('`retain metrics --json` printed by the CLI agrees with the dashboard', async () => {
  // The CLI (run in this process, src/test/cli.ts) opens the same data itself: a PGlite
  // directory, or a database on the server.
  const onServer = Boolean(process.env.DATABASE_URL);
  const dir = mkdtempSync(join(tmpdir(), 'retain-dashboard-'));
  const opened = onServer ? await testDatabase() : await testDataDir(dir);
  let closed = false;
  try {
    await seedDemoCouncil(opened.db);
    const view = await dashboardFor(opened.db, { authorityCode: demo.authorityCode, censusYear: demo.lastYear, personalDataAllowed: true });
    // PGlite allows one process at a time in a data directory.
    if (!onServer) {
      await opened.close();
      closed = true;
    }
    const where = onServer ? [] : ['--data-dir', dir];
    const { code, stdout, stderr } = await retainInProcess([...where, 'metrics', '--year', String(demo.lastYear), '--authority', demo.authorityCode, '--json'], {
      env: { DATABASE_URL: onServer ? opened.location : undefined },
    });
    assert.equal(code, 0, stderr);
    const printed = JSON.parse(stdout) as Record<string, number | null>;
    for (const figure of view.headline) {
      const cli = printed[figure.field];
      assert.equal(figure.ours.text, cli === null || cli === undefined ? 'not available' : formatMeasure(figure.field, cli), figure.field);
    }
  } finally {
    if (!closed) await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a viewer sees [c] where a team has fewer than 5 people, where an analyst sees the number', async () => {
  const url = `/dashboard?authority=T1&year=2024`;
  const asAnalyst = (await analyst.get(url)).body;
  const asViewer = (await viewer.get(url)).body;
  const tinyRow = (html: string) => /<th scope="row" class="govuk-table__header">Tiny<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
  assert.doesNotMatch(tinyRow(asAnalyst), /\[c\]/);
  assert.match(tinyRow(asAnalyst), />3</, 'three in post');
  assert.match(tinyRow(asAnalyst), /At risk/);
  assert.match(tinyRow(asViewer), /\[c\]/);
  assert.match(tinyRow(asViewer), /suppressed \(fewer than 5 people\)/);
  assert.doesNotMatch(tinyRow(asViewer), /At risk/);
  assert.match(asViewer, /fewer than 5 people is suppressed/);

  const demoViewer = (await viewer.get(`/dashboard?authority=${demo.authorityCode}`)).body;
  assert.match(/<th scope="row" class="govuk-table__header">Leadership<\/th>([\s\S]*?)<\/tr>/.exec(demoViewer)?.[1] ?? '', /\[c\]/);
});

test('the page has a year chooser that works without JavaScript, charts with data tables, at-risk tags and thresholds', async () => {
  const html = (await analyst.get(`/dashboard?authority=T1&year=2024`)).body;
  assert.match(html, /<form method="get" action="\/dashboard"/);
  assert.match(html, /<option value="2023"/);
  assert.match(html, /<option value="2024" selected/);
  // Eight dashboard charts and five in the comparison with neighbours (one per measure).
  assert.equal((html.match(/<svg role="img"/g) ?? []).length, 13);
  assert.match(html, /Show the data for this chart/);
  assert.match(html, /govuk-tag--red retain-tag">At risk/);
  assert.match(html, /turnover rate \(FTE\) above 20%/);
  assert.match(html, /href="\/dashboard\/export\/team.csv\?authority=T1&amp;year=2024"/);
  assert.match(html, /href="\/dashboard\/datapack.pdf\?authority=T1&amp;year=2024"/);
  assert.match(html, /<input type="hidden" name="authority" value="T1">/);
});

test('a year with no figures is an error on the page, shown with the latest year', async () => {
  const response = await analyst.get(`/dashboard?authority=T1&year=1999`);
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /There is a problem/);
  assert.match(response.body, /Select a census year from the list/);
  assert.match(response.body, /<option value="2024" selected/);
  assert.equal((await analyst.get(`/dashboard?authority=T1&year=abc`)).statusCode, 400);
  assert.equal((await analyst.get(`/dashboard/export/team.csv?authority=T1&year=1999`)).statusCode, 400);
});

test('each table downloads as CSV and XLSX, a viewer’s with small numbers as “c”', async () => {
  const csv = await analyst.get(`/dashboard/export/team.csv?authority=T1&year=2024`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="retain-T1-2024-team.csv"/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'Team,In post (headcount),In post (FTE),Leavers (FTE),Turnover (FTE),Vacancy rate,Agency rate,Average caseload,Absence rate,At risk,Why at risk');
  assert.match(lines.find((line) => line.startsWith('Big,'))!, /^Big,10,10,3,30,,.*,yes,turnover rate \(FTE\) above 20%$/);
  const viewerCsv = (await viewer.get(`/dashboard/export/team.csv?authority=T1&year=2024`)).body;
  assert.match(viewerCsv, /\r\nTiny,c,c,/);

  for (const name of ['headline', 'trends', 'team', 'role', 'retention']) {
    const response = await analyst.get(`/dashboard/export/${name}.xlsx?authority=T1&year=2024`);
    assert.equal(response.statusCode, 200, name);
    assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await analyst.get(`/dashboard/export/dashboard.xlsx?authority=T1&year=2024`)).rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(
    workbook.worksheets.map((sheet) => sheet.name),
    ['Headline figures 2024', 'Trends', 'By team 2024', 'By role 2024', 'Retention 2024-09-30'],
  );
  const team = workbook.getWorksheet('By team 2024')!;
  assert.equal(team.getRow(2).getCell(1).value, 'Big');
  assert.equal(team.getRow(2).getCell(2).value, 10);
});

test('the data pack is standalone HTML with the cover, summary, charts, team breakdown and notes', async () => {
  const view = await dashboardFor(app.db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: true });
  const html = await renderDataPack(app, view, '24 November 2026');
  const forViewer = await renderDataPack(app, await dashboardFor(app.db, { authorityCode: 'T1', censusYear: 2024, personalDataAllowed: false }));
  assert.match(forViewer, /shown as \[c\]/);
  assert.match(forViewer, /Teams at risk:<\/strong> none/, 'a withheld figure flags no team');
  assert.match(html, /<title>Retain data pack — Testshire — census year 2024<\/title>/);
  assert.match(html, /Produced on 24 November 2026/);
  assert.match(html, /Teams at risk:<\/strong> Big/);
  assert.match(html, /reference date is 30 September/);
  assert.match(html, /small numbers are shown in full/);
  assert.doesNotMatch(html, /<link|<script|src="http/, 'nothing fetched');
  // The eight dashboard charts (the neighbour comparison charts are on the page, not in the pack).
  assert.equal((html.match(/<svg role="img"/g) ?? []).length, 8);
});

test('the dashboard downloads as a PDF data pack', { skip: noChromium }, async () => {
  const response = await viewer.get(`/dashboard/datapack.pdf?authority=${demo.authorityCode}&year=2024`);
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  assert.equal(response.headers['content-type'], 'application/pdf');
  assert.match(String(response.headers['content-disposition']), /filename="retain-data-pack-DEMO-2024.pdf"/);
  assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(response.rawPayload.length > 20_000);
});

test('without Chromium the PDF link answers with a page that says why', async () => {
  const { app: other, close: closeOther } = await testApp();
  const previous = process.env.RETAIN_CHROMIUM_PATH;
  try {
    await seedTestshire(other.db, 'T1');
    const session = await signedInAs(other, 'viewer');
    process.env.RETAIN_CHROMIUM_PATH = '/nonexistent/chromium';
    const response = await session.get('/dashboard/datapack.pdf?year=2024');
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /The PDF data pack is not available/);
    assert.match(response.body, /There is no Chromium at \/nonexistent\/chromium/);
  } finally {
    if (previous === undefined) delete process.env.RETAIN_CHROMIUM_PATH;
    else process.env.RETAIN_CHROMIUM_PATH = previous;
    await closeOther();
  }
});
