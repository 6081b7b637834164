import { caseloadSnapshotDates, caseloadSnapshots, listCaseloadThresholds } from '../db/caseloads.ts';
import type { Db } from '../db/database.ts';
import { councilWorkers } from './metrics.ts';
import { indexPosts, resolveCaseloads, snapshotDateFor, thresholdTable } from '../domain/caseloads.ts';
import { censusYearOf } from '../domain/census.ts';
import { earlyWarning, funnelLimits, significanceOf, type EarlyWarning, type Significance } from '../domain/early-warning.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { benchmarkSeries } from './compare.ts';

/** The early-warning page: the ranked list and the funnel plot's points and limits, from one read. */
export interface EarlyWarningView extends EarlyWarning {
  snapshotDate: IsoDate | null;
  funnel: {
    /** The council's rolling turnover (headcount), the funnel's centre, as a proportion. */
    target: number;
    points: Array<{ team: string; people: number; rate: number }>;
    limits: Array<{ people: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
    /** Teams in post whose rate is withheld from a viewer (fewer than 5 people). */
    withheld: string[];
  };
  /** The council's rolling turnover beside England's and the neighbours' median published rate, tested for chance. */
  benchmarks: CouncilBenchmark[];
}

/**
 * The council's turnover against a published comparator (issue 13 item 4): the same funnel test as
 * the teams', with the comparator as the centre and the council's employed headcount in post as n.
 * Choices where the spec is silent: the comparator is DfE's turnover_rate_headcount (our rolling
 * rate is a headcount rate too) for the latest published census year up to the date's census
 * year, and the rolling 12 months to the date are set beside that census year's rate.
 */
export interface CouncilBenchmark {
  comparator: 'england' | 'neighbour_median';
  censusYear: number;
  /** The published rate, as a proportion. */
  rate: number;
  lower95: number;
  upper95: number;
  significance: Significance;
}

/** The latest published year up to `censusYear` that has a figure, per comparator. */
export function councilBenchmarks(
  councilRate: number | null,
  people: number,
  series: { years: number[]; england: (number | null)[]; neighbourMedian: (number | null)[] },
  censusYear: number,
): CouncilBenchmark[] {
  if (councilRate === null || people === 0) return [];
  const latest = (values: (number | null)[]) => {
    for (let index = series.years.length - 1; index >= 0; index--) {
      const value = values[index];
      if (series.years[index]! <= censusYear && value !== null && value !== undefined) return { censusYear: series.years[index]!, rate: value / 100 };
    }
    return null;
  };
  const out: CouncilBenchmark[] = [];
  for (const [comparator, values] of [
    ['england', series.england],
    ['neighbour_median', series.neighbourMedian],
  ] as const) {
    const found = latest(values);
    if (!found) continue;
    const { lower95, upper95 } = funnelLimits(found.rate, people);
    out.push({ comparator, ...found, lower95, upper95, significance: significanceOf(councilRate, people, found.rate) });
  }
  return out;
}

export async function earlyWarningView(db: Db, authorityCode: string, date: IsoDate, maySeeAll: boolean): Promise<EarlyWarningView> {
  const [workers, dates, thresholds, series] = await Promise.all([
    councilWorkers(db, authorityCode),
    caseloadSnapshotDates(db, authorityCode),
    listCaseloadThresholds(db, authorityCode),
    benchmarkSeries(db, authorityCode, 'turnover_rate_headcount'),
  ]);
  const snapshotDate = snapshotDateFor(dates, date);
  const snapshots = snapshotDate ? await caseloadSnapshots(db, authorityCode, { from: snapshotDate, to: snapshotDate }) : [];
  const rows = resolveCaseloads(snapshots, indexPosts(workers), thresholdTable(thresholds));
  const warning = earlyWarning(workers, date, rows, { withholdSmallNumbers: !maySeeAll });
  return earlyWarningViewOf(warning, snapshotDate, councilBenchmarks(warning.council.turnoverRate, warning.council.inPostHeadcount, series, censusYearOf(date)));
}

export function earlyWarningViewOf(warning: EarlyWarning, snapshotDate: IsoDate | null, benchmarks: CouncilBenchmark[] = []): EarlyWarningView {
  const target = warning.council.turnoverRate ?? 0;
  const points = warning.teams.filter((team) => team.turnoverRate !== null && team.inPostHeadcount > 0).map((team) => ({ team: team.team, people: team.inPostHeadcount, rate: team.turnoverRate! }));
  // Teams in post whose rate is withheld from a viewer: named on the plot as [c] rather than left out silently.
  const withheld = warning.teams.filter((team) => team.turnoverRate === null && team.inPostHeadcount > 0).map((team) => team.team);
  const largest = Math.max(20, ...warning.teams.map((team) => team.inPostHeadcount));
  const limits = [];
  for (let people = 3; people <= Math.ceil(largest * 1.1); people++) limits.push({ people, ...funnelLimits(target, people) });
  return { ...warning, snapshotDate, funnel: { target, points, limits, withheld }, benchmarks };
}
