// The `retain` command (bin/retain.js loads this; `npm run retain -- ARGS` runs it directly).
import { enableCompileCache, registerHooks } from 'node:module';

// Node keeps the compiled code of every module it loads (in its cache directory, NODE_COMPILE_CACHE
// or the system's temporary one), so a second run starts without compiling them again. Enabled
// before anything else is imported, hence the dynamic imports below.
enableCompileCache?.();
// Imports between the files of an installed package skip Node's file checks (see package-imports.ts).
const { resolveWithinPackage } = await import('./package-imports.ts');
registerHooks({ resolve: resolveWithinPackage });
// PGlite's WebAssembly wants V8 flags, set before it is compiled (see wasm-flags.ts).
const { setWasmFlags } = await import('./wasm-flags.ts');
setWasmFlags();
const { run } = await import('./program.ts');
process.exitCode = await run(process.argv.slice(2));
