import { spawn } from 'node:child_process';

/**
 * V8 flags for PGlite's WebAssembly, given to the process that runs Retain. By default V8 compiles
 * PGlite's 9 MB of WebAssembly with its baseline compiler and then, as functions run, again with
 * its optimising one, in background threads: on the demo council that took a `retain` command to
 * 640-670 MB of memory (a server to 800-900 MB) and most of its start-up time on two cores. The
 * baseline code alone runs queries somewhat slower (an import takes about a third more CPU) but
 * starts at once and keeps a command near 180 MB. `RETAIN_WASM_TIER_UP=1` keeps the optimising
 * compiler (a long bulk load on a large machine); with PostgreSQL (`DATABASE_URL`) there is no
 * WebAssembly and nothing changes. V8 reads these flags only at start, so when they are missing
 * `retain` starts itself again with them (the npm scripts pass them directly): in place, keeping
 * its process id, where Node can (process.execve, not on Windows), else as a child process.
 */
export const WASM_FLAGS = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

/** True when this process should start again with WASM_FLAGS. */
export function wantsWasmFlags(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  if (env.DATABASE_URL || env.RETAIN_WASM_TIER_UP === '1') return false;
  return !WASM_FLAGS.every((flag) => execArgv.includes(flag));
}

/**
 * Runs this command again with WASM_FLAGS: in place where Node can; else in a child process,
 * passing on its arguments, terminal, signals (so stopping `retain serve` stops the server) and
 * exit code. Ctrl-C reaches the child from the terminal itself, so it is not passed on (twice would
 * stop a server without closing its database); this process just waits for the child. SIGTERM and
 * SIGHUP sent to this process are.
 */
export function relaunchWithWasmFlags(): Promise<number> {
  const args = [...WASM_FLAGS, ...process.execArgv, ...process.argv.slice(1)];
  // Nothing has been written yet, so nothing is lost when this process becomes the new one.
  if (typeof process.execve === 'function' && process.platform !== 'win32') process.execve(process.execPath, [process.execPath, ...args], process.env);
  const child = spawn(process.execPath, args, {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  const handlers = [
    ['SIGINT', () => undefined],
    ['SIGTERM', () => void child.kill('SIGTERM')],
    ['SIGHUP', () => void child.kill('SIGHUP')],
  ] as const;
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`retain: could not start: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      // Ended by a signal: 128 + its number, as a shell reports it.
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    });
  });
}

const RELAUNCHED = 'RETAIN_RELAUNCHED';

/**
 * In the child relaunchWithWasmFlags started: if that process ends without passing on a signal
 * (killed with SIGKILL, say), the channel between them closes and this one stops as if sent
 * SIGTERM, so no server is left running, holding its data directory, with nobody to stop it.
 */
export function stopWithLauncher(): void {
  if (process.env[RELAUNCHED] !== '1' || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
