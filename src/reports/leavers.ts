import type { Db } from '../db/database.ts';
import { exitInterviewsForAuthority } from '../db/exit-interviews.ts';
import { workersForAuthority } from '../db/workers.ts';
import { computeLeaversFigures, type ExitInterviewRecord, type LeaversFigures } from '../domain/exit-interviews.ts';
import type { WorkerRecord } from '../domain/workforce.ts';

/**
 * Leavers and exit interviews for one council: `retain leavers`, the leavers page, the dashboard
 * measure and the evidence packs all read through here, from one read of the council's records.
 */

export interface LeaversInput {
  workers: WorkerRecord[];
  interviews: ExitInterviewRecord[];
}

export async function leaversInput(db: Db, authorityCode: string): Promise<LeaversInput> {
  const [workers, interviews] = await Promise.all([workersForAuthority(db, authorityCode), exitInterviewsForAuthority(db, authorityCode)]);
  return { workers, interviews };
}

/** `retain leavers --year Y`: the contract's figures for census year Y. */
export async function leaversForYear(db: Db, authorityCode: string, censusYear: number): Promise<LeaversFigures> {
  const { workers, interviews } = await leaversInput(db, authorityCode);
  return computeLeaversFigures(workers, interviews, censusYear);
}
