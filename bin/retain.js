#!/usr/bin/env node
// Node 24 (installed as the `node` package) runs TypeScript by stripping types, so there is no build step.
// `npx retain` and npm scripts put node_modules/.bin first on PATH, so `node` above is that Node 24.
// Run some other way (a global link, an older system Node first on PATH), hand over to the bundled one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  // Enabled here too, before main.ts is read: its types stripped come from the cache, and Node
  // does not load its TypeScript stripper (about 40 ms) at all.
  (await import('node:module')).enableCompileCache?.();
  await import('../src/cli/main.ts');
} else {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  const result = spawnSync(bundled, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) {
    console.error(`retain needs Node.js 22.18 or later (this is ${process.version}); run npm install to get it: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
