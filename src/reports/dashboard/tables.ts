import { NUMBER_FORMATS, publishedAtOneDecimal, type Table } from '../tables.ts';
import { exported, formatOfField } from './cells.ts';
import { BREAKDOWN_FIELDS, BREAKDOWN_LABELS, type Breakdown, type DashboardView } from './view.ts';

/** The dashboard's tables for CSV and XLSX downloads: the same cells the page shows. */

/** Tables the dashboard offers as downloads, by the name in their URL. */
export const DASHBOARD_TABLES = ['headline', 'trends', 'team', 'role', 'retention'] as const;
export type DashboardTableName = (typeof DASHBOARD_TABLES)[number];

type Row = Record<string, unknown>;

const RETENTION_FORMATS: Record<string, string> = {
  in_post: NUMBER_FORMATS.whole,
  stability_index: NUMBER_FORMATS.percent,
  share_under_two_years: NUMBER_FORMATS.percent,
  rolling_turnover: NUMBER_FORMATS.percent,
};

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
    columns: [{ key: 'field', label: 'field' }, { key: 'measure', label: 'Measure' }, { key: 'series', label: 'Series' }, ...view.years.map((y) => ({ key: String(y), label: String(y) }))],
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
