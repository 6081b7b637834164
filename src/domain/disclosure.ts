import { MEASURE_FIELDS, type CensusFigures, type CensusMeasures, type CensusPeople, type MeasureField } from './measures.ts';
import type { RetentionSummary } from './retention.ts';

/**
 * Small-number suppression for people who may not see personal data (viewers). A figure built
 * from 1 to 4 people could single someone out, so it is withheld, and so is every rate derived
 * from it (otherwise the hidden count could be worked back from the rate). Zero people are shown:
 * an empty count identifies nobody.
 */
export const SMALL_NUMBER_THRESHOLD = 5;

/** The people families each field is built from. */
const FIELD_SOURCES: Record<MeasureField, ReadonlyArray<keyof CensusPeople>> = {
  inpost_fte: ['inpost'],
  inpost_headcount: ['inpost'],
  starters_fte: ['starters'],
  starters_headcount: ['starters'],
  leavers_fte: ['leavers'],
  leavers_headcount: ['leavers'],
  turnover_rate_fte: ['leavers', 'inpost'],
  turnover_rate_headcount: ['leavers', 'inpost'],
  agency_fte: ['agency'],
  agency_headcount: ['agency'],
  agency_rate_fte: ['agency', 'inpost'],
  agency_rate_headcount: ['agency', 'inpost'],
  agency_cover_fte: [],
  agency_cover_rate_fte: ['agency'],
  vacancy_fte: [],
  vacancy_rate_fte: ['inpost'],
  vacancy_agency_cover_rate_fte: [],
  case_holders_fte: ['case_holders'],
  cases: ['case_holders'],
  caseload_fte: ['case_holders'],
  working_days_lost_fte: ['absence'],
  absence_rate_fte: ['absence'],
};

export function isSmallNumber(people: number, threshold = SMALL_NUMBER_THRESHOLD): boolean {
  return people > 0 && people < threshold;
}

/** The fields that must be withheld from someone who may not see personal data. */
export function suppressedFields(people: CensusPeople, threshold = SMALL_NUMBER_THRESHOLD): Set<MeasureField> {
  const fields = new Set<MeasureField>();
  for (const [field, sources] of Object.entries(FIELD_SOURCES) as Array<[MeasureField, Array<keyof CensusPeople>]>) {
    if (sources.some((source) => isSmallNumber(people[source], threshold))) fields.add(field);
  }
  return fields;
}

export interface DisclosedMeasures {
  /** The measures with withheld fields set to null. */
  measures: { [K in MeasureField]: CensusMeasures[K] | null };
  /** Which nulls are withheld (shown as "suppressed") rather than undefined. */
  suppressed: Set<MeasureField>;
}

export function suppressSmallNumbers(measures: CensusMeasures, people: CensusPeople, threshold = SMALL_NUMBER_THRESHOLD): DisclosedMeasures {
  const suppressed = suppressedFields(people, threshold);
  const disclosed: DisclosedMeasures['measures'] = { ...measures };
  for (const field of suppressed) disclosed[field] = null;
  return { measures: disclosed, suppressed };
}

/**
 * What the API shows a caller: everything to people who may see personal data (analysts, admins),
 * and to viewers the figures with small numbers withheld exactly as the dashboard withholds them
 * (suppressSmallNumbers). A withheld figure is null and named in `suppressed`, so a client can
 * tell "withheld" from "undefined" (a rate over zero is null too, and is not listed).
 */

export interface DisclosedFigures {
  measures: { [K in MeasureField]: CensusMeasures[K] | null };
  /** Withheld fields, in DfE's column order. */
  suppressed: MeasureField[];
}

export function discloseFigures(figures: CensusFigures, maySeeAll: boolean): DisclosedFigures {
  if (maySeeAll) return { measures: figures.measures, suppressed: [] };
  const { measures, suppressed } = suppressSmallNumbers(figures.measures, figures.people);
  return { measures, suppressed: MEASURE_FIELDS.filter((field) => suppressed.has(field)) };
}

type Nullable<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };

export interface DisclosedRetention {
  rolling: Nullable<RetentionSummary['rolling']>;
  stability: Nullable<RetentionSummary['stability']>;
  serviceLength: Nullable<RetentionSummary['serviceLength']>;
  /** Withheld fields as `part.field`, e.g. `rolling.turnover_rate_fte`. */
  suppressed: string[];
}

/**
 * Retention measures for a viewer. The census rule above covers census figures only, so the same
 * rule is applied here to the counts each retention measure is built from: a count of 1 to 4
 * people is withheld with every figure built on it. A share is also withheld when the people it
 * leaves out are 1 to 4 (e.g. 2 of 20 left since last year), since that count follows from it.
 */
export function discloseRetention(summary: Pick<RetentionSummary, 'rolling' | 'stability' | 'serviceLength'>, maySeeAll: boolean): DisclosedRetention {
  const rolling: DisclosedRetention['rolling'] = { ...summary.rolling };
  const stability: DisclosedRetention['stability'] = { ...summary.stability };
  const serviceLength: DisclosedRetention['serviceLength'] = { ...summary.serviceLength };
  const suppressed: string[] = [];
  if (maySeeAll) return { rolling, stability, serviceLength, suppressed };

  const withhold = <T extends object>(part: string, target: T, fields: ReadonlyArray<keyof T & string>) => {
    for (const field of fields) {
      if (suppressed.includes(`${part}.${field}`)) continue;
      (target as Record<string, unknown>)[field] = null;
      suppressed.push(`${part}.${field}`);
    }
  };

  const { leavers_headcount: leavers, inpost_headcount: inPost } = summary.rolling;
  if (isSmallNumber(leavers)) withhold('rolling', rolling, ['leavers_fte', 'leavers_headcount', 'turnover_rate_fte', 'turnover_rate_headcount']);
  if (isSmallNumber(inPost)) withhold('rolling', rolling, ['inpost_fte', 'inpost_headcount', 'turnover_rate_fte', 'turnover_rate_headcount']);

  const { inPostYearAgo, stillInPost } = summary.stability;
  if ([inPostYearAgo, stillInPost, inPostYearAgo - stillInPost].some((count) => isSmallNumber(count))) {
    withhold('stability', stability, ['inPostYearAgo', 'stillInPost', 'stability_index']);
  }

  const { inPost: serving, underTwoYears } = summary.serviceLength;
  if ([serving, underTwoYears, serving - underTwoYears].some((count) => isSmallNumber(count))) {
    withhold('serviceLength', serviceLength, ['inPost', 'underTwoYears', 'share_under_two_years']);
  }
  return { rolling, stability, serviceLength, suppressed };
}
