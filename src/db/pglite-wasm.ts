import { readFileSync } from 'node:fs';

let compiling: Promise<WebAssembly.Module> | undefined;

/**
 * Starts reading and compiling PGlite's WebAssembly (9 MB), once a process, and returns the
 * compiled module for PGlite.create's `pgliteWasmModule`. V8 compiles off the main thread, so a
 * command that starts this first (src/cli/program.ts) loads its own modules meanwhile; openPglite
 * then finds the module ready instead of reading and compiling it itself. This module imports
 * nothing else, so starting it costs no module loading.
 */
export function compilePgliteWasm(): Promise<WebAssembly.Module> {
  if (!compiling) {
    // V8 compiles in its own threads, which do not keep Node's event loop alive: a process awaiting
    // the module with nothing else pending would end there ("unsettled top-level await").
    const keepAlive = setInterval(() => undefined, 60_000);
    // Read at once (a few milliseconds from the page cache): read in chunks, each next chunk waited
    // for the main thread, busy loading modules, and the compile started ~35 ms later.
    compiling = Promise.resolve()
      .then(() => WebAssembly.compile(readFileSync(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite')))))
      .finally(() => clearInterval(keepAlive));
    // Nobody may wait for it (a usage error ends the command first): not an unhandled rejection.
    compiling.catch(() => undefined);
  }
  return compiling;
}
