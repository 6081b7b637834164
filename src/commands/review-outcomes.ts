import type { Db } from '../db/database.ts';
import {
  addFinding as insertFinding,
  addProposedFindings,
  addRecommendation as insertRecommendation,
  decideFinding as updateFinding,
  getFinding,
  getRecommendation,
  updateRecommendation,
  type RecommendationFields,
} from '../db/reviews.ts';
import type { Finding, ProgressUpdate, Recommendation, Swot } from '../domain/reviews.ts';
import { proposeFindingsFor } from '../reports/findings.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';
import type { ReviewRef } from './reviews.ts';

/**
 * Writes to what a review concludes: findings (proposed by the rules, written by hand, accepted,
 * edited or rejected) and recommendations with the response and progress. Each command is one
 * transaction with its audit entry (see reviews.ts).
 */

/**
 * Proposes findings from a census year's figures (src/domain/findings.ts and the agency rules).
 * The figures are read first, outside the transaction; one already proposed (same rule, same
 * words), however it was decided, is not added again. Throws IncompleteCensusYearError
 * (src/reports/findings.ts) for a year the data does not hold whole.
 */
export async function proposeFindings(db: Db, input: ReviewRef & { censusYear: number }, actor: Actor): Promise<{ proposed: number; added: number }> {
  const proposals = await proposeFindingsFor(db, input.authorityCode, input.censusYear);
  return inTransaction(db, async (trx) => {
    const added = await addProposedFindings(trx, input.authorityCode, input.reviewId, proposals);
    await auditAs(trx, actor, 'review.findings_proposed', input.authorityCode, { reviewId: input.reviewId, censusYear: input.censusYear, proposed: proposals.length, added });
    return { proposed: proposals.length, added };
  });
}

/** A finding written by an officer: accepted as it is written. Returns its id. */
export async function addFinding(db: Db, input: ReviewRef & { swot: Swot; statement: string; evidence: string }, actor: Actor): Promise<number> {
  return inTransaction(db, async (trx) => {
    const id = await insertFinding(trx, input.authorityCode, input.reviewId, { swot: input.swot, statement: input.statement, evidence: input.evidence, decidedBy: actor.email });
    await auditAs(trx, actor, 'review.finding_added', input.authorityCode, { reviewId: input.reviewId, findingId: id, swot: input.swot });
    return id;
  });
}

/**
 * Accepts (optionally with edited words, evidence or SWOT heading) or rejects a finding. Returns
 * the finding as decided; null when the review has no such finding.
 */
export async function decideFinding(
  db: Db,
  input: ReviewRef & { findingId: number; status: 'accepted' | 'rejected'; statement?: string; evidence?: string; swot?: Swot },
  actor: Actor,
): Promise<Finding | null> {
  return inTransaction(db, async (trx) => {
    const { authorityCode, reviewId, findingId, status } = input;
    const changed = await updateFinding(trx, authorityCode, reviewId, findingId, {
      status,
      ...(input.statement !== undefined ? { statement: input.statement } : {}),
      ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
      ...(input.swot !== undefined ? { swot: input.swot } : {}),
      decidedBy: actor.email,
    });
    if (!changed) return null;
    await auditAs(trx, actor, `review.finding_${status}`, authorityCode, { reviewId, findingId, swot: input.swot });
    return getFinding(trx, authorityCode, reviewId, findingId);
  });
}

/** A recommendation, numbered one after the last, with a first progress update when one is given. */
export async function addRecommendation(db: Db, input: ReviewRef & { fields: RecommendationFields; update?: ProgressUpdate | null }, actor: Actor): Promise<Recommendation> {
  return inTransaction(db, async (trx) => {
    const added = await insertRecommendation(trx, input.authorityCode, input.reviewId, input.fields);
    if (input.update) await updateRecommendation(trx, input.authorityCode, input.reviewId, added.id, input.fields, input.update);
    await auditAs(trx, actor, 'review.recommendation_added', input.authorityCode, { reviewId: input.reviewId, number: added.number });
    return input.update ? { ...added, updates: [input.update] } : added;
  });
}

/**
 * Changes a recommendation (the response, the owner, progress ...), adding a dated progress update
 * when one is given; updates already made are kept. Null when the review has no such recommendation.
 */
export async function changeRecommendation(
  db: Db,
  input: ReviewRef & { recommendationId: number; fields: RecommendationFields; update?: ProgressUpdate | null },
  actor: Actor,
): Promise<Recommendation | null> {
  return inTransaction(db, async (trx) => {
    const before = await getRecommendation(trx, input.authorityCode, input.reviewId, input.recommendationId);
    if (!before) return null;
    await updateRecommendation(trx, input.authorityCode, input.reviewId, before.id, input.fields, input.update ?? null);
    await auditAs(trx, actor, 'review.recommendation_changed', input.authorityCode, {
      reviewId: input.reviewId,
      number: before.number,
      response: input.fields.response,
      status: input.fields.implementationStatus,
    });
    return { ...before, ...input.fields, updates: input.update ? [...before.updates, input.update] : before.updates };
  });
}
