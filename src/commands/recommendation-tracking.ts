import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import {
  addRecommendationAction as insertRecommendationAction,
  markPackSuperseded,
  recommendationInReview,
  saveScrutinySettings as writeScrutinySettings,
  setLeadOfficer,
  setPublished,
  setReviewTracking,
  trackerRecords,
  writeProgress,
  writeResponse,
  type ScrutinySettings,
} from '../db/recommendation-tracking.ts';
import { getReview, updateReview } from '../db/reviews.ts';
import { applyProgress, implementationStatusFor, progressProblems, progressUpdate, type MonitoringStage, type ProgressChange } from '../domain/recommendation-tracking.ts';
import type { RecommendationResponse } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { readTrackerTable, validateTrackerUpload, type TrackerRowChange } from '../imports/tracker-file.ts';
import type { Problem } from '../imports/problems.ts';
import { sha256Hex } from '../imports/run-import.ts';
import { sendMessages, mailServerName, type MailMessage, type MailSettings, type SendResult } from '../mail/smtp.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';
import type { ReviewRef } from './reviews.ts';

/**
 * Writes that follow a review's recommendations to the end (issue 15): the council's settings,
 * the day the report went to the executive and the executive's response, progress reports, the
 * committee's 6- and 12-month reviews, actions under a recommendation, a tracker file uploaded
 * back, publication, superseded evidence packs, and the reminder digest sent by email. Each is one
 * transaction with its audit entry (see reviews.ts); sending email is done first and its outcome
 * audited after, since mail cannot be taken back by a rollback.
 */

export async function saveScrutinySettings(db: Db, input: { authorityCode: string } & ScrutinySettings, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    await writeScrutinySettings(trx, input.authorityCode, { referencePrefix: input.referencePrefix, responseMonths: input.responseMonths });
    await auditAs(trx, actor, 'scrutiny.settings_saved', input.authorityCode, { referencePrefix: input.referencePrefix, responseMonths: input.responseMonths });
  });
}

/** The committee's own reference prefix for the review's recommendations yet to be made (null: the council's), and the day its report went to the executive (null: not yet). */
export async function setReportRoute(db: Db, input: ReviewRef & { referencePrefix: string | null; sentToExecutiveOn: IsoDate | null }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const saved = await setReviewTracking(trx, input.authorityCode, input.reviewId, { referencePrefix: input.referencePrefix, sentToExecutiveOn: input.sentToExecutiveOn });
    if (saved) await auditAs(trx, actor, 'review.sent_to_executive', input.authorityCode, { reviewId: input.reviewId, on: input.sentToExecutiveOn, referencePrefix: input.referencePrefix });
    return saved;
  });
}

export interface ResponseInput {
  recommendationId: number;
  response: RecommendationResponse;
  reasons: string;
  decisionReference: string;
}

/**
 * The executive's response to the report: for each recommendation accepted, partly accepted,
 * rejected or noted, with the reasons and the decision reference, all on the day it responded
 * (which is also the day the recommendations were agreed: the 6- and 12-month reviews count from
 * it). False when the review, or any recommendation named, is not found: nothing is written then.
 */
export async function recordExecutiveResponse(db: Db, input: ReviewRef & { respondedOn: IsoDate | null; responses: readonly ResponseInput[] }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const review = await getReview(trx, input.authorityCode, input.reviewId);
    if (!review) return false;
    for (const r of input.responses) {
      const decisionDate = r.response === 'awaiting' ? null : input.respondedOn;
      if (!(await writeResponse(trx, input.authorityCode, input.reviewId, r.recommendationId, { response: r.response, reasons: r.reasons, decisionDate, decisionReference: r.decisionReference }))) {
        throw new NotInReviewError(r.recommendationId);
      }
    }
    await updateReview(trx, input.authorityCode, input.reviewId, { recommendationsAgreedOn: input.respondedOn });
    await auditAs(trx, actor, 'review.executive_response', input.authorityCode, {
      reviewId: input.reviewId,
      respondedOn: input.respondedOn,
      responses: input.responses.map((r) => ({ recommendationId: r.recommendationId, response: r.response, decisionReference: r.decisionReference })),
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof NotInReviewError) return false;
    throw error;
  });
}

class NotInReviewError extends Error {
  constructor(recommendationId: number) {
    super(`recommendation ${recommendationId} is not in this review`);
  }
}

