import type { Db } from '../db/database.ts';
import { deletePendingUpload, savePendingUpload, sha256Hex, type PendingUpload } from '../db/pending-uploads.ts';
import { importFile, type ImportOutcome } from '../imports/run-import.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/**
 * Imports through the browser, as writes: a file uploaded to wait for its preview, then confirmed
 * (imported) or cancelled. Each is one transaction with its audit entry; confirming writes the
 * rows, the import record, the audit entry and the removal of the waiting file together.
 * (`retain import` on the command line calls the import use case in src/imports directly.)
 */

/** The file confirmed is not the file previewed (or its stored bytes no longer match their checksum). */
export class ChecksumMismatchError extends Error {
  readonly code = 'checksum_mismatch';
  constructor() {
    super('The file does not match the one you previewed. Upload it again.');
    this.name = 'ChecksumMismatchError';
  }
}

/** Keeps an uploaded file until it is confirmed or cancelled (or expires). */
export async function uploadForImport(
  db: Db,
  input: { authorityCode: string; kind: PendingUpload['kind']; fileName: string; bytes: Uint8Array },
  actor: Actor & { userId: number },
): Promise<PendingUpload> {
  return inTransaction(db, async (trx) => {
    const upload = await savePendingUpload(trx, { userId: actor.userId, ...input });
    await auditAs(trx, actor, 'imports.uploaded', input.authorityCode, {
      kind: upload.kind,
      fileName: upload.fileName,
      checksumSha256: upload.checksumSha256,
      bytes: upload.bytes.byteLength,
    });
    return upload;
  });
}

/**
 * Imports a waiting file, all or nothing. The bytes imported are the bytes previewed: the checksum
 * the page showed must be the upload's, and the stored bytes must still match it. A file with
 * problems now (valid at preview, but say the role map changed since) writes nothing and keeps
 * the upload, so the page can show why.
 */
export async function confirmImport(db: Db, input: { upload: PendingUpload; previewedChecksum: unknown }, actor: Actor): Promise<ImportOutcome> {
  const { upload } = input;
  if (input.previewedChecksum !== upload.checksumSha256 || sha256Hex(upload.bytes) !== upload.checksumSha256) throw new ChecksumMismatchError();
  return importFile(db, upload.kind, {
    authorityCode: upload.authorityCode,
    fileName: upload.fileName,
    bytes: upload.bytes,
    importedBy: actor.email,
    alsoWrite: async (trx, result) => {
      await deletePendingUpload(trx, upload.id);
      await auditAs(trx, actor, `imports.${upload.kind}`, upload.authorityCode, {
        importId: result.importId,
        fileName: upload.fileName,
        checksumSha256: upload.checksumSha256,
        rows: result.rowCount,
        inserted: result.inserted,
        updated: result.updated,
        unchanged: result.unchanged,
      });
    },
  });
}

/** Deletes a waiting file without importing it. */
export async function cancelImport(db: Db, input: { upload: PendingUpload }, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    await deletePendingUpload(trx, input.upload.id);
    await auditAs(trx, actor, 'imports.cancelled', input.upload.authorityCode, { kind: input.upload.kind, fileName: input.upload.fileName });
  });
}
