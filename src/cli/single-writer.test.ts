import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../db/database.ts';
import { WASM_FLAGS } from './wasm-flags.ts';
import { LOCK_FILE, lockDataDir, lockHolder } from '../db/data-dir-lock.ts';
import { testDataDir } from '../test/db.ts';
import { addTestAuthority } from '../test/web.ts';

/**
 * One writer per embedded data directory, with the real `retain serve` and `retain import` as
 * child processes on one PGlite directory (issue 7, item 1). PostgreSQL has no such limit, so
 * these run on PGlite only.
 */

const skip = process.env.DATABASE_URL ? 'the single-writer lock is for embedded (PGlite) data directories' : false;
const root = fileURLToPath(new URL('../..', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const main = join(root, 'src/cli/main.ts');

const WORKERS = `worker_id,agency,role,team,fte,start_date,end_date,leaving_reason
W1,no,Social Worker,Assessment,1,2020-01-06,,
W2,no,Senior Practitioner,Assessment,0.5,2023-11-01,,
W3,no,Social Worker,Child Protection,1,2019-05-01,2024-03-31,resignation
W4,yes,Social Worker,Child Protection,1,2024-01-15,,
W5,no,Team Manager,Child Protection,1,2018-04-01,,
`;

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RETAIN_ADMIN_PASSWORD: 'a password for the single-writer test' };
  delete env.DATABASE_URL;
  delete env.RETAIN_DATA_DIR;
  return env;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function retain(dir: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(node, [main, '--data-dir', dir, ...args], { env: environment(), cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * `retain serve --port 0` on `dir`, resolved once it is listening. Started with WASM_FLAGS, as
 * `npm start` does (without them `retain` sets them itself: see wasm-flags.test.ts).
 */
async function startServer(dir: string) {
  const proc = spawn(node, [...WASM_FLAGS, main, '--data-dir', dir, 'serve', '--port', '0'], { env: environment(), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  for (;;) {
    const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
    if (url) return { proc, url, exited, output: () => output };
    if (proc.exitCode !== null) throw new Error(`retain serve ended: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every file under `dir` with its size and modification time, to show that nothing was written. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const stat = statSync(path);
      return `${path} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

/** A migrated data directory with one authority in it, closed again so that processes can open it. */
async function prepare(): Promise<{ base: string; dir: string; file: string }> {
  const base = mkdtempSync(join(tmpdir(), 'retain-single-writer-'));
  const dir = join(base, 'data');
  const opened = await testDataDir(dir);
  try {
    await addTestAuthority(opened.db, '202', 'Single Writer Council');
    await addTestAuthority(opened.db, '203', 'Second Council');
  } finally {
    await opened.close();
  }
  const file = join(base, 'workers.csv');
  writeFileSync(file, WORKERS);
  return { base, dir, file };
}

async function countWorkers(dir: string): Promise<{ byAuthority: Record<string, number>; imports: number[] }> {
  const opened = await openDatabase({ dataDir: dir });
  try {
    const counts = async (trx: Db) =>
      Object.fromEntries(
        (await sql<{ authority_code: string; n: number }>`select authority_code, count(*)::int as n from workers group by authority_code order by 1`.execute(trx)).rows.map((row) => [
          row.authority_code,
          row.n,
        ]),
      );
    // Read once through the table and once through its index: a torn write shows as a difference.
    const byTable = await opened.db.transaction().execute(async (trx) => {
      await sql`set local enable_indexscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      return counts(trx);
    });
    const byIndex = await opened.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return counts(trx);
    });
    assert.deepEqual(byIndex, byTable, 'the index agrees with the table');
    const imports = (await opened.db.selectFrom('imports').select('id').orderBy('id').execute()).map((row) => Number(row.id));
    return { byAuthority: byTable, imports };
  } finally {
    await opened.close();
  }
}

test('while `retain serve` holds a data directory the CLI is refused, naming the server, and writes nothing; after the server stops, or is killed, the CLI works and nothing is lost', {
  skip,
}, async () => {
  const { base, dir, file } = await prepare();
  try {
    const server = await startServer(dir);
    try {
      const refused = await retain(dir, 'import', 'workers', file, '--authority', '202');
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /in use by another Retain process/);
      assert.match(refused.stderr, new RegExp(`pid ${server.proc.pid} \\(\`retain --data-dir \\S+ serve --port 0\`\\) on this computer since`));
      assert.match(refused.stderr, /stop that process/);
      assert.match(refused.stderr, /web page/);
      assert.match(refused.stderr, /DATABASE_URL/);
      assert.doesNotMatch(refused.stdout, /imported/i);
      // The server carries on.
      assert.equal((await fetch(`${server.url}/sign-in`)).status, 200);
    } finally {
      server.proc.kill('SIGTERM');
    }
    assert.deepEqual(await server.exited, { code: 0, signal: null }, server.output());
    assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'a server that stops releases the directory');

    const imported = await retain(dir, 'import', 'workers', file, '--authority', '202');
    assert.equal(imported.code, 0, imported.stderr);

    // Killed with no chance to clean up, the server leaves its lock; the next process sees that
    // its holder is gone, takes it over, and finds everything that was committed.
    const killed = await startServer(dir);
    killed.proc.kill('SIGKILL');
    await killed.exited;
    assert.equal(lockHolder(dir)?.pid, killed.proc.pid);
    const metrics = await retain(dir, 'metrics', '--year', '2024', '--authority', '202', '--json');
    assert.equal(metrics.code, 0, metrics.stderr);
    assert.equal((JSON.parse(metrics.stdout) as Record<string, number>).inpost_headcount, 3);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);

    const { byAuthority, imports } = await countWorkers(dir);
    assert.deepEqual(byAuthority, { '202': 5 });
    assert.equal(imports.length, 1);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('two CLI imports at once on one data directory: the second is refused (or waits its turn) and no row is lost', { skip }, async () => {
  const { base, dir, file } = await prepare();
  try {
    // A holder that stays put (this test process), so the refusal is certain: nothing is written.
    const held = lockDataDir(dir, 'retain import workers first.csv');
    const before = snapshot(dir);
    const refused = await retain(dir, 'import', 'workers', file, '--authority', '203');
    held.release();
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`pid ${process.pid} \\(\`retain import workers first\\.csv\`\\)`));
    assert.deepEqual(
      snapshot(dir).filter((line) => !line.includes(LOCK_FILE)),
      before.filter((line) => !line.includes(LOCK_FILE)),
      'nothing was written',
    );

    // Two real imports started together: each either imports or is refused with the message, and
    // one refused is simply run again. Every row arrives once, under its own import id.
    const results = await Promise.all(['202', '203'].map((code) => retain(dir, 'import', 'workers', file, '--authority', code).then((result) => ({ code, result }))));
    assert.ok(
      results.some(({ result }) => result.code === 0),
      results.map(({ result }) => result.stderr).join('\n'),
    );
    for (const { code, result } of results) {
      if (result.code === 0) continue;
      assert.equal(result.code, 1);
      assert.match(result.stderr, /in use by another Retain process: pid \d+ \(`retain --data-dir \S+ import workers/);
      const again = await retain(dir, 'import', 'workers', file, '--authority', code);
      assert.equal(again.code, 0, again.stderr);
    }
    const { byAuthority, imports } = await countWorkers(dir);
    assert.deepEqual(byAuthority, { '202': 5, '203': 5 });
    assert.equal(new Set(imports).size, 2);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
