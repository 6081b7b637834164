import { sql } from 'kysely';
import { ensureAuthority } from '../db/authorities.ts';
import { upsertCaseloads } from '../db/caseloads.ts';
import type { Db } from '../db/database.ts';
import { recordImport, setImportCounts } from '../db/imports.ts';
import { workersForAuthority } from '../db/workers.ts';
import { readCaseloadsFile } from './caseloads-file.ts';
import { sha256Hex, type ImportInput, type ImportOutcome } from './run-import.ts';

/**
 * `retain import caseloads FILE`: read and check the whole file against the council's workers,
 * then write it in one transaction (recorded as an import with its checksum), or nothing at all
 * when any row has a problem.
 */
export async function importCaseloads(db: Db, input: ImportInput): Promise<ImportOutcome> {
  const bytes = typeof input.bytes === 'string' ? Buffer.from(input.bytes, 'utf8') : input.bytes;
  const authorityCode = input.authorityCode.trim();
  return db.transaction().execute(async (trx) => {
    // The same lock as the other imports: the workers checked against cannot change underneath.
    await sql`select pg_advisory_xact_lock(hashtext(${`retain.import.${authorityCode}`}))`.execute(trx);
    const parsed = await readCaseloadsFile(input.fileName, bytes, await workersForAuthority(trx, authorityCode), { sheet: input.sheet });
    if (parsed.problems.length === 0 && parsed.rowCount === 0) parsed.problems.push({ file: input.fileName, row: null, column: null, message: 'the file has a header row but no data rows' });
    if (parsed.problems.length > 0) return { ok: false as const, problems: parsed.problems, warnings: parsed.warnings };
    await ensureAuthority(trx, authorityCode);
    const checksumSha256 = sha256Hex(bytes);
    const importId = await recordImport(trx, {
      authorityCode,
      kind: 'caseloads',
      fileName: input.fileName,
      checksumSha256,
      rowCount: parsed.records.length,
      warnings: parsed.warnings,
      importedBy: input.importedBy ?? null,
    });
    const counts = await upsertCaseloads(trx, authorityCode, parsed.records, importId, input.onProgress);
    await setImportCounts(trx, importId, counts);
    return { ok: true as const, importId, rowCount: parsed.records.length, checksumSha256, ...counts, warnings: parsed.warnings };
  });
}
