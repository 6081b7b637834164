import type { Selectable } from 'kysely';
import type { IsoDate } from '../../domain/workforce.ts';
import type { Db } from '../database.ts';
import type { ReviewPackTable } from '../schema.ts';
import { iso, ofReview, oneOfReview } from './where.ts';

/** Evidence packs: a council's figures frozen at issue, written once and never updated. */

export interface StoredPack<Content = unknown, Sources = unknown> {
  id: number;
  reviewId: number;
  meetingId: number | null;
  asOf: IsoDate;
  censusYear: number;
  title: string;
  content: Content;
  sources: Sources;
  issuedBy: string | null;
  issuedAt: string;
}

/**
 * The stored JSON is read back as the shape it was written in (the caller names it: PackContent
 * and PackSource[] in src/reports/review-pack.ts); the database cannot check that, so this is the
 * one place it is asserted.
 */
function toPack<C, S>(row: Selectable<ReviewPackTable>): StoredPack<C, S> {
  return {
    id: row.id,
    reviewId: row.review_id,
    meetingId: row.meeting_id,
    asOf: row.as_of,
    censusYear: row.census_year,
    title: row.title,
    content: row.content as C,
    sources: row.sources as S,
    issuedBy: row.issued_by,
    issuedAt: iso(row.issued_at),
  };
}

/** Issues a pack: written once, never updated, so what the committee was given stays as it was. */
export async function issuePack<C, S>(
  db: Db,
  authorityCode: string,
  reviewId: number,
  pack: Pick<StoredPack<C, S>, 'meetingId' | 'asOf' | 'censusYear' | 'title' | 'content' | 'sources' | 'issuedBy'>,
): Promise<StoredPack<C, S>> {
  const row = await db
    .insertInto('review_packs')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      meeting_id: pack.meetingId,
      as_of: pack.asOf,
      census_year: pack.censusYear,
      title: pack.title,
      content: JSON.stringify(pack.content),
      sources: JSON.stringify(pack.sources),
      issued_by: pack.issuedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPack(row);
}

/** The packs of a review, without their content (which is large): for lists. */
export async function listPacks(db: Db, authorityCode: string, reviewId: number): Promise<Omit<StoredPack, 'content' | 'sources'>[]> {
  const rows = await db
    .selectFrom('review_packs')
    .select(['id', 'review_id', 'meeting_id', 'as_of', 'census_year', 'title', 'issued_by', 'issued_at'])
    .where(ofReview(authorityCode, reviewId))
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reviewId: row.review_id,
    meetingId: row.meeting_id,
    asOf: row.as_of,
    censusYear: row.census_year,
    title: row.title,
    issuedBy: row.issued_by,
    issuedAt: iso(row.issued_at),
  }));
}

export async function getPack<C, S>(db: Db, authorityCode: string, reviewId: number, packId: number): Promise<StoredPack<C, S> | null> {
  const row = await db
    .selectFrom('review_packs')
    .selectAll()
    .where(oneOfReview(authorityCode, reviewId, packId))
    .executeTakeFirst();
  return row ? toPack<C, S>(row) : null;
}
