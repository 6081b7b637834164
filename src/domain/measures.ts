import { inPostOn, isLeaverIn, isStarterIn, referenceDate, workingDaysInCensusYear } from './census.ts';
import type { Service } from './codes.ts';
import type { VacancyRecord, WorkerRecord } from './workforce.ts';

/**
 * The DfE CSWW census measures, named exactly as the columns of DfE's published `csww_indicators`
 * files so that our figures and the published ones sit side by side. Definitions:
 * shared/spec/workforce-data.md, "Measures for census year Y". Each rate states its formula below
 * (worked out in deriveRates); every rate is a percentage, and null, never 0, when its denominator is 0.
 */
export interface CensusMeasures {
  inpost_fte: number;
  inpost_headcount: number;
  starters_fte: number;
  starters_headcount: number;
  leavers_fte: number;
  leavers_headcount: number;
  /** `leavers_fte / inpost_fte * 100`: FTE of employed leavers in the year over FTE of employed staff in post on the reference date. */
  turnover_rate_fte: number | null;
  /** `leavers_headcount / inpost_headcount * 100`. */
  turnover_rate_headcount: number | null;
  agency_fte: number;
  agency_headcount: number;
  /** `agency_fte / (agency_fte + inpost_fte) * 100`: agency workers' share of everyone in post on the reference date. */
  agency_rate_fte: number | null;
  /** `agency_headcount / (agency_headcount + inpost_headcount) * 100`. */
  agency_rate_headcount: number | null;
  agency_cover_fte: number | null;
  /** `agency_cover_fte / agency_fte * 100`: the share of agency FTE that covers a vacancy. */
  agency_cover_rate_fte: number | null;
  vacancy_fte: number | null;
  /** `vacancy_fte / (vacancy_fte + inpost_fte) * 100`: vacant FTE over the posts there are (vacant plus filled by employed staff). */
  vacancy_rate_fte: number | null;
  /** `agency_cover_fte / vacancy_fte * 100`: the share of vacant FTE covered by agency workers. */
  vacancy_agency_cover_rate_fte: number | null;
  case_holders_fte: number;
  cases: number;
  /** `cases / case_holders_fte`: cases per FTE of case holders (employed or agency, in post with 1 case or more). Not a percentage. */
  caseload_fte: number | null;
  working_days_lost_fte: number;
  /**
   * `working_days_lost_fte / (absence_inpost_fte * D) * 100`, D the working days in the census year
   * (254 when it holds 29 February, else 253); only employed records with `working_days_lost` given
   * count in the denominator's FTE.
   */
  absence_rate_fte: number | null;
}

export type MeasureField = keyof CensusMeasures;

/** Output fields in DfE's column order. */
export const MEASURE_FIELDS = [
  'inpost_fte',
  'inpost_headcount',
  'starters_fte',
  'starters_headcount',
  'leavers_fte',
  'leavers_headcount',
  'turnover_rate_fte',
  'turnover_rate_headcount',
  'agency_fte',
  'agency_headcount',
  'agency_rate_fte',
  'agency_rate_headcount',
  'agency_cover_fte',
  'agency_cover_rate_fte',
  'vacancy_fte',
  'vacancy_rate_fte',
  'vacancy_agency_cover_rate_fte',
  'case_holders_fte',
  'cases',
  'caseload_fte',
  'working_days_lost_fte',
  'absence_rate_fte',
] as const satisfies readonly MeasureField[];

/** Fields that are percentages (compare at one decimal place); the rest are FTE, headcounts or counts. */
export const RATE_FIELDS = [
  'turnover_rate_fte',
  'turnover_rate_headcount',
  'agency_rate_fte',
  'agency_rate_headcount',
  'agency_cover_rate_fte',
  'vacancy_rate_fte',
  'vacancy_agency_cover_rate_fte',
  'absence_rate_fte',
] as const satisfies readonly MeasureField[];
export type RateField = (typeof RATE_FIELDS)[number];

/**
 * The counts and sums every rate is built from: the inputs DfE publishes beside each rate, plus
 * `absence_inpost_fte`, which DfE does not publish.
 */
export type CensusTotals = Omit<CensusMeasures, RateField | 'caseload_fte'> & {
  /** In-post FTE of employed records that have `working_days_lost`: the absence rate's denominator. */
  absence_inpost_fte: number;
  /** How many people (distinct workers) each figure is built from, for small-number suppression. */
  people: CensusPeople;
};

/** Distinct workers behind each family of figures. Vacancies are posts, not people, so have none. */
export interface CensusPeople {
  inpost: number;
  starters: number;
  leavers: number;
  agency: number;
  case_holders: number;
  absence: number;
}

export interface CensusInput {
  workers: readonly WorkerRecord[];
  vacancies: readonly VacancyRecord[];
  censusYear: number;
}

