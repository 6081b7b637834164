import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BROWSER_HELPERS = fileURLToPath(new URL('./browser.ts', import.meta.url));

/** Imports src/test/browser.ts in a fresh process with this environment; its exit code and stderr. */
function load(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const script = `const { noChromium } = await import(${JSON.stringify(BROWSER_HELPERS)}); console.log(String(noChromium));`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env } }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }));
  });
}

test('without Chromium the browser tests are skipped, unless RETAIN_REQUIRE_BROWSER=1 (CI), where they fail', async () => {
  const missing = { RETAIN_CHROMIUM_PATH: '/nonexistent/chromium' };
  assert.equal((await load({ ...missing, RETAIN_REQUIRE_BROWSER: '' })).code, 0);
  const required = await load({ ...missing, RETAIN_REQUIRE_BROWSER: '1' });
  assert.notEqual(required.code, 0);
  assert.match(required.stderr, /RETAIN_REQUIRE_BROWSER=1, so the browser tests may not be skipped, but there is no Chromium at \/nonexistent\/chromium/);
});
