import type { Selectable } from 'kysely';
import type { Meeting, Minutes } from '../../domain/reviews.ts';
import type { Db } from '../database.ts';
import type { ReviewMeetingTable } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import { ofReview, oneOfReview } from './where.ts';

/** A review's meetings, numbered in order, each with its plan and (once held) its minutes. */

function toMeeting(row: Selectable<ReviewMeetingTable>): Meeting {
  return {
    id: row.id,
    reviewId: row.review_id,
    number: row.number,
    date: row.meeting_date,
    subject: row.subject,
    informationRequired: row.information_required,
    officersAttending: row.officers_attending,
    minutes: row.minutes,
  };
}

export async function listMeetings(db: Db, authorityCode: string, reviewId: number): Promise<Meeting[]> {
  const rows = await db.selectFrom('review_meetings').selectAll().where(ofReview(authorityCode, reviewId)).orderBy('number').execute();
  return rows.map(toMeeting);
}

export async function getMeeting(db: Db, authorityCode: string, reviewId: number, meetingId: number): Promise<Meeting | null> {
  const row = await db
    .selectFrom('review_meetings')
    .selectAll()
    .where(oneOfReview(authorityCode, reviewId, meetingId))
    .executeTakeFirst();
  return row ? toMeeting(row) : null;
}

export type MeetingPlan = Pick<Meeting, 'date' | 'subject' | 'informationRequired' | 'officersAttending'>;

/** Adds the next meeting: numbered one after the last (in the caller's transaction, or its own). */
export async function addMeeting(db: Db, authorityCode: string, reviewId: number, plan: MeetingPlan): Promise<Meeting> {
  return inTransaction(db, async (tx) => {
    const last = await tx
      .selectFrom('review_meetings')
      .select((eb) => eb.fn.max('number').as('n'))
      .where(ofReview(authorityCode, reviewId))
      .executeTakeFirst();
    const row = await tx
      .insertInto('review_meetings')
      .values({
        authority_code: authorityCode,
        review_id: reviewId,
        number: Number(last?.n ?? 0) + 1,
        meeting_date: plan.date,
        subject: plan.subject,
        information_required: JSON.stringify(plan.informationRequired),
        officers_attending: JSON.stringify(plan.officersAttending),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMeeting(row);
  });
}

export async function updateMeeting(db: Db, authorityCode: string, reviewId: number, meetingId: number, plan: MeetingPlan): Promise<boolean> {
  const result = await db
    .updateTable('review_meetings')
    .set({
      meeting_date: plan.date,
      subject: plan.subject,
      information_required: JSON.stringify(plan.informationRequired),
      officers_attending: JSON.stringify(plan.officersAttending),
    })
    .where(oneOfReview(authorityCode, reviewId, meetingId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function saveMinutes(db: Db, authorityCode: string, reviewId: number, meetingId: number, minutes: Minutes): Promise<boolean> {
  const result = await db
    .updateTable('review_meetings')
    .set({ minutes: JSON.stringify(minutes) })
    .where(oneOfReview(authorityCode, reviewId, meetingId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
