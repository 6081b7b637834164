import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { openDatabase, type Db, type OpenDatabase } from '../db/database.ts';
import { shareWriteEpoch } from '../db/write-epoch.ts';

let pgliteTemplate: Promise<Blob> | undefined;

/** Set by src/test/global-setup.ts: a file holding a migrated PGlite data directory (a tar). */
export const PGLITE_TEMPLATE_ENV = 'RETAIN_TEST_PGLITE_TEMPLATE';
/** Set by src/test/global-setup.ts: a migrated database on the DATABASE_URL server to copy. */
export const SERVER_TEMPLATE_ENV = 'RETAIN_TEST_SERVER_TEMPLATE';

/**
 * A fresh, migrated database for one test: in-memory PGlite, or, when `DATABASE_URL` is set, a
 * database of its own on that server (dropped again by `close`). The suite is the same on both.
 */
export async function testDatabase(): Promise<OpenDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplateDump() });
  }

  const scratch = await scratchServerDatabase(serverUrl);
  const opened = await openDatabase({ databaseUrl: scratch.url });
  return {
    ...opened,
    async close() {
      await opened.close();
      await scratch.drop();
    },
  };
}

/**
 * A database of its own on the server at `serverUrl`, for a test (or a CLI it runs) to open by
 * `url`; `drop` it when done. Copying the migrated template (global-setup.ts), when there is one,
 * skips running every migration per test: openDatabase then finds the schema current in one read.
 */
export async function scratchServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `retain_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const template = process.env[SERVER_TEMPLATE_ENV];
  await adminQuery(serverUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropWhenClosed(serverUrl, name) };
}

/**
 * On the DATABASE_URL server, a fresh migrated database of its own, by URL, for a CLI run to open
 * as well as the test; null on PGlite, where tests use testDataDir.
 */
export async function testServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return null;
  const scratch = await scratchServerDatabase(serverUrl);
  // Migrates it when no template was copied (a file run alone).
  const opened = await openDatabase({ databaseUrl: scratch.url });
  await opened.close();
  return scratch;
}

/**
 * A migrated PGlite database in the directory `dir`, copied from the same template (no initdb),
 * for tests where other processes (the CLI, the server) use the directory after it is closed.
 */
export async function testDataDir(dir: string): Promise<OpenDatabase> {
  return openDatabase({ dataDir: dir, loadDataDir: await pgliteTemplateDump() });
}

/**
 * A new database (from the shipped cluster, empty-cluster.ts) and the migrations cost seconds
 * under WASM. The suite's global setup does them once for every test process and leaves the dump
 * in a file; a file run on its own does them once itself.
 */
function pgliteTemplateDump(): Promise<Blob> {
  const file = process.env[PGLITE_TEMPLATE_ENV];
  pgliteTemplate ??= file ? openAsBlob(file) : makePgliteTemplate();
  return pgliteTemplate;
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
 * The migrated database every test database is copied from, made once per run by
 * src/test/global-setup.ts: on the DATABASE_URL server, a database (copied by `create database
 * ... template`, which needs it to have no connections, so this waits for its own to go); else a
 * PGlite data directory dump.
 */
export async function migratedDatabaseTemplate(): Promise<{ kind: 'server'; database: string } | { kind: 'pglite'; dump: Blob }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { kind: 'pglite', dump: await makePgliteTemplate() };
  const database = `retain_test_template_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(serverUrl, `create database ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const opened = await openDatabase({ databaseUrl: url.toString() });
  await opened.close();
  for (let attempt = 0; (await connectionsTo(serverUrl, database)) > 0; attempt++) {
    if (attempt >= 100) throw new Error(`the test template database ${database} still has connections after 5 seconds`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { kind: 'server', database };
}

/** Drops the template database at the end of the run (nobody is connected to it). */
export async function dropTemplateDatabase(name: string): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}

async function connectionsTo(serverUrl: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::integer as n from pg_stat_activity where datname = $1', [database]);
    return rows[0]!.n;
  } finally {
    await client.end();
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

/** One statement on the server at `url` over a connection of its own (create or drop a database: never inside a pool's transaction). The benches use it for their scratch databases too. */
export async function adminQuery(url: string, statement: string): Promise<void> {
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

/** Statements a database handle has run, for tests that hold a page or report to a number of queries. */
export interface QueryCounter {
  /** The same database, counting every statement run through it (transactions included). */
  db: Db;
  /** Statements run since the last reset. */
  count(): number;
  /** Their SQL, for the message when a bound is broken. */
  statements(): string[];
  reset(): void;
}

/**
 * Counts statements as they complete, through a Kysely plugin, so builder queries and raw `sql`
 * alike count once each. Use `counter.db` in place of the database under test.
 */
export function countingQueries(db: Db): QueryCounter {
  let seen: string[] = [];
  const pending = new WeakMap<object, string>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      pending.set(args.queryId, describe(args.node));
      return args.node;
    },
    async transformResult(args) {
      seen.push(pending.get(args.queryId) ?? 'statement');
      return args.result;
    },
  };
  const counted = db.withPlugin(plugin);
  // The same data: reads kept until a write (src/db/write-epoch.ts) are kept for it too.
  shareWriteEpoch(db, counted);
  return {
    db: counted,
    count: () => seen.length,
    statements: () => [...seen],
    reset: () => {
      seen = [];
    },
  };
}

/** `select workers`, `insert data_versions`, or the start of a raw statement: enough to say which query. */
function describe(node: RootOperationNode): string {
  const tables = (value: unknown): string[] => {
    const found: string[] = [];
    JSON.stringify(value, (key, inner: unknown) => {
      if (key === 'table' && inner && typeof inner === 'object' && 'identifier' in inner) found.push(String((inner as { identifier: { name: string } }).identifier.name));
      return inner;
    });
    return [...new Set(found)];
  };
  switch (node.kind) {
    case 'SelectQueryNode':
      return `select ${tables(node.from).join(', ')}`;
    case 'InsertQueryNode':
      return `insert ${tables(node.into).join(', ')}`;
    case 'UpdateQueryNode':
      return `update ${tables(node.table).join(', ')}`;
    case 'DeleteQueryNode':
      return `delete ${tables(node.from).join(', ')}`;
    case 'RawNode':
      return node.sqlFragments.join('?').replace(/\s+/g, ' ').trim().slice(0, 80);
    default:
      return node.kind;
  }
}
