import type { CensusMeasures, CensusPeople, MeasureField } from './measures.ts';

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
