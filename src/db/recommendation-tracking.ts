import { sql } from 'kysely';
import {
  DEFAULT_REFERENCE_PREFIX,
  DEFAULT_RESPONSE_MONTHS,
  formatReference,
  type MonitoringStage,
  type ProgressStatus,
  type RecommendationReference,
  type TrackedUpdate,
} from '../domain/recommendation-tracking.ts';
import type { ImplementationStatus, RecommendationResponse, ReviewScope } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Db } from './database.ts';

/**
 * The tracking side of scrutiny reviews (migration 0016): a council's settings, the response
 * clock and monitoring reviews on a review, each recommendation's reference and progress, actions
 * under recommendations, publication and superseded packs. Every query filters by authority, as
 * in reviews.ts; the one exception is `publishedReviewAuthority`, which finds a published review
 * for the public page by id alone.
 */

// ---- Settings ---------------------------------------------------------------------------------

export interface ScrutinySettings {
  referencePrefix: string;
  responseMonths: number;
}

export async function getScrutinySettings(db: Db, authorityCode: string): Promise<ScrutinySettings> {
  const row = await db.selectFrom('scrutiny_settings').select(['reference_prefix', 'response_months']).where('authority_code', '=', authorityCode).executeTakeFirst();
  return { referencePrefix: row?.reference_prefix ?? DEFAULT_REFERENCE_PREFIX, responseMonths: row?.response_months ?? DEFAULT_RESPONSE_MONTHS };
}

export async function saveScrutinySettings(db: Db, authorityCode: string, settings: ScrutinySettings): Promise<void> {
  await db
    .insertInto('scrutiny_settings')
    .values({ authority_code: authorityCode, reference_prefix: settings.referencePrefix, response_months: settings.responseMonths })
    .onConflict((oc) => oc.column('authority_code').doUpdateSet({ reference_prefix: settings.referencePrefix, response_months: settings.responseMonths, updated_at: sql`now()` }))
    .execute();
}

// ---- A review's tracking ----------------------------------------------------------------------

export interface ReviewTracking {
  /** The committee's own prefix; null: the council's. */
  referencePrefix: string | null;
  sentToExecutiveOn: IsoDate | null;
  held: Record<MonitoringStage, { heldOn: IsoDate | null; conclusion: string }>;
  publishedAt: string | null;
  publishedBy: string | null;
}

const TRACKING_COLUMNS = [
  'reference_prefix',
  'sent_to_executive_on',
  'six_month_held_on',
  'six_month_conclusion',
  'twelve_month_held_on',
  'twelve_month_conclusion',
  'published_at',
  'published_by',
] as const;

function toReviewTracking(row: {
  reference_prefix: string | null;
  sent_to_executive_on: string | null;
  six_month_held_on: string | null;
  six_month_conclusion: string;
  twelve_month_held_on: string | null;
  twelve_month_conclusion: string;
  published_at: Date | null;
  published_by: string | null;
}): ReviewTracking {
  return {
    referencePrefix: row.reference_prefix,
    sentToExecutiveOn: row.sent_to_executive_on,
    held: {
      six_month: { heldOn: row.six_month_held_on, conclusion: row.six_month_conclusion },
      twelve_month: { heldOn: row.twelve_month_held_on, conclusion: row.twelve_month_conclusion },
    },
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    publishedBy: row.published_by,
  };
}

export async function getReviewTracking(db: Db, authorityCode: string, reviewId: number): Promise<ReviewTracking | null> {
  const row = await db.selectFrom('reviews').select(TRACKING_COLUMNS).where('authority_code', '=', authorityCode).where('id', '=', reviewId).executeTakeFirst();
  return row ? toReviewTracking(row) : null;
}

export interface ReviewTrackingChange {
  referencePrefix?: string | null;
  sentToExecutiveOn?: IsoDate | null;
  monitoring?: { stage: MonitoringStage; heldOn: IsoDate | null; conclusion: string };
}

