import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isRetainError } from '../errors.ts';
import { LOCK_FILE, lockDataDir, lockHolder } from './data-dir-lock.ts';

// The lock on its own, without PGlite: fast. src/cli/single-writer.test.ts runs the real server
// and CLI against one data directory.

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'retain-lock-'));
}

/** A pid that certainly belonged to a process that has ended: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** Runs `script` (ES module source; `lock` is the lock module) in a child Node process. */
function child(script: string, env: Record<string, string> = {}) {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', `const lock = await import(${JSON.stringify(lockModule)});\n${script}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const printed = async (text: string) => {
    while (!stdout.includes(text)) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`child ended before printing ${text}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { proc, exited, printed };
}

test('the lock names its holder, refuses a second taker while held, and can be taken again once released', () => {
  const dir = scratchDir();
  try {
    const lock = lockDataDir(dir, 'retain serve');
    const holder = lockHolder(dir)!;
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.hostname, hostname());
    assert.equal(holder.command, 'retain serve');
    assert.ok(!Number.isNaN(Date.parse(holder.since)));

    assert.throws(
      () => lockDataDir(dir, 'retain import workers x.csv'),
      (error: unknown) => {
        assert.ok(isRetainError(error, 'data_directory_in_use'));
        assert.match(error.message, new RegExp(`pid ${process.pid} \\(\`retain serve\`\\) on this computer since \\d+ \\w{3} \\d{4}`));
        assert.match(error.message, /stop that process/);
        assert.match(error.message, /web page/);
        assert.match(error.message, /DATABASE_URL/);
        assert.match(error.message, /nothing was written/);
        return true;
      },
    );
    // The refused taker left the holder's lock alone.
    assert.equal(lockHolder(dir)!.token, holder.token);

    lock.release();
    lock.release(); // twice is harmless
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    lockDataDir(dir).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a process that has ended is taken over', async () => {
  const dir = scratchDir();
  try {
    const pid = await deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: hostname(), since: '2026-11-30T06:00:00Z', command: 'retain serve', token: 'old' }));
    const lock = lockDataDir(dir, 'retain metrics');
    assert.equal(lockHolder(dir)!.pid, process.pid);
    assert.equal(lockHolder(dir)!.command, 'retain metrics');
    lock.release();

    // A garbled lock file (a full disk, an editor) is no one's either.
    writeFileSync(join(dir, LOCK_FILE), '');
    lockDataDir(dir).release();
    // Nor is a lock from before the machine restarted, even if its pid is alive again.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, hostname: hostname(), bootId: 'an earlier boot', since: '', command: 'retain serve', token: 'old' }));
    if (existsSync('/proc/sys/kernel/random/boot_id')) lockDataDir(dir).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock held from another computer is never taken over, and the message says so', () => {
  const dir = scratchDir();
  try {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'elsewhere.example', since: '2026-11-30T06:00:00Z', command: 'retain serve', token: 'theirs' }));
    assert.throws(() => lockDataDir(dir), /pid 1 \(`retain serve`\) on elsewhere\.example since 30 Nov 2026/);
    assert.equal(lockHolder(dir)!.token, 'theirs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('of several processes taking over one stale lock at the same moment, exactly one wins', async () => {
  const dir = scratchDir();
  const go = join(dir, 'go');
  try {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), hostname: hostname(), since: '', command: 'killed', token: 'stale' }));
    // Each waits for the go file, then tries; a winner holds the lock until told to stop.
    const script = `
      const fs = await import('node:fs');
      console.log('ready');
      while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
      try {
        lock.lockDataDir(${JSON.stringify(dir)}, 'taker ' + process.pid);
        console.log('won');
        await new Promise((r) => setTimeout(r, 60_000));
      } catch (error) {
        console.log(error.code === 'data_directory_in_use' ? 'refused' : 'error ' + error.message);
      }`;
    const takers = Array.from({ length: 4 }, () => child(script));
    await Promise.all(takers.map((taker) => taker.printed('ready')));
    writeFileSync(go, '');
    const winners: number[] = [];
    await Promise.all(
      takers.map(async (taker) => {
        // Either it prints 'won' (and holds on) or it ends.
        const won = await taker.printed('won').then(
          () => true,
          () => false,
        );
        if (won) winners.push(taker.proc.pid!);
      }),
    );
    // Losers have exited, saying they were refused; the one winner holds the lock with its pid.
    assert.equal(winners.length, 1, takers.map((taker) => taker.proc.pid).join(','));
    assert.equal(lockHolder(dir)!.pid, winners[0]);
    for (const taker of takers) if (taker.proc.pid !== winners[0]) assert.match((await taker.exited).stdout, /refused/);
    // Ended by a signal it does not handle, the winner still releases the lock on its way out.
    takers.find((taker) => taker.proc.pid === winners[0])!.proc.kill('SIGTERM');
    const ended = await Promise.all(takers.map((taker) => taker.exited));
    assert.ok(ended.some((result) => result.signal === 'SIGTERM'));
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process that exits without releasing (process.exit, an uncaught error) leaves no lock behind', async () => {
  const dir = scratchDir();
  try {
    const exiting = child(`lock.lockDataDir(${JSON.stringify(dir)}); process.exit(3);`);
    assert.equal((await exiting.exited).code, 3);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    const throwing = child(`lock.lockDataDir(${JSON.stringify(dir)}); setTimeout(() => { throw new Error('boom'); });`);
    assert.equal((await throwing.exited).code, 1);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process that handles SIGTERM itself keeps the lock until it releases it', async () => {
  const dir = scratchDir();
  try {
    const server = child(`
      const held = lock.lockDataDir(${JSON.stringify(dir)}, 'retain serve');
      const running = setInterval(() => {}, 1000);
      process.once('SIGTERM', () => {
        console.log('closing');
        setTimeout(() => { held.release(); console.log('released'); clearInterval(running); }, 300);
      });
      console.log('ready');`);
    await server.printed('ready');
    server.proc.kill('SIGTERM');
    await server.printed('closing');
    // While it closes, the lock is still its own.
    assert.equal(lockHolder(dir)!.pid, server.proc.pid);
    const result = await server.exited;
    assert.match(result.stdout, /released/);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
