import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './database.ts';

/**
 * Reads kept until the next write, for the embedded database. PGlite runs inside this process and
 * its data directory admits one process at a time (data-dir-lock.ts), so every write to it passes
 * through here: counting writes tells exactly when something read before may have changed. The
 * busiest requests (a signed-in dashboard: the session, the council's data version, overdue
 * actions) then send no statement at all while nothing is written, where each PGlite statement
 * costs the one thread that also serves the pages. A PostgreSQL server may have other writers
 * (the CLI, another server), so there nothing is kept: memoUntilWrite always reads.
 *
 * Exactness: the count moves when a write statement starts and again when it ends, and at every
 * commit and rollback. A read keeps its value under the count it saw when it started, so any
 * write after that (including the commit of a transaction under way, which holds PGlite's one
 * connection, so no read runs inside it) makes the value stale. Anything that writes to the PGlite
 * instance goes through its query, exec or transaction methods, which watchPgliteWrites wraps.
 */
export interface WriteEpoch {
  current(): number;
}

/** SQL that changes nothing: a select or `with` without a writing keyword, or transaction control that is not an end. */
export function isReadOnlyStatement(sql: string): boolean {
  if (!/^\s*(?:select|with|show|explain|begin|start\s+transaction|set|savepoint|release)\b/i.test(sql)) return false;
  return !/\b(?:insert|update|delete|merge|truncate|copy|create|alter|drop|call|do|grant|revoke|refresh|vacuum|analyze)\b/i.test(sql);
}

/** Wraps the PGlite instance's statement methods so that every write moves the count. */
export function watchPgliteWrites(pglite: PGlite): WriteEpoch {
  let epoch = 0;
  const around = async <T>(write: boolean, run: () => Promise<T>): Promise<T> => {
    if (!write) return run();
    epoch += 1;
    try {
      return await run();
    } finally {
      epoch += 1;
    }
  };
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  Object.assign(pglite, {
    query: (sql: string, ...rest: unknown[]) => around(!isReadOnlyStatement(sql), () => (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest)),
    exec: (sql: string, ...rest: unknown[]) => around(!isReadOnlyStatement(sql), () => (exec as (...args: unknown[]) => Promise<unknown>)(sql, ...rest)),
    // PGlite's own transactions run their statements on an object of their own: count the whole of one as a write.
    transaction: (...args: unknown[]) => around(true, () => (transaction as (...args: unknown[]) => Promise<unknown>)(...args)),
  });
  return { current: () => epoch };
}

const epochs = new WeakMap<Db, WriteEpoch>();

/** Says that every write to `db`'s data moves `epoch` (openDatabase, for PGlite). */
export function registerWriteEpoch(db: Db, epoch: WriteEpoch): void {
  epochs.set(db, epoch);
}

/** Whether reads on `db` are kept until the next write (PGlite's own handle), so one read gives the same object until then. */
export function keepsReads(db: Db): boolean {
  return epochs.has(db);
}

/** A handle made from another (`withPlugin`, as the query-counting tests do) writes to the same data. */
export function shareWriteEpoch(from: Db, to: Db): void {
  const epoch = epochs.get(from);
  if (epoch) epochs.set(to, epoch);
}

interface Kept {
  epoch: number;
  value: Promise<unknown>;
}
const MEMO_SIZE = 10_000;
const memos = new WeakMap<Db, Map<string, Kept>>();

/**
 * `read()`, or what it gave before if nothing has been written to `db` since. Always reads on
 * PostgreSQL and inside transactions (handles with no write count). Callers must not change what
 * they get back: it may be shared with other requests.
 */
export function memoUntilWrite<V>(db: Db, key: string, read: () => Promise<V>): Promise<V> {
  const epoch = epochs.get(db);
  if (!epoch) return read();
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = new Map()));
  const now = epoch.current();
  const kept = memo.get(key);
  if (kept && kept.epoch === now) return kept.value as Promise<V>;
  const value = read();
  memo.delete(key);
  memo.set(key, { epoch: now, value });
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  value.catch(() => {
    if (memo.get(key)?.value === value) memo.delete(key);
  });
  return value;
}
