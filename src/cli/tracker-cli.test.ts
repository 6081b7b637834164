import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recordExecutiveResponse, reportProgress, setRecommendationOwner, setReportRoute, uploadTracker } from '../commands/recommendation-tracking.ts';
import { addRecommendation } from '../commands/review-outcomes.ts';
import { startReview } from '../commands/reviews.ts';
import { openDatabase } from '../db/database.ts';
import { buildRecommendationFields, buildScope } from '../test/builders.ts';
import { retainInProcess, type CliResult } from '../test/cli.ts';
import { testDataDir, testServerDatabase } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';

/**
 * `retain tracker` as a scrutiny officer runs it: the real command on a database holding two
 * tracked reviews, with the page's filters, --json as the command's header states, and --csv as a
 * file the tracker page takes back. A PGlite data directory, or with DATABASE_URL a database of
 * its own on that server, which the command is pointed at.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where the data is: a data directory, or a server database's URL. */
interface Target {
  dir: string;
  url: string | null;
}

const open = (target: Target) => (target.url ? openDatabase({ databaseUrl: target.url }) : openDatabase({ dataDir: target.dir }));

/** `retain --data-dir DIR ARGS` run in this process (src/test/cli.ts), pointed at the target. */
function run(target: Target, ...args: string[]): Promise<CliResult> {
  return retainInProcess(['--data-dir', target.dir, ...args], { env: { NO_COLOR: '1', RETAIN_DATA_DIR: undefined, DATABASE_URL: target.url ?? undefined }, cwd: root });
}

const FIELDS = buildRecommendationFields({ text: '', owner: '' });

async function prepare(target: Target): Promise<void> {
  const opened = target.url ? await open(target) : await testDataDir(target.dir);
  const db = opened.db;
  const actor = { userId: null, email: 'officer@test.example' };
  try {
    await addTestAuthority(db, '202', 'Clitrack Council');
    const ref = { authorityCode: '202', reviewId: 0 };
    ref.reviewId = (
      await startReview(db, { authorityCode: '202', title: 'Keeping our social workers', scope: buildScope({ reportingDate: '2025-07-10', scrutinyBoard: 'Children’s Scrutiny' }) }, actor)
    ).id;
    await setReportRoute(db, { ...ref, referencePrefix: 'CYP', sentToExecutiveOn: '2025-09-15' }, actor);
    const ids: number[] = [];
    for (const text of ['Introduce a retention payment', 'Create advanced practitioner posts']) ids.push((await addRecommendation(db, { ...ref, fields: { ...FIELDS, text } }, actor)).id);
    await recordExecutiveResponse(
      db,
      {
        ...ref,
        respondedOn: '2025-10-20',
        responses: ids.map((recommendationId) => ({ recommendationId, response: 'accepted' as const, reasons: '', decisionReference: 'CAB 25/41' })),
      },
      actor,
    );
    await setRecommendationOwner(db, { ...ref, recommendationId: ids[0]!, leadOfficer: 'Jo Bloggs', leadOfficerEmail: 'jo@council.example', targetDate: '2026-03-31' }, actor);
    await reportProgress(
      db,
      { ...ref, recommendationId: ids[0]!, change: { status: 'slipped', revisedDate: '2026-09-30', reason: 'Budget agreed late', note: 'Consultation ran over' }, today: '2025-12-01' },
      actor,
    );
    const other = (await startReview(db, { authorityCode: '202', title: 'Agency spend', scope: buildScope({ reportingDate: '2025-07-10', scrutinyBoard: 'Corporate Scrutiny' }) }, actor)).id;
    await addRecommendation(db, { authorityCode: '202', reviewId: other, fields: { ...FIELDS, text: 'Cap agency rates' } }, actor);
  } finally {
    await opened.close();
  }
}

test('the tracker from the command line: listed with the page’s filters, as JSON, and as the file the page takes back', async () => {
  const base = mkdtempSync(join(tmpdir(), 'retain-tracker-cli-'));
  const server = await testServerDatabase();
  const dir: Target = { dir: join(base, 'data'), url: server?.url ?? null };
  try {
    await prepare(dir);

    const listed = await run(dir, 'tracker');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^Clitrack Council \(202\): 3 recommendations/);
    assert.match(listed.stdout, /reference\s+status\s+RAG\s+due by\s+lead officer/);
    assert.match(listed.stdout, /CYP 2025\/26-01\s+Slipped\s+amber\s+2026-09-30\s+Jo Bloggs/);
    assert.match(listed.stdout, /SCR 2025\/26-01\s+Awaiting response/);

    const slipped = await run(dir, 'tracker', '--status', 'slipped', '--year', '2025/26');
    assert.equal(slipped.code, 0, slipped.stderr);
    assert.match(slipped.stdout, /1 of 3 recommendations/);
    assert.doesNotMatch(slipped.stdout, /CYP 2025\/26-02|SCR/);
    assert.match((await run(dir, 'tracker', '--year', '2024')).stdout, /No recommendations match/);
    assert.match((await run(dir, 'tracker', '--committee', 'Corporate Scrutiny')).stdout, /1 of 3[\s\S]*SCR 2025\/26-01/);

    const json = await run(dir, 'tracker', '--owner', 'jo bloggs', '--json');
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout);
    assert.deepEqual(body.filter, { committee: null, status: null, year: null, owner: 'jo bloggs' });
    assert.equal(body.total, 3);
    assert.equal(body.counts.slipped, 1);
    assert.equal(body.counts.not_reported, 1);
    assert.equal(body.counts.awaiting, 1);
    assert.equal(body.recommendations.length, 1);
    const [row] = body.recommendations;
    assert.equal(row.reference, 'CYP 2025/26-01');
    assert.equal(row.rag, 'amber');
    assert.equal(row.due_by, '2026-09-30');
    assert.equal(row.lead_officer_email, 'jo@council.example');
    assert.deepEqual(row.updates.at(-1), {
      date: row.updates.at(-1).date,
      text: 'Consultation ran over',
      status: 'slipped',
      revised_date: '2026-09-30',
      reason: 'Budget agreed late',
      by: 'officer@test.example',
    });
    assert.deepEqual(
      body.response_clocks.map((clock: { review_title: string; state: string; due_date: string }) => [clock.review_title, clock.state, clock.due_date]),
      [['Keeping our social workers', 'responded', '2025-11-15']],
    );

    const csv = await run(dir, 'tracker', '--csv');
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^Reference,Review,Committee,Recommendation,/);
    assert.equal(csv.stdout.trim().split('\r\n').length, 4);
    // Uploaded back unchanged, it is accepted and changes nothing.
    const opened = await open(dir);
    try {
      const outcome = await uploadTracker(
        opened.db,
        { authorityCode: '202', fileName: 'tracker.csv', bytes: new TextEncoder().encode(csv.stdout), today: '2025-12-02' },
        { userId: null, email: 'cli-test' },
      );
      assert.equal(outcome.ok, true, JSON.stringify(outcome));
      assert.equal(outcome.ok && outcome.changed, 0);
    } finally {
      await opened.close();
    }

    const bad = await run(dir, 'tracker', '--year', '2025/27');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /municipal year is written 2025\/26/);
    assert.equal((await run(dir, 'tracker', '--status', 'finished')).code, 2);
    assert.equal((await run(dir, 'tracker', '--json', '--csv')).code, 2);
  } finally {
    rmSync(base, { recursive: true, force: true });
    await server?.drop();
  }
});
