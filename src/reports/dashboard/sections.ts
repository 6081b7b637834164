import { ROLE_LABELS, type RoleCode } from '../../domain/codes.ts';
import { discloseRetention } from '../../domain/disclosure.ts';
import type { BenchmarkSeries } from '../../domain/benchmarks.ts';
import type { GroupFigures, MeasureField } from '../../domain/measures.ts';
import type { RetentionSummary } from '../../domain/retention.ts';
import { barChartSvg, lineChartSvg, type BarChartInput, type LineChartInput } from '../charts.ts';
import type { RetentionFigures } from '../metrics.ts';
import { formatMeasure, ourCells, shownCell, SUPPRESSED_CELL, SUPPRESSED_TEXT, type Cell } from './cells.ts';
import { HEADLINE_MEASURES, risksOf, type RiskThresholds } from './measures.ts';
import { BREAKDOWN_FIELDS, type Breakdown, type BreakdownField, type BreakdownRow, type RetentionRow, type RetentionView, type Trend, type TrendSeries } from './view.ts';

/**
 * The dashboard's sections built from figures already computed: the trend charts, the breakdowns
 * by team and role with their at-risk marks, and the retention table. Pure: no database.
 */

// ---------------------------------------------------------------------------------------------
// Trends

/**
 * The trend charts. FTE in post is a size, not a rate: England's and the region's totals are on
 * another scale and would flatten our line, so only the neighbours' median is drawn beside it.
 */
export const TREND_FIELDS: ReadonlyArray<{ field: MeasureField; title: string; unit: string; sizeOnly?: boolean }> = [
  { field: 'turnover_rate_fte', title: 'Turnover rate (FTE)', unit: '%' },
  { field: 'vacancy_rate_fte', title: 'Vacancy rate (FTE)', unit: '%' },
  { field: 'agency_rate_fte', title: 'Agency worker rate (FTE)', unit: '%' },
  { field: 'caseload_fte', title: 'Average caseload (cases per FTE)', unit: '' },
  { field: 'absence_rate_fte', title: 'Sickness absence rate', unit: '%' },
  { field: 'inpost_fte', title: 'Social workers in post (FTE)', unit: '', sizeOnly: true },
];

function describeSeries(series: readonly TrendSeries[], years: readonly number[]): string {
  if (years.length === 0) return 'No years loaded.';
  const span = years.length === 1 ? `census year ${years[0]}` : `census years ${years[0]} to ${years[years.length - 1]}`;
  // Say in words which points are withheld: the chart writes [c] where each would be.
  const withheld = series.flatMap((s) => {
    const at = years.filter((_, index) => s.cells[index]?.status === 'suppressed');
    return at.length === 0 ? [] : [`${s.name} ${at.join(', ')}`];
  });
  const note = withheld.length === 0 ? '' : ` Withheld (fewer than 5 people), written ${SUPPRESSED_TEXT}: ${withheld.join('; ')}.`;
  return `${series.map((s) => s.name).join(', ')}, ${span}.${note} The same figures are in the table that follows.`;
}

