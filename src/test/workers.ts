import type { Db } from '../db/database.ts';
import type { WorkerRecord } from '../domain/workforce.ts';

/**
 * Puts worker records straight into the register, for tests of what reads it (no file, no
 * validation). `importId` stamps the rows as written by that import.
 */
export async function insertTestWorkers(db: Db, authorityCode: string, workers: WorkerRecord[], importId: number | null = null): Promise<void> {
  if (workers.length === 0) return;
  await db
    .insertInto('workers')
    .values(
      workers.map((w) => ({
        authority_code: authorityCode,
        worker_id: w.workerId,
        start_date: w.startDate,
        swe_number: w.sweNumber,
        agency: w.agency,
        role: w.role,
        local_role: w.localRole,
        team: w.team,
        service: w.service,
        fte: w.fte,
        end_date: w.endDate,
        leaving_reason: w.leavingReason,
        leaver_destination: w.leaverDestination,
        start_origin: w.startOrigin,
        cases: w.cases,
        working_days_lost: w.workingDaysLost,
        date_of_birth: w.dateOfBirth,
        gender: w.gender,
        ethnicity: w.ethnicity,
        salary: w.salary,
        grade: w.grade,
        qualified_date: w.qualifiedDate,
        import_id: importId,
      })),
    )
    .execute();
}
