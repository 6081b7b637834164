import { coverageDates, statedDataRunsTo } from '../db/coverage.ts';
import type { Db } from '../db/database.ts';
import { dataCoverage, type DataCoverage } from '../domain/coverage.ts';

/**
 * How far a council's data runs (src/domain/coverage.ts): the dashboard, comparisons, findings,
 * evidence packs and evaluations all ask this one function, so a year in progress is in progress
 * everywhere.
 */
export async function coverageOf(db: Db, authorityCode: string): Promise<DataCoverage> {
  const [stated, dates] = await Promise.all([statedDataRunsTo(db, authorityCode), coverageDates(db, authorityCode)]);
  return dataCoverage({ stated, ...dates });
}
