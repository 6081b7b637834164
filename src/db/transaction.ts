import type { Db } from './database.ts';

/**
 * Runs `work` in one transaction: a new one, or the caller's when `db` already is one (Kysely
 * cannot nest them), so a write that needs its own transaction can also join a command's.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
