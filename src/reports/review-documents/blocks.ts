import { FOCUS_GROUP_LABELS, METHOD_LABELS, evaluationDateFor, type EvidenceKind, type IndicatorGroup, type IndicatorMeasure, type ReviewScope } from '../../domain/reviews.ts';
import { ROLE_LABELS, type RoleCode } from '../../domain/codes.ts';
import { longDate, oneDecimal } from '../../domain/format.ts';
import { formatMeasure, measureLabel } from '../dashboard.ts';
import type { ReferencedRecommendation, ReviewDossier } from '../review-dossier.ts';
import { NONE_RECORDED, type Block, type TableBlock } from './model.ts';

/** The pieces the review documents share: how an indicator's measure and figures read, and small block makers. */

// measureLabel knows the dashboard's measures; these two headcount rates are not on the dashboard.
const EXTRA_LABELS: Partial<Record<IndicatorMeasure, string>> = {
  turnover_rate_headcount: 'Turnover rate (headcount)',
  agency_rate_headcount: 'Agency worker rate (headcount)',
};

export function indicatorMeasureLabel(measure: IndicatorMeasure | null, group?: IndicatorGroup | null): string {
  if (!measure) return 'Not tied to a measure';
  const label = EXTRA_LABELS[measure] ?? measureLabel(measure);
  return group ? `${label}: ${indicatorGroupLabel(group)}` : label;
}

/** "Assessment team", or a role's name: who an indicator is tracked for. */
export function indicatorGroupLabel(group: IndicatorGroup): string {
  return group.by === 'team' ? `${group.name} team` : (ROLE_LABELS[group.name as RoleCode] ?? group.name);
}

/** A baseline, target or current figure in its measure's units; plain when the indicator has no measure. */
export function indicatorValue(measure: IndicatorMeasure | null, value: number | null): string {
  if (value === null) return 'Not set';
  return measure ? formatMeasure(measure, value) : String(value);
}

/** `+1.2 percentage points`, `-3.0`: signed, since the direction is the point. */
export function changeText(measure: IndicatorMeasure | null, change: number | null): string {
  if (change === null) return 'Not available';
  // Signed as shown: a change that rounds to 0.0 is no change, not "−0.0".
  const size = Math.round(Math.abs(change) * 10) / 10;
  if (size === 0) return 'No change';
  const sign = change > 0 ? '+' : '−';
  if (measure?.includes('_rate_')) return `${sign}${oneDecimal(size)} percentage points`;
  return `${sign}${measure ? formatMeasure(measure, size) : String(size)}`;
}

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  document: 'Document',
  focus_group: 'Focus group',
  other_council_policy: 'Another council’s policy',
  survey: 'Survey',
  other: 'Other',
};

export const text = (value: string, label?: string): Block => (label ? { kind: 'paragraph', text: value, label } : { kind: 'paragraph', text: value });
export const none = (): Block => ({ kind: 'paragraph', text: NONE_RECORDED });
/** Free text, or "None recorded": an empty section is printed, not dropped, so gaps show. */
export const textOrNone = (value: string): Block[] => (value.trim() ? [text(value.trim())] : [none()]);
export const listOrNone = (items: string[], ordered: boolean): Block[] => (items.length > 0 ? [{ kind: 'list', ordered, items }] : [none()]);
export const tableOrNone = (block: TableBlock): Block[] => (block.rows.length > 0 ? [block] : [none()]);

export function indicatorsTable(scope: ReviewScope): TableBlock {
  return {
    kind: 'table',
    columns: [{ label: 'Indicator' }, { label: 'Measure' }, { label: 'Baseline', numeric: true }, { label: 'Target', numeric: true }],
    rows: scope.indicators.map((i) => [i.description, indicatorMeasureLabel(i.measure, i.group), indicatorValue(i.measure, i.baseline), indicatorValue(i.measure, i.target)]),
  };
}

export function methodologyBlocks(scope: ReviewScope): Block[] {
  const blocks: Block[] = [];
  if (scope.methods.length > 0) blocks.push({ kind: 'list', ordered: false, items: scope.methods.map((m) => METHOD_LABELS[m]) });
  if (scope.focusGroups.length > 0) {
    blocks.push(text('Focus groups with:'), { kind: 'list', ordered: false, items: scope.focusGroups.map((g) => FOCUS_GROUP_LABELS[g]) });
  }
  if (scope.otherMethods.trim()) blocks.push(text(scope.otherMethods.trim(), 'Other methods:'));
  return blocks.length > 0 ? blocks : [none()];
}

export function evaluationDateText(dossier: ReviewDossier): string {
  const { scope, recommendationsAgreedOn } = dossier.review;
  const date = evaluationDateFor(scope, recommendationsAgreedOn);
  if (!date) return '12 months after recommendations are agreed';
  if (scope.evaluationDate) return longDate(date);
  return `${longDate(date)} (12 months after the recommendations were agreed on ${longDate(recommendationsAgreedOn!)})`;
}

export function reportingText(scope: ReviewScope): string {
  const parts = [scope.reportingDate ? longDate(scope.reportingDate) : '', scope.reportingRoute.trim()].filter(Boolean);
  return parts.join('. ');
}

/** "Recommendation 2 (CYP 2025/26-03)": its number in the review and the council's reference, which the tracker and later reports use. */
export function recommendationName(recommendation: Pick<ReferencedRecommendation, 'number' | 'reference'>): string {
  return recommendation.reference ? `Recommendation ${recommendation.number} (${recommendation.reference})` : `Recommendation ${recommendation.number}`;
}
