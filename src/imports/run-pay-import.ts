import { sql } from 'kysely';
import { ensureAuthority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { recordImport, setImportCounts } from '../db/imports.ts';
import { upsertPayScales, upsertSupplements } from '../db/pay.ts';
import { getRoleMap } from '../db/role-map.ts';
import type { UpsertCounts } from '../db/workers.ts';
import { readPayScalesFile, readSupplementsFile } from './pay-files.ts';
import { formatProblem } from './problems.ts';
import { sha256Hex, type ImportInput, type ImportOutcome } from './run-import.ts';
import type { ParsedFile } from './workers-file.ts';

export { formatProblem };

/**
 * `retain import pay-scales|supplements FILE`: validate the whole file, then write it in one
 * transaction with its import record, or write nothing when any row has a problem (as run-import.ts
 * does for workers and vacancies).
 */

type Kind = 'pay_scales' | 'supplements';

async function run<R>(
  db: Db,
  input: ImportInput,
  kind: Kind,
  read: (roleMap: Map<string, import('../domain/codes.ts').RoleCode>, bytes: Uint8Array) => Promise<ParsedFile<R>>,
  write: (db: Db, authorityCode: string, records: readonly R[], importId: number) => Promise<UpsertCounts>,
): Promise<ImportOutcome> {
  const bytes = typeof input.bytes === 'string' ? Buffer.from(input.bytes, 'utf8') : input.bytes;
  const authorityCode = input.authorityCode.trim();
  const parsed = await read(await getRoleMap(db, authorityCode), bytes);
  if (parsed.problems.length === 0 && parsed.rowCount === 0) parsed.problems.push({ file: input.fileName, row: null, column: null, message: 'the file has a header row but no data rows' });
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems, warnings: parsed.warnings };
  const checksumSha256 = sha256Hex(bytes);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`retain.import.${authorityCode}`}))`.execute(trx);
    await ensureAuthority(trx, authorityCode);
    const importId = await recordImport(trx, {
      authorityCode,
      kind,
      fileName: input.fileName,
      checksumSha256,
      rowCount: parsed.records.length,
      warnings: parsed.warnings,
      importedBy: input.importedBy ?? null,
    });
    const counts = await write(trx, authorityCode, parsed.records, importId);
    await setImportCounts(trx, importId, counts);
    input.onProgress?.(parsed.records.length, parsed.records.length);
    return { ok: true as const, importId, rowCount: parsed.records.length, checksumSha256, ...counts, warnings: parsed.warnings };
  });
}

export function importPayScales(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return run(db, input, 'pay_scales', (roleMap, bytes) => readPayScalesFile(input.fileName, bytes, { sheet: input.sheet, roleMap }), upsertPayScales);
}

export function importSupplements(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return run(db, input, 'supplements', (roleMap, bytes) => readSupplementsFile(input.fileName, bytes, { sheet: input.sheet, roleMap }), upsertSupplements);
}