/** Who answers for a recommendation and by when: the lead officer, their email (for reminders) and the target date. */
export async function setRecommendationOwner(
  db: Db,
  input: ReviewRef & { recommendationId: number; leadOfficer: string; leadOfficerEmail: string; targetDate: IsoDate | null },
  actor: Actor,
): Promise<{ ok: true } | { ok: false; problems: Array<[string, string]> } | null> {
  return inTransaction(db, async (trx) => {
    const current = (await trackerRecords(trx, input.authorityCode, { reviewId: input.reviewId })).find((r) => r.id === input.recommendationId);
    if (!current) return null;
    // The date agreed is kept once progress has been reported against it: a later date is a slip.
    if (current.status !== null && current.targetDate !== null && input.targetDate !== current.targetDate) {
      return { ok: false as const, problems: [['targetDate', `The target date stays ${current.targetDate}, the date agreed: to move it, report the recommendation as Slipped with a revised date`]] };
    }
    await setLeadOfficer(trx, input.authorityCode, input.recommendationId, { leadOfficer: input.leadOfficer, leadOfficerEmail: input.leadOfficerEmail, targetDate: input.targetDate });
    await auditAs(trx, actor, 'recommendation.owner_set', input.authorityCode, {
      reviewId: input.reviewId,
      reference: current.reference,
      leadOfficer: input.leadOfficer,
      targetDate: input.targetDate,
    });
    return { ok: true as const };
  });
}

/**
 * A progress report on one recommendation: its status (a slip with the revised date and reason),
 * and a dated note on its timeline. Checked against the recommendation as it stands inside the
 * transaction (src/domain/recommendation-tracking.ts progressProblems); null when not found.
 */
export async function reportProgress(
  db: Db,
  input: ReviewRef & { recommendationId: number; change: ProgressChange; today: IsoDate },
  actor: Actor,
): Promise<{ ok: true } | { ok: false; problems: Array<['status' | 'revisedDate' | 'reason', string]> } | null> {
  return inTransaction(db, async (trx) => {
    const current = (await trackerRecords(trx, input.authorityCode, { reviewId: input.reviewId })).find((r) => r.id === input.recommendationId);
    if (!current) return null;
    const problems = progressProblems(current, input.change);
    if (problems.length > 0) return { ok: false as const, problems };
    const next = applyProgress(current, input.change);
    await writeProgress(trx, input.authorityCode, current.id, {
      status: input.change.status,
      revisedDate: next.revisedDate,
      slipReason: next.slipReason,
      update: progressUpdate(input.change, input.today, actor.email ?? 'unknown'),
      implementationStatus: implementationStatusFor(input.change.status, current.implementationStatus),
    });
    await auditAs(trx, actor, 'recommendation.progress', input.authorityCode, {
      reviewId: input.reviewId,
      reference: current.reference,
      before: { status: current.status, revisedDate: current.revisedDate },
      after: { status: next.status, revisedDate: next.revisedDate, reason: next.slipReason },
    });
    return { ok: true as const };
  });
}

/** The committee's 6- or 12-month review: the day it was held (null: not yet) and its conclusion. */
export async function recordMonitoringReview(db: Db, input: ReviewRef & { stage: MonitoringStage; heldOn: IsoDate | null; conclusion: string }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const saved = await setReviewTracking(trx, input.authorityCode, input.reviewId, { monitoring: { stage: input.stage, heldOn: input.heldOn, conclusion: input.conclusion } });
    if (saved) await auditAs(trx, actor, 'review.monitoring_review', input.authorityCode, { reviewId: input.reviewId, stage: input.stage, heldOn: input.heldOn });
    return saved;
  });
}

/**
 * An action under a recommendation, with its owner (and their email, where reminders go: empty when
 * not known) and due date. Null when the recommendation is not in the review.
 */
export async function addRecommendationAction(
  db: Db,
  input: ReviewRef & { recommendationId: number; description: string; owner: string; ownerEmail?: string; dueDate: IsoDate },
  actor: Actor,
): Promise<number | null> {
  return inTransaction(db, async (trx) => {
    if (!(await recommendationInReview(trx, input.authorityCode, input.reviewId, input.recommendationId))) return null;
    const id = await insertRecommendationAction(trx, input.authorityCode, input.reviewId, input.recommendationId, {
      description: input.description,
      owner: input.owner,
      ownerEmail: input.ownerEmail ?? '',
      dueDate: input.dueDate,
    });
    await auditAs(trx, actor, 'review.action_added', input.authorityCode, {
      reviewId: input.reviewId,
      actionId: id,
      recommendationId: input.recommendationId,
      owner: input.owner,
      ...(input.ownerEmail ? { ownerEmail: input.ownerEmail } : {}),
      dueDate: input.dueDate,
    });
    return id;
  });
}

export type TrackerUploadOutcome =
  | { ok: true; changed: number; unchanged: number; rowCount: number; references: string[]; warnings: string[] }
  | { ok: false; problems: Problem[]; warnings: string[] };

/**
 * A tracker file uploaded back (CSV or XLSX): every row is checked against the recommendations
 * as they stand inside the transaction (a lock per council keeps two uploads from crossing), and
 * nothing is written unless every row is free of problems. One audit entry names the file, its
 * checksum and what changed.
 */
