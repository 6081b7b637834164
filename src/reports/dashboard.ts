import { getAuthority, type Authority } from '../db/authorities.ts';
import type { Db } from '../db/database.ts';
import { councilDataVersion } from '../db/versions.ts';
import { shareView } from './shared-views.ts';
import { vacanciesForAuthority } from '../db/vacancies.ts';
import { workersForAuthority } from '../db/workers.ts';
import { censusYearStart, censusYearsCovered, referenceDate } from '../domain/census.ts';
import { censusYearLabel, completeCensusYears, coverageDateText, defaultCensusYear, inProgressText, type CoverageSource, type DataCoverage } from '../domain/coverage.ts';
import { ROLE_LABELS, type RoleCode } from '../domain/codes.ts';
import { discloseRetention, SMALL_NUMBER_THRESHOLD, suppressSmallNumbers } from '../domain/disclosure.ts';
import { computeCensusFigures, computeCensusFiguresBy, RATE_FIELDS, teamOf, type CensusFigures, type GroupFigures, type MeasureField } from '../domain/measures.ts';
import { retentionBy, rollingTurnover, shareUnderTwoYearsService, stabilityIndex, type RetentionSummary } from '../domain/retention.ts';
import type { VacancyRecord, WorkerRecord } from '../domain/workforce.ts';
import { count, oneDecimal } from '../domain/format.ts';
import { changeSince as changeBetween, type Change as ChangeOf, type Polarity, type Precision } from '../domain/change.ts';
import { DEFAULT_RISK_THRESHOLDS, RISK_FIELDS, riskText, risksOf as risksOfValues, type RiskThresholds } from '../domain/at-risk.ts';
// The rule for retention figures lives with the API; the dashboard applies the very same one so a
// viewer sees the same figures withheld in both places. (It is pure; it could move to src/domain.)
import { barChartSvg, lineChartSvg, type BarChartInput, type LineChartInput } from './charts.ts';
import { benchmarkSeriesAll, compareMeasures } from './compare.ts';
import { comparisonsFor, type ComparisonsView } from './comparisons.ts';
import type { AuthorityFigures, RetentionFigures } from './metrics.ts';
import { NUMBER_FORMATS, publishedAtOneDecimal, type Table } from './tables.ts';
import { coverageOf } from './coverage.ts';

/**
 * The dashboard for one council and census year, as a plain view model: the web page, its CSV and
 * XLSX downloads and the PDF data pack all read it, so they show the same figures. Every figure
 * comes from src/reports/metrics.ts, the functions `retain metrics` prints.
 *
 * For people who may not see personal data (viewers), every figure built from fewer than
 * SMALL_NUMBER_THRESHOLD people is withheld (suppressSmallNumbers), and each cell says so.
 */

// ---------------------------------------------------------------------------------------------
// Cells

/** How a figure is shown: a number, withheld for small numbers, or not available (undefined or unpublished). */
export type CellStatus = 'shown' | 'suppressed' | 'not_available';

export interface Cell {
  /** Unrounded; null when suppressed or not available. */
  value: number | null;
  /** For people: `15.4%`, `212.5`, `37`, `[c]` or `not available`. */
  text: string;
  status: CellStatus;
  /** DfE's symbol when a published figure is missing (c, x, z, u, low, :). */
  symbol?: string;
}

/** What a withheld cell shows. DfE's own symbol for confidential figures, in brackets as the page shows it. */
export const SUPPRESSED_TEXT = '[c]';
export const NOT_AVAILABLE_TEXT = 'not available';
/** What a withheld figure is written as in CSV and XLSX: DfE's symbol, so the files read like DfE's own. */
export const SUPPRESSED_EXPORT = 'c';

const RATES = new Set<string>(RATE_FIELDS);
const COUNTS = new Set<string>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases', 'inPost', 'underTwoYears', 'stillInPost', 'inPostYearAgo']);
const PERCENT_KEYS = new Set<string>([...RATE_FIELDS, 'stability_index', 'share_under_two_years']);

