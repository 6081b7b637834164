import { setFlagsFromString } from 'node:v8';
import { WASM_FLAGS } from '../src/cli/wasm-flags.ts';

/**
 * Benches run PGlite as `retain` runs it: with its V8 flags for WebAssembly (baseline compiler only,
 * src/cli/wasm-flags.ts), for our code and the anchor alike, so a ratio compares the two under the
 * engine settings users get. Without them V8 also optimises the WebAssembly in the background,
 * which makes a long COPY anchor run ~1.6x faster but is not how Retain runs. RETAIN_WASM_TIER_UP=1
 * keeps V8's default, as it does for `retain`. Gives a line saying which, for the bench's header.
 */
export function wasmFlagsAsRetainRuns(): string {
  if (process.env.RETAIN_WASM_TIER_UP === '1') return 'V8 default WebAssembly tiering (RETAIN_WASM_TIER_UP=1)';
  for (const flag of WASM_FLAGS) setFlagsFromString(flag);
  return `PGlite's WebAssembly as retain runs it (${WASM_FLAGS.join(' ')})`;
}
