import { getAuthority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { exitInterviewsForAuthority } from '../db/exit-interviews.ts';
import type { BenchmarkSeries } from '../domain/benchmarks.ts';
import { FINDINGS_FIELDS, proposeFindings, summariseLeavers, type FindingsInput, type ProposedFinding, type PublishedFigures, type PublishedYear, type YearFigures } from '../domain/findings.ts';
import { agencyFindingsFor } from './agency-findings.ts';
import { benchmarkSeriesAll, compareMeasures } from './compare.ts';
import { incompleteCensusYear, isCompleteCensusYear } from '../domain/coverage.ts';
import { councilFigures, type CouncilFigures } from './metrics.ts';
import { exitInterviewYears } from './leavers.ts';

/**
 * Proposed findings for a scrutiny review of one council and census year. The figures are the
 * ones `retain metrics` and `retain compare` print (councilFigures: the statement metricsSeries and
 * metricsByGroup use; the published series), so a finding never quotes a figure the dashboard or
 * data pack would disagree with.
 */

/**
 * Everything the findings rules read, for census year Y: our figures for Y and every earlier year
 * the data covers (later years are left out: a review of Y is written as at Y), England and the
 * region for each published year, and Y's leavers by reason.
 */
export async function findingsInputFor(db: Db, authorityCode: string, censusYear: number): Promise<FindingsInput> {
  // Every year, by team and by role, in one load of the council (not a statement per year and group).
  return findingsInputFrom(db, await councilFigures(db, authorityCode), censusYear);
}

async function findingsInputFrom(db: Db, figures: CouncilFigures, censusYear: number): Promise<FindingsInput> {
  const { authorityCode } = figures;
  const [publishedSeries, interviews, authority] = await Promise.all([
    // Also the check that the authority exists: it throws unknown_authority.
    benchmarkSeriesAll(db, authorityCode, FINDINGS_FIELDS),
    exitInterviewsForAuthority(db, authorityCode),
    getAuthority(db, authorityCode),
  ]);
  const workers = await figures.workers();
  const upToYear = figures.series.filter((entry) => entry.censusYear <= censusYear);
  const years: YearFigures[] = await Promise.all(
    upToYear.map(async ({ censusYear: year, measures, people }) => {
      // With the people behind each figure, so the rules never quote one built from fewer than 5.
      const { teams: byTeam, roles: byRole } = await figures.year(year);
      const flat = (groups: typeof byRole) => groups.map(({ group, measures: groupMeasures, people: groupPeople }) => ({ group, ...groupMeasures, people: groupPeople }));
      return { censusYear: year, measures, people, byRole: flat(byRole), byTeam: flat(byTeam) };
    }),
  );
  const current = years.find((year) => year.censusYear === censusYear);
  // The region's name as `retain compare` gives it: the authority's own when it has one (as
  // compareMeasures gives it then, without reading the published rows), else its published row's.
  const regionName = current ? (authority?.regionName ?? (await compareMeasures(db, authorityCode, censusYear, current.measures)).region.name) : null;
  return {
    censusYear,
    regionName,
    years,
    published: publishedYears(publishedSeries),
    leavers: summariseLeavers(workers, censusYear),
    exitInterviews: exitInterviewYears({ workers, interviews }, censusYear),
  };
}

/** The series are by field; the rules want them by year. */
function publishedYears(series: Record<string, BenchmarkSeries>): PublishedYear[] {
  const years = [...new Set(Object.values(series).flatMap((one) => one.years))].sort((a, b) => a - b);
  return years.map((censusYear) => {
    const england: PublishedFigures = {};
    const region: PublishedFigures = {};
    for (const field of FINDINGS_FIELDS) {
      const one = series[field];
      const index = one?.years.indexOf(censusYear) ?? -1;
      if (!one || index < 0) continue;
      england[field] = one.england[index] ?? null;
      region[field] = one.region[index] ?? null;
    }
    return { censusYear, england, region };
  });
}

/**
 * The findings the rules propose for a council's census year, for officers to accept, edit or
 * reject. Only a year the data holds whole: a year in progress throws IncompleteCensusYearError,
 * since its part-year figures (few leavers yet) would read as good news.
 */
export async function proposeFindingsFor(db: Db, authorityCode: string, censusYear: number): Promise<ProposedFinding[]> {
  const figures = await councilFigures(db, authorityCode);
  const { coverage } = figures;
  if (!isCompleteCensusYear(censusYear, coverage)) throw incompleteCensusYear(censusYear, coverage.runsTo!);
  const input = await findingsInputFrom(db, figures, censusYear);
  // The agency rules read the council's records from the same load, not a second read.
  return [...proposeFindings(input), ...(await agencyFindingsFor(db, authorityCode, censusYear, await figures.workers()))];
}
