import { getAuthority, type Authority } from '../../db/authorities.ts';
import { unknownAuthority } from '../../errors.ts';
import type { Db } from '../../db/database.ts';
import { exitInterviewsForAuthority, retentionSettings } from '../../db/exit-interviews.ts';
import { getSettings } from '../../db/settings.ts';
import { councilDataVersion } from '../../db/versions.ts';
import { referenceDate } from '../../domain/census.ts';
import { censusYearLabel, completeCensusYears, coverageDateText, defaultCensusYear, inProgressText, type DataCoverage } from '../../domain/coverage.ts';
import { SMALL_NUMBER_THRESHOLD } from '../../domain/disclosure.ts';
import { benchmarkSeriesAll, compareMeasures } from '../compare.ts';
import { comparisonsFor } from '../comparisons.ts';
import { exitInterviewDashboardOf, type ExitInterviewDashboard } from '../leavers.ts';
import { councilFigures, type CouncilFigures } from '../metrics.ts';
import { dashboardSurvivalOf, type DashboardSurvival } from '../retention-curves.ts';
import { shareView } from '../shared-views.ts';
import { ourCells, shownCell, type Cell } from './cells.ts';
import { changeSince, DEFAULT_RISK_THRESHOLDS, HEADLINE_MEASURES, RISK_FIELDS, riskText, type RiskThresholds } from './measures.ts';
import { breakdown, retentionRows, rollingCells, TREND_FIELDS, trendsOf } from './sections.ts';
import type { DashboardOptions, DashboardView, HeadlineFigure } from './view.ts';

/**
 * Building the dashboard's view, and keeping it. Every figure comes from one load of the council
 * (councilFigures, src/reports/metrics.ts: the functions `retain metrics` prints), and the view
 * is kept while the council's data version stands, since it changes only when data does.
 *
 * For people who may not see personal data (viewers), every figure built from fewer than
 * SMALL_NUMBER_THRESHOLD people is withheld (suppressSmallNumbers), and each cell says so.
 */

/**
 * The dashboard is the busiest page, and its figures change only when data is imported: a view is
 * kept per database and reused while the council's data version (councilDataVersion, which
 * moves with its records, its authority's details, its settings and its exit interviews) and the
 * options are the same. Views are shared: callers must not change them. The promise is kept, so
 * users arriving together wait for one build.
 */
const VIEW_CACHE_SIZE = 100;
const viewCaches = new WeakMap<Db, Map<string, Promise<DashboardView>>>();

