import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropTemplateDatabase, migratedDatabaseTemplate, PGLITE_TEMPLATE_ENV, SERVER_TEMPLATE_ENV } from './db.ts';

/**
 * Run once by `node --test --test-global-setup=src/test/global-setup.ts` (npm's test scripts)
 * before any test file starts. Every test file is its own process, and each used to initdb and
 * migrate a PGlite database of its own (seconds of WebAssembly) or migrate a new database on the
 * server per test. Here that is done once: a migrated PGlite data directory in a file, or a
 * migrated database on the server, which src/test/db.ts copies for each test. The test processes
 * inherit this process's environment, so the environment says where the template is.
 * A single file run without the setup still works: db.ts then makes its template itself.
 */

let made: { file?: string; database?: string } = {};

export async function globalSetup(): Promise<void> {
  // Node keeps each module's compiled code here, so the ~140 test processes (and the CLIs they
  // start) compile the project's TypeScript once instead of each time.
  process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'retain-test-compile-cache');
  const template = await migratedDatabaseTemplate();
  if (template.kind === 'server') {
    made = { database: template.database };
    process.env[SERVER_TEMPLATE_ENV] = template.database;
  } else {
    const file = join(tmpdir(), `retain-test-pglite-${process.pid}-${Date.now()}.tar`);
    writeFileSync(file, new Uint8Array(await template.dump.arrayBuffer()));
    made = { file };
    process.env[PGLITE_TEMPLATE_ENV] = file;
  }
}

export async function globalTeardown(): Promise<void> {
  if (made.file) rmSync(made.file, { force: true });
  if (made.database) await dropTemplateDatabase(made.database);
}
