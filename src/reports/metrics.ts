import type { Db } from '../db/database.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersForAuthority, workersOverlapping } from '../db/workers.ts';
import { censusYearStart, censusYearsCovered, referenceDate } from '../domain/census.ts';
import {
  computeCensusFigures,
  computeCensusFiguresBy,
  computeCensusMeasures,
  computeCensusMeasuresBy,
  teamOf,
  type CensusFigures,
  type CensusMeasures,
  type GroupBy,
  type GroupFigures,
  type GroupMeasures,
} from '../domain/measures.ts';
import { retentionBy, rollingTurnover, shareUnderTwoYearsService, stabilityIndex, type RetentionSummary } from '../domain/retention.ts';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';

/**
 * Figures for one council, read from the database and computed by the domain functions. The CLI,
 * the web pages, the API and the PDF data pack all call these, so they always agree.
 */

/** The records a census year needs: started by its reference date and not gone before it began. */
async function censusInput(db: Db, authorityCode: string, censusYear: number): Promise<{ workers: WorkerRecord[]; vacancies: VacancyRecord[] }> {
  const [workers, vacancies] = await Promise.all([
    workersOverlapping(db, authorityCode, censusYearStart(censusYear), referenceDate(censusYear)),
    vacanciesForAuthority(db, authorityCode),
  ]);
  return { workers, vacancies };
}

export async function metricsForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusMeasures> {
  return computeCensusMeasures({ ...(await censusInput(db, authorityCode, censusYear)), censusYear });
}

export async function metricsByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupMeasures[]> {
  return computeCensusMeasuresBy({ ...(await censusInput(db, authorityCode, censusYear)), censusYear }, by);
}

/** Measures with the people behind each figure, for pages that must suppress small numbers. */
export async function figuresForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusFigures> {
  return computeCensusFigures({ ...(await censusInput(db, authorityCode, censusYear)), censusYear });
}

export async function figuresByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupFigures[]> {
  return computeCensusFiguresBy({ ...(await censusInput(db, authorityCode, censusYear)), censusYear }, by);
}

export interface CensusYearFigures {
  censusYear: number;
}

export interface AuthorityFigures {
  authorityCode: string;
  censusYears: number[];
  /** Census measures for every year the data covers, oldest first. */
  series: Array<CensusYearFigures & CensusFigures>;
}

/** Every census year the council's data covers, computed from one read of its records. */
export async function metricsSeries(db: Db, authorityCode: string): Promise<AuthorityFigures> {
  const [workers, vacancies] = await Promise.all([workersForAuthority(db, authorityCode), vacanciesForAuthority(db, authorityCode)]);
  const censusYears = censusYearsCovered({
    starts: workers.map((record) => record.startDate),
    ends: workers.flatMap((record) => (record.endDate === null ? [] : [record.endDate])),
    returns: vacancies.map((row) => row.referenceDate),
  });
  return {
    authorityCode,
    censusYears,
    series: censusYears.map((censusYear) => ({ censusYear, ...computeCensusFigures({ workers, vacancies, censusYear }) })),
  };
}

export interface RetentionFigures {
  date: string;
  rolling: ReturnType<typeof rollingTurnover>;
  stability: ReturnType<typeof stabilityIndex>;
  serviceLength: ReturnType<typeof shareUnderTwoYearsService>;
  byTeam: RetentionSummary[];
  byRole: RetentionSummary[];
}

/** Rolling turnover, stability and length of service at a date, for the council and by team and role. */
export async function retentionAt(db: Db, authorityCode: string, date: string): Promise<RetentionFigures> {
  const workers = await workersForAuthority(db, authorityCode);
  return {
    date,
    rolling: rollingTurnover(workers, date),
    stability: stabilityIndex(workers, date),
    serviceLength: shareUnderTwoYearsService(workers, date),
    byTeam: retentionBy(workers, date, teamOf),
    byRole: retentionBy(workers, date, (record) => record.role),
  };
}
