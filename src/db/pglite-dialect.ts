import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect for PGlite. PGlite is one connection, so the driver hands it out to one
 * borrower at a time: without this a query could run inside another caller's open transaction.
 */
export function pgliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PgliteAdapter(),
    createDriver: () => pgliteDriver(pglite),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/**
 * PostgreSQL's adapter, marked: on PGlite, `COPY ... FROM '/dev/blob'` reads a Blob given as the
 * query's last parameter (one the SQL does not reference), which is how bulk-upsert.ts loads rows.
 */
class PgliteAdapter extends PostgresAdapter {
  readonly copiesFromBlob = true;
}

/** True when `db` runs on PGlite, so it can COPY from a Blob. */
export function copiesFromBlob(db: Kysely<any>): boolean {
  return (db.getExecutor().adapter as Partial<PgliteAdapter>).copiesFromBlob === true;
}

function pgliteDriver(pglite: PGlite): Driver {
  let queue: Promise<void> = Promise.resolve();
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const parameters = [...compiled.parameters];
      const blob = parameters.at(-1) instanceof Blob ? (parameters.pop() as Blob) : undefined;
      const result = await pglite.query<R>(compiled.sql, parameters, blob ? { blob } : undefined);
      const affected = result.affectedRows;
      return {
        rows: result.rows,
        ...(affected !== undefined && result.fields.length === 0 ? { numAffectedRows: BigInt(affected) } : {}),
      };
    },
    streamQuery() {
      throw new Error('Streaming queries are not supported on PGlite');
    },
  };
  const releases: Array<() => void> = [];
  return {
    async init() {
      await pglite.waitReady;
    },
    async acquireConnection() {
      const previous = queue;
      let release!: () => void;
      queue = new Promise<void>((resolve) => (release = resolve));
      await previous;
      releases.push(release);
      return connection;
    },
    async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
      const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
      await conn.executeQuery(CompiledQuery.raw(`begin${isolation}`));
    },
    async commitTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('commit'));
    },
    async rollbackTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('rollback'));
    },
    async releaseConnection() {
      releases.shift()?.();
    },
    async destroy() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
