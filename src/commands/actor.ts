import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';

/**
 * Who is acting, for the audit log: a signed-in user, the command line (no user id), the demo
 * loader (email 'demo'), or nobody (a leaver or survey respondent answering through a link).
 */
export interface Actor {
  userId: number | null;
  email: string | null;
  ip?: string | null;
}

/** The audit entry a command writes inside its own transaction, so the change and its record stand or fall together. */
export async function auditAs(trx: Db, actor: Actor, action: string, authorityCode: string | null, details: Record<string, unknown>): Promise<void> {
  await writeAudit(trx, { userId: actor.userId, userEmail: actor.email, action, authorityCode, details, ip: actor.ip ?? null });
}

export { inTransaction } from '../db/transaction.ts';