/**
 * Which records the census counts. The CSWW census is of children's social workers, so records
 * marked `service = adults` are left out of the official measures (the contract is silent; DfE's
 * collection is children's services only).
 */
export function isCensusRecord(record: WorkerRecord, service: Service = 'children'): boolean {
  return record.service === service;
}

/** percentage = numerator / denominator * 100; null when the denominator is zero or either side is unknown. */
export function percentage(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return (numerator / denominator) * 100;
}

function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/**
 * FTE and working days lost are summed exactly, in whole billionths: each value is rounded to
 * the nearest billionth (`Math.floor(value * 1e9 + 0.5)`), the integers added, and the total
 * divided by 1e9 once. Integers below 2^53 add exactly in any order, so a total no longer depends
 * on the order the records come in, and the database can sum the same integers without sorting
 * (src/db/census-totals.ts does the same IEEE operations: `floor(value * 1e9::float8 +
 * 0.5::float8)`, then exactUnitsTotal). Billionths rather than millionths because FTE is often
 * hours over 37 (0.608108...): the rounding moves a record by at most 5e-10, and a total stays
 * exact up to 9 million FTE or days. Adding the floats themselves gave a total whose last bits
 * depend on the order ((0.1 + 0.2) + 0.3 is not 0.1 + (0.2 + 0.3)), so the database had to sort
 * the records for every sum to give the same figure.
 */
export const EXACT_UNITS_PER_ONE = 1e9;

/** A value as a whole number of billionths (see EXACT_UNITS_PER_ONE). */
export function exactUnits(value: number): number {
  return Math.floor(value * EXACT_UNITS_PER_ONE + 0.5);
}

/** A sum of exactUnits back as FTE or days: the one division. */
export function exactUnitsTotal(units: number): number {
  return units / EXACT_UNITS_PER_ONE;
}

function sumExact<T>(items: readonly T[], amountOf: (item: T) => number): number {
  let units = 0;
  for (const item of items) units += exactUnits(amountOf(item));
  return exactUnitsTotal(units);
}

/** The FTE of the records, summed exactly (see EXACT_UNITS_PER_ONE): the census measures' sum, for any measure that must agree with them. */
export function sumFte(records: readonly WorkerRecord[]): number {
  return sumExact(records, (record) => record.fte);
}

function headcount(records: readonly WorkerRecord[]): number {
  return new Set(records.map((record) => record.workerId)).size;
}

/**
 * Vacancy figures at the census reference date. When the council returned no vacancy row for that
 * date, vacancy and cover FTE are null ("not available"), not 0: a missing return is not a council
 * with no vacancies.
 */
function vacancyTotals(vacancies: readonly VacancyRecord[], censusYear: number) {
  const atReference = vacancies.filter((row) => row.referenceDate === referenceDate(censusYear));
  if (atReference.length === 0) return { vacancy_fte: null, agency_cover_fte: null };
  return { vacancy_fte: sumExact(atReference, (row) => row.vacancyFte), agency_cover_fte: sumExact(atReference, (row) => row.agencyCoverFte) };
}

/** The sums and headcounts for census year Y, over the records given (callers filter to census records first). */
export function computeCensusTotals({ workers, vacancies, censusYear }: CensusInput): CensusTotals {
  const date = referenceDate(censusYear);
  const inPost = workers.filter((record) => inPostOn(record, date));
  const employedInPost = inPost.filter((record) => !record.agency);
  const agencyInPost = inPost.filter((record) => record.agency);
  const employed = workers.filter((record) => !record.agency);
  const starters = employed.filter((record) => isStarterIn(record, censusYear));
  const leavers = employed.filter((record) => isLeaverIn(record, censusYear));
  const caseHolders = inPost.filter((record) => record.cases !== null && record.cases >= 1);
  const withAbsence = employedInPost.filter((record) => record.workingDaysLost !== null);

  return {
    inpost_fte: sumFte(employedInPost),
    inpost_headcount: headcount(employedInPost),
    starters_fte: sumFte(starters),
    starters_headcount: headcount(starters),
    leavers_fte: sumFte(leavers),
    leavers_headcount: headcount(leavers),
    agency_fte: sumFte(agencyInPost),
    agency_headcount: headcount(agencyInPost),
    ...vacancyTotals(vacancies, censusYear),
    case_holders_fte: sumFte(caseHolders),
    cases: caseHolders.reduce((total, record) => total + (record.cases ?? 0), 0),
    working_days_lost_fte: sumExact(withAbsence, (record) => record.workingDaysLost ?? 0),
    absence_inpost_fte: sumFte(withAbsence),
    people: {
      inpost: headcount(employedInPost),
      starters: headcount(starters),
      leavers: headcount(leavers),
      agency: headcount(agencyInPost),
      case_holders: headcount(caseHolders),
      absence: headcount(withAbsence),
    },
  };
}

