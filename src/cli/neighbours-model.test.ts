import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCli } from '../test/cli.ts';
import { openDatabase } from '../db/database.ts';

/**
 * `retain neighbours model`: which of DfE's neighbour models a council uses, and choosing the other
 * from the command line, as the Settings page does (the same use case, audited), on a fresh PGlite
 * data directory (the command run in this process, src/test/cli.ts).
 */

test('the neighbour model is shown and chosen from the command line, each choice audited', async () => {
  const cli = await testCli({ engine: 'pglite', prefix: 'retain-neighbours-cli-' });
  const { dir } = cli;
  try {
    // Wigan (LA 359) with one worker: enough for the council to exist.
    writeFileSync(join(dir, 'workers.csv'), 'worker_id,agency,role,fte,start_date\nW1,no,case_holder,1,2020-01-06\n');
    assert.equal((await cli.run('import', 'workers', join(dir, 'workers.csv'), '--authority', '359')).code, 0);

    const shown = await cli.run('neighbours', 'model');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /359 uses DfE's 2025 statistical neighbour model, its own list \(LA 359\)\./);
    assert.match(shown.stdout, /code\s+name\s+region\s+closeness/);

    const chosen = await cli.run('neighbours', 'model', '2021', '--json');
    assert.equal(chosen.code, 0, chosen.stderr);
    const view = JSON.parse(chosen.stdout) as {
      model: string;
      basis: string;
      borrowed: boolean;
      edited: boolean;
      neighbours: Array<{ code: string; name: string | null }>;
      proximity: Record<string, string>;
    };
    assert.equal(view.model, '2021');
    assert.equal(view.basis, '359');
    assert.equal(view.borrowed, false);
    assert.equal(view.edited, false);
    assert.equal(view.neighbours.length, 10);
    assert.ok(
      view.neighbours.every((entry) => entry.name !== null && view.proximity[entry.code]),
      'every neighbour is named, with its closeness',
    );

    const wrong = await cli.run('neighbours', 'model', '2019');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /2025, 2021/);

    // The commands above ran on the data directory, whatever DATABASE_URL says: read it back there too.
    const serverUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    const opened = await openDatabase({ dataDir: join(dir, 'data') }).finally(() => {
      if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
    });
    try {
      const audit = await opened.db.selectFrom('audit_log').select(['action', 'user_email', 'details']).where('action', '=', 'settings.neighbour_model').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.user_email, 'cli');
      assert.equal((audit[0]!.details as { model: string }).model, '2021');
    } finally {
      await opened.close();
    }
  } finally {
    await cli.close();
  }
});
