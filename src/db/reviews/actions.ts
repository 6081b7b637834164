import { sql, type Selectable } from 'kysely';
import type { ActionStatus, ReviewAction } from '../../domain/reviews.ts';
import type { IsoDate } from '../../domain/workforce.ts';
import type { Db } from '../database.ts';
import type { ReviewActionTable } from '../schema.ts';
import { ofReview, oneOfReview } from './where.ts';

/** Actions arising from a review's meetings: who does what by when, open until done. */

function toAction(row: Selectable<ReviewActionTable>): ReviewAction {
  return {
    id: row.id,
    reviewId: row.review_id,
    meetingId: row.meeting_id,
    description: row.description,
    owner: row.owner,
    ownerEmail: row.owner_email,
    dueDate: row.due_date,
    status: row.status,
  };
}

export async function listActions(db: Db, authorityCode: string, reviewId: number): Promise<ReviewAction[]> {
  const rows = await db.selectFrom('review_actions').selectAll().where(ofReview(authorityCode, reviewId)).orderBy('due_date').orderBy('id').execute();
  return rows.map(toAction);
}

export async function addAction(
  db: Db,
  authorityCode: string,
  reviewId: number,
  action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate'> & Partial<Pick<ReviewAction, 'ownerEmail'>>,
): Promise<ReviewAction> {
  const row = await db
    .insertInto('review_actions')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      meeting_id: action.meetingId,
      description: action.description,
      owner: action.owner,
      owner_email: action.ownerEmail ?? '',
      due_date: action.dueDate,
      status: 'open',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAction(row);
}

export async function setActionStatus(db: Db, authorityCode: string, reviewId: number, actionId: number, status: ActionStatus): Promise<boolean> {
  const result = await db
    .updateTable('review_actions')
    .set({ status, updated_at: sql`now()` })
    .where(oneOfReview(authorityCode, reviewId, actionId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateAction(
  db: Db,
  authorityCode: string,
  reviewId: number,
  actionId: number,
  action: Pick<ReviewAction, 'meetingId' | 'description' | 'owner' | 'dueDate' | 'status'> & Partial<Pick<ReviewAction, 'ownerEmail'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('review_actions')
    .set({
      meeting_id: action.meetingId,
      description: action.description,
      owner: action.owner,
      // Left as it is when the change does not say (a caller that never shows the email).
      ...(action.ownerEmail !== undefined ? { owner_email: action.ownerEmail } : {}),
      due_date: action.dueDate,
      status: action.status,
      updated_at: sql`now()`,
    })
    .where(oneOfReview(authorityCode, reviewId, actionId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function getAction(db: Db, authorityCode: string, reviewId: number, actionId: number): Promise<ReviewAction | null> {
  const row = await db
    .selectFrom('review_actions')
    .selectAll()
    .where(oneOfReview(authorityCode, reviewId, actionId))
    .executeTakeFirst();
  return row ? toAction(row) : null;
}

export interface OverdueAction extends ReviewAction {
  reviewTitle: string;
}

/** Actions past their due date and not done, across the authority's reviews (for the dashboard). */
export async function overdueActions(db: Db, authorityCode: string, today: IsoDate): Promise<OverdueAction[]> {
  const rows = await db
    .selectFrom('review_actions as a')
    .innerJoin('reviews as r', (join) => join.onRef('r.id', '=', 'a.review_id').onRef('r.authority_code', '=', 'a.authority_code'))
    .selectAll('a')
    .select('r.title as review_title')
    .where('a.authority_code', '=', authorityCode)
    .where('a.status', '!=', 'done')
    .where('a.due_date', '<', today)
    .orderBy('a.due_date')
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({ ...toAction(row), reviewTitle: row.review_title }));
}
