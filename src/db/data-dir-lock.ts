import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { RetainError } from '../errors.ts';

/**
 * One writer per embedded (PGlite) data directory.
 *
 * PGlite is PostgreSQL compiled to WebAssembly running inside one process: it has no postmaster,
 * so nothing stops a second process from opening the same files. Two of them at once (the web
 * server and a CLI import, or two CLI imports) each keep their own buffers and overwrite each
 * other's pages: rows vanish, indexes stop matching their tables, and the directory can stop
 * opening altogether. So `openDatabase` takes this lock before PGlite touches the directory, and
 * a second process is refused with who holds it and what to do, having written nothing.
 *
 * The lock is the file `retain.lock` in the data directory, holding JSON: the holder's pid,
 * hostname, boot id and process start time (so a pid reused after the holder died is not mistaken
 * for it), when it took the lock and its command line, and a random token that only the holder
 * knows, so it removes only its own lock.
 *
 * - Taking it: the content is written to a private temporary file which is then hard-linked to
 *   `retain.lock`. `link` is atomic and fails if the name exists, so of any number of processes
 *   exactly one wins, and a reader never sees a half-written lock.
 * - A stale lock (its holder was on this host and is gone, e.g. after `kill -9` or a power cut) is
 *   taken over under a second, short-lived lock (`retain.lock.takeover`): the taker re-reads the
 *   lock under it, removes it only if it is still the same stale lock, and links its own. Two
 *   takers at once therefore cannot both win, nor remove a lock the other has just taken.
 * - A lock held from another host (a shared network drive) cannot be checked, so it is never
 *   taken over: the message says to remove the file once that process is known to be gone.
 * - Released by `release()` after the database has closed, and (synchronously) when the process
 *   exits or is ended by SIGINT, SIGTERM or SIGHUP without a handler of its own.
 */

export const LOCK_FILE = 'retain.lock';
const TAKEOVER_FILE = 'retain.lock.takeover';
/** A takeover lock older than this was left by a taker that died in the few milliseconds it holds it. */
const TAKEOVER_STALE_MS = 10_000;

export interface LockHolder {
  pid: number;
  hostname: string;
  /** Linux boot id: a different one means the machine has restarted since the lock was taken. */
  bootId: string | null;
  /** The holder's start time in clock ticks since boot (Linux `/proc/PID/stat` field 22). */
  processStart: string | null;
  /** When the lock was taken, ISO 8601. */
  since: string;
  /** The holder's command line, e.g. `retain serve`. */
  command: string;
  token: string;
}

/** Another process holds the data directory (data_directory_in_use). Its message says who and what to do. */
function dataDirectoryInUse(dataDir: string, holder: LockHolder | null, reason: string): RetainError {
  return new RetainError(
    'data_directory_in_use',
    [
      `The data directory ${dataDir} is in use by another Retain process: ${reason}.`,
      'Only one process at a time may use an embedded data directory, so nothing was done and nothing was written. Either:',
      '  - stop that process (Ctrl+C in the terminal running `npm start` or `retain serve`) and run this again;',
      '  - while the server runs, import through its web page (Imports, then Upload a file); or',
      '  - use PostgreSQL, which many processes can share: set DATABASE_URL (e.g. postgres://user@host:5432/retain) for both the server and the command line.',
    ].join('\n'),
    { dataDir, holder },
  );
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

const heldLocks = new Set<DataDirLock>();

/**
 * Takes the lock on `dataDir` (which must exist) for this process, taking over a stale one.
 * Throws `DataDirectoryInUseError` when a live process holds it.
 */
export function lockDataDir(dataDir: string, command = commandLine()): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    bootId: bootId(),
    processStart: processStart(process.pid),
    since: new Date().toISOString(),
    command,
    token: randomBytes(16).toString('hex'),
  };
  const text = `${JSON.stringify(holder, null, 2)}\n`;

  for (let attempt = 1; !tryCreate(path, text); attempt++) {
    const current = readHolder(path);
    if (current === undefined && attempt < 3) continue; // released between our two looks: try again
    const verdict = current === undefined ? { stale: false, reason: 'it keeps being taken and released' } : judge(current);
    if (verdict.stale && takeOver(dataDir, path, current ?? null, text)) break;
    const now = readHolder(path) ?? current ?? null;
    throw dataDirectoryInUse(resolve(dataDir), now, now && now.pid > 0 ? describeHolder(now) : verdict.reason);
  }

  const lock: DataDirLock = {
    path,
    holder,
    release() {
      if (!heldLocks.delete(lock)) return;
      removeIfOurs(path, holder.token);
      if (heldLocks.size === 0) removeExitHooks();
    },
  };
  heldLocks.add(lock);
  installExitHooks();
  return lock;
}

/** Reads who holds the lock on `dataDir`, or null when nobody does. For messages and tests. */
export function lockHolder(dataDir: string): LockHolder | null {
  return readHolder(join(dataDir, LOCK_FILE)) ?? null;
}

