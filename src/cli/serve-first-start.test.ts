import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, lockHolder } from '../db/data-dir-lock.ts';
import { openDatabase } from '../db/database.ts';
import { listUsers } from '../db/users.ts';
import { LOADER_HEAP_FLAGS, loaderFlags } from './commands/serve-first-start.ts';
import { WASM_FLAGS } from './wasm-flags.ts';

/**
 * The first start of the real `retain serve` on an empty PGlite data directory: a loading page at
 * once, the directory made by a loader process (serve-first-start.ts), then the app on the same
 * port. PostgreSQL has no data directory to make, so these run on PGlite only.
 */

const skip = process.env.DATABASE_URL ? 'a first start makes an embedded (PGlite) data directory' : false;
const root = fileURLToPath(new URL('../..', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const main = join(root, 'src/cli/main.ts');

function startServer(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RETAIN_ADMIN_PASSWORD: 'a first start test password' };
  delete env.DATABASE_URL;
  delete env.RETAIN_DATA_DIR;
  const proc = spawn(node, [...WASM_FLAGS, main, '--data-dir', dir, 'serve', '--port', '0'], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let waited = 0; ; waited += 50) {
      const match = pattern.exec(output);
      if (match) return match;
      assert.equal(proc.exitCode, null, `retain serve ended: ${output}`);
      assert.ok(waited < 240_000, `no "${pattern.source}" within 4 minutes: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { proc, exited, waitFor, output: () => output };
}

/** The lock's holder once someone holds it (the loader takes it a moment after it starts). */
async function holderOf(dir: string) {
  for (let waited = 0; ; waited += 50) {
    const holder = lockHolder(dir);
    if (holder) return holder;
    assert.ok(waited < 60_000, 'nobody took the data directory within a minute');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a first start shows the loading page at once while a loader process makes the data directory, then serves the demo on the same port, the admin bound to it', { skip }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'retain-first-start-'));
  const dir = join(base, 'data');
  try {
    const server = startServer(dir);
    try {
      const starting = new URL((await server.waitFor(/starting at (http:\/\/\S+):/))[1]!);
      const during = await fetch(`${starting.origin}/sign-in`);
      assert.equal(during.status, 200);
      assert.match(await during.text(), /Loading the demo council/);
      // initdb alone takes seconds, so the holder seen now is the loader, long before the app opens the directory.
      const loader = await holderOf(dir);
      assert.notEqual(loader.pid, server.proc.pid, 'the loader, a process of its own, holds the directory while it writes');
      assert.match(loader.command, /serve-first-start/);

      const running = new URL((await server.waitFor(/running at (http:\/\/\S+)/))[1]!);
      assert.equal(running.port, starting.port, 'the app took over the loading page’s port');
      assert.equal(lockHolder(dir)?.pid, server.proc.pid, 'and the server holds the directory now');
      const after = await fetch(`${starting.origin}/sign-in`);
      assert.equal(after.status, 200);
      assert.doesNotMatch(await after.text(), /Loading the demo council/);
      assert.match(server.output(), /Loaded the demo council \(DEMO\)/);
    } finally {
      server.proc.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0, server.output());
    assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'released on stop');

    const opened = await openDatabase({ dataDir: dir });
    try {
      const [admin] = await listUsers(opened.db);
      assert.deepEqual(admin?.authorities, ['DEMO'], 'the first admin is bound to the demo council');
      const reviews = await opened.db.selectFrom('reviews').select('authority_code').execute();
      assert.deepEqual(
        reviews.map((review) => review.authority_code),
        ['DEMO'],
        'with its scrutiny review',
      );
    } finally {
      await opened.close();
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('stopped while the loader runs, the server stops it too and leaves the data directory unlocked', { skip }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'retain-first-start-stop-'));
  const dir = join(base, 'data');
  try {
    const server = startServer(dir);
    await server.waitFor(/starting at/);
    const loader = await holderOf(dir);
    server.proc.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    assert.doesNotMatch(server.output(), /running at/);
    assert.throws(() => process.kill(loader.pid, 0), 'the loader has ended');
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("the loader runs with the server's Node flags less a debugger's, a small young generation and V8 favouring size, unless the server chose otherwise", () => {
  assert.deepEqual(loaderFlags(['--no-wasm-tier-up', '--inspect=9229', '--watch']), ['--no-wasm-tier-up', ...LOADER_HEAP_FLAGS]);
  assert.deepEqual(loaderFlags(['--max-semi-space-size=8']), ['--max-semi-space-size=8', '--optimize-for-size']);
  assert.deepEqual(loaderFlags(['--max_semi_space_size=8', '--no-optimize-for-size']), ['--max_semi_space_size=8', '--no-optimize-for-size']);
});
