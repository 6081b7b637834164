import type { MeasureField } from '../../domain/measures.ts';
import { isCountField, isRateField, roundedAsShown, type Cell } from './cells.ts';

/**
 * How the dashboard reads its figures: the headline measures with their polarity and definitions,
 * the change since last year, and when a team or role is at risk.
 */

// ---------------------------------------------------------------------------------------------
// Measures and how to read them

/** Whether a rise is good news. Starters are neither: more starters may only be replacing more leavers. */
export type Polarity = 'higher_better' | 'lower_better' | 'neutral';

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

export interface Change {
  previousYear: number;
  previous: Cell;
  /** At the precision shown (one decimal place, headcounts whole); null when either year is not shown. */
  direction: 'up' | 'down' | 'same' | null;
  /** Null when unchanged or not comparable; `no_judgement` for figures where a rise is neither good nor bad. */
  judgement: 'better' | 'worse' | 'no_judgement' | null;
  /** `Up 2.3 percentage points since 2023 (worse)`, `No change since 2023`, `Not comparable with 2023`. */
  text: string;
}

export function changeSince(field: MeasureField, polarity: Polarity, current: Cell, previous: Cell, previousYear: number): Change {
  if (current.value === null || previous.value === null) {
    const why = current.status === 'suppressed' || previous.status === 'suppressed' ? ' (figures withheld)' : '';
    return { previousYear, previous, direction: null, judgement: null, text: `Not comparable with ${previousYear}${why}` };
  }
  const difference = roundedAsShown(field, current.value) - roundedAsShown(field, previous.value);
  const size = Math.abs(Math.round(difference * 10) / 10);
  if (size === 0) return { previousYear, previous, direction: 'same', judgement: null, text: `No change since ${previousYear}` };
  const direction = difference > 0 ? 'up' : 'down';
  const judgement = polarity === 'neutral' ? 'no_judgement' : (direction === 'up') === (polarity === 'higher_better') ? 'better' : 'worse';
  const amount = isRateField(field) ? `${size.toFixed(1)} percentage points` : isCountField(field) ? String(size) : size.toFixed(1);
  const verdict = judgement === 'no_judgement' ? '' : ` (${judgement})`;
  return { previousYear, previous, direction, judgement, text: `${direction === 'up' ? 'Up' : 'Down'} ${amount} since ${previousYear}${verdict}` };
}

// ---------------------------------------------------------------------------------------------
// Teams at risk

/** A group is flagged "at risk" when any of these is above its threshold (strictly). */
export interface RiskThresholds {
  /** Turnover rate (FTE), %. */
  turnover_rate_fte: number;
  /** Vacancy rate (FTE), %. */
  vacancy_rate_fte: number;
  /** Average caseload, cases per FTE. */
  caseload_fte: number;
}

/**
 * Defaults chosen for a first look: about one and a half times the England figures of recent
 * years (turnover about 14-17%, vacancies about 17-20%, caseloads about 16-17; DfE CSWW 2017-2024),
 * rounded to 20. Councils set their own with RETAIN_AT_RISK_* (see the web route) or the option.
 */
export const DEFAULT_RISK_THRESHOLDS: Readonly<RiskThresholds> = { turnover_rate_fte: 20, vacancy_rate_fte: 20, caseload_fte: 20 };

export const RISK_FIELDS = ['turnover_rate_fte', 'vacancy_rate_fte', 'caseload_fte'] as const satisfies ReadonlyArray<keyof RiskThresholds>;

export function riskText(field: keyof RiskThresholds, threshold: number): string {
  if (field === 'caseload_fte') return `average caseload above ${threshold} cases per FTE`;
  return `${field === 'turnover_rate_fte' ? 'turnover rate (FTE)' : 'vacancy rate (FTE)'} above ${threshold}%`;
}

/**
 * The thresholds a group crosses, judged on the figures shown: a figure withheld from a viewer
 * cannot flag a team, since the flag would give away part of what was withheld.
 */
export function risksOf(cells: Partial<Record<MeasureField, Cell>>, thresholds: RiskThresholds): string[] {
  return RISK_FIELDS.filter((field) => {
    const value = cells[field]?.value;
    return value !== null && value !== undefined && value > thresholds[field];
  }).map((field) => riskText(field, thresholds[field]));
}

