import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The conditions every review query repeats, named once. Each review child table carries the
 * council and the review (authority_code, review_id), so these pieces fit any of them; filtering by
 * the council as well as the review is what makes another council's review id find nothing.
 */

export type ReviewChildTable = 'review_meetings' | 'review_actions' | 'review_packs' | 'review_evidence' | 'review_findings' | 'review_recommendations';

/** Rows of one council's review: `.where(ofReview(code, reviewId))`. */
export function ofReview(authorityCode: string, reviewId: number) {
  return <T extends ReviewChildTable>(eb: ExpressionBuilder<Database, T>) => {
    // Every child table has these columns with these types; TypeScript cannot see that through T.
    const child = eb as unknown as ExpressionBuilder<Database, ReviewChildTable>;
    return child.and([child('authority_code', '=', authorityCode), child('review_id', '=', reviewId)]);
  };
}

/** One row (by its id) of one council's review. */
export function oneOfReview(authorityCode: string, reviewId: number, id: number) {
  return <T extends ReviewChildTable>(eb: ExpressionBuilder<Database, T>) => {
    // Every child table has these columns with these types; TypeScript cannot see that through T.
    const child = eb as unknown as ExpressionBuilder<Database, ReviewChildTable>;
    return child.and([child('authority_code', '=', authorityCode), child('review_id', '=', reviewId), child('id', '=', id)]);
  };
}

/** A timestamp as the ISO text the review records carry. */
export const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);
