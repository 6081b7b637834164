import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import type { ResolveFnOutput } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveWithinPackage } from './package-imports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const importContext = { conditions: ['node', 'import'], importAttributes: {} };
const fromNode = (): ResolveFnOutput => ({ url: 'node:resolved' });

test("every import between kysely's own files resolves to the file Node's resolver gives: one that exists, at its real path", () => {
  const dist = join(root, 'node_modules/kysely/dist/esm');
  let imports = 0;
  for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'))) {
    const parentURL = pathToFileURL(join(dist, file)).href;
    for (const [, specifier] of readFileSync(join(dist, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const { url } = resolveWithinPackage(specifier!, { ...importContext, parentURL }, fromNode);
      assert.equal(url, pathToFileURL(realpathSync(fileURLToPath(url))).href, `${specifier} from ${file}`);
      imports++;
    }
  }
  assert.ok(imports > 200, `only ${imports} imports found`);
});

test("anything but a relative import from an installed package's module goes to Node's resolver", () => {
  const inPackage = pathToFileURL(join(root, 'node_modules/kysely/dist/esm/index.js')).href;
  const ours = pathToFileURL(join(root, 'src/cli/main.ts')).href;
  assert.equal(resolveWithinPackage('kysely', { ...importContext, parentURL: ours }, fromNode).url, 'node:resolved');
  assert.equal(resolveWithinPackage('./program.ts', { ...importContext, parentURL: ours }, fromNode).url, 'node:resolved');
  assert.equal(resolveWithinPackage('./lib/command.js', { conditions: ['require', 'node'], importAttributes: {}, parentURL: inPackage }, fromNode).url, 'node:resolved');
  assert.equal(resolveWithinPackage('./util/object-utils', { ...importContext, parentURL: inPackage }, fromNode).url, 'node:resolved');
  assert.equal(resolveWithinPackage('node:fs', { ...importContext, parentURL: inPackage }, fromNode).url, 'node:resolved');
});
