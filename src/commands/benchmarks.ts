import type { Db } from '../db/database.ts';
import { importBenchmarks, type BenchmarksImportInput, type BenchmarksImportResult } from '../imports/run-benchmarks-import.ts';
import { auditAs, inTransaction, type Actor } from './actor.ts';

/**
 * Loads DfE's published CSWW indicators from the Settings page: the release, its rows, the council
 * names it fills in and the audit entry in one transaction. A file with problems writes nothing.
 * (`retain benchmarks import` calls the import use case directly: the command line has no user.)
 */
export async function loadBenchmarks(db: Db, input: BenchmarksImportInput & { authorityCode: string }, actor: Actor): Promise<BenchmarksImportResult> {
  return inTransaction(db, async (trx) => {
    const result = await importBenchmarks(trx, { fileName: input.fileName, bytes: input.bytes });
    if (!result.ok) return result;
    await auditAs(trx, actor, 'settings.benchmarks', input.authorityCode, {
      fileName: input.fileName,
      releaseId: result.releaseId,
      years: `${result.firstYear}-${result.lastYear}`,
      rows: result.rowCount,
      alreadyLoaded: result.alreadyLoaded,
    });
    return result;
  });
}
