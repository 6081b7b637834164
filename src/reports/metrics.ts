import type { Db } from '../db/database.ts';
import { censusTotals, councilDateRange, emptyTotals } from '../db/census-totals.ts';
import { workersForRetention } from '../db/workers.ts';
import { censusYearsCovered } from '../domain/census.ts';
import {
  figuresFromTotals,
  teamOf,
  type CensusFigures,
  type CensusMeasures,
  type GroupBy,
  type GroupFigures,
  type GroupMeasures,
} from '../domain/measures.ts';
import { retentionBy, rollingTurnover, shareUnderTwoYearsService, stabilityIndex, type RetentionSummary } from '../domain/retention.ts';

/**
 * Figures for one council, read from the database and computed by the domain functions. The CLI,
 * the web pages, the API and the PDF data pack all call these, so they always agree.
 */

/**
 * The census figures come from totals the database sums (src/db/census-totals.ts: one statement,
 * seven columns, rather than every column of every record decoded in JavaScript), turned into
 * measures by the same domain function as ever (figuresFromTotals). census-totals.test.ts holds
 * the totals exactly equal to the domain's computeCensusTotals over the records, on both engines.
 */
async function councilTotals(db: Db, authorityCode: string, censusYear: number): Promise<CensusFigures> {
  const [row] = await censusTotals(db, { authorityCodes: [authorityCode], censusYears: [censusYear] });
  return figuresFromTotals(row?.totals ?? emptyTotals(), censusYear);
}

/** Groups as computeCensusFiguresBy lists them: sorted by name, a team with only a vacancy return included. */
async function groupTotals(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupFigures[]> {
  const rows = await censusTotals(db, { authorityCodes: [authorityCode], censusYears: [censusYear], by });
  return rows
    .filter((row) => row.listed)
    .sort((a, b) => a.group!.localeCompare(b.group!))
    .map((row) => ({ group: row.group!, ...figuresFromTotals(row.totals, censusYear) }));
}

export async function metricsForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusMeasures> {
  return (await councilTotals(db, authorityCode, censusYear)).measures;
}

export async function metricsByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupMeasures[]> {
  return (await groupTotals(db, authorityCode, censusYear, by)).map(({ group, measures }) => ({ group, ...measures }));
}

/** Measures with the people behind each figure, for pages that must suppress small numbers. */
export async function figuresForYear(db: Db, authorityCode: string, censusYear: number): Promise<CensusFigures> {
  return councilTotals(db, authorityCode, censusYear);
}

export async function figuresByGroup(db: Db, authorityCode: string, censusYear: number, by: GroupBy): Promise<GroupFigures[]> {
  return groupTotals(db, authorityCode, censusYear, by);
}

/** The census measures of many councils for one year in one statement (national tables, the bench). */
export async function metricsForCouncils(db: Db, authorityCodes: readonly string[], censusYear: number): Promise<Map<string, CensusMeasures>> {
  const rows = await censusTotals(db, { authorityCodes, censusYears: [censusYear] });
  const byCouncil = new Map(rows.map((row) => [row.authorityCode, row.totals]));
  return new Map(authorityCodes.map((code) => [code, figuresFromTotals(byCouncil.get(code) ?? emptyTotals(), censusYear).measures]));
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

/** Every census year the council's data covers, all of them summed in one statement. */
export async function metricsSeries(db: Db, authorityCode: string): Promise<AuthorityFigures> {
  const censusYears = censusYearsCovered(await councilDateRange(db, authorityCode));
  const rows = await censusTotals(db, { authorityCodes: [authorityCode], censusYears });
  const byYear = new Map(rows.map((row) => [row.censusYear, row.totals]));
  return {
    authorityCode,
    censusYears,
    series: censusYears.map((censusYear) => ({ censusYear, ...figuresFromTotals(byYear.get(censusYear) ?? emptyTotals(), censusYear) })),
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
  // Only the eight columns the retention measures read (workersForRetention).
  const workers = await workersForRetention(db, authorityCode);
  return {
    date,
    rolling: rollingTurnover(workers, date),
    stability: stabilityIndex(workers, date),
    serviceLength: shareUnderTwoYearsService(workers, date),
    byTeam: retentionBy(workers, date, teamOf),
    byRole: retentionBy(workers, date, (record) => record.role),
  };
}
