import { applicationsAppliedBetween } from '../db/agency.ts';
import type { Db } from '../db/database.ts';
import { censusYearStart, referenceDate } from '../domain/census.ts';
import { recruitmentFigures, type Application, type RecruitmentFigures } from '../domain/recruitment.ts';

/**
 * Recruitment figures for one council and census year, read once and shared by the CLI
 * (`retain recruitment`), the recruitment page, findings and packs.
 */

export interface RecruitmentReport {
  censusYear: number;
  figures: RecruitmentFigures;
  /** The year's applications (row data: analysts only). */
  applications: Application[];
}

export async function recruitmentReport(db: Db, authorityCode: string, censusYear: number): Promise<RecruitmentReport> {
  const applications = await applicationsAppliedBetween(db, authorityCode, censusYearStart(censusYear), referenceDate(censusYear));
  return { censusYear, figures: recruitmentFigures(applications), applications };
}

/** `retain recruitment --json`: exactly the contract's fields. */
export async function recruitmentFiguresFor(db: Db, authorityCode: string, censusYear: number): Promise<RecruitmentFigures> {
  return (await recruitmentReport(db, authorityCode, censusYear)).figures;
}