/** Each trend: our figures for every complete year (withheld as needed) beside the published series. */
export function trendsOf(options: {
  authorityName: string;
  regionName: string | null;
  years: readonly number[];
  /** Our cells for each of `years`, in order. */
  yearCells: ReadonlyArray<Record<MeasureField, Cell>>;
  published: Record<string, BenchmarkSeries>;
}): Trend[] {
  const { years } = options;
  return TREND_FIELDS.map(({ field, title, unit, sizeOnly }) => {
    const published = options.published[field];
    const publishedAt = (values: (number | null)[] | undefined, year: number) => {
      const index = published?.years.indexOf(year) ?? -1;
      return index < 0 ? null : (values?.[index] ?? null);
    };
    const series: TrendSeries[] = [
      { name: options.authorityName, cells: options.yearCells.map((cells) => cells[field]) },
      ...(sizeOnly
        ? []
        : [
            { name: 'England', cells: years.map((year) => shownCell(field, publishedAt(published?.england, year))) },
            { name: options.regionName ?? 'Region', cells: years.map((year) => shownCell(field, publishedAt(published?.region, year))) },
          ]),
      { name: 'Statistical neighbours (median)', cells: years.map((year) => shownCell(field, publishedAt(published?.neighbourMedian, year))) },
    ];
    const description = describeSeries(series, years);
    return {
      field,
      title,
      description,
      unit,
      years: [...years],
      series,
      svg: cachedChart<LineChartInput>(
        'line',
        {
          title: `${title} by census year`,
          description,
          categories: years,
          series: series.map((s) => ({
            name: s.name,
            values: s.cells.map((cell) => cell.value),
            withheld: s.cells.map((cell) => cell.status === 'suppressed'),
          })),
          unit,
        },
        lineChartSvg,
      ),
    };
  });
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
// Headline figures of a year in progress

/**
 * The headline figures of a year in progress: the rolling 12 months to the data's last day (as
 * retention shows them), withheld by the same rule; the rest are not available until the year ends.
 */
export function rollingCells(retention: RetentionFigures, personalDataAllowed: boolean): Record<MeasureField, Cell> {
  const disclosed = discloseRetention(retention, personalDataAllowed);
  const withheld = new Set(disclosed.suppressed);
  const cells = {} as Record<MeasureField, Cell>;
  for (const measure of HEADLINE_MEASURES) cells[measure.field] = shownCell(measure.field, null);
  const rolling = (field: 'inpost_fte' | 'inpost_headcount' | 'leavers_fte' | 'leavers_headcount' | 'turnover_rate_fte') =>
    withheld.has(`rolling.${field}`) ? SUPPRESSED_CELL : shownCell(field, disclosed.rolling[field]);
  for (const field of ['inpost_fte', 'leavers_fte', 'leavers_headcount', 'turnover_rate_fte'] as const) cells[field] = rolling(field);
  return cells;
}

// ---------------------------------------------------------------------------------------------
// By team and by role

function groupLabel(by: 'team' | 'role', group: string): string {
  return by === 'role' ? (ROLE_LABELS[group as RoleCode] ?? group) : group;
}

/** What the breakdown chart's red means, in its legend and its text alternative. */
export const AT_RISK_LEGEND = 'At risk (above a threshold)';

export function breakdown(by: 'team' | 'role', groups: GroupFigures[], personalDataAllowed: boolean, thresholds: RiskThresholds, englandTurnover: number | null): Breakdown {
  const rows: BreakdownRow[] = groups.map((group) => {
    const all = ourCells(group, personalDataAllowed);
    const cells = Object.fromEntries(BREAKDOWN_FIELDS.map((field) => [field, all[field]])) as Record<BreakdownField, Cell>;
    const risks = risksOf(cells, thresholds);
    return { group: group.group, label: groupLabel(by, group.group), cells, atRisk: risks.length > 0, risks };
  });
  const noun = by === 'team' ? 'team' : 'role';
  const title = `Turnover rate (FTE) by ${noun}`;
  const atRisk = rows.filter((row) => row.atRisk);
  const withheld = rows.filter((row) => row.cells.turnover_rate_fte.status === 'suppressed');
  const description =
    `${rows.length} ${noun}s. ` +
    (atRisk.length > 0 ? `At risk (above a threshold: see the list above the chart), drawn in red: ${atRisk.map((row) => row.label).join(', ')}. ` : `No ${noun} is at risk. `) +
    (englandTurnover === null ? '' : `The dashed line is England’s ${formatMeasure('turnover_rate_fte', englandTurnover)}. `) +
    (withheld.length > 0 ? `Withheld (fewer than 5 people), written ${SUPPRESSED_TEXT} in place of a bar: ${withheld.map((row) => row.label).join(', ')}. ` : '') +
    'The same figures are in the table that follows.';
  return {
    by,
    title: by === 'team' ? 'By team' : 'By role',
    rows,
    chart: {
      title,
      description,
      svg: cachedChart<BarChartInput>(
        'bar',
        {
          title,
          description,
          categories: rows.map((row) => row.label),
          values: rows.map((row) => row.cells.turnover_rate_fte.value),
          unit: '%',
          highlighted: new Set(atRisk.map((row) => row.label)),
          legend: { highlighted: AT_RISK_LEGEND, other: 'Not at risk' },
          missingLabels: rows.map((row) => (row.cells.turnover_rate_fte.status === 'suppressed' ? SUPPRESSED_TEXT : null)),
          reference: { name: 'England', value: englandTurnover },
        },
        barChartSvg,
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Retention

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

export function retentionRows(retention: RetentionFigures, personalDataAllowed: boolean): RetentionView {
  return {
    date: retention.date,
    overall: retentionRow('all', 'Whole service', retention, personalDataAllowed),
    byTeam: retention.byTeam.map((summary) => retentionRow(summary.group, summary.group, summary, personalDataAllowed)),
  };
}