/**
 * The rates from the totals, as the contract defines them. Used for our own records and to
 * recompute DfE's published rates from the inputs published beside them.
 */
export function deriveRates(totals: Omit<CensusTotals, 'absence_inpost_fte' | 'people'> & { absence_inpost_fte: number | null }, censusYear: number): Pick<CensusMeasures, RateField | 'caseload_fte'> {
  const agencyShareDenominatorFte = totals.agency_fte + totals.inpost_fte;
  const agencyShareDenominatorHeadcount = totals.agency_headcount + totals.inpost_headcount;
  return {
    turnover_rate_fte: percentage(totals.leavers_fte, totals.inpost_fte),
    turnover_rate_headcount: percentage(totals.leavers_headcount, totals.inpost_headcount),
    agency_rate_fte: percentage(totals.agency_fte, agencyShareDenominatorFte),
    agency_rate_headcount: percentage(totals.agency_headcount, agencyShareDenominatorHeadcount),
    agency_cover_rate_fte: percentage(totals.agency_cover_fte, totals.agency_fte),
    vacancy_rate_fte: percentage(totals.vacancy_fte, totals.vacancy_fte === null ? null : totals.vacancy_fte + totals.inpost_fte),
    vacancy_agency_cover_rate_fte: percentage(totals.agency_cover_fte, totals.vacancy_fte),
    caseload_fte: ratio(totals.cases, totals.case_holders_fte),
    absence_rate_fte: percentage(totals.working_days_lost_fte, totals.absence_inpost_fte === null ? null : totals.absence_inpost_fte * workingDaysInCensusYear(censusYear)),
  };
}

export interface CensusFigures {
  measures: CensusMeasures;
  people: CensusPeople;
}

/** Every census measure for year Y, for children's services records, with the people behind them. */
export function computeCensusFigures(input: CensusInput): CensusFigures {
  const workers = input.workers.filter((record) => isCensusRecord(record));
  return figuresFromTotals(computeCensusTotals({ ...input, workers }), input.censusYear);
}

/**
 * The published measures (in DfE's column order, rates derived) and the people behind them, from
 * the totals: from computeCensusTotals, or from the same totals summed by the database
 * (src/db/census-totals.ts), which the tests hold equal to computeCensusTotals.
 */
export function figuresFromTotals(totals: CensusTotals, censusYear: number): CensusFigures {
  const { absence_inpost_fte: _notAnOutputField, people, ...published } = totals;
  return { measures: orderFields({ ...published, ...deriveRates(totals, censusYear) }), people };
}

/** Every census measure for year Y, for children's services records. */
export function computeCensusMeasures(input: CensusInput): CensusMeasures {
  return computeCensusFigures(input).measures;
}

function orderFields(measures: CensusMeasures): CensusMeasures {
  return Object.fromEntries(MEASURE_FIELDS.map((field) => [field, measures[field]])) as unknown as CensusMeasures;
}

export type GroupBy = 'team' | 'role';

/** Records without a team are grouped under this name. */
export const NO_TEAM = '(no team)';

export function teamOf(record: WorkerRecord): string {
  return record.team ?? NO_TEAM;
}

/** Records grouped by any field or derived key (team, role, grade, age band...), in first-seen order. */
export function groupRecords(workers: readonly WorkerRecord[], keyOf: (record: WorkerRecord) => string): Map<string, WorkerRecord[]> {
  const groups = new Map<string, WorkerRecord[]>();
  for (const record of workers) {
    const key = keyOf(record);
    const list = groups.get(key);
    if (list) list.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

export interface GroupMeasures extends CensusMeasures {
  group: string;
}

export interface GroupFigures extends CensusFigures {
  group: string;
}

/**
 * The census measures for each team or role. A team's vacancies are the vacancy rows for that
 * team; vacancy returns carry no role, so by role the vacancy figures are null. Groups are sorted
 * by name; a team that has vacancy rows but no records still appears.
 */
export function computeCensusMeasuresBy(input: CensusInput, by: GroupBy): GroupMeasures[] {
  return computeCensusFiguresBy(input, by).map(({ group, measures }) => ({ group, ...measures }));
}

export function computeCensusFiguresBy(input: CensusInput, by: GroupBy): GroupFigures[] {
  const workers = input.workers.filter((record) => isCensusRecord(record));
  const groups = groupRecords(workers, by === 'team' ? teamOf : (record) => record.role);
  if (by === 'team') {
    for (const row of input.vacancies) {
      if (row.team !== null && row.referenceDate === referenceDate(input.censusYear) && !groups.has(row.team)) groups.set(row.team, []);
    }
  }
  return [...groups.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((group) => {
      const vacancies = by === 'team' ? input.vacancies.filter((row) => (row.team ?? NO_TEAM) === group) : [];
      return { group, ...computeCensusFigures({ workers: groups.get(group) ?? [], vacancies, censusYear: input.censusYear }) };
    });
}
