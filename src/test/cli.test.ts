import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { retainInProcess } from './cli.ts';

test('a command run in process has its output captured, its exit code returned, and the environment and directory put back after', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'retain-cli-harness-')));
  const cwd = process.cwd();
  const before = process.env.RETAIN_DATA_DIR;
  const noColor = process.env.NO_COLOR;
  process.env.RETAIN_DATA_DIR = join(dir, 'kept');
  try {
    const help = await retainInProcess(['--help'], { env: { RETAIN_DATA_DIR: undefined, NO_COLOR: '1' }, cwd: dir });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: retain/m);
    assert.equal(help.stderr, '');

    // Two at once run one after the other, each with its own output.
    const [usage, version] = await Promise.all([retainInProcess(['metrics', '--year', 'twenty']), retainInProcess(['--version'])]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /four digits/);
    assert.equal(usage.stdout, '');
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), '0.1.0');

    assert.equal(process.cwd(), cwd);
    assert.equal(process.env.RETAIN_DATA_DIR, join(dir, 'kept'));
    assert.equal(process.env.NO_COLOR, noColor);
  } finally {
    if (before === undefined) delete process.env.RETAIN_DATA_DIR;
    else process.env.RETAIN_DATA_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
});
