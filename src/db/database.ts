import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
export { isConnectionLost } from './connection-errors.ts';
import { migrationProvider } from './migrations/index.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** A PostgreSQL server; when set, `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  /** A PGlite data directory dump to start from (tests use a migrated template to skip initdb). */
  loadDataDir?: Blob | undefined;
}

export interface OpenDatabase {
  db: Db;
  /** Which engine answered, for messages and bench output. */
  engine: 'pglite' | 'postgres';
  /** Where the data lives: the data directory or the server URL without its password. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tar, for backups and test templates. */
  dumpDataDir?: () => Promise<Blob>;
}

// Dates stay as 'YYYY-MM-DD' text (no time-zone shifts); bigint counts and numerics come back as numbers.
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;

/** Resolves where the database is from options, then the environment (`DATABASE_URL`, `RETAIN_DATA_DIR`), then `./data`. */
export function databaseOptionsFromEnv(options: DatabaseOptions = {}): DatabaseOptions {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) return { databaseUrl };
  return { dataDir: options.dataDir ?? (process.env.RETAIN_DATA_DIR || './data') };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<OpenDatabase> {
  const resolved = databaseOptionsFromEnv(options);
  const opened = resolved.databaseUrl
    ? openPostgres(resolved.databaseUrl)
    : await openPglite(resolved.dataDir!, options.loadDataDir);
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === DATE) return (value: string) => value;
        if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server ends (a restart, a failover, an administrator, a network cut) emits
  // 'error' on its client; an 'error' event nobody listens to ends the whole process. The pool
  // listens only while a client is idle, so a client that is checked out (a request's query or
  // transaction in progress) gets its own listener for its whole life. The query in progress
  // rejects (see connection-errors.ts), the client is no longer queryable, and on release the pool
  // drops it and opens a fresh one for the next request.
  const lost = (error: Error) => console.error(`PostgreSQL connection lost: ${error.message}`);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<OpenDatabase> {
  let lock: DataDirLock | undefined;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite reads or writes a byte: a second process is refused here (see data-dir-lock.ts).
    lock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      parsers: { [DATE]: (value: string) => value, [INT8]: Number, [NUMERIC]: Number },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    location: dataDir,
    async close() {
      try {
        await db.destroy();
      } finally {
        // Only once PGlite has closed (and flushed) may another process open the directory.
        lock?.release();
      }
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
  };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
