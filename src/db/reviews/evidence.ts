import { sql } from 'kysely';
import type { EvidenceKind } from '../../domain/reviews.ts';
import type { Db } from '../database.ts';
import { iso, ofReview, oneOfReview } from './where.ts';

/** Other evidence a review considered (documents, focus group notes ...), with an optional file. */

export type { EvidenceKind };

export interface EvidenceItem {
  id: number;
  reviewId: number;
  kind: EvidenceKind;
  title: string;
  notes: string;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  checksumSha256: string | null;
  addedBy: string | null;
  addedAt: string;
}

export async function addEvidence(
  db: Db,
  authorityCode: string,
  reviewId: number,
  evidence: {
    kind: EvidenceKind;
    title: string;
    notes: string;
    file: { name: string; contentType: string; bytes: Uint8Array; checksumSha256: string } | null;
    addedBy: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('review_evidence')
    .values({
      authority_code: authorityCode,
      review_id: reviewId,
      kind: evidence.kind,
      title: evidence.title,
      notes: evidence.notes,
      file_name: evidence.file?.name ?? null,
      content_type: evidence.file?.contentType ?? null,
      bytes: evidence.file?.bytes ?? null,
      checksum_sha256: evidence.file?.checksumSha256 ?? null,
      added_by: evidence.addedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Removes an attachment added in error; the audit log keeps what it was. */
export async function removeEvidence(db: Db, authorityCode: string, reviewId: number, evidenceId: number): Promise<{ title: string; fileName: string | null } | null> {
  const row = await db
    .deleteFrom('review_evidence')
    .where(oneOfReview(authorityCode, reviewId, evidenceId))
    .returning(['title', 'file_name'])
    .executeTakeFirst();
  return row ? { title: row.title, fileName: row.file_name } : null;
}

/** The review's evidence without the files' bytes (their size instead). */
export async function listEvidence(db: Db, authorityCode: string, reviewId: number): Promise<EvidenceItem[]> {
  const rows = await db
    .selectFrom('review_evidence')
    .select(['id', 'review_id', 'kind', 'title', 'notes', 'file_name', 'content_type', 'checksum_sha256', 'added_by', 'added_at'])
    .select(sql<number | null>`octet_length(bytes)`.as('size'))
    .where(ofReview(authorityCode, reviewId))
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reviewId: row.review_id,
    kind: row.kind,
    title: row.title,
    notes: row.notes,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size === null ? null : Number(row.size),
    checksumSha256: row.checksum_sha256,
    addedBy: row.added_by,
    addedAt: iso(row.added_at),
  }));
}

export async function getEvidenceFile(db: Db, authorityCode: string, reviewId: number, evidenceId: number): Promise<{ fileName: string; contentType: string; bytes: Uint8Array } | null> {
  const row = await db
    .selectFrom('review_evidence')
    .select(['file_name', 'content_type', 'bytes'])
    .where(oneOfReview(authorityCode, reviewId, evidenceId))
    .executeTakeFirst();
  if (!row?.bytes || !row.file_name) return null;
  return { fileName: row.file_name, contentType: row.content_type ?? 'application/octet-stream', bytes: row.bytes };
}
