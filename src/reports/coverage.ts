import { coverageEvidence } from '../db/coverage.ts';
import type { Db } from '../db/database.ts';
import { dataCoverage, type DataCoverage } from '../domain/coverage.ts';

/**
 * How far a council's data runs (src/domain/coverage.ts): the dashboard, comparisons, findings,
 * evidence packs and evaluations all ask this one function (or read it from the council's one load,
 * councilFigures, which calls it), so a year in progress is in progress everywhere. One statement.
 */
export async function coverageOf(db: Db, authorityCode: string): Promise<DataCoverage> {
  return dataCoverage(await coverageEvidence(db, authorityCode));
}
