import { sql, type Selectable } from 'kysely';
import type { ProgressUpdate, Recommendation } from '../../domain/reviews.ts';
import type { Db } from '../database.ts';
import type { ReviewRecommendationTable } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import { ofReview, oneOfReview } from './where.ts';

/** A review's recommendations, numbered in order, with the response and dated progress updates. */

function toRecommendation(row: Selectable<ReviewRecommendationTable>): Recommendation {
  return {
    id: row.id,
    reviewId: row.review_id,
    number: row.number,
    text: row.text,
    addressedTo: row.addressed_to,
    response: row.response,
    responseReasons: row.response_reasons,
    decisionDate: row.decision_date,
    owner: row.owner,
    financialImplications: row.financial_implications,
    // numeric columns come back as text on some drivers
    investmentPerYear: row.investment_per_year === null ? null : Number(row.investment_per_year),
    implementationStatus: row.implementation_status,
    updates: row.updates,
    progressReviewDate: row.progress_review_date,
  };
}

export async function listRecommendations(db: Db, authorityCode: string, reviewId: number): Promise<Recommendation[]> {
  const rows = await db.selectFrom('review_recommendations').selectAll().where(ofReview(authorityCode, reviewId)).orderBy('number').execute();
  return rows.map(toRecommendation);
}

export async function getRecommendation(db: Db, authorityCode: string, reviewId: number, recommendationId: number): Promise<Recommendation | null> {
  const row = await db
    .selectFrom('review_recommendations')
    .selectAll()
    .where(oneOfReview(authorityCode, reviewId, recommendationId))
    .executeTakeFirst();
  return row ? toRecommendation(row) : null;
}

export type RecommendationFields = Omit<Recommendation, 'id' | 'reviewId' | 'number' | 'updates'>;

/** Adds the next recommendation: numbered one after the last (in the caller's transaction, or its own). */
export async function addRecommendation(db: Db, authorityCode: string, reviewId: number, fields: RecommendationFields): Promise<Recommendation> {
  return inTransaction(db, async (tx) => {
    const last = await tx
      .selectFrom('review_recommendations')
      .select((eb) => eb.fn.max('number').as('n'))
      .where(ofReview(authorityCode, reviewId))
      .executeTakeFirst();
    const row = await tx
      .insertInto('review_recommendations')
      .values({ authority_code: authorityCode, review_id: reviewId, number: Number(last?.n ?? 0) + 1, ...recommendationColumns(fields), updates: '[]' })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecommendation(row);
  });
}

function recommendationColumns(fields: RecommendationFields) {
  return {
    text: fields.text,
    addressed_to: fields.addressedTo,
    response: fields.response,
    response_reasons: fields.responseReasons,
    decision_date: fields.decisionDate,
    owner: fields.owner,
    financial_implications: fields.financialImplications,
    investment_per_year: fields.investmentPerYear,
    implementation_status: fields.implementationStatus,
    progress_review_date: fields.progressReviewDate,
  };
}

/** Saves a recommendation's fields and appends a progress update when one is given; earlier updates are kept. */
export async function updateRecommendation(
  db: Db,
  authorityCode: string,
  reviewId: number,
  recommendationId: number,
  fields: RecommendationFields,
  newUpdate: ProgressUpdate | null,
): Promise<boolean> {
  const result = await db
    .updateTable('review_recommendations')
    .set({
      ...recommendationColumns(fields),
      ...(newUpdate ? { updates: sql`updates || ${JSON.stringify([newUpdate])}::jsonb` } : {}),
    })
    .where(oneOfReview(authorityCode, reviewId, recommendationId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
