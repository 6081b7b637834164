/**
 * Runs before `npm test`: the browser, accessibility and PDF tests drive Debian's Chromium
 * (Playwright cannot download its own browser on these machines). On a fresh Debian machine where
 * we are root, install it so a fresh clone's `npm test` runs every test; anywhere else, say which
 * tests will be skipped and how to run them. Fails the run only under RETAIN_REQUIRE_BROWSER=1 (CI).
 *
 * RETAIN_CHROMIUM_PATH: use a Chromium kept elsewhere. RETAIN_SKIP_BROWSER_INSTALL=1: never install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.RETAIN_CHROMIUM_PATH || '/usr/bin/chromium';

function aptInstall(): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], { env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  // A fresh machine's package lists may be missing or stale: update only when the first try fails.
  if (install()) return true;
  spawnSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return install();
}

if (!existsSync(path)) {
  const canInstall =
    process.env.RETAIN_SKIP_BROWSER_INSTALL !== '1' && !process.env.RETAIN_CHROMIUM_PATH && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (canInstall) {
    console.log('Installing Chromium for the browser tests (apt-get install chromium fonts-liberation)...');
    if (aptInstall() && existsSync(path)) console.log(`Chromium installed at ${path}.`);
    else console.warn('Could not install Chromium: the browser, accessibility and PDF tests will be skipped.');
  } else {
    console.warn(`No Chromium at ${path}: the browser, accessibility and PDF tests will be skipped. ` + "Install Debian's chromium package, or set RETAIN_CHROMIUM_PATH.");
  }
}

// CI (RETAIN_REQUIRE_BROWSER=1) must run the browser tests: stop here, before the suite, rather
// than let every browser test file fail on its own (src/test/browser.ts).
if (process.env.RETAIN_REQUIRE_BROWSER === '1' && !existsSync(path)) {
  console.error(`RETAIN_REQUIRE_BROWSER=1, but there is no Chromium at ${path}.`);
  process.exit(1);
}
