import { referenceDate } from './census.ts';
import { longDate } from './format.ts';
import type { IsoDate } from './workforce.ts';
import { RetainError } from '../errors.ts';

/**
 * How far a council's data runs, and so which census years it holds whole. A census year whose
 * reference date (30 September) is after the data's last day is *in progress*: its leavers so far
 * over everyone still in post reads as a tiny turnover rate, so it is never shown as a census
 * figure, compared with England or with full years, used for a finding, frozen in an evidence pack
 * or used to mark an indicator met.
 *
 * Where the date comes from (the contract is silent; chosen here):
 * 1. The date an analyst states ("data runs to", per council), when there is one: they know the
 *    day the extract was taken, which the rows cannot say when nobody started or left near it.
 * 2. Otherwise the latest date the imported rows hold: start dates, end dates and vacancy return
 *    dates, but never after the day of the latest import (an end date after it is a planned
 *    departure, not data). This can only understate how far the data runs, so an unstated year
 *    errs towards "in progress", never towards a partial year read as a full one.
 *
 * Worked example: rows up to 15 November 2024, nothing stated. Data runs to 2024-11-15, so 2024
 * (to 30 September 2024) is complete and 2025 is "in progress (data to 15 November 2024)".
 */

export type CoverageSource = 'stated' | 'records' | 'none';

export interface DataCoverage {
  /** The last day the council's data covers; null when it holds no dates at all. */
  runsTo: IsoDate | null;
  source: CoverageSource;
}

export interface CoverageEvidence {
  /** The date an analyst stated the data runs to, if any. */
  stated: IsoDate | null;
  /** The latest start, end or vacancy return date in the council's rows. */
  latestRecordDate: IsoDate | null;
  /** The day of the council's latest import, if known. */
  lastImportedOn: IsoDate | null;
}

export function dataCoverage({ stated, latestRecordDate, lastImportedOn }: CoverageEvidence): DataCoverage {
  if (stated !== null) return { runsTo: stated, source: 'stated' };
  if (latestRecordDate === null) return { runsTo: null, source: 'none' };
  const runsTo = lastImportedOn !== null && lastImportedOn < latestRecordDate ? lastImportedOn : latestRecordDate;
  return { runsTo, source: 'records' };
}

/** Complete when the data runs to the year's reference date or later. With no dates, nothing is in progress. */
export function isCompleteCensusYear(censusYear: number, coverage: DataCoverage): boolean {
  return coverage.runsTo === null || referenceDate(censusYear) <= coverage.runsTo;
}

/** The years among `years` the data holds whole, in the order given. */
export function completeCensusYears(years: readonly number[], coverage: DataCoverage): number[] {
  return years.filter((year) => isCompleteCensusYear(year, coverage));
}

/** The latest complete year among `years`; null when none is complete. */
export function latestCompleteCensusYear(years: readonly number[], coverage: DataCoverage): number | null {
  const complete = completeCensusYears(years, coverage);
  return complete.length > 0 ? Math.max(...complete) : null;
}

/**
 * The census year reported "as of" a date (an evidence pack's, the evaluation's today): the latest
 * among `years` whose reference date, 30 September, has passed by then; null when none has.
 * Worked examples, years 2023-2025: as of 29 September 2025, 2024; as of 30 September 2025, 2025;
 * as of 1 January 2022, null.
 */
export function censusYearAsOf(asOf: IsoDate, years: readonly number[]): number | null {
  const reached = years.filter((year) => referenceDate(year) <= asOf);
  return reached.length > 0 ? reached[reached.length - 1]! : null;
}

/**
 * The year a page opens on: the latest complete one, or when none is complete (a first extract
 * taken mid-year) the latest there is, which the page then labels as in progress.
 */
export function defaultCensusYear(years: readonly number[], coverage: DataCoverage): number | null {
  return latestCompleteCensusYear(years, coverage) ?? (years.length > 0 ? Math.max(...years) : null);
}

/** "15 November 2024". */
export function coverageDateText(date: IsoDate): string {
  return longDate(date);
}

/** "in progress (data to 15 November 2024)"; null for a complete year. */
export function inProgressText(censusYear: number, coverage: DataCoverage): string | null {
  if (isCompleteCensusYear(censusYear, coverage)) return null;
  return `in progress (data to ${coverageDateText(coverage.runsTo!)})`;
}

/** "2025 (in progress (data to 15 November 2024))" reads badly: "2025, in progress (data to 15 November 2024)". */
export function censusYearLabel(censusYear: number, coverage: DataCoverage): string {
  const progress = inProgressText(censusYear, coverage);
  return progress === null ? String(censusYear) : `${censusYear}, ${progress}`;
}

/**
 * The day the workforce register judges "in post" on when nobody chose one: today, or the last day
 * the data covers when that is earlier. An extract taken on 31 March says nothing of who joined or
 * left since, so "in post today" would silently mean "in post on 31 March" anyway, and the page says
 * which day it used. A stated date after today (an analyst planning ahead) never moves it past today.
 *
 * Worked example: today 2026-11-30, data to 2024-03-31: the register opens on 2024-03-31; with data
 * to 2026-12-15 or no dates at all, on 2026-11-30.
 */
export function registerDefaultDate(today: IsoDate, coverage: DataCoverage): IsoDate {
  return coverage.runsTo !== null && coverage.runsTo < today ? coverage.runsTo : today;
}

/** Thrown by use cases asked to treat an incomplete year as complete (a finding, a pack, an evaluation). */
export function incompleteCensusYear(censusYear: number, runsTo: IsoDate): RetainError {
  return new RetainError('incomplete_census_year', `Census year ${censusYear} is in progress: the data runs to ${coverageDateText(runsTo)}, before its reference date of 30 September ${censusYear}.`, {
    censusYear,
    runsTo,
  });
}
