import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/program.ts';
import { scratchServerDatabase, testDataDir } from './db.ts';

/** What a `retain` command left: its exit code and everything it wrote to stdout and stderr. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `retain ARGS` in this process, through the same `run` as src/cli/main.ts, with `env`'s
 * variables set (undefined: removed) and `cwd` as the working directory for the run, and returns
 * what it printed. A child process per command cost a Node start, a relaunch for the WebAssembly
 * flags and PGlite's start each time; the command's behaviour is the same here. What only a real
 * process shows (exit codes through main.ts, the relaunch, the data directory lock, `serve`) is
 * proved with child processes in src/cli/wasm-flags.test.ts, single-writer.test.ts and cli.test.ts.
 * Runs one at a time: the environment, the directory and the output streams are the process's.
 */
export function retainInProcess(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  const result = queue.then(() => runCaptured(args, options));
  queue = result.catch(() => undefined);
  return result;
}

async function runCaptured(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string }): Promise<CliResult> {
  const savedEnv = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    savedEnv.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const savedCwd = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const original = writes[name];
    // The CLI writes text. The test runner reports to its parent through this process's stdout in
    // bytes, and those must still go through while a command runs.
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      out[name] += chunk;
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
  try {
    const code = await run(args);
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.chdir(savedCwd);
    for (const [name, value] of savedEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A scratch directory and database for CLI tests: `run` is `retain --data-dir DIR/data ARGS`. */
export interface TestCli {
  dir: string;
  run(...args: string[]): Promise<CliResult>;
  /** Writes a file into the scratch directory and returns its path. */
  file(name: string, text: string): string;
  close(): Promise<void>;
}

/**
 * A CLI on a database of its own. `engine: 'either'` follows DATABASE_URL (a scratch database on
 * that server) as the suite does; `'pglite'` always uses the data directory. The data directory
 * is a copy of the migrated template, as a fresh one is after `retain`'s first start (a first
 * start on an empty directory, in a real process, is src/cli/wasm-flags.test.ts's `retain serve`).
 */
export async function testCli(options: { engine?: 'either' | 'pglite'; prefix?: string } = {}): Promise<TestCli> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'retain-cli-'));
  const serverUrl = options.engine === 'pglite' ? undefined : process.env.DATABASE_URL;
  const scratch = serverUrl ? await scratchServerDatabase(serverUrl) : undefined;
  // (With DATABASE_URL set, a PGlite-only CLI starts from an empty directory: the template is on the server.)
  if (!scratch && !process.env.DATABASE_URL) await (await testDataDir(join(dir, 'data'))).close();
  const env = { NO_COLOR: '1', RETAIN_DATA_DIR: undefined, DATABASE_URL: scratch?.url };
  return {
    dir,
    run: (...args) => retainInProcess(['--data-dir', join(dir, 'data'), ...args], { env, cwd: dir }),
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}