/** A figure for people: rates as `15.4%`, headcounts whole, FTE and caseloads at one decimal place. */
// Numbers written as src/domain/format.ts writes them everywhere.

export function formatMeasure(field: string, value: number): string {
  if (COUNTS.has(field)) return count(Math.round(value));
  const text = oneDecimal(value);
  return PERCENT_KEYS.has(field) || RATES.has(field) ? `${text}%` : text;
}

export function shownCell(field: string, value: number | null | undefined, symbol?: string | null): Cell {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return symbol ? { value: null, text: NOT_AVAILABLE_TEXT, status: 'not_available', symbol } : { value: null, text: NOT_AVAILABLE_TEXT, status: 'not_available' };
  }
  return { value, text: formatMeasure(field, value), status: 'shown' };
}

export const SUPPRESSED_CELL: Cell = { value: null, text: SUPPRESSED_TEXT, status: 'suppressed' };

/** Our own figures, withheld where the disclosure rule says so. */
function ourCells(figures: CensusFigures, personalDataAllowed: boolean): Record<MeasureField, Cell> {
  const suppressed = personalDataAllowed ? new Set<MeasureField>() : suppressSmallNumbers(figures.measures, figures.people).suppressed;
  const cells = {} as Record<MeasureField, Cell>;
  for (const field of Object.keys(figures.measures) as MeasureField[]) {
    cells[field] = suppressed.has(field) ? SUPPRESSED_CELL : shownCell(field, figures.measures[field]);
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Measures and how to read them

// Whether a rise is good news: the rule is src/domain/change.ts's.
export type { Polarity };

export interface HeadlineMeasure {
  field: MeasureField;
  label: string;
  polarity: Polarity;
  /** One line saying what the figure is, for the page and the data pack. */
  definition: string;
}

export const HEADLINE_MEASURES: readonly HeadlineMeasure[] = [
  { field: 'inpost_fte', label: 'Social workers in post (FTE)', polarity: 'higher_better', definition: 'Full-time equivalent of employed (not agency) children’s social workers in post on the reference date.' },
  { field: 'turnover_rate_fte', label: 'Turnover rate (FTE)', polarity: 'lower_better', definition: 'FTE of employed leavers in the year divided by FTE in post on the reference date.' },
  { field: 'vacancy_rate_fte', label: 'Vacancy rate (FTE)', polarity: 'lower_better', definition: 'Vacant FTE divided by vacant FTE plus FTE in post, on the reference date.' },
  { field: 'agency_rate_fte', label: 'Agency worker rate (FTE)', polarity: 'lower_better', definition: 'Agency FTE divided by agency FTE plus employed FTE in post, on the reference date.' },
  { field: 'caseload_fte', label: 'Average caseload (cases per FTE)', polarity: 'lower_better', definition: 'Cases held on the reference date divided by the FTE of case holders (employed or agency).' },
  { field: 'absence_rate_fte', label: 'Sickness absence rate', polarity: 'lower_better', definition: 'Working days lost to sickness in the year as a share of working days available to employed staff in post.' },
  { field: 'starters_fte', label: 'Starters (FTE)', polarity: 'neutral', definition: 'FTE of employed social workers who started in the census year.' },
  { field: 'starters_headcount', label: 'Starters (headcount)', polarity: 'neutral', definition: 'Employed social workers who started in the census year.' },
  { field: 'leavers_fte', label: 'Leavers (FTE)', polarity: 'lower_better', definition: 'FTE of employed social workers whose last day fell in the census year.' },
  { field: 'leavers_headcount', label: 'Leavers (headcount)', polarity: 'lower_better', definition: 'Employed social workers whose last day fell in the census year.' },
];

const LABELS: Partial<Record<MeasureField, string>> = {
  ...Object.fromEntries(HEADLINE_MEASURES.map((measure) => [measure.field, measure.label])),
  inpost_headcount: 'In post (headcount)',
  agency_fte: 'Agency workers (FTE)',
  agency_headcount: 'Agency workers (headcount)',
};

export function measureLabel(field: MeasureField): string {
  return LABELS[field] ?? field;
}

// ---------------------------------------------------------------------------------------------
// Direction of change

// The rule (at the precision shown, judged by polarity) is src/domain/change.ts's; this names the precision of each field.
export type Change = ChangeOf<Cell>;

const precisionOf = (field: string): Precision => (RATES.has(field) ? 'rate' : COUNTS.has(field) ? 'count' : 'decimal');

export function changeSince(field: MeasureField, polarity: Polarity, current: Cell, previous: Cell, previousYear: number): Change {
  return changeBetween(precisionOf(field), polarity, current, previous, previousYear);
}

// ---------------------------------------------------------------------------------------------
// Teams at risk

// The thresholds and the rule are src/domain/at-risk.ts's.
export { DEFAULT_RISK_THRESHOLDS, RISK_FIELDS, riskText, type RiskThresholds };

/** The thresholds a group crosses, on the figures shown (a withheld cell's value is null, so it flags nothing). */
export function risksOf(cells: Partial<Record<MeasureField, Cell>>, thresholds: RiskThresholds): string[] {
  return risksOfValues(Object.fromEntries(RISK_FIELDS.map((field) => [field, cells[field]?.value ?? null])), thresholds);
}

// ---------------------------------------------------------------------------------------------
// The view model

export interface HeadlineFigure extends HeadlineMeasure {
  ours: Cell;
  england: Cell;
  region: Cell;
  neighbourMedian: Cell;
  /** How many neighbours published the figure the median is over. */
  neighbourCount: number;
  change: Change | null;
}

export interface TrendSeries {
  name: string;
  cells: Cell[];
}

export interface Trend {
  field: MeasureField;
  title: string;
  description: string;
  unit: string;
  years: number[];
  series: TrendSeries[];
  svg: string;
}

export const BREAKDOWN_FIELDS = [
  'inpost_headcount',
  'inpost_fte',
  'leavers_fte',
  'turnover_rate_fte',
  'vacancy_rate_fte',
  'agency_rate_fte',
  'caseload_fte',
  'absence_rate_fte',
] as const satisfies readonly MeasureField[];
export type BreakdownField = (typeof BREAKDOWN_FIELDS)[number];

export const BREAKDOWN_LABELS: Record<BreakdownField, string> = {
  inpost_headcount: 'In post (headcount)',
  inpost_fte: 'In post (FTE)',
  leavers_fte: 'Leavers (FTE)',
  turnover_rate_fte: 'Turnover (FTE)',
  vacancy_rate_fte: 'Vacancy rate',
  agency_rate_fte: 'Agency rate',
  caseload_fte: 'Average caseload',
  absence_rate_fte: 'Absence rate',
};

export interface BreakdownRow {
  group: string;
  label: string;
  cells: Record<BreakdownField, Cell>;
  atRisk: boolean;
  /** Why the group is at risk, e.g. `turnover rate (FTE) above 20%`. */
  risks: string[];
}

export interface Breakdown {
  by: 'team' | 'role';
  title: string;
  rows: BreakdownRow[];
  /** Turnover by group as a bar chart, at-risk groups highlighted, England's figure as a reference line. */
  chart: { title: string; description: string; svg: string };
}

export interface RetentionRow {
  group: string;
  label: string;
  inPost: Cell;
  stabilityIndex: Cell;
  underTwoYears: Cell;
  rollingTurnover: Cell;
}

export interface RetentionView {
  date: string;
  overall: RetentionRow;
  byTeam: RetentionRow[];
}

export interface DashboardOptions {
  authorityCode: string;
  /** The census year to show; default the latest year the council's data covers. */
  censusYear?: number;
  /** False for viewers: small numbers are withheld. */
  personalDataAllowed: boolean;
  thresholds?: Partial<RiskThresholds>;
}

export interface DashboardView {
  authority: { code: string; name: string; regionName: string | null };
  censusYear: number;
  referenceDate: string;
  /** Census years the council's data covers, oldest first (a year in progress included). */
  years: number[];
  /** Each year as the year picker shows it: `2025, in progress (data to 15 November 2024)`. */
  yearOptions: { year: number; label: string }[];
  hasData: boolean;
  /** How far the data runs (src/domain/coverage.ts) and the years it holds whole. */
  coverage: { runsTo: string | null; runsToText: string | null; source: CoverageSource; completeYears: number[] };
  /**
   * Set when the census year shown has not ended in the data: its headline figures are then the
   * rolling 12 months to the data's last day, with no comparison with England, the region,
   * neighbours or last year, and no breakdown by team or role (see retention for those).
   */
  inProgress: { label: string; runsTo: string; runsToText: string } | null;
  benchmarks: {
    /** Null when DfE has not published the census year (or no release is loaded). */
    year: number | null;
    latestPublishedYear: number | null;
    regionName: string | null;
    neighboursNamed: number;
    neighboursFound: number;
  };
  headline: HeadlineFigure[];
  /** LAIT-style comparisons: ranks, quartile bands, each neighbour's figure, a sentence (src/reports/comparisons.ts). */
  comparisons: ComparisonsView | null;
  trends: Trend[];
  byTeam: Breakdown;
  byRole: Breakdown;
  retention: RetentionView;
  thresholds: RiskThresholds;
  /** Plain sentences explaining each threshold, for the page. */
  thresholdTexts: string[];
  suppression: {
    applied: boolean;
    threshold: number;
    /** How many cells on the dashboard are withheld. */
    cells: number;
  };
}

/**
 * The trend charts. FTE in post is a size, not a rate: England's and the region's totals are on
 * another scale and would flatten our line, so only the neighbours' median is drawn beside it.
 */
const TREND_FIELDS: ReadonlyArray<{ field: MeasureField; title: string; unit: string; sizeOnly?: boolean }> = [
  { field: 'turnover_rate_fte', title: 'Turnover rate (FTE)', unit: '%' },
  { field: 'vacancy_rate_fte', title: 'Vacancy rate (FTE)', unit: '%' },
  { field: 'agency_rate_fte', title: 'Agency worker rate (FTE)', unit: '%' },
  { field: 'caseload_fte', title: 'Average caseload (cases per FTE)', unit: '' },
  { field: 'absence_rate_fte', title: 'Sickness absence rate', unit: '%' },
  { field: 'inpost_fte', title: 'Social workers in post (FTE)', unit: '', sizeOnly: true },
];

function describeSeries(names: string[], years: number[]): string {
  if (years.length === 0) return 'No years loaded.';
  const span = years.length === 1 ? `census year ${years[0]}` : `census years ${years[0]} to ${years[years.length - 1]}`;
  return `${names.join(', ')}, ${span}. The same figures are in the table that follows.`;
}

/**
 * Drawing a chart costs tens of milliseconds and a dashboard has eight, while the figures change
 * only when data is imported: keep the SVG of recent inputs. The key is the whole input, so a
 * chart is never reused for other figures.
 */
const CHART_CACHE_SIZE = 500;
const chartCache = new Map<string, string>();

function cachedChart<T>(kind: string, input: T, draw: (input: T) => string): string {
  const key = `${kind}\u0000${JSON.stringify(input, (_key, value: unknown) => (value instanceof Set ? [...value].sort() : value))}`;
  const known = chartCache.get(key);
  if (known !== undefined) {
    chartCache.delete(key);
    chartCache.set(key, known);
    return known;
  }
  const svg = draw(input);
  chartCache.set(key, svg);
  if (chartCache.size > CHART_CACHE_SIZE) chartCache.delete(chartCache.keys().next().value!);
  return svg;
}

// ---------------------------------------------------------------------------------------------
// Our figures: one read of the council's records

/**
 * The dashboard needs every census year, this year by team and by role, and retention: computed
 * as src/reports/metrics.ts computes them (metricsSeries, figuresForYear, figuresByGroup,
 * retentionAt: the same domain functions over the same records, in the same order), but from
 * one read of the records instead of five, since the dashboard is the busiest page. The tests
 * hold these equal to the metrics.ts functions, and so to `retain metrics`.
 */
interface CouncilRecords {
  workers: WorkerRecord[];
  vacancies: VacancyRecord[];
}

export async function councilRecords(db: Db, authorityCode: string): Promise<CouncilRecords> {
  const [workers, vacancies] = await Promise.all([workersForAuthority(db, authorityCode), vacanciesForAuthority(db, authorityCode)]);
  return { workers, vacancies };
}

/** As metricsSeries. */
export function seriesOf(authorityCode: string, { workers, vacancies }: CouncilRecords): AuthorityFigures {
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

/** As figuresForYear and figuresByGroup: over the records that overlap the census year (workersOverlapping). */
export function yearFigures({ workers, vacancies }: CouncilRecords, censusYear: number): { figures: CensusFigures; teams: GroupFigures[]; roles: GroupFigures[] } {
  const from = censusYearStart(censusYear);
  const to = referenceDate(censusYear);
  const input = { workers: workers.filter((record) => record.startDate <= to && (record.endDate === null || record.endDate >= from)), vacancies, censusYear };
  return { figures: computeCensusFigures(input), teams: computeCensusFiguresBy(input, 'team'), roles: computeCensusFiguresBy(input, 'role') };
}

/** As retentionAt. */
export function retentionOf(workers: readonly WorkerRecord[], date: string): RetentionFigures {
  return {
    date,
    rolling: rollingTurnover(workers, date),
    stability: stabilityIndex(workers, date),
    serviceLength: shareUnderTwoYearsService(workers, date),
    byTeam: retentionBy(workers, date, teamOf),
    byRole: retentionBy(workers, date, (record) => record.role),
  };
}

/**
 * The dashboard is the busiest page, and its figures change only when data is imported: a view is
 * kept per database and reused while the council's data version (councilDataVersion, which
 * moves with its records and its authority's details) and the options are the same. Views are shared:
 * callers must not change them.
 */
const VIEW_CACHE_SIZE = 100;
const viewCaches = new WeakMap<Db, Map<string, DashboardView>>();

export async function dashboardFor(db: Db, options: DashboardOptions): Promise<DashboardView> {
  // One primary-key read on a hit: the version also moves when the authority's row (name, region,
  // neighbours), its imports or its stated coverage change, so the authority is read only to build a view.
  const version = await councilDataVersion(db, options.authorityCode);
  const key = JSON.stringify([options.authorityCode, options.censusYear ?? null, options.personalDataAllowed, options.thresholds ?? null, version]);
  let cache = viewCaches.get(db);
  if (!cache) viewCaches.set(db, (cache = new Map()));
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const [authority, coverage] = await Promise.all([getAuthority(db, options.authorityCode), coverageOf(db, options.authorityCode)]);
  if (!authority) throw new Error(`No authority with code "${options.authorityCode}"`);
  // Shared and never changed from here on, so a page rendered from it may be reused (src/web/render.ts).
  const view = shareView(await buildDashboard(db, options, authority, coverage));
  cache.set(key, view);
  if (cache.size > VIEW_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return view;
}

async function buildDashboard(db: Db, options: DashboardOptions, authority: Authority, coverage: DataCoverage): Promise<DashboardView> {
  const { authorityCode, personalDataAllowed } = options;
  const thresholds: RiskThresholds = { ...DEFAULT_RISK_THRESHOLDS, ...options.thresholds };

  const records = await councilRecords(db, authorityCode);
  const series = seriesOf(authorityCode, records);
  const years = series.censusYears;
  // The latest complete year, not the latest year: a year in progress is never the first thing read.
  const censusYear = options.censusYear ?? defaultCensusYear(years, coverage) ?? new Date().getUTCFullYear();
  const completeYears = completeCensusYears(years, coverage);
  const progressLabel = inProgressText(censusYear, coverage);
  const inProgress = progressLabel === null ? null : { label: progressLabel, runsTo: coverage.runsTo!, runsToText: coverageDateText(coverage.runsTo!) };
  const date = referenceDate(censusYear);

  const { figures, teams, roles } = yearFigures(records, censusYear);
  // In a year in progress, retention (rolling 12 months) is at the data's last day, not at a reference date still to come.
  const retention = retentionOf(records.workers, inProgress ? inProgress.runsTo : date);
  const publishedSeries = await benchmarkSeriesAll(db, authorityCode, TREND_FIELDS.map((trend) => trend.field));
  // The benchmarks only: our own figures come from `figures`, withheld as needed.
  const comparison = await compareMeasures(db, authorityCode, censusYear, figures.measures);
  const regionName = comparison.region.name;

  const ours = inProgress ? rollingCells(retention, personalDataAllowed) : ourCells(figures, personalDataAllowed);
  const previousYear = censusYear - 1;
  const previousFigures = series.series.find((entry) => entry.censusYear === previousYear);
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
  const trendYears = completeYears;
  const yearCells = series.series.filter((entry) => trendYears.includes(entry.censusYear)).map((entry) => ourCells(entry, personalDataAllowed));
  const trends: Trend[] = TREND_FIELDS.map(({ field, title, unit, sizeOnly }) => {
    const published = publishedSeries[field];
    const publishedAt = (values: (number | null)[] | undefined, year: number) => {
      const index = published?.years.indexOf(year) ?? -1;
      return index < 0 ? null : (values?.[index] ?? null);
    };
    const trendSeries: TrendSeries[] = [
      { name: authority.name, cells: yearCells.map((cells) => cells[field]) },
      ...(sizeOnly
        ? []
        : [
            { name: 'England', cells: trendYears.map((year) => shownCell(field, publishedAt(published?.england, year))) },
            { name: regionName ?? 'Region', cells: trendYears.map((year) => shownCell(field, publishedAt(published?.region, year))) },
          ]),
      { name: 'Statistical neighbours (median)', cells: trendYears.map((year) => shownCell(field, publishedAt(published?.neighbourMedian, year))) },
    ];
    const description = describeSeries(trendSeries.map((s) => s.name), trendYears);
    return {
      field,
      title,
      description,
      unit,
      years: trendYears,
      series: trendSeries,
      svg: cachedChart<LineChartInput>('line', {
        title: `${title} by census year`,
        description,
        categories: trendYears,
        series: trendSeries.map((s) => ({ name: s.name, values: s.cells.map((cell) => cell.value) })),
        unit,
      }, lineChartSvg),
    };
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

/**
 * The headline figures of a year in progress: the rolling 12 months to the data's last day (as
 * retention shows them), withheld by the same rule; the rest are not available until the year ends.
 */
function rollingCells(retention: RetentionFigures, personalDataAllowed: boolean): Record<MeasureField, Cell> {
  const disclosed = discloseRetention(retention, personalDataAllowed);
  const withheld = new Set(disclosed.suppressed);
  const cells = {} as Record<MeasureField, Cell>;
  for (const measure of HEADLINE_MEASURES) cells[measure.field] = shownCell(measure.field, null);
  const rolling = (field: 'inpost_fte' | 'inpost_headcount' | 'leavers_fte' | 'leavers_headcount' | 'turnover_rate_fte') =>
    withheld.has(`rolling.${field}`) ? SUPPRESSED_CELL : shownCell(field, disclosed.rolling[field]);
  for (const field of ['inpost_fte', 'leavers_fte', 'leavers_headcount', 'turnover_rate_fte'] as const) cells[field] = rolling(field);
  return cells;
}

function groupLabel(by: 'team' | 'role', group: string): string {
  return by === 'role' ? (ROLE_LABELS[group as RoleCode] ?? group) : group;
}

function breakdown(by: 'team' | 'role', groups: GroupFigures[], personalDataAllowed: boolean, thresholds: RiskThresholds, englandTurnover: number | null): Breakdown {
  const rows: BreakdownRow[] = groups.map((group) => {
    const all = ourCells(group, personalDataAllowed);
    const cells = Object.fromEntries(BREAKDOWN_FIELDS.map((field) => [field, all[field]])) as Record<BreakdownField, Cell>;
    const risks = risksOf(cells, thresholds);
    return { group: group.group, label: groupLabel(by, group.group), cells, atRisk: risks.length > 0, risks };
  });
  const noun = by === 'team' ? 'team' : 'role';
  const title = `Turnover rate (FTE) by ${noun}`;
  const atRisk = rows.filter((row) => row.atRisk);
  const description =
    `${rows.length} ${noun}s. ` +
    (atRisk.length > 0 ? `At risk, drawn in red: ${atRisk.map((row) => row.label).join(', ')}. ` : `No ${noun} is at risk. `) +
    (englandTurnover === null ? '' : `The dashed line is England’s ${formatMeasure('turnover_rate_fte', englandTurnover)}. `) +
    'Withheld figures are written as [c] in place of a bar. The same figures are in the table that follows.';
  return {
    by,
    title: by === 'team' ? 'By team' : 'By role',
    rows,
    chart: {
      title,
      description,
      svg: cachedChart<BarChartInput>('bar', {
        title,
        description,
        categories: rows.map((row) => row.label),
        values: rows.map((row) => row.cells.turnover_rate_fte.value),
        unit: '%',
        highlighted: new Set(atRisk.map((row) => row.label)),
        missingLabels: rows.map((row) => (row.cells.turnover_rate_fte.status === 'suppressed' ? '[c]' : null)),
        reference: { name: 'England', value: englandTurnover },
      }, barChartSvg),
    },
  };
}

function retentionRow(group: string, label: string, summary: Pick<RetentionSummary, 'rolling' | 'stability' | 'serviceLength'>, personalDataAllowed: boolean): RetentionRow {
  const disclosed = discloseRetention(summary, personalDataAllowed);
  const withheld = new Set(disclosed.suppressed);
  const cell = (key: string, field: string, value: number | null) => (withheld.has(key) ? SUPPRESSED_CELL : shownCell(field, value));
  return {
    group,
    label,
    inPost: cell('serviceLength.inPost', 'inPost', disclosed.serviceLength.inPost),
    stabilityIndex: cell('stability.stability_index', 'stability_index', disclosed.stability.stability_index),
    underTwoYears: cell('serviceLength.share_under_two_years', 'share_under_two_years', disclosed.serviceLength.share_under_two_years),
    rollingTurnover: cell('rolling.turnover_rate_fte', 'turnover_rate_fte', disclosed.rolling.turnover_rate_fte),
  };
}

function retentionRows(retention: RetentionFigures, personalDataAllowed: boolean): RetentionView {
  return {
    date: retention.date,
    overall: retentionRow('all', 'Whole service', retention, personalDataAllowed),
    byTeam: retention.byTeam.map((summary) => retentionRow(summary.group, summary.group, summary, personalDataAllowed)),
  };
}

// ---------------------------------------------------------------------------------------------
// Tables for CSV and XLSX

/** Tables the dashboard offers as downloads, by the name in their URL. */
export const DASHBOARD_TABLES = ['headline', 'trends', 'team', 'role', 'retention'] as const;
export type DashboardTableName = (typeof DASHBOARD_TABLES)[number];

/** A cell as written to a file: the unrounded number, `c` when withheld, empty when not available. */
function exported(cell: Cell): number | string | null {
  if (cell.status === 'suppressed') return SUPPRESSED_EXPORT;
  if (cell.status === 'not_available') return cell.symbol ?? null;
  return cell.value;
}

type Row = Record<string, unknown>;

/** The Excel format for a figure by its field (a rate, a count, or FTE / caseload at one decimal). */
function formatOfField(field: string): string {
  if (PERCENT_KEYS.has(field) || RATES.has(field)) return NUMBER_FORMATS.percent;
  return COUNTS.has(field) ? NUMBER_FORMATS.whole : NUMBER_FORMATS.oneDecimal;
}
const RETENTION_FORMATS: Record<string, string> = { in_post: NUMBER_FORMATS.whole, stability_index: NUMBER_FORMATS.percent, share_under_two_years: NUMBER_FORMATS.percent, rolling_turnover: NUMBER_FORMATS.percent };

export function dashboardTables(view: DashboardView): Record<DashboardTableName, Table<Row>> {
  const year = view.censusYear;
  const previous = view.headline.find((figure) => figure.change)?.change?.previousYear ?? year - 1;
  const headline: Table<Row> = {
    title: `Headline figures ${year}`,
    columns: [
      { key: 'field', label: 'field' },
      { key: 'measure', label: 'Measure' },
      { key: 'ours', label: view.authority.name },
      { key: 'england', label: 'England' },
      { key: 'region', label: view.benchmarks.regionName ?? 'Region' },
      { key: 'neighbour_median', label: 'Statistical neighbours (median)' },
      { key: 'previous', label: `${view.authority.name} ${previous}` },
      { key: 'change', label: `Change since ${previous}` },
    ],
    rows: view.headline.map((figure) => ({
      field: figure.field,
      measure: figure.label,
      ours: exported(figure.ours),
      england: exported(figure.england),
      region: exported(figure.region),
      neighbour_median: exported(figure.neighbourMedian),
      previous: figure.change ? exported(figure.change.previous) : null,
      change: figure.change?.text ?? null,
    })),
    numberFormat: (row) => formatOfField(String(row.field)),
    csvRounded: (row) => publishedAtOneDecimal(String(row.field)),
  };

  const trends: Table<Row> = {
    title: 'Trends',
    columns: [
      { key: 'field', label: 'field' },
      { key: 'measure', label: 'Measure' },
      { key: 'series', label: 'Series' },
      ...view.years.map((y) => ({ key: String(y), label: String(y) })),
    ],
    rows: view.trends.flatMap((trend) =>
      trend.series.map((s) => ({
        field: trend.field,
        measure: trend.title,
        series: s.name,
        ...Object.fromEntries(trend.years.map((y, index) => [String(y), exported(s.cells[index]!)])),
      })),
    ),
    numberFormat: (row) => formatOfField(String(row.field)),
    csvRounded: (row) => publishedAtOneDecimal(String(row.field)),
  };

  const groupTable = (part: Breakdown, noun: string): Table<Row> => ({
    title: `By ${noun} ${year}`,
    columns: [
      { key: 'group', label: noun === 'team' ? 'Team' : 'Role' },
      ...BREAKDOWN_FIELDS.map((field) => ({ key: field, label: BREAKDOWN_LABELS[field] })),
      { key: 'at_risk', label: 'At risk' },
      { key: 'risks', label: 'Why at risk' },
    ],
    rows: part.rows.map((row) => ({
      group: row.label,
      ...Object.fromEntries(BREAKDOWN_FIELDS.map((field) => [field, exported(row.cells[field])])),
      at_risk: row.atRisk ? 'yes' : 'no',
      risks: row.risks.join('; '),
    })),
    numberFormat: (_row, key) => formatOfField(key),
    csvRounded: (_row, key) => publishedAtOneDecimal(key),
  });

  const retention: Table<Row> = {
    title: `Retention ${view.retention.date}`,
    columns: [
      { key: 'group', label: 'Team' },
      { key: 'in_post', label: 'In post (headcount)' },
      { key: 'stability_index', label: 'Stability index' },
      { key: 'share_under_two_years', label: 'Under 2 years’ service' },
      { key: 'rolling_turnover', label: 'Turnover, last 12 months (FTE)' },
    ],
    rows: [view.retention.overall, ...view.retention.byTeam].map((row) => ({
      group: row.label,
      in_post: exported(row.inPost),
      stability_index: exported(row.stabilityIndex),
      share_under_two_years: exported(row.underTwoYears),
      rolling_turnover: exported(row.rollingTurnover),
    })),
    numberFormat: (_row, key) => RETENTION_FORMATS[key],
    csvRounded: (_row, key) => publishedAtOneDecimal(key),
  };

  return { headline, trends, team: groupTable(view.byTeam, 'team'), role: groupTable(view.byRole, 'role'), retention };
}