export async function setReviewTracking(db: Db, authorityCode: string, reviewId: number, change: ReviewTrackingChange): Promise<boolean> {
  const stage = change.monitoring?.stage;
  const result = await db
    .updateTable('reviews')
    .set({
      ...(change.referencePrefix !== undefined ? { reference_prefix: change.referencePrefix } : {}),
      ...(change.sentToExecutiveOn !== undefined ? { sent_to_executive_on: change.sentToExecutiveOn } : {}),
      ...(stage === 'six_month' ? { six_month_held_on: change.monitoring!.heldOn, six_month_conclusion: change.monitoring!.conclusion } : {}),
      ...(stage === 'twelve_month' ? { twelve_month_held_on: change.monitoring!.heldOn, twelve_month_conclusion: change.monitoring!.conclusion } : {}),
      updated_at: sql`now()`,
    })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Publishes (publishedBy given) or unpublishes (null) a review; false when there is no such review. */
export async function setPublished(db: Db, authorityCode: string, reviewId: number, publishedBy: string | null): Promise<boolean> {
  const result = await db
    .updateTable('reviews')
    .set(publishedBy === null ? { published_at: null, published_by: null } : { published_at: sql`now()`, published_by: publishedBy })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The council a published review belongs to, for the public page (no sign-in): null when there is none or it is not published. */
export async function publishedReviewAuthority(db: Db, reviewId: number): Promise<{ authorityCode: string; authorityName: string } | null> {
  const row = await db
    .selectFrom('reviews as r')
    .innerJoin('authorities as a', 'a.code', 'r.authority_code')
    .select(['r.authority_code', 'a.name'])
    .where('r.id', '=', reviewId)
    .where('r.published_at', 'is not', null)
    .executeTakeFirst();
  return row ? { authorityCode: row.authority_code, authorityName: row.name } : null;
}

/** A council's published reviews, newest first, for its public list. */
export async function publishedReviews(db: Db, authorityCode: string): Promise<Array<{ id: number; title: string; publishedAt: string }>> {
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'title', 'published_at'])
    .where('authority_code', '=', authorityCode)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, title: row.title, publishedAt: row.published_at!.toISOString() }));
}

// ---- Recommendations --------------------------------------------------------------------------

/** A recommendation with everything the tracker shows of it and of its review. */
export interface TrackerRecord {
  id: number;
  reviewId: number;
  reviewTitle: string;
  /** The originating committee: the review's scrutiny board. */
  committee: string;
  number: number;
  reference: string;
  referenceParts: RecommendationReference;
  text: string;
  /** The executive member it is addressed to. */
  executiveMember: string;
  response: RecommendationResponse;
  responseReasons: string;
  decisionDate: IsoDate | null;
  decisionReference: string;
  leadOfficer: string;
  leadOfficerEmail: string;
  status: ProgressStatus | null;
  implementationStatus: ImplementationStatus;
  targetDate: IsoDate | null;
  revisedDate: IsoDate | null;
  slipReason: string;
  updates: TrackedUpdate[];
  // The review's own dates, for the response clock and the monitoring reviews.
  reviewScope: ReviewScope;
  sentToExecutiveOn: IsoDate | null;
  recommendationsAgreedOn: IsoDate | null;
  held: ReviewTracking['held'];
}

/**
 * Every recommendation of the council's reviews (or one review's), in reference order: one read,
 * for the tracker, its export and reminders. A council makes tens of recommendations a year, so
 * the page filters in memory.
 */
