import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
export { isConnectionLost } from './connection-errors.ts';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import { compilePgliteWasm } from './pglite-wasm.ts';
import { emptyClusterTar, unpackEmptyCluster } from './empty-cluster.ts';
import { registerWriteEpoch, watchPgliteWrites } from './write-epoch.ts';
import type { Database } from './schema.ts';
import { invalidInput } from '../errors.ts';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** A PostgreSQL server; when set, `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  /** A PGlite data directory dump to start from (tests use a migrated template to skip initdb). */
  loadDataDir?: Blob | undefined;
  /** Make a new PGlite database with PGlite's initdb, not from the shipped empty cluster (tests compare the two). */
  initdb?: boolean | undefined;
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
  const opened = resolved.databaseUrl ? await openPostgres(resolved.databaseUrl) : await openPglite(resolved.dataDir!, options.loadDataDir, options.initdb === true);
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  // Each engine's client is loaded only when used: a PGlite command never loads pg, nor a server PGlite.
  const { default: pg } = await import('pg');
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
  const { acceptCopyRows } = await import('./pg-copy.ts');
  pool.on('connect', (client) => {
    client.on('error', lost);
    // Imports load rows by COPY (bulk-upsert.ts).
    acceptCopyRows(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

async function openPglite(dataDir: string, loadDataDir: Blob | undefined, initdb: boolean): Promise<OpenDatabase> {
  let lock: DataDirLock | undefined;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite reads or writes a byte: a second process is refused here (see data-dir-lock.ts).
    lock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    // A new database is made from the shipped empty cluster rather than by initdb, which more than
    // tripled the process's peak memory (empty-cluster.ts); initdb still makes it if that cannot.
    // A directory has it unpacked into it; an in-memory database loads it as a tar.
    // PGlite's WebAssembly compiles in V8's threads meanwhile.
    const compiled = compilePgliteWasm();
    if (!loadDataDir && !initdb) {
      if (!lock) loadDataDir = await emptyClusterTar();
      else if (!existsSync(join(dataDir, 'PG_VERSION'))) await unpackEmptyCluster(dataDir);
    }
    const [{ PGlite }, pgliteWasmModule] = await Promise.all([import('@electric-sql/pglite'), compiled]);
    pglite = await PGlite.create(dataDir, {
      pgliteWasmModule,
      parsers: { [DATE]: (value: string) => value, [INT8]: Number, [NUMERIC]: Number },
      ...pgliteStartSettings(PGlite),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Every write to it passes through this process: reads may be kept until the next (write-epoch.ts).
  const epoch = watchPgliteWrites(pglite);
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  registerWriteEpoch(db, epoch);
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

/**
 * PGlite's PostgreSQL keeps shared_buffers (128 MB by default) inside its WebAssembly memory, which
 * only ever grows: with the compiled module that was most of a server's ~900 MB and a command's
 * ~650 MB. A council's data is a few megabytes and PGlite's own file system sits in memory or the
 * operating system's cache, so 16 MB of buffers costs little speed. `RETAIN_PGLITE_SHARED_BUFFERS`
 * (e.g. `128MB`) sets another size. Exported for the bench, whose COPY anchor runs PGlite as Retain runs it.
 */
export function pgliteStartSettings(PGlite: unknown): { startParams?: string[] } {
  const defaults = (PGlite as { defaultStartParams?: string[] }).defaultStartParams;
  if (!Array.isArray(defaults)) return {};
  const size = process.env.RETAIN_PGLITE_SHARED_BUFFERS || '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(size)) throw invalidInput(`RETAIN_PGLITE_SHARED_BUFFERS must be a size such as 16MB, not "${size}"`);
  return { startParams: [...defaults, '-c', `shared_buffers=${size}`, ...WAL_SETTINGS] };
}

/**
 * Each new 16 MB WAL segment is made by PostgreSQL writing 16 MB of zeros first (wal_init_zero),
 * so that the space is there before it is needed. PGlite runs without fsync and every write
 * crosses into JavaScript (fs.writeSync), so the zeros bought nothing and were a quarter of all
 * the bytes a batch import wrote (40 councils: 16.8 of 64 MB, one segment per ~30 councils). With
 * it off only the segment's last byte is written; the file reads as zeros all the same.
 */
const WAL_SETTINGS = ['-c', 'wal_init_zero=off'] as const;

export async function migrateToLatest(db: Db): Promise<void> {
  if (await isUpToDate(db)) return;
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

/**
 * One read instead of the migrator's several statements (and its lock) on every start: the
 * schema is current when the migrations table holds exactly the migrations this code knows, by
 * count and by latest name. Anything else (a new database, a migration to run, a database newer
 * than this code) goes to the migrator, which applies or reports it as before.
 */
async function isUpToDate(db: Db): Promise<boolean> {
  const names = [...MIGRATION_NAMES].sort();
  try {
    const { rows } = await sql<{ n: number; latest: string | null }>`select count(*)::integer as n, max(name) as latest from kysely_migration`.execute(db);
    return rows[0]!.n === names.length && rows[0]!.latest === names[names.length - 1];
  } catch {
    return false; // No migrations table yet: a new database.
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
