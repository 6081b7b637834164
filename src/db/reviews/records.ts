import { sql, type Selectable } from 'kysely';
import type { Review, ReviewScope } from '../../domain/reviews.ts';
import type { IsoDate } from '../../domain/workforce.ts';
import type { Db } from '../database.ts';
import type { ReviewTable } from '../schema.ts';
import { iso } from './where.ts';

/** The reviews table: one row per review, its scope held whole as JSON. */

function toReview(row: Selectable<ReviewTable>): Review {
  return {
    id: row.id,
    authorityCode: row.authority_code,
    title: row.title,
    scope: row.scope,
    recommendationsAgreedOn: row.recommendations_agreed_on,
    contactOfficer: row.contact_officer,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function createReview(db: Db, authorityCode: string, review: { title: string; scope: ReviewScope; contactOfficer?: string; createdBy: string | null }): Promise<Review> {
  const row = await db
    .insertInto('reviews')
    .values({
      authority_code: authorityCode,
      title: review.title,
      scope: JSON.stringify(review.scope),
      contact_officer: review.contactOfficer ?? '',
      created_by: review.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReview(row);
}

export async function getReview(db: Db, authorityCode: string, id: number): Promise<Review | null> {
  const row = await db.selectFrom('reviews').selectAll().where('authority_code', '=', authorityCode).where('id', '=', id).executeTakeFirst();
  return row ? toReview(row) : null;
}

export interface ReviewSummary extends Review {
  meetings: number;
  openActions: number;
  overdueActions: number;
  recommendations: number;
}

export async function listReviews(db: Db, authorityCode: string, today: IsoDate): Promise<ReviewSummary[]> {
  const rows = await db
    .selectFrom('reviews as r')
    .selectAll('r')
    .select((eb) => [
      eb.selectFrom('review_meetings as m').whereRef('m.review_id', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('meetings'),
      eb.selectFrom('review_actions as a').whereRef('a.review_id', '=', 'r.id').where('a.status', '!=', 'done').select(eb.fn.countAll<number>().as('n')).as('open_actions'),
      eb
        .selectFrom('review_actions as a')
        .whereRef('a.review_id', '=', 'r.id')
        .where('a.status', '!=', 'done')
        .where('a.due_date', '<', today)
        .select(eb.fn.countAll<number>().as('n'))
        .as('overdue_actions'),
      eb.selectFrom('review_recommendations as c').whereRef('c.review_id', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('recommendations'),
    ])
    .where('r.authority_code', '=', authorityCode)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((row) => ({
    ...toReview(row),
    meetings: Number(row.meetings ?? 0),
    openActions: Number(row.open_actions ?? 0),
    overdueActions: Number(row.overdue_actions ?? 0),
    recommendations: Number(row.recommendations ?? 0),
  }));
}

export async function updateReview(db: Db, authorityCode: string, id: number, changes: Partial<Pick<Review, 'title' | 'scope' | 'recommendationsAgreedOn' | 'contactOfficer'>>): Promise<boolean> {
  const result = await db
    .updateTable('reviews')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.scope !== undefined ? { scope: JSON.stringify(changes.scope) } : {}),
      ...(changes.recommendationsAgreedOn !== undefined ? { recommendations_agreed_on: changes.recommendationsAgreedOn } : {}),
      ...(changes.contactOfficer !== undefined ? { contact_officer: changes.contactOfficer } : {}),
      updated_at: sql`now()`,
    })
    .where('authority_code', '=', authorityCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
