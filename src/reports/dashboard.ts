/**
 * The dashboard for one council and census year (src/reports/dashboard/): what other modules
 * import. Its parts, each a file of its own:
 *   cells.ts     a figure as people read it (shown, withheld [c], not available) and as files write it
 *   measures.ts  the headline measures, polarity, change since last year, at-risk thresholds
 *   view.ts      the view model's types
 *   sections.ts  trends, breakdowns by team and role (at risk marked), retention rows, their charts
 *   build.ts     the view built from one load of the council (src/reports/metrics.ts) and kept per
 *                data version; the web page's further sections (survival, exit interviews)
 *   tables.ts    the tables for CSV and XLSX downloads
 */
export { exported, formatMeasure, formatOfField, NOT_AVAILABLE_TEXT, ourCells, shownCell, SUPPRESSED_CELL, SUPPRESSED_EXPORT, SUPPRESSED_TEXT, type Cell, type CellStatus } from './dashboard/cells.ts';
export {
  changeSince,
  DEFAULT_RISK_THRESHOLDS,
  HEADLINE_MEASURES,
  measureLabel,
  RISK_FIELDS,
  riskText,
  risksOf,
  type Change,
  type HeadlineMeasure,
  type Polarity,
  type RiskThresholds,
} from './dashboard/measures.ts';
export {
  BREAKDOWN_FIELDS,
  BREAKDOWN_LABELS,
  type Breakdown,
  type BreakdownField,
  type BreakdownRow,
  type DashboardOptions,
  type DashboardView,
  type HeadlineFigure,
  type RetentionRow,
  type RetentionView,
  type Trend,
  type TrendSeries,
} from './dashboard/view.ts';
export { AT_RISK_LEGEND, TREND_FIELDS } from './dashboard/sections.ts';
export { dashboardFor, dashboardPageSections, type DashboardPageSections } from './dashboard/build.ts';
export { DASHBOARD_TABLES, dashboardTables, type DashboardTableName } from './dashboard/tables.ts';