/** "pid 4242 (`retain serve`) on this computer since 30 Nov 2026, 06:20:11 UTC" */
export function describeHolder(holder: LockHolder): string {
  const where = holder.hostname === hostname() ? 'on this computer' : `on ${holder.hostname}`;
  const since = new Date(holder.since);
  const when = Number.isNaN(since.getTime())
    ? holder.since
    : `${since.toLocaleString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })} UTC`;
  return `pid ${holder.pid} (\`${holder.command}\`) ${where} since ${when}`;
}

/** Atomically creates `path` with `text`, or returns false when it exists. */
function tryCreate(path: string, text: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * The lock's holder; undefined when there is no lock file. A file that is not a lock we wrote
 * (empty or garbled, e.g. from a disk filling up) counts as held by nobody alive.
 */
function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.token === 'string') {
      return {
        pid: parsed.pid,
        hostname: parsed.hostname,
        bootId: parsed.bootId ?? null,
        processStart: parsed.processStart ?? null,
        since: String(parsed.since ?? ''),
        command: String(parsed.command ?? 'unknown'),
        token: parsed.token,
      };
    }
  } catch {
    // fall through: unreadable
  }
  return { pid: 0, hostname: hostname(), bootId: null, processStart: null, since: '', command: 'unreadable lock file', token: `unreadable:${text}` };
}

/** Whether the holder is certainly gone. Only a holder on this host can be checked. */
function judge(holder: LockHolder): { stale: boolean; reason: string } {
  if (holder.hostname !== hostname()) return { stale: false, reason: `held from another computer (${holder.hostname}); remove ${LOCK_FILE} only once that process has stopped` };
  if (holder.pid <= 0) return { stale: true, reason: 'unreadable lock file' };
  const ourBoot = bootId();
  if (holder.bootId && ourBoot && holder.bootId !== ourBoot) return { stale: true, reason: 'the computer has restarted since' };
  if (!isAlive(holder.pid)) return { stale: true, reason: 'its process has ended' };
  // The pid is alive, but is it the same process? A different start time means the pid was reused.
  if (holder.processStart) {
    const start = processStart(holder.pid);
    if (start !== null && start !== holder.processStart) return { stale: true, reason: 'its process has ended (pid reused)' };
  }
  return { stale: false, reason: 'still running' };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces the stale lock `seen` by ours, under the takeover lock so that two takers at once
 * cannot both succeed. Returns false when someone else got there first.
 */
function takeOver(dataDir: string, path: string, seen: LockHolder | null, text: string): boolean {
  const takeoverPath = join(dataDir, TAKEOVER_FILE);
  if (!tryCreate(takeoverPath, `${process.pid}\n`)) {
    // Another taker is at work; if it died there, clear its takeover lock for the next attempt.
    clearAbandonedTakeover(takeoverPath);
    return false;
  }
  try {
    const now = readHolder(path);
    if (now !== undefined) {
      if (now.token !== seen?.token || !judge(now).stale) return false;
      unlinkSync(path);
    }
    return tryCreate(path, text);
  } finally {
    unlinkSync(takeoverPath);
  }
}

function clearAbandonedTakeover(takeoverPath: string): void {
  try {
    const pid = Number(readFileSync(takeoverPath, 'utf8').trim());
    const age = Date.now() - statSync(takeoverPath).mtimeMs;
    if ((Number.isInteger(pid) && pid > 0 && !isAlive(pid)) || age > TAKEOVER_STALE_MS) unlinkSync(takeoverPath);
  } catch {
    // gone already
  }
}

function removeIfOurs(path: string, token: string): void {
  try {
    if (readHolder(path)?.token === token) unlinkSync(path);
  } catch {
    // already gone, or the directory was removed: nothing to release
  }
}

// Exit hooks: `exit` covers a normal end, process.exit() and an uncaught error. A signal ends the
// process without `exit` unless something listens for it; when nothing else does (a CLI command),
// we release and re-raise it so the process still ends as the signal says. When something else
// listens (`retain serve` closes the server and the database first), that code releases the lock
// after closing, never before: PGlite may still be writing.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooksInstalled = false;

function releaseAll(): void {
  for (const lock of [...heldLocks]) lock.release();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  removeExitHooks();
  process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', releaseAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeExitHooks(): void {
  if (!hooksInstalled) return;
  hooksInstalled = false;
  process.removeListener('exit', releaseAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

function commandLine(): string {
  const args = process.argv.slice(2);
  const script = process.argv[1] ?? '';
  const name = /(?:^|[\\/])(?:cli[\\/]main\.ts|retain(?:\.js)?)$/.test(script) ? 'retain' : script.split(/[\\/]/).pop() || 'node';
  return [name, ...args].join(' ').slice(0, 200);
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat (after the parenthesised command name, which may hold spaces). */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