export async function uploadTracker(
  db: Db,
  input: { authorityCode: string; fileName: string; bytes: Uint8Array; sheet?: string | undefined; today: IsoDate },
  actor: Actor,
): Promise<TrackerUploadOutcome> {
  const read = await readTrackerTable(input.fileName, input.bytes, { sheet: input.sheet });
  if (!read.ok) return { ok: false, problems: read.problems, warnings: [] };
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`retain.tracker.${input.authorityCode}`}))`.execute(trx);
    const records = await trackerRecords(trx, input.authorityCode);
    const checked = validateTrackerUpload(input.fileName, read.table, records, { today: input.today, by: `${actor.email ?? 'unknown'} (upload: ${input.fileName})` });
    if (checked.problems.length > 0) return { ok: false as const, problems: checked.problems, warnings: checked.warnings };
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const change of checked.changes) await applyRowChange(trx, input.authorityCode, change, byId.get(change.recommendationId)!.implementationStatus);
    await auditAs(trx, actor, 'tracker.uploaded', input.authorityCode, {
      fileName: input.fileName,
      checksumSha256: sha256Hex(input.bytes),
      rows: checked.rowCount,
      changed: checked.changes.map((c) => ({ reference: c.reference, status: c.progress?.status ?? null })),
    });
    return {
      ok: true as const,
      changed: checked.changes.length,
      unchanged: checked.unchanged,
      rowCount: checked.rowCount,
      references: checked.changes.map((c) => c.reference),
      warnings: checked.warnings,
    };
  });
}

async function applyRowChange(trx: Db, authorityCode: string, change: TrackerRowChange, before: Parameters<typeof implementationStatusFor>[1]): Promise<void> {
  const owner = {
    ...(change.leadOfficer !== undefined ? { leadOfficer: change.leadOfficer } : {}),
    ...(change.leadOfficerEmail !== undefined ? { leadOfficerEmail: change.leadOfficerEmail } : {}),
    ...(change.targetDate !== undefined ? { targetDate: change.targetDate } : {}),
  };
  if (!change.progress) {
    await setLeadOfficer(trx, authorityCode, change.recommendationId, owner);
    return;
  }
  await writeProgress(trx, authorityCode, change.recommendationId, {
    status: change.progress.status,
    revisedDate: change.progress.revisedDate,
    slipReason: change.progress.slipReason,
    update: change.progress.update,
    implementationStatus: implementationStatusFor(change.progress.status, before),
    ...owner,
  });
}

/**
 * Publishes a review as a read-only public page, or takes it down again; both are audited. Only a
 * report that has gone to the executive is published: until then it is the committee's draft.
 */
export async function setReviewPublished(db: Db, input: ReviewRef & { published: boolean }, actor: Actor): Promise<'published' | 'unpublished' | 'not_sent' | null> {
  return inTransaction(db, async (trx) => {
    const review = await trx
      .selectFrom('reviews')
      .select(['sent_to_executive_on', 'published_at'])
      .where('authority_code', '=', input.authorityCode)
      .where('id', '=', input.reviewId)
      .executeTakeFirst();
    if (!review) return null;
    if (input.published && !review.sent_to_executive_on) return 'not_sent' as const;
    await setPublished(trx, input.authorityCode, input.reviewId, input.published ? (actor.email ?? 'unknown') : null);
    await auditAs(trx, actor, input.published ? 'review.published' : 'review.unpublished', input.authorityCode, {
      reviewId: input.reviewId,
      wasPublishedAt: review.published_at?.toISOString() ?? null,
    });
    return input.published ? ('published' as const) : ('unpublished' as const);
  });
}

/** Marks an issued evidence pack superseded (by a later one, or because its data was corrected); the pack stays as issued. */
export async function supersedePack(db: Db, input: ReviewRef & { packId: number; reason: string }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const marked = await markPackSuperseded(trx, input.authorityCode, input.reviewId, input.packId, actor.email, input.reason);
    if (marked) await auditAs(trx, actor, 'review.pack_superseded', input.authorityCode, { reviewId: input.reviewId, packId: input.packId, reason: input.reason });
    return marked;
  });
}

/**
 * Sends the reminder digest, one message per person with an email address, and audits what was
 * sent to whom (and what failed). People with no email address are left for the officer to send by hand.
 */
export async function sendReminderDigest(
  db: Db,
  input: { authorityCode: string; messages: ReadonlyArray<MailMessage & { person: string }>; settings: MailSettings },
  actor: Actor,
): Promise<SendResult[]> {
  const results = await sendMessages(input.settings, input.messages);
  await inTransaction(db, async (trx) => {
    await auditAs(trx, actor, 'tracker.digest_sent', input.authorityCode, {
      server: mailServerName(input.settings),
      sent: results.filter((r) => r.ok).map((r) => r.to),
      failed: results.filter((r) => !r.ok).map((r) => ({ to: r.to, error: r.error })),
    });
  });
  return results;
}
