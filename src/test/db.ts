import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db, type OpenDatabase } from '../db/database.ts';

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * A fresh, migrated database for one test: in-memory PGlite, or, when `DATABASE_URL` is set, a
 * database of its own on that server (dropped again by `close`). The suite is the same on both.
 */
export async function testDatabase(): Promise<OpenDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // initdb costs seconds under WASM; each test process does it once and copies the result.
    pgliteTemplate ??= makePgliteTemplate();
    return openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate });
  }

  const name = `retain_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...opened,
    async close() {
      await opened.close();
      await dropWhenClosed(serverUrl, name);
    },
  };
}

/**
 * A migrated PGlite database in the directory `dir`, copied from the same template (no initdb),
 * for tests where other processes (the CLI, the server) use the directory after it is closed.
 */
export async function testDataDir(dir: string): Promise<OpenDatabase> {
  pgliteTemplate ??= makePgliteTemplate();
  return openDatabase({ dataDir: dir, loadDataDir: await pgliteTemplate });
}

async function makePgliteTemplate(): Promise<Blob> {
  const opened = await openDatabase({ dataDir: 'memory://' });
  try {
    return await opened.dumpDataDir!();
  } finally {
    await opened.close();
  }
}

/**
 * The pool's `end()` resolves before its sockets have closed; dropping with `force` at once would
 * cut them and log "connection lost". Wait for them to go, and force only as a last resort.
 */
async function dropWhenClosed(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await adminQuery(serverUrl, `drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with every insert into audit_log refused (a trigger raising 'audit refused (test)'),
 * and expects it to fail that way: a command's failure after its data change, for checking that
 * the change and its audit entry stand or fall together.
 */
export async function expectFailsWhenAuditRefused(db: Db, work: () => Promise<unknown>): Promise<void> {
  await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused (test)'; end $$`.execute(db);
  await sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`.execute(db);
  try {
    await assert.rejects(work(), /audit refused/);
  } finally {
    await sql`drop trigger refuse_audit on audit_log`.execute(db);
    await sql`drop function refuse_audit()`.execute(db);
  }
}

/** Every row of the named tables (ordered by id), to compare a database before and after. */
export async function snapshotTables(db: Db, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql<{ row: unknown }>`select to_jsonb(t) as row from ${sql.table(table)} t order by 1`.execute(db);
    snapshot[table] = rows.map((r) => r.row);
  }
  return snapshot;
}
