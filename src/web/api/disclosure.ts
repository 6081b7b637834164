import { isSmallNumber, suppressSmallNumbers } from '../../domain/disclosure.ts';
import { MEASURE_FIELDS, type CensusFigures, type CensusMeasures, type MeasureField } from '../../domain/measures.ts';
import type { RetentionSummary } from '../../domain/retention.ts';

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
 * Retention measures for a viewer. The disclosure module covers census figures only, so the same
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
