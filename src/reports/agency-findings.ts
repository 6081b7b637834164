import { assignmentsForAuthority, priceCapsForAuthority } from '../db/agency.ts';
import type { Db } from '../db/database.ts';
import { councilWorkers } from './metrics.ts';
import { agencyFigures, censusYearPeriod } from '../domain/agency.ts';
import { proposeAgencyFindings, type AgencyFindingsInput } from '../domain/agency-findings.ts';
import type { ProposedFinding } from '../domain/findings.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { recruitmentReport } from './recruitment.ts';

/** What the agency and recruitment findings rules read, for census year Y (and Y-1 for the premium trend). */
export async function agencyFindingsInputFor(db: Db, authorityCode: string, censusYear: number, records?: readonly WorkerRecord[]): Promise<AgencyFindingsInput> {
  const [assignments, caps, workers, recruitment] = await Promise.all([
    assignmentsForAuthority(db, authorityCode),
    priceCapsForAuthority(db, authorityCode),
    // The council's records when the caller has them already (findings read them once for every rule).
    records ?? councilWorkers(db, authorityCode),
    recruitmentReport(db, authorityCode, censusYear),
  ]);
  const figuresFor = (year: number) => (assignments.length === 0 ? null : agencyFigures({ assignments, caps, workers, period: censusYearPeriod(year) }));
  return {
    censusYear,
    agency: figuresFor(censusYear),
    previousAgency: figuresFor(censusYear - 1),
    recruitment: recruitment.applications.length === 0 ? null : recruitment.figures,
    applications: recruitment.applications,
  };
}

export async function agencyFindingsFor(db: Db, authorityCode: string, censusYear: number, records?: readonly WorkerRecord[]): Promise<ProposedFinding[]> {
  return proposeAgencyFindings(await agencyFindingsInputFor(db, authorityCode, censusYear, records));
}
