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

// ---------------------------------------------------------------------------------------------
// Figures inside sentences

/**
 * The same rule for words: a finding, a recommendation or any sentence a viewer or a committee
 * reads must not quote a figure the tables withhold. Two checks, both pure:
 *
 * 1. Figures withheld from the tables (withheldFigureTexts): each rate, FTE or count that
 *    suppressSmallNumbers withholds, written as a page writes it ("66.7%", "2.5"). A number in the
 *    text that reads the same is a quoted withheld figure. Counts of 1 to 4 are not listed: a bare
 *    "3" is in every document (dates, recommendation numbers), so those are caught by rule 2.
 * 2. A count of 1 to 4 people in a sentence, whatever the tables hold: a digit followed by "of"
 *    and a number or "them"/"the ..." ("3 of 3 leavers", "2 of them agency"), or a digit or
 *    followed by a word for people ("2 agency workers", "4 leavers", "3 left"), or one..four
 *    followed by a census noun or verb ("two leavers", "three resigned"; not "recruit two social
 *    workers", which is a plan, not a count).
 *    Zero is shown, as in the tables: it identifies nobody.
 *
 * Worked example: a team of 5 in post, 2 of them agency, has an agency rate built from 2 people,
 * so "Agency workers fill 28.6% of FTE in the Fostering team (5 in post, 2 of them agency)" quotes
 * "28.6%" (rule 1) and "2 of them" (rule 2); redactSmallFigures gives
 * "Agency workers fill [c] of FTE in the Fostering team (5 in post, [c] of them agency)".
 */

/** Fields written as a count, an FTE or a rate; the rest are FTE-like decimals. */
const COUNT_FIELDS = new Set<MeasureField>(['inpost_headcount', 'starters_headcount', 'leavers_headcount', 'agency_headcount', 'cases']);
const PERCENT_FIELDS = new Set<MeasureField>([
  'turnover_rate_fte',
  'turnover_rate_headcount',
  'agency_rate_fte',
  'agency_rate_headcount',
  'agency_cover_rate_fte',
  'vacancy_rate_fte',
  'vacancy_agency_cover_rate_fte',
  'absence_rate_fte',
]);

/** How a withheld value may be written: "66.7%" and "67%" for a rate, "2.5" for an FTE or caseload, "12" for a count of 5 or more. */
function writtenForms(field: MeasureField, value: number): string[] {
  if (COUNT_FIELDS.has(field)) {
    const whole = Math.round(value);
    return whole >= SMALL_NUMBER_THRESHOLD ? [String(whole)] : [];
  }
  const oneDecimal = (Math.round(value * 10) / 10).toFixed(1);
  if (PERCENT_FIELDS.has(field)) return [`${oneDecimal}%`, `${Math.round(value)}%`];
  return [oneDecimal];
}

/**
 * Every figure the tables withhold from viewers, over any number of groups (the council, its teams
 * and roles, in any years), as it could be written in a sentence. Zero is never withheld.
 */
export function withheldFigureTexts(groups: ReadonlyArray<CensusFigures>, threshold = SMALL_NUMBER_THRESHOLD): string[] {
  const texts = new Set<string>();
  for (const { measures, people } of groups) {
    for (const field of suppressedFields(people, threshold)) {
      const value = measures[field];
      if (value === null || !Number.isFinite(value) || value === 0) continue;
      for (const form of writtenForms(field, value)) texts.add(form);
    }
  }
  return [...texts].sort();
}

const SMALL_WORDS = 'one|two|three|four';
const PEOPLE_WORDS =
  '(?:(?:agency|employed|permanent|social|newly|qualified|experienced|senior|case|other)\\s+)*' +
  '(?:leavers?|starters?|workers?|staff|people|persons?|employees?|agency|colleagues|practitioners?|managers?|holders?|vacancies|members?|left|resigned|retired|joined|started|in\\s+post)';
// "N of M" only about people: "3 of 3 leavers", "2 of them agency", "1 of the 4 starters"; never "meeting 1 of 5".
const COUNT_BEFORE_OF = new RegExp(`(?<![\\d.,£])\\b([1-4])\\s+of\\s+(?:them|these|those|(?:the\\s+)?(?:\\d+\\s+)?${PEOPLE_WORDS})`, 'gi');
const COUNT_BEFORE_PEOPLE = new RegExp(`(?<![\\d.,£])\\b([1-4])\\s+${PEOPLE_WORDS}\\b`, 'gi');
// In words, only with the census's own nouns: "recruit two social workers" is a plan, "two leavers" a count.
const WORDS_BEFORE_PEOPLE = new RegExp(`\\b(${SMALL_WORDS})\\s+(?:(?:agency|employed|permanent)\\s+)?(?:leavers?|starters?|left|resigned|retired|joined|started|in\\s+post)\\b`, 'gi');
const OF_SMALL_TOTAL = new RegExp(`(?<![\\d.,£])\\b\\d+\\s+of\\s+([1-4])\\s+${PEOPLE_WORDS}\\b`, 'gi');
const NUMBER = /(?<![\d.,£])\d+(?:\.\d+)?%?(?![\d]|\.\d)/g;

export interface QuotedFigure {
  /** Where in the text, and what: "2" in "2 of them agency", "28.6%". */
  index: number;
  text: string;
  why: 'withheld_figure' | 'small_count';
}

/** Every place `text` quotes a figure built from fewer than 5 people (see above), in order. */
export function quotedSmallFigures(text: string, withheld: readonly string[] = []): QuotedFigure[] {
  const found = new Map<number, QuotedFigure>();
  const known = new Set(withheld);
  for (const match of text.matchAll(NUMBER)) {
    if (known.has(match[0])) found.set(match.index, { index: match.index, text: match[0], why: 'withheld_figure' });
  }
  for (const pattern of [COUNT_BEFORE_OF, COUNT_BEFORE_PEOPLE, WORDS_BEFORE_PEOPLE, OF_SMALL_TOTAL]) {
    for (const match of text.matchAll(pattern)) {
      const count = match[1]!;
      const index = match.index + match[0].indexOf(count, pattern === OF_SMALL_TOTAL ? match[0].search(/of/i) : 0);
      if (!found.has(index)) found.set(index, { index, text: count, why: 'small_count' });
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}

/** The text with every quoted small figure replaced by [c], as the tables show it. */
export function redactSmallFigures(text: string, withheld: readonly string[] = []): string {
  let result = text;
  for (const quoted of quotedSmallFigures(text, withheld).reverse()) {
    result = `${result.slice(0, quoted.index)}[c]${result.slice(quoted.index + quoted.text.length)}`;
  }
  return result;
}
