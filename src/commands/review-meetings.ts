import type { Db } from '../db/database.ts';
import { RetainError } from '../errors.ts';
import {
  addAction as insertAction,
  addMeeting as insertMeeting,
  getAction,
  getMeeting,
  issuePack as insertPack,
  saveMinutes as updateMinutes,
  setActionStatus as updateActionStatus,
  updateAction,
  updateMeeting,
  type MeetingPlan,
  type StoredPack,
} from '../db/reviews.ts';
import type { ActionStatus, Meeting, Minutes, ReviewAction } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { buildEvidencePack, type PackContent, type PackSource } from '../reports/review-pack.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';
import type { ReviewRef } from './reviews.ts';

/**
 * Writes to a review's meetings, their minutes, the actions arising and the evidence packs issued
 * for them. Each command is one transaction with its audit entry (see reviews.ts).
 */

/** A meeting or action named by id that is not in this review (or this council). */
export class NotInReviewError extends RetainError {
  constructor(what: 'meeting' | 'action') {
    super('not_found', `There is no such ${what} in this review.`);
    this.name = 'NotInReviewError';
  }
}

/** An action may hang off one of the review's own meetings, or none. */
async function assertMeeting(trx: Db, ref: ReviewRef, meetingId: number | null): Promise<void> {
  if (meetingId !== null && !(await getMeeting(trx, ref.authorityCode, ref.reviewId, meetingId))) throw new NotInReviewError('meeting');
}

/** Plans the next meeting, numbered one after the last. */
export async function addMeeting(db: Db, input: ReviewRef & { plan: MeetingPlan }, actor: Actor): Promise<Meeting> {
  return inTransaction(db, async (trx) => {
    const meeting = await insertMeeting(trx, input.authorityCode, input.reviewId, input.plan);
    await auditAs(trx, actor, 'review.meeting_added', input.authorityCode, { reviewId: input.reviewId, meeting: meeting.number, date: meeting.date });
    return meeting;
  });
}

/** Changes a meeting's plan; null when the review has no such meeting. */
export async function changeMeeting(db: Db, input: ReviewRef & { meetingId: number; plan: MeetingPlan }, actor: Actor): Promise<Meeting | null> {
  return inTransaction(db, async (trx) => {
    const meeting = await getMeeting(trx, input.authorityCode, input.reviewId, input.meetingId);
    if (!meeting) return null;
    await updateMeeting(trx, input.authorityCode, input.reviewId, meeting.id, input.plan);
    await auditAs(trx, actor, 'review.meeting_changed', input.authorityCode, { reviewId: input.reviewId, meeting: meeting.number });
    return { ...meeting, ...input.plan };
  });
}

/** Saves a meeting's minutes (replacing any held); null when the review has no such meeting. */
export async function saveMinutes(db: Db, input: ReviewRef & { meetingId: number; minutes: Minutes }, actor: Actor): Promise<Meeting | null> {
  return inTransaction(db, async (trx) => {
    const meeting = await getMeeting(trx, input.authorityCode, input.reviewId, input.meetingId);
    if (!meeting) return null;
    await updateMinutes(trx, input.authorityCode, input.reviewId, meeting.id, input.minutes);
    await auditAs(trx, actor, 'review.minutes_saved', input.authorityCode, { reviewId: input.reviewId, meeting: meeting.number });
    return { ...meeting, minutes: input.minutes };
  });
}

/** An action arising, open until marked done; its meeting, if named, must be one of the review's. */
export async function addAction(
  db: Db,
  input: ReviewRef & { action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate'> & Partial<Pick<ReviewAction, 'ownerEmail'>> },
  actor: Actor,
): Promise<ReviewAction> {
  return inTransaction(db, async (trx) => {
    await assertMeeting(trx, input, input.action.meetingId);
    const action = await insertAction(trx, input.authorityCode, input.reviewId, input.action);
    await auditAs(trx, actor, 'review.action_added', input.authorityCode, { reviewId: input.reviewId, actionId: action.id, owner: action.owner, due: action.dueDate });
    return action;
  });
}

/** Marks an action open, in progress or done; false when the review has no such action. */
export async function setActionStatus(db: Db, input: ReviewRef & { actionId: number; status: ActionStatus }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const changed = await updateActionStatus(trx, input.authorityCode, input.reviewId, input.actionId, input.status);
    if (changed) await auditAs(trx, actor, 'review.action_status', input.authorityCode, { reviewId: input.reviewId, actionId: input.actionId, status: input.status });
    return changed;
  });
}

/** Changes an action; the audit entry keeps it as it was and as it is. Null when the review has no such action. */
export async function changeAction(
  db: Db,
  input: ReviewRef & { actionId: number; action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate' | 'status'> & Partial<Pick<ReviewAction, 'ownerEmail'>> },
  actor: Actor,
): Promise<ReviewAction | null> {
  return inTransaction(db, async (trx) => {
    const before = await getAction(trx, input.authorityCode, input.reviewId, input.actionId);
    if (!before) return null;
    await assertMeeting(trx, input, input.action.meetingId);
    await updateAction(trx, input.authorityCode, input.reviewId, before.id, input.action);
    await auditAs(trx, actor, 'review.action_changed', input.authorityCode, { reviewId: input.reviewId, actionId: before.id, before: { ...before }, after: input.action });
    return { ...before, ...input.action };
  });
}

/**
 * Issues an evidence pack: the council's figures as of a date, frozen so what the committee was
 * given stays as it was. The figures are read first (outside the transaction: building them is
 * the slow part, and PGlite has one connection); the pack and its audit entry are then written
 * together. Throws a `no_figures` RetainError when there is no complete year to freeze.
 */
export async function issuePack(db: Db, input: ReviewRef & { meetingId: number | null; asOf: IsoDate; title: string }, actor: Actor): Promise<StoredPack<PackContent, PackSource[]>> {
  const built = await buildEvidencePack(db, input.authorityCode, { asOf: input.asOf });
  return inTransaction(db, async (trx) => {
    await assertMeeting(trx, input, input.meetingId);
    const pack = await insertPack<PackContent, PackSource[]>(trx, input.authorityCode, input.reviewId, {
      ...built,
      meetingId: input.meetingId,
      asOf: input.asOf,
      title: input.title,
      issuedBy: actor.email,
    });
    await auditAs(trx, actor, 'review.pack_issued', input.authorityCode, {
      reviewId: input.reviewId,
      packId: pack.id,
      asOf: pack.asOf,
      censusYear: pack.censusYear,
      imports: built.sources.map((s) => s.importId),
    });
    return pack;
  });
}
