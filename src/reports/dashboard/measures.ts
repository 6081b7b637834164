import type { MeasureField } from '../../domain/measures.ts';
import { isCountField, isRateField, type Cell } from './cells.ts';
import { changeSince as changeBetween, type Change as ChangeOf, type Polarity, type Precision } from '../../domain/change.ts';
import { DEFAULT_RISK_THRESHOLDS, RISK_FIELDS, riskText, risksOf as risksOfValues, type RiskThresholds } from '../../domain/at-risk.ts';

/**
 * How the dashboard reads its figures: the headline measures with their polarity and definitions,
 * the change since last year, and when a team or role is at risk.
 */

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
  {
    field: 'inpost_fte',
    label: 'Social workers in post (FTE)',
    polarity: 'higher_better',
    definition: 'Full-time equivalent of employed (not agency) children’s social workers in post on the reference date.',
  },
  { field: 'turnover_rate_fte', label: 'Turnover rate (FTE)', polarity: 'lower_better', definition: 'FTE of employed leavers in the year divided by FTE in post on the reference date.' },
  { field: 'vacancy_rate_fte', label: 'Vacancy rate (FTE)', polarity: 'lower_better', definition: 'Vacant FTE divided by vacant FTE plus FTE in post, on the reference date.' },
  { field: 'agency_rate_fte', label: 'Agency worker rate (FTE)', polarity: 'lower_better', definition: 'Agency FTE divided by agency FTE plus employed FTE in post, on the reference date.' },
  {
    field: 'caseload_fte',
    label: 'Average caseload (cases per FTE)',
    polarity: 'lower_better',
    definition: 'Cases held on the reference date divided by the FTE of case holders (employed or agency).',
  },
  {
    field: 'absence_rate_fte',
    label: 'Sickness absence rate',
    polarity: 'lower_better',
    definition: 'Working days lost to sickness in the year as a share of working days available to employed staff in post.',
  },
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

const precisionOf = (field: string): Precision => (isRateField(field) ? 'rate' : isCountField(field) ? 'count' : 'decimal');

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
