import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A first start of `retain serve` on an embedded (PGlite) data directory: the directory is made
 * (from the shipped empty cluster, src/db/empty-cluster.ts), migrated and filled with DfE's
 * reference data and the demo council by a process of its own, this file run as a script, while
 * the server answers with a loading page (src/web/server-loading.ts). When it ends, its memory goes
 * back to the system: PGlite's WebAssembly memory never shrinks and the demo generator grows the
 * JavaScript heap (and initdb, when it has to make the directory, runs a second PGlite beside the
 * first), which together held a server at 400-800 MB for its whole life. The server then opens the
 * directory as on a restart.
 *
 * The data-directory lock (src/db/data-dir-lock.ts) is held by the loader while it writes, so a
 * command run meanwhile is refused as it would be by the server; the server takes the lock once
 * the loader has released it, and like any process is refused if something else took it between.
 */

const SCRIPT = fileURLToPath(import.meta.url);

/**
 * The demo's generator and import make short-lived objects by the million, and V8 lets its young
 * generation grow to 16 MB a semi-space (three of them) and its old one well past what is live
 * before collecting: the loader's JavaScript heap reached 100-120 MB for 25-45 MB of live objects,
 * which with PGlite's WebAssembly made it the first start's largest process (240-290 MB once the
 * directory no longer comes from initdb). With a 1 MB semi-space and V8 favouring size (heap
 * growth, code flushing) it peaked at 217 MB in each of four runs (240-262 with the semi-space
 * alone), its CPU time about the same (6-7 s user on a shared machine; the noise is larger). No
 * limit on the old generation: that would end a loader whose demo outgrew it. Flags the server
 * was started with win.
 */
export const LOADER_HEAP_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'] as const;

/** The loader's Node flags: the server's, less a debugger's or watcher's (its own), and LOADER_HEAP_FLAGS unless the server set them. */
export function loaderFlags(execArgv: readonly string[]): string[] {
  const flags = execArgv.filter((flag) => !/^--(inspect|watch)/.test(flag));
  const named = (flag: string) =>
    flag
      .split('=')[0]!
      .replaceAll('_', '-')
      .replace(/^--no-/, '--');
  return [...flags, ...LOADER_HEAP_FLAGS.filter((flag) => !flags.some((own) => named(own) === named(flag)))];
}

/** True when `dataDir` holds no database yet (no PG_VERSION: written by initdb, and last when the shipped cluster is unpacked). */
export function isFirstStart(dataDir: string): boolean {
  return !dataDir.startsWith('memory://') && !existsSync(join(dataDir, 'PG_VERSION'));
}

export interface LoaderResult {
  ok: boolean;
  /** What went wrong, from the loader's error output, when not ok. */
  message: string;
}

/**
 * Runs the loader on `dataDir` with this process's Node flags (it sets the WebAssembly ones itself),
 * passing its output lines to `print`. SIGTERM or SIGINT to this process meanwhile stops the loader,
 * which releases the directory before this resolves.
 */
export function loadDemoInProcessOfItsOwn(dataDir: string, print: (line: string) => void): Promise<LoaderResult> {
  const child = spawn(process.execPath, [...loaderFlags(process.execArgv), SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line) print(line);
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  // Ctrl-C in a terminal reaches the loader itself; a signal sent to this process alone is passed on.
  const forward = () => void child.kill('SIGTERM');
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve({ ok: false, message: error.message });
    });
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      if (pending) print(pending);
      const message = errors.trim().split('\n').pop() || (signal ? `stopped by ${signal}` : `exit code ${code}`);
      resolve({ ok: code === 0, message });
    });
  });
}

/** The loader itself: `node serve-first-start.ts DATA_DIR`. */
async function runLoader(dataDir: string): Promise<void> {
  // Its own WebAssembly flags, as every retain process sets them (wasm-flags.ts): the server that
  // started it set them in process, so they are not among the Node flags it passed on, and without
  // them V8 also optimises PGlite in the background, the loader's memory far higher.
  const { setWasmFlags } = await import('../wasm-flags.ts');
  setWasmFlags();
  const { openDatabase } = await import('../../db/database.ts');
  // The directory is made and migrated before the demo's modules are loaded.
  const opened = await openDatabase({ dataDir });
  try {
    const { loadDemo } = await import('../../imports/demo.ts');
    const { loadDemoReview } = await import('../../reports/demo-review.ts');
    const demo = await loadDemo(opened.db);
    await loadDemoReview(opened.db, demo.authorityCode);
    process.stdout.write(`Loaded the demo council (${demo.authorityCode}).\n`);
  } finally {
    await opened.close();
  }
}

if (import.meta.main) {
  try {
    await runLoader(process.argv[2]!);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