export async function dashboardFor(db: Db, options: DashboardOptions): Promise<DashboardView> {
  // One primary-key read on a hit: the version also moves when the authority's row (name, region,
  // neighbours), its imports, its stated coverage or its settings change.
  const version = await councilDataVersion(db, options.authorityCode);
  const key = JSON.stringify([options.authorityCode, options.censusYear ?? null, options.personalDataAllowed, options.thresholds ?? null, options.defaultThresholds ?? null, version]);
  let cache = viewCaches.get(db);
  if (!cache) viewCaches.set(db, (cache = new Map()));
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const building = buildView(db, options, version);
  cache.set(key, building);
  if (cache.size > VIEW_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  building.catch(() => cache.delete(key));
  return building;
}

async function buildView(db: Db, options: DashboardOptions, version: string): Promise<DashboardView> {
  const [authority, figures, thresholds] = await Promise.all([getAuthority(db, options.authorityCode), councilFigures(db, options.authorityCode, version), thresholdsFor(db, options)]);
  if (!authority) throw unknownAuthority(options.authorityCode);
  const { coverage } = figures;
  // Shared and never changed from here on, so a page rendered from it may be reused (src/web/render.ts).
  const view = shareView(await buildDashboard(db, options, { authority, coverage, figures, thresholds }));
  loadedWith.set(view, figures);
  return view;
}

/** The load each view was built from, so the page's further sections read the same records. */
const loadedWith = new WeakMap<DashboardView, CouncilFigures>();

/** The thresholds given outright; else the council's own over the web's defaults; else the defaults. */
async function thresholdsFor(db: Db, options: DashboardOptions): Promise<RiskThresholds> {
  if (options.thresholds || !options.defaultThresholds) return { ...DEFAULT_RISK_THRESHOLDS, ...options.thresholds };
  const own = (await getSettings(db, options.authorityCode)).thresholds;
  const fallback = options.defaultThresholds;
  return {
    turnover_rate_fte: own.turnover_rate_fte ?? fallback.turnover_rate_fte,
    vacancy_rate_fte: own.vacancy_rate_fte ?? fallback.vacancy_rate_fte,
    caseload_fte: own.caseload_fte ?? fallback.caseload_fte,
  };
}

interface Loaded {
  authority: Authority;
  coverage: DataCoverage;
  figures: CouncilFigures;
  thresholds: RiskThresholds;
}

async function buildDashboard(db: Db, options: DashboardOptions, { authority, coverage, figures, thresholds }: Loaded): Promise<DashboardView> {
  const { authorityCode, personalDataAllowed } = options;
  const years = figures.censusYears;
  // The latest complete year, not the latest year: a year in progress is never the first thing read.
  const censusYear = options.censusYear ?? defaultCensusYear(years, coverage) ?? new Date().getUTCFullYear();
  const completeYears = completeCensusYears(years, coverage);
  const progressLabel = inProgressText(censusYear, coverage);
  const inProgress = progressLabel === null ? null : { label: progressLabel, runsTo: coverage.runsTo!, runsToText: coverageDateText(coverage.runsTo!) };
  const date = referenceDate(censusYear);

  const [{ figures: yearFigures, teams, roles }, retention, publishedSeries] = await Promise.all([
    figures.year(censusYear),
    // In a year in progress, retention (rolling 12 months) is at the data's last day, not at a reference date still to come.
    figures.retentionAt(inProgress ? inProgress.runsTo : date),
    benchmarkSeriesAll(
      db,
      authorityCode,
      TREND_FIELDS.map((trend) => trend.field),
    ),
  ]);
  // The benchmarks only: our own figures come from `yearFigures`, withheld as needed.
  const comparison = await compareMeasures(db, authorityCode, censusYear, yearFigures.measures);
  const regionName = comparison.region.name;

  const ours = inProgress ? rollingCells(retention, personalDataAllowed) : ourCells(yearFigures, personalDataAllowed);
  const previousYear = censusYear - 1;
  const previousFigures = figures.series.find((entry) => entry.censusYear === previousYear);
  const previous = previousFigures && !inProgress ? ourCells(previousFigures, personalDataAllowed) : null;

  const headline: HeadlineFigure[] = HEADLINE_MEASURES.map((measure) => {
    const row = comparison.rows.find((candidate) => candidate.field === measure.field)!;
    if (inProgress) {
      // A part year is compared with nothing: not England's full year, not our own last year.
      const none = shownCell(measure.field, null);
      return { ...measure, ours: ours[measure.field], england: none, region: none, neighbourMedian: none, neighbourCount: 0, change: null };
    }
    return {
      ...measure,
      ours: ours[measure.field],
      england: shownCell(measure.field, row.england, row.symbols.england),
      region: shownCell(measure.field, row.region, row.symbols.region),
      neighbourMedian: shownCell(measure.field, row.neighbourMedian),
      neighbourCount: row.neighbourCount,
      change: previous ? changeSince(measure.field, measure.polarity, ours[measure.field], previous[measure.field], previousYear) : null,
    };
  });

  // Trends are drawn over complete years only, so a part year never sits in a line of full ones.
  const trends = trendsOf({
    authorityName: authority.name,
    regionName,
    years: completeYears,
    yearCells: figures.series.filter((entry) => completeYears.includes(entry.censusYear)).map((entry) => ourCells(entry, personalDataAllowed)),
    published: publishedSeries,
  });

  // A year in progress is never ranked against other councils' full years.
  const comparisons = inProgress ? null : await comparisonsFor(db, authority, censusYear, ours, shownCell);

  const englandTurnover = headline.find((figure) => figure.field === 'turnover_rate_fte')!.england.value;
  // A part year's census figures by team would flag no one (few leavers yet): no breakdown until the year is complete.
  const byTeam = breakdown('team', inProgress ? [] : teams, personalDataAllowed, thresholds, englandTurnover);
  const byRole = breakdown('role', inProgress ? [] : roles, personalDataAllowed, thresholds, englandTurnover);
  const retentionView = retentionRows(retention, personalDataAllowed);

  const allCells: Cell[] = [
    ...headline.map((figure) => figure.ours),
    ...headline.flatMap((figure) => (figure.change ? [figure.change.previous] : [])),
    ...trends.flatMap((trend) => trend.series[0]!.cells),
    ...[...byTeam.rows, ...byRole.rows].flatMap((row) => Object.values(row.cells)),
    ...[retentionView.overall, ...retentionView.byTeam].flatMap((row) => [row.inPost, row.stabilityIndex, row.underTwoYears, row.rollingTurnover]),
  ];

  return {
    authority: { code: authority.code, name: authority.name, regionName },
    censusYear,
    referenceDate: date,
    years,
    yearOptions: years.map((year) => ({ year, label: censusYearLabel(year, coverage) })),
    hasData: years.length > 0,
    coverage: {
      runsTo: coverage.runsTo,
      runsToText: coverage.runsTo === null ? null : coverageDateText(coverage.runsTo),
      source: coverage.source,
      completeYears,
    },
    inProgress,
    benchmarks: {
      year: inProgress ? null : comparison.benchmarkYear,
      latestPublishedYear: comparison.latestPublishedYear,
      regionName,
      neighboursNamed: comparison.neighbours.named.length,
      neighboursFound: comparison.neighbours.found.length,
    },
    headline,
    comparisons,
    trends,
    byTeam,
    byRole,
    retention: retentionView,
    thresholds,
    thresholdTexts: RISK_FIELDS.map((field) => riskText(field, thresholds[field])),
    suppression: {
      applied: !personalDataAllowed,
      threshold: SMALL_NUMBER_THRESHOLD,
      cells: allCells.filter((cell) => cell.status === 'suppressed').length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The web page's further sections

/**
 * What the dashboard page shows beyond the view (evidence packs and the data pack carry their own
 * retention and leavers sections): survival at the reference date and the exit-interview measure.
 * Built once per view from the same load of the council's records, and shared like the view, so a
 * request for an unchanged dashboard computes nothing. Null without data.
 */
export interface DashboardPageSections {
  survival: DashboardSurvival | null;
  exitInterviews: ExitInterviewDashboard | null;
}

const sectionCaches = new WeakMap<DashboardView, Promise<DashboardPageSections>>();

/**
 * The page's further sections for a view from dashboardFor with the same options. Exit interviews
 * and the council's rate target move the data version too (migration 0013), so the view, and these
 * with it, are rebuilt when they change.
 */
export function dashboardPageSections(db: Db, view: DashboardView, options: Pick<DashboardOptions, 'personalDataAllowed'>): Promise<DashboardPageSections> {
  let known = sectionCaches.get(view);
  if (!known) {
    known = buildSections(db, view, options.personalDataAllowed);
    sectionCaches.set(view, known);
    known.catch(() => sectionCaches.delete(view));
  }
  return known;
}

async function buildSections(db: Db, view: DashboardView, personalDataAllowed: boolean): Promise<DashboardPageSections> {
  if (!view.hasData) return shareView({ survival: null, exitInterviews: null });
  const code = view.authority.code;
  const [figures, interviews, settings] = await Promise.all([loadedWith.get(view) ?? councilFigures(db, code), exitInterviewsForAuthority(db, code), retentionSettings(db, code)]);
  const workers = await figures.workers();
  return shareView({
    survival: dashboardSurvivalOf(workers, view.referenceDate),
    exitInterviews: exitInterviewDashboardOf({ workers, interviews }, view.censusYear, settings.exitInterviewRateTarget, personalDataAllowed),
  });
}
