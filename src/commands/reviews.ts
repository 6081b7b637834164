import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { addEvidence as insertEvidence, createReview, removeEvidence as deleteEvidence, updateReview, type EvidenceKind } from '../db/reviews.ts';
import type { Review, ReviewScope } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/**
 * Writes to a scrutiny review's own record: start one, save its scope, record the date its
 * recommendations were agreed, add and remove other evidence. Meetings, minutes, actions and packs
 * are in review-meetings.ts; findings and recommendations in review-outcomes.ts. Each command is
 * one transaction that also writes its audit entry, so the change and its record stand or fall
 * together; the web pages, the demo review and the test fixtures all write through them.
 *
 * Every command names the council as well as the review: a review id from another council finds
 * nothing, and a command that finds nothing returns null (or false) and writes nothing.
 */

/** Where a review's writes land: the council and the review. */
export interface ReviewRef {
  authorityCode: string;
  reviewId: number;
}

/** A new review: its title now, its scope to follow (or given at once, as the demo does). */
export async function startReview(db: Db, input: { authorityCode: string; title: string; scope: ReviewScope; contactOfficer?: string }, actor: Actor): Promise<Review> {
  return inTransaction(db, async (trx) => {
    const review = await createReview(trx, input.authorityCode, {
      title: input.title,
      scope: input.scope,
      ...(input.contactOfficer !== undefined ? { contactOfficer: input.contactOfficer } : {}),
      createdBy: actor.email,
    });
    await auditAs(trx, actor, 'review.created', input.authorityCode, { reviewId: review.id, title: review.title });
    return review;
  });
}

/** Saves the scope form: title, contact officer and the whole scope. */
export async function saveScope(db: Db, input: ReviewRef & { title: string; contactOfficer: string; scope: ReviewScope }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const saved = await updateReview(trx, input.authorityCode, input.reviewId, { title: input.title, contactOfficer: input.contactOfficer, scope: input.scope });
    if (saved) await auditAs(trx, actor, 'review.scoped', input.authorityCode, { reviewId: input.reviewId });
    return saved;
  });
}

/** The date the executive agreed the recommendations (null clears it); the evaluation date counts from it. */
export async function setRecommendationsAgreedOn(db: Db, input: ReviewRef & { on: IsoDate | null }, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const saved = await updateReview(trx, input.authorityCode, input.reviewId, { recommendationsAgreedOn: input.on });
    if (saved) await auditAs(trx, actor, 'review.agreed', input.authorityCode, { reviewId: input.reviewId, on: input.on });
    return saved;
  });
}

/** Other evidence (a document, focus group notes ...), with an optional file kept with its SHA-256. */
export async function addEvidence(
  db: Db,
  input: ReviewRef & { kind: EvidenceKind; title: string; notes: string; file: { name: string; contentType: string; bytes: Uint8Array } | null },
  actor: Actor,
): Promise<number> {
  const file = input.file && { ...input.file, checksumSha256: createHash('sha256').update(input.file.bytes).digest('hex') };
  return inTransaction(db, async (trx) => {
    const id = await insertEvidence(trx, input.authorityCode, input.reviewId, { kind: input.kind, title: input.title, notes: input.notes, file, addedBy: actor.email });
    await auditAs(trx, actor, 'review.evidence_added', input.authorityCode, { reviewId: input.reviewId, evidenceId: id, title: input.title, file: file?.name ?? null });
    return id;
  });
}

/** Removes evidence added in error; the audit entry keeps its title and file name. Null when there is no such evidence. */
export async function removeEvidence(db: Db, input: ReviewRef & { evidenceId: number }, actor: Actor): Promise<{ title: string; fileName: string | null } | null> {
  return inTransaction(db, async (trx) => {
    const removed = await deleteEvidence(trx, input.authorityCode, input.reviewId, input.evidenceId);
    if (removed) await auditAs(trx, actor, 'review.evidence_removed', input.authorityCode, { reviewId: input.reviewId, ...removed });
    return removed;
  });
}
