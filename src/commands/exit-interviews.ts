import { createHash, randomBytes } from 'node:crypto';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import {
  exitInterviewFor,
  exitInterviewLinkByHash,
  insertExitInterviewLink,
  markExitInterviewLinkUsed,
  postEndDates,
  saveRetentionSettings,
  retentionSettings,
  upsertExitInterviews,
} from '../db/exit-interviews.ts';
import type { ExitInterviewRecord } from '../domain/exit-interviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { RetainError } from '../errors.ts';

/**
 * Writes about exit interviews from the browser: an officer records one, sends a leaver a one-use
 * link, or the leaver answers through it. Each is one transaction that writes its audit entry.
 */

/** Who is acting: a signed-in user, or nobody (a leaver answering through a link). */
export type { Actor };

/** How long a leaver's link works: 28 days, long enough to cover a notice period's last weeks and a holiday (our choice). */
export const LINK_VALID_DAYS = 28;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The leaving an interview is about must be a post of this worker ending that day (a not_found naming both). */
function leavingNotFound(workerId: string, leavingDate: IsoDate): RetainError {
  return new RetainError('not_found', `worker_id ${workerId} has no post with end_date ${leavingDate}`, { workerId, leavingDate });
}

async function assertLeaving(db: Db, authorityCode: string, workerId: string, leavingDate: IsoDate): Promise<void> {
  const ends = (await postEndDates(db, authorityCode)).get(workerId);
  if (!ends?.has(leavingDate)) throw leavingNotFound(workerId, leavingDate);
}

/** An officer records (or corrects) a leaver's exit interview. */
export async function recordExitInterview(db: Db, input: { authorityCode: string; record: ExitInterviewRecord }, actor: Actor): Promise<'inserted' | 'updated' | 'unchanged'> {
  return db.transaction().execute(async (trx) => {
    await assertLeaving(trx, input.authorityCode, input.record.workerId, input.record.leavingDate);
    const counts = await upsertExitInterviews(trx, input.authorityCode, [input.record], null, actor.email);
    const outcome = counts.inserted ? 'inserted' : counts.updated ? 'updated' : 'unchanged';
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'exit_interview.recorded',
      authorityCode: input.authorityCode,
      details: { workerId: input.record.workerId, leavingDate: input.record.leavingDate, status: input.record.status, outcome },
      ip: actor.ip ?? null,
    });
    return outcome;
  });
}

/** A new one-use link for a leaver; the token is returned once and only its hash is kept. */
export async function createExitInterviewLink(
  db: Db,
  input: { authorityCode: string; workerId: string; leavingDate: IsoDate; now: Date; validDays?: number },
  actor: Actor,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + (input.validDays ?? LINK_VALID_DAYS) * 86_400_000);
  await db.transaction().execute(async (trx) => {
    await assertLeaving(trx, input.authorityCode, input.workerId, input.leavingDate);
    await insertExitInterviewLink(trx, {
      tokenHash: tokenHash(token),
      authorityCode: input.authorityCode,
      workerId: input.workerId,
      leavingDate: input.leavingDate,
      expiresAt,
      createdBy: actor.email,
    });
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'exit_interview.link_created',
      authorityCode: input.authorityCode,
      details: { workerId: input.workerId, leavingDate: input.leavingDate, expiresAt: expiresAt.toISOString() },
      ip: actor.ip ?? null,
    });
  });
  return { token, expiresAt };
}

export type LinkState = 'open' | 'unknown' | 'expired' | 'used' | 'answered';

/** Whether a link can still be answered: unknown, expired, already used, or the interview already completed. */
export async function exitInterviewLinkState(db: Db, token: string, now: Date): Promise<{ state: LinkState; authorityCode?: string }> {
  const link = await exitInterviewLinkByHash(db, tokenHash(token));
  if (!link) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used', authorityCode: link.authorityCode };
  if (link.expiresAt <= now) return { state: 'expired', authorityCode: link.authorityCode };
  const existing = await exitInterviewFor(db, link.authorityCode, link.workerId, link.leavingDate);
  if (existing?.status === 'completed') return { state: 'answered', authorityCode: link.authorityCode };
  return { state: 'open', authorityCode: link.authorityCode };
}

/** What a leaver may say about themselves through the link (the council judges regrettable, not them). */
export type LeaverAnswers = Pick<ExitInterviewRecord, 'primaryReason' | 'otherReasons' | 'wouldReturn' | 'counterOffer' | 'comments'>;

/**
 * A leaver answers through their link: the interview is recorded as completed online on `today`,
 * keeping any regrettable mark an officer set, and the link is spent. A second answer, an expired
 * link or one for an interview already completed is refused and writes nothing.
 */
export async function answerExitInterviewByLink(db: Db, input: { token: string; answers: LeaverAnswers; now: Date; today: IsoDate }, actor: Actor): Promise<LinkState> {
  return db.transaction().execute(async (trx) => {
    const hash = tokenHash(input.token);
    const link = await exitInterviewLinkByHash(trx, hash, true);
    if (!link) return 'unknown';
    if (link.usedAt) return 'used';
    if (link.expiresAt <= input.now) return 'expired';
    const existing = await exitInterviewFor(trx, link.authorityCode, link.workerId, link.leavingDate);
    if (existing?.status === 'completed') return 'answered';
    const record: ExitInterviewRecord = {
      workerId: link.workerId,
      leavingDate: link.leavingDate,
      status: 'completed',
      interviewDate: input.today,
      channel: 'online',
      ...input.answers,
      otherReasons: input.answers.otherReasons.filter((reason) => reason !== input.answers.primaryReason),
      regrettable: existing?.regrettable ?? null,
    };
    await upsertExitInterviews(trx, link.authorityCode, [record], null, 'leaver (link)');
    await markExitInterviewLinkUsed(trx, hash, input.now);
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'exit_interview.answered_by_link',
      authorityCode: link.authorityCode,
      details: { workerId: link.workerId, leavingDate: link.leavingDate },
      ip: actor.ip ?? null,
    });
    return 'open';
  });
}

/** Sets the council's exit-interview rate target (percent, or null for none). */
export async function setExitInterviewTarget(db: Db, input: { authorityCode: string; target: number | null }, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await retentionSettings(trx, input.authorityCode);
    await saveRetentionSettings(trx, input.authorityCode, { ...before, exitInterviewRateTarget: input.target });
    await writeAudit(trx, {
      userId: actor.userId,
      userEmail: actor.email,
      action: 'leavers.target_set',
      authorityCode: input.authorityCode,
      details: { before: before.exitInterviewRateTarget, after: input.target },
      ip: actor.ip ?? null,
    });
  });
}
