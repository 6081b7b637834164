import type { CoverageSource } from '../../domain/coverage.ts';
import type { MeasureField } from '../../domain/measures.ts';
import type { ComparisonsView } from '../comparisons.ts';
import type { Cell } from './cells.ts';
import type { Change, HeadlineMeasure, RiskThresholds } from './measures.ts';

/**
 * The dashboard for one council and census year as a plain view model: the web page, its CSV and
 * XLSX downloads, the PDF data pack and evidence packs all read it, so they show the same figures.
 */

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
  /** Thresholds given outright (as an evidence pack is issued): the defaults for any field not given. */
  thresholds?: Partial<RiskThresholds>;
  /**
   * The web pages' thresholds (the environment's, RETAIN_AT_RISK_*): when given and `thresholds`
   * is not, the council's own (Settings) apply over them field by field. They are read with the
   * figures, once per data version (a change to the settings moves it), not on every request.
   */
  defaultThresholds?: RiskThresholds;
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