export async function trackerRecords(db: Db, authorityCode: string, options: { reviewId?: number } = {}): Promise<TrackerRecord[]> {
  let query = db
    .selectFrom('review_recommendations as c')
    .innerJoin('reviews as r', (join) => join.onRef('r.id', '=', 'c.review_id').onRef('r.authority_code', '=', 'c.authority_code'))
    .select([
      'c.id',
      'c.review_id',
      'r.title as review_title',
      'r.scope',
      'r.sent_to_executive_on',
      'r.recommendations_agreed_on',
      'r.six_month_held_on',
      'r.six_month_conclusion',
      'r.twelve_month_held_on',
      'r.twelve_month_conclusion',
      'c.number',
      'c.reference_prefix',
      'c.municipal_year',
      'c.reference_number',
      'c.text',
      'c.addressed_to',
      'c.response',
      'c.response_reasons',
      'c.decision_date',
      'c.decision_reference',
      'c.owner',
      'c.lead_officer_email',
      'c.progress_status',
      'c.implementation_status',
      'c.target_date',
      'c.revised_date',
      'c.slip_reason',
      'c.updates',
    ])
    .where('c.authority_code', '=', authorityCode);
  if (options.reviewId !== undefined) query = query.where('c.review_id', '=', options.reviewId);
  const rows = await query.orderBy('c.municipal_year').orderBy('c.reference_prefix').orderBy('c.reference_number').execute();
  return rows.map((row) => {
    const referenceParts = { prefix: row.reference_prefix, municipalYear: row.municipal_year, number: row.reference_number };
    return {
      id: row.id,
      reviewId: row.review_id,
      reviewTitle: row.review_title,
      committee: row.scope.scrutinyBoard,
      number: row.number,
      reference: formatReference(referenceParts),
      referenceParts,
      text: row.text,
      executiveMember: row.addressed_to,
      response: row.response,
      responseReasons: row.response_reasons,
      decisionDate: row.decision_date,
      decisionReference: row.decision_reference,
      leadOfficer: row.owner,
      leadOfficerEmail: row.lead_officer_email,
      status: row.progress_status,
      implementationStatus: row.implementation_status,
      targetDate: row.target_date,
      revisedDate: row.revised_date,
      slipReason: row.slip_reason,
      updates: row.updates as TrackedUpdate[],
      reviewScope: row.scope,
      sentToExecutiveOn: row.sent_to_executive_on,
      recommendationsAgreedOn: row.recommendations_agreed_on,
      held: {
        six_month: { heldOn: row.six_month_held_on, conclusion: row.six_month_conclusion },
        twelve_month: { heldOn: row.twelve_month_held_on, conclusion: row.twelve_month_conclusion },
      },
    };
  });
}

/** The council's reviews whose report has gone to the executive, for the response clocks. */
export async function reviewsSentToExecutive(db: Db, authorityCode: string): Promise<Array<{ id: number; title: string; sentToExecutiveOn: IsoDate; recommendationsAgreedOn: IsoDate | null }>> {
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'title', 'sent_to_executive_on', 'recommendations_agreed_on'])
    .where('authority_code', '=', authorityCode)
    .where('sent_to_executive_on', 'is not', null)
    .orderBy('sent_to_executive_on')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, title: row.title, sentToExecutiveOn: row.sent_to_executive_on!, recommendationsAgreedOn: row.recommendations_agreed_on }));
}

/** The references of a review's recommendations, by recommendation id. */
export async function referencesOf(db: Db, authorityCode: string, reviewId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('review_recommendations')
    .select(['id', 'reference_prefix', 'municipal_year', 'reference_number'])
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .execute();
  return new Map(rows.map((row) => [row.id, formatReference({ prefix: row.reference_prefix, municipalYear: row.municipal_year, number: row.reference_number })]));
}

