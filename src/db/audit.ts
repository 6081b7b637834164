import type { Db } from './database.ts';

/** One line of the audit log: who did what, to which authority's data, from where. */
export interface AuditEntry {
  userId: number | null;
  userEmail: string | null;
  /** Dotted verb, e.g. `sign_in.succeeded`, `users.created`, `imports.workers`. */
  action: string;
  authorityCode?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: Date;
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: entry.userId,
      user_email: entry.userEmail,
      action: entry.action,
      authority_code: entry.authorityCode ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
    })
    .execute();
}

/** Newest first, a page at a time. */
export async function listAudit(db: Db, options: { limit: number; offset: number; action?: string | undefined }): Promise<{ entries: AuditRecord[]; total: number }> {
  let query = db.selectFrom('audit_log');
  if (options.action) query = query.where('action', 'like', `${options.action}%`);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    entries: rows.map((row) => ({
      id: Number(row.id),
      at: row.at,
      userId: row.user_id,
      userEmail: row.user_email,
      action: row.action,
      authorityCode: row.authority_code,
      details: row.details,
      ip: row.ip,
    })),
  };
}
