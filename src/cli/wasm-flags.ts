import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags for PGlite's WebAssembly, set in the process that runs Retain. By default V8 compiles
 * PGlite's 9 MB of WebAssembly with its baseline compiler and then, as functions run, again with
 * its optimising one, in background threads: on the demo council that took a `retain` command to
 * 640-670 MB of memory (a server to 800-900 MB) and most of its start-up time on two cores. The
 * baseline code alone runs queries somewhat slower (an import takes about a third more CPU) but
 * starts at once and keeps a command near 180 MB. `RETAIN_WASM_TIER_UP=1` keeps the optimising
 * compiler (a long bulk load on a large machine); with PostgreSQL (`DATABASE_URL`) there is no
 * WebAssembly and nothing changes.
 *
 * V8 reads these flags when it compiles a WebAssembly module, not only at start, so setting them
 * before PGlite is loaded is enough (measured: 175 MB and 0.64 s of CPU for `retain metrics` on
 * the demo, as with the flags on the command line; 650 MB and 1.3 s without). `retain` used to
 * start itself again with them on its command line, which cost a second Node start on every command.
 *
 * V8 compiles each function lazily, on its first call, but by default still validates the whole
 * module up front: about 44 ms of CPU for PGlite's, of which a command runs a small part.
 * `--wasm-lazy-validation` validates each function when it is first compiled instead (9 ms for the
 * module); PGlite's WebAssembly ships with the package and a fault would still be found, at its
 * function's first call rather than at start.
 */
export const WASM_FLAGS = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering', '--wasm-lazy-validation'] as const;

/** True when this process should set WASM_FLAGS (it runs on PGlite, keeps the default, and was not started with them). */
export function wantsWasmFlags(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  if (env.DATABASE_URL || env.RETAIN_WASM_TIER_UP === '1') return false;
  return !WASM_FLAGS.every((flag) => execArgv.includes(flag));
}

/** Sets WASM_FLAGS in this process when it wants them; call before PGlite compiles its WebAssembly. */
export function setWasmFlags(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  if (!wantsWasmFlags(env, execArgv)) return false;
  for (const flag of WASM_FLAGS) setFlagsFromString(flag);
  return true;
}
