import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, lockHolder } from '../db/data-dir-lock.ts';
import { WASM_FLAGS, setWasmFlags, wantsWasmFlags } from './wasm-flags.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const main = join(root, 'src/cli/main.ts');

test('retain sets the WebAssembly flags unless it was started with them, runs on PostgreSQL, or is told to keep tier-up', () => {
  assert.equal(wantsWasmFlags({}, []), true);
  assert.equal(wantsWasmFlags({}, [...WASM_FLAGS]), false);
  assert.equal(wantsWasmFlags({}, [WASM_FLAGS[0]]), true);
  assert.equal(wantsWasmFlags({ DATABASE_URL: 'postgres://somewhere/retain' }, []), false);
  assert.equal(wantsWasmFlags({ RETAIN_WASM_TIER_UP: '1' }, []), false);
  assert.equal(setWasmFlags({ RETAIN_WASM_TIER_UP: '1' }, []), false);
});

test('retain started without the flags on its command line runs in the process started: it passes on output and exit code, holds its data directory and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retain-flags-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RETAIN_ADMIN_PASSWORD: 'a test password, not used' };
  delete env.DATABASE_URL;
  delete env.RETAIN_DATA_DIR;
  delete env.RETAIN_WASM_TIER_UP;
  const run = (...args: string[]) => {
    const proc = spawn(node, [main, '--data-dir', join(dir, 'data'), ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    return { proc, exited, output: () => output };
  };
  try {
    const usage = run('metrics', '--year', 'twenty');
    assert.equal(await usage.exited, 2);
    assert.match(usage.output(), /a census year is four digits/);

    const server = run('serve', '--port', '0');
    while (!/Retain is running at/.test(server.output())) {
      assert.equal(server.proc.exitCode, null, server.output());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(lockHolder(join(dir, 'data'))?.pid, server.proc.pid);
    server.proc.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.equal(existsSync(join(dir, 'data', LOCK_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
