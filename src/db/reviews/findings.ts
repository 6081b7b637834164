import type { Selectable } from 'kysely';
import type { Finding, Swot } from '../../domain/reviews.ts';
import type { Db } from '../database.ts';
import type { ReviewFindingTable } from '../schema.ts';
import { ofReview, oneOfReview } from './where.ts';

/** A review's findings: proposed by the rules or written by an officer, then accepted or rejected. */

function toFinding(row: Selectable<ReviewFindingTable>): Finding {
  return { id: row.id, reviewId: row.review_id, ruleId: row.rule_id, swot: row.swot, statement: row.statement, evidence: row.evidence, status: row.status };
}

export async function listFindings(db: Db, authorityCode: string, reviewId: number): Promise<Finding[]> {
  const rows = await db.selectFrom('review_findings').selectAll().where(ofReview(authorityCode, reviewId)).orderBy('id').execute();
  return rows.map(toFinding);
}

export async function getFinding(db: Db, authorityCode: string, reviewId: number, findingId: number): Promise<Finding | null> {
  const row = await db
    .selectFrom('review_findings')
    .selectAll()
    .where(oneOfReview(authorityCode, reviewId, findingId))
    .executeTakeFirst();
  return row ? toFinding(row) : null;
}

/** Stores proposals from the findings rules; one already proposed (same rule, same words), however it was decided, is not repeated. Returns how many are new. */
export async function addProposedFindings(db: Db, authorityCode: string, reviewId: number, proposals: readonly { ruleId: string; swot: Swot; statement: string; evidence: string }[]): Promise<number> {
  if (proposals.length === 0) return 0;
  const inserted = await db
    .insertInto('review_findings')
    .values(
      proposals.map((p) => ({
        authority_code: authorityCode,
        review_id: reviewId,
        rule_id: p.ruleId,
        swot: p.swot,
        statement: p.statement,
        proposed_statement: p.statement,
        evidence: p.evidence,
        status: 'proposed' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['review_id', 'rule_id', 'proposed_statement']).where('rule_id', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function addFinding(db: Db, authorityCode: string, reviewId: number, finding: { swot: Swot; statement: string; evidence: string; decidedBy: string | null }): Promise<number> {
  const row = await db
    .insertInto('review_findings')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      rule_id: null,
      swot: finding.swot,
      statement: finding.statement,
      proposed_statement: null,
      evidence: finding.evidence,
      status: 'accepted',
      decided_by: finding.decidedBy,
      decided_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Accept (optionally with edited words or SWOT heading) or reject a finding. */
export async function decideFinding(
  db: Db,
  authorityCode: string,
  reviewId: number,
  findingId: number,
  decision: { status: 'accepted' | 'rejected'; statement?: string; evidence?: string; swot?: Swot; decidedBy: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('review_findings')
    .set({
      status: decision.status,
      ...(decision.statement !== undefined ? { statement: decision.statement } : {}),
      ...(decision.evidence !== undefined ? { evidence: decision.evidence } : {}),
      ...(decision.swot !== undefined ? { swot: decision.swot } : {}),
      decided_by: decision.decidedBy,
      decided_at: new Date(),
    })
    .where(oneOfReview(authorityCode, reviewId, findingId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
