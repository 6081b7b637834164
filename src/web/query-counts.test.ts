import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { loadDemo } from '../imports/demo.ts';
import { proposeFindingsFor } from '../reports/findings.ts';
import { buildWorker } from '../test/builders.ts';
import { countingQueries, testDatabase, type QueryCounter } from '../test/db.ts';
import { fullReviewDossier } from '../test/review-dossier.ts';
import { signedInAs, type TestSession } from '../test/web.ts';
import { insertTestWorkers } from '../test/workers.ts';
import { buildApp } from './app.ts';

/**
 * How many statements the busiest reads send, on the demo council (every kind of data loaded,
 * DfE's figures included). Upper bounds, so a change that reads a council per year, per group or
 * per request again fails here. Before one read per council (issue 8 item 3) the dashboard sent 30
 * statements to build and 8 on every request after, findings 36, and a meeting's minutes 20 (the
 * whole review dossier with its metrics series).
 */

let db: Db;
let close: () => Promise<void>;
let app: FastifyInstance;
let counter: QueryCounter;
let analyst: TestSession;
let viewer: TestSession;
let code: string;

before(async () => {
  ({ db, close } = await testDatabase());
  ({ authorityCode: code } = await loadDemo(db));
  counter = countingQueries(db);
  app = await buildApp({ db: counter.db, logger: false });
  analyst = await signedInAs(app, 'analyst', { authorities: [code] });
  viewer = await signedInAs(app, 'viewer', { authorities: [code] });
});

after(async () => {
  await app.close();
  await close();
});

/** Statements `run` sends, with their list for the message when a bound is broken. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  counter.reset();
  await run();
  return counter.statements();
}

const censusTotals = (statements: readonly string[]) => statements.filter((s) => s.startsWith('with years as')).length;

test('the dashboard is built from one load of the council, and an unchanged dashboard costs no statement on PGlite and six on PostgreSQL', async () => {
  const built = await statementsOf(async () => assert.equal((await analyst.get('/dashboard')).statusCode, 200));
  // 30 for the figures and the page; 3 more for the executive's response clocks (issue 15).
  assert.ok(built.length <= 33, `building the dashboard: ${built.length} statements\n${built.join('\n')}`);
  assert.equal(censusTotals(built), 3, 'every year summed once for the council, once by team, once by role');
  assert.equal(built.filter((s) => s === 'select workers').length, 1, 'the records read once, for retention, survival and exit interviews alike');

  // The session (with the user and their councils), the data version, overdue scrutiny actions and
  // the response clocks (settings, reviews, recommendations): on PostgreSQL read every time; on
  // PGlite kept until the next write (src/db/write-epoch.ts), so none.
  const again = await statementsOf(async () => assert.equal((await analyst.get('/dashboard')).statusCode, 200));
  const perRequest = ['select data_versions', 'select review_actions', 'select review_recommendations', 'select reviews', 'select scrutiny_settings', 'select sessions'];
  assert.deepEqual([...again].sort(), process.env.DATABASE_URL ? perRequest : []);

  // Another audience gets its own view, from the same load.
  const forViewer = await statementsOf(async () => assert.equal((await viewer.get('/dashboard')).statusCode, 200));
  assert.equal(censusTotals(forViewer), 0, `the viewer's view reuses the load\n${forViewer.join('\n')}`);
  assert.ok(!forViewer.includes('select workers'));
  assert.ok(forViewer.length <= 27, `the viewer's dashboard: ${forViewer.length} statements\n${forViewer.join('\n')}`);
});

test('findings read the council once, not a statement per year and group', async () => {
  // A write moves the data version: nothing loaded before is reused.
  await insertTestWorkers(db, code, [buildWorker({ workerId: 'COUNT-NEW', startDate: '2024-01-08' })]);
  const cold = await statementsOf(() => proposeFindingsFor(counter.db, code, 2024));
  assert.ok(cold.length <= 16, `findings from cold: ${cold.length} statements\n${cold.join('\n')}`);
  assert.equal(censusTotals(cold), 3);
  const warm = await statementsOf(() => proposeFindingsFor(counter.db, code, 2024));
  assert.ok(warm.length <= 9, `findings with the council loaded: ${warm.length} statements\n${warm.join('\n')}`);
  assert.equal(censusTotals(warm), 0);
});

test('a meeting’s minutes read the meeting, its actions and the withheld figures, not the whole review dossier', async () => {
  const dossier = await fullReviewDossier(db, code);
  const url = `/reviews/${dossier.review.id}/meetings/${dossier.meetings[0]!.id}/minutes.docx`;
  const minutes = await statementsOf(async () => assert.equal((await analyst.get(url)).statusCode, 200));
  // Session, review, meeting, council, actions, data version, the download's audit entry.
  assert.ok(minutes.length <= 7, `minutes: ${minutes.length} statements\n${minutes.join('\n')}`);
  for (const table of ['review_findings', 'review_recommendations', 'review_evidence', 'review_packs']) {
    assert.ok(!minutes.includes(`select ${table}`), `minutes do not read ${table}`);
  }
  assert.equal(censusTotals(minutes), 0, 'no metrics series: the withheld figures come from the council’s load');
});