/** The executive's response to one recommendation. */
export async function writeResponse(
  db: Db,
  authorityCode: string,
  reviewId: number,
  recommendationId: number,
  response: { response: RecommendationResponse; reasons: string; decisionDate: IsoDate | null; decisionReference: string },
): Promise<boolean> {
  const result = await db
    .updateTable('review_recommendations')
    .set({ response: response.response, response_reasons: response.reasons, decision_date: response.decisionDate, decision_reference: response.decisionReference })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface RecommendationTrackingFields {
  decisionReference: string;
  leadOfficerEmail: string;
  targetDate: IsoDate | null;
}

export async function setRecommendationTracking(db: Db, authorityCode: string, reviewId: number, recommendationId: number, fields: Partial<RecommendationTrackingFields>): Promise<boolean> {
  const result = await db
    .updateTable('review_recommendations')
    .set({
      ...(fields.decisionReference !== undefined ? { decision_reference: fields.decisionReference } : {}),
      ...(fields.leadOfficerEmail !== undefined ? { lead_officer_email: fields.leadOfficerEmail } : {}),
      ...(fields.targetDate !== undefined ? { target_date: fields.targetDate } : {}),
    })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface ProgressWrite {
  status: ProgressStatus;
  revisedDate: IsoDate | null;
  slipReason: string;
  /** Appended to the timeline. */
  update: TrackedUpdate;
  /** The older status the documents print, kept in step (implementationStatusFor). */
  implementationStatus: ImplementationStatus;
  /** A tracker upload may also name the lead officer and set a target date not set before. */
  leadOfficer?: string;
  leadOfficerEmail?: string;
  targetDate?: IsoDate | null;
}

/** Records a progress report: the status, a slip's revised date and reason, and its entry on the timeline. */
export async function writeProgress(db: Db, authorityCode: string, recommendationId: number, write: ProgressWrite): Promise<boolean> {
  const result = await db
    .updateTable('review_recommendations')
    .set({
      progress_status: write.status,
      implementation_status: write.implementationStatus,
      revised_date: write.revisedDate,
      slip_reason: write.slipReason,
      updates: sql`updates || ${JSON.stringify([write.update])}::jsonb`,
      ...(write.leadOfficer !== undefined ? { owner: write.leadOfficer } : {}),
      ...(write.leadOfficerEmail !== undefined ? { lead_officer_email: write.leadOfficerEmail } : {}),
      ...(write.targetDate !== undefined ? { target_date: write.targetDate } : {}),
    })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Lead officer details only (an upload row that reports no new progress). */
export async function setLeadOfficer(db: Db, authorityCode: string, recommendationId: number, fields: { leadOfficer?: string; leadOfficerEmail?: string; targetDate?: IsoDate | null }): Promise<void> {
  await db
    .updateTable('review_recommendations')
    .set({
      ...(fields.leadOfficer !== undefined ? { owner: fields.leadOfficer } : {}),
      ...(fields.leadOfficerEmail !== undefined ? { lead_officer_email: fields.leadOfficerEmail } : {}),
      ...(fields.targetDate !== undefined ? { target_date: fields.targetDate } : {}),
    })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', recommendationId)
    .execute();
}

// ---- Actions under recommendations ------------------------------------------------------------

export interface RecommendationAction {
  id: number;
  reviewId: number;
  recommendationId: number | null;
  description: string;
  owner: string;
  /** Where its reminders go (migration 0019); empty when none is recorded. */
  ownerEmail: string;
  dueDate: IsoDate;
  status: 'open' | 'in_progress' | 'done';
}

/** The council's actions (or one review's), with the recommendation each sits under, if any. */
export async function actionsWithRecommendations(db: Db, authorityCode: string, options: { reviewId?: number } = {}): Promise<RecommendationAction[]> {
  let query = db.selectFrom('review_actions').select(['id', 'review_id', 'recommendation_id', 'description', 'owner', 'owner_email', 'due_date', 'status']).where('authority_code', '=', authorityCode);
  if (options.reviewId !== undefined) query = query.where('review_id', '=', options.reviewId);
  const rows = await query.orderBy('due_date').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    reviewId: row.review_id,
    recommendationId: row.recommendation_id,
    description: row.description,
    owner: row.owner,
    ownerEmail: row.owner_email,
    dueDate: row.due_date,
    status: row.status,
  }));
}

/** An action under a recommendation of the same review. Returns its id. */
export async function addRecommendationAction(
  db: Db,
  authorityCode: string,
  reviewId: number,
  recommendationId: number,
  action: { description: string; owner: string; ownerEmail: string; dueDate: IsoDate },
): Promise<number> {
  const row = await db
    .insertInto('review_actions')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      recommendation_id: recommendationId,
      meeting_id: null,
      description: action.description,
      owner: action.owner,
      owner_email: action.ownerEmail,
      due_date: action.dueDate,
      status: 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether the recommendation is one of this review's. */
export async function recommendationInReview(db: Db, authorityCode: string, reviewId: number, recommendationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('review_recommendations')
    .select('id')
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- Superseded packs -------------------------------------------------------------------------

export interface Supersession {
  at: string;
  by: string | null;
  reason: string;
}

export async function packSupersessions(db: Db, authorityCode: string, reviewId: number): Promise<Map<number, Supersession>> {
  const rows = await db
    .selectFrom('review_packs')
    .select(['id', 'superseded_at', 'superseded_by', 'superseded_reason'])
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('superseded_at', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [row.id, { at: row.superseded_at!.toISOString(), by: row.superseded_by, reason: row.superseded_reason }]));
}

/**
 * Marks an issued pack superseded: only the mark is written, never the pack's figures. False when
 * there is no such pack or it is already marked (the first mark stands).
 */
export async function markPackSuperseded(db: Db, authorityCode: string, reviewId: number, packId: number, by: string | null, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('review_packs')
    .set({ superseded_at: sql`now()`, superseded_by: by, superseded_reason: reason })
    .where('authority_code', '=', authorityCode)
    .where('review_id', '=', reviewId)
    .where('id', '=', packId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
