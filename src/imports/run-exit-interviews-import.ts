import type { Db } from '../db/database.ts';
import { planExitInterviewUpsert, postEndDates, upsertExitInterviews } from '../db/exit-interviews.ts';
import type { ExitInterviewRecord } from '../domain/exit-interviews.ts';
import { readExitInterviewsFile } from './exit-interviews-file.ts';
import { runImport, type ImportInput, type ImportOutcome, type KindSpec } from './run-import.ts';

/**
 * `retain import exit-interviews FILE`: the same all-or-nothing import as workers files, checking
 * each leaving_date against the end dates of the worker's posts already held.
 */
export const EXIT_INTERVIEWS: KindSpec<ExitInterviewRecord> = {
  kind: 'exit_interviews',
  async read(db, input, bytes) {
    return readExitInterviewsFile(input.fileName, bytes, { sheet: input.sheet, endDates: await postEndDates(db, input.authorityCode.trim()) });
  },
  describe: (record) => `exit interview of ${record.workerId}, left ${record.leavingDate}`,
  teamOf: () => null,
  plan: planExitInterviewUpsert,
  async write(db, authorityCode, records, importId, onProgress) {
    onProgress?.(0, records.length);
    const counts = await upsertExitInterviews(db, authorityCode, records, importId, null);
    onProgress?.(records.length, records.length);
    return counts;
  },
};

export function importExitInterviews(db: Db, input: ImportInput): Promise<ImportOutcome> {
  return runImport(db, input, EXIT_INTERVIEWS);
}
