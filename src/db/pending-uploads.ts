import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

/**
 * Uploaded files waiting for the user to confirm them. Nothing reaches the register until then;
 * confirm imports these exact bytes (checked against the SHA-256 taken at upload).
 */
export type UploadKind = 'workers' | 'vacancies';

export interface PendingUpload {
  id: string;
  userId: number;
  authorityCode: string;
  kind: UploadKind;
  fileName: string;
  bytes: Uint8Array;
  checksumSha256: string;
  createdAt: Date;
  expiresAt: Date;
  /** The preview as the web import page stored it (JSON), or null when not worked out yet. */
  previewJson: string | null;
}

/** An hour: long enough to read a preview with many problems, short enough not to keep personal data about. */
export const PENDING_UPLOAD_TTL_MS = 60 * 60 * 1000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Keeps an upload for its user; clears out expired ones on the way. */
export async function savePendingUpload(db: Db, upload: { userId: number; authorityCode: string; kind: UploadKind; fileName: string; bytes: Uint8Array }, now = new Date()): Promise<PendingUpload> {
  await deleteExpiredUploads(db, now);
  const row = await db
    .insertInto('pending_uploads')
    .values({
      id: randomBytes(32).toString('base64url'),
      user_id: upload.userId,
      authority_code: upload.authorityCode,
      kind: upload.kind,
      file_name: upload.fileName,
      bytes: upload.bytes,
      checksum_sha256: sha256Hex(upload.bytes),
      created_at: now,
      expires_at: new Date(now.getTime() + PENDING_UPLOAD_TTL_MS),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUpload(row);
}

/** The upload, only for the user who made it and only until it expires. */
export async function findPendingUpload(db: Db, id: string, userId: number, now = new Date()): Promise<PendingUpload | undefined> {
  const row = await db.selectFrom('pending_uploads').selectAll().where('id', '=', id).where('user_id', '=', userId).where('expires_at', '>', now).executeTakeFirst();
  return row && toUpload(row);
}

/** Keeps the upload's preview, so later pages read it instead of parsing the file again. */
export async function savePendingPreview(db: Db, id: string, previewJson: string): Promise<void> {
  await db.updateTable('pending_uploads').set({ preview_json: previewJson }).where('id', '=', id).execute();
}

/** Forgets the kept preview (e.g. after the council's column mapping changed), so the next page reads the file again. */
export async function clearPendingPreview(db: Db, id: string): Promise<void> {
  await db.updateTable('pending_uploads').set({ preview_json: null }).where('id', '=', id).execute();
}

export async function deletePendingUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('pending_uploads').where('id', '=', id).execute();
}

export async function deleteExpiredUploads(db: Db, now = new Date()): Promise<void> {
  await db.deleteFrom('pending_uploads').where('expires_at', '<=', now).execute();
}

function toUpload(row: {
  id: string;
  user_id: number;
  authority_code: string;
  kind: UploadKind;
  file_name: string;
  bytes: Uint8Array;
  checksum_sha256: string;
  created_at: Date;
  expires_at: Date;
  preview_json: string | null;
}): PendingUpload {
  return {
    id: row.id,
    userId: row.user_id,
    authorityCode: row.authority_code,
    kind: row.kind,
    fileName: row.file_name,
    // pg gives a Buffer, PGlite a Uint8Array: one type for callers.
    bytes: new Uint8Array(row.bytes),
    checksumSha256: row.checksum_sha256,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    previewJson: row.preview_json,
  };
}
