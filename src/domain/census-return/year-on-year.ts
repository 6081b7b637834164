import type { CensusMeasures } from '../measures.ts';
import { returnedWorker, type CensusReturn } from './model.ts';

/**
 * The year-on-year checks DfE queries councils about after a return is loaded (the census guide's
 * "year-on-year checks"): big changes from the council's previous return and figures outside the
 * usual range, each listed as a query to explain. Codes are Retain's own (RTN-Y..), as for the
 * other rules (rules.ts says why); thresholds are below, each with its reason.
 *
 * The previous year is DfE's published row for the council when one is loaded (what DfE holds
 * from last year's return, so what it will compare with), else Retain's own figures for that year.
 */

/** A change in headcount, FTE or agency FTE beyond this share of last year's is queried (the issue's 10%). */
export const CHANGE_THRESHOLD_PERCENT = 10;
/** Leavers without a known reason (none, "not known" or "not yet collected") above this share of leavers are queried (our threshold: one in ten). */
export const NO_REASON_THRESHOLD_PERCENT = 10;
/**
 * Average caseload (cases per case-holding FTE) outside this range is queried: England's was
 * 15.4 in 2024 and councils' published figures run from about 10 to 25, so a figure outside is
 * more often a counting slip (cases of non-case-holders, FTE missing) than a real one (our range).
 */
export const CASELOAD_RANGE = { min: 10, max: 25 } as const;

export type ComparedWith = 'published' | 'retain';

export interface YearOnYearInput {
  censusYear: number;
  /** This year's measures (Retain's, computed from the records the return is built from). */
  measures: Pick<CensusMeasures, 'inpost_headcount' | 'inpost_fte' | 'agency_fte' | 'caseload_fte'>;
  /** The return itself, for its leavers and their reasons. */
  censusReturn: CensusReturn;
  previous: {
    censusYear: number;
    measures: Partial<Record<'inpost_headcount' | 'inpost_fte' | 'agency_fte', number | null>>;
    comparedWith: ComparedWith;
  } | null;
}

export interface YearOnYearCheck {
  code: string;
  /** What is checked, in a sentence. */
  check: string;
  measure: string;
  thisYear: number | null;
  lastYear: number | null;
  /** (this - last) / last × 100, when both are known and last is not 0. */
  changePercent: number | null;
  /** True when the check raises a query. */
  raised: boolean;
  /** Why it was raised, or why it could not be checked, or that it passed. */
  message: string;
}

export interface YearOnYearResult {
  censusYear: number;
  previousYear: number | null;
  comparedWith: ComparedWith | null;
  checks: YearOnYearCheck[];
}

const LABELS = { inpost_headcount: 'headcount in post', inpost_fte: 'FTE in post', agency_fte: 'agency FTE' } as const;

function round(value: number, places = 1): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Leavers in the return and how many have no known reason. */
export function leaversWithoutReason(censusReturn: CensusReturn): { leavers: number; withoutReason: number } {
  let leavers = 0;
  let withoutReason = 0;
  for (const items of censusReturn.workers) {
    const worker = returnedWorker(items);
    if (worker.agency || !items.some((item) => item.name === 'RoleEndDate')) continue;
    leavers += 1;
    if (worker.leavingReason === null || worker.leavingReason === 'not_known' || worker.leavingReason === 'not_yet_collected') withoutReason += 1;
  }
  return { leavers, withoutReason };
}

export function yearOnYearChecks(input: YearOnYearInput): YearOnYearResult {
  const checks: YearOnYearCheck[] = [];
  const previous = input.previous;
  (['inpost_headcount', 'inpost_fte', 'agency_fte'] as const).forEach((measure, index) => {
    const code = `RTN-Y0${index + 1}`;
    const check = `The ${LABELS[measure]} changed by more than ${CHANGE_THRESHOLD_PERCENT}% from last year.`;
    const thisYear = input.measures[measure];
    const lastYear = previous?.measures[measure] ?? null;
    if (previous === null || lastYear === null) {
      checks.push({
        code,
        check,
        measure,
        thisYear,
        lastYear,
        changePercent: null,
        raised: false,
        message: previous === null ? `No figures for ${input.censusYear - 1} to compare with.` : `No ${LABELS[measure]} for ${previous.censusYear} to compare with.`,
      });
      return;
    }
    if (lastYear === 0) {
      const raised = thisYear > 0;
      checks.push({
        code,
        check,
        measure,
        thisYear,
        lastYear,
        changePercent: null,
        raised,
        message: raised ? `The ${LABELS[measure]} was 0 in ${previous.censusYear} and is ${round(thisYear)} now.` : 'No change.',
      });
      return;
    }
    const changePercent = ((thisYear - lastYear) / lastYear) * 100;
    // A tolerance, so 10% exactly in floating point (9.2 of 92) is not "more than 10%".
    const raised = Math.abs(changePercent) > CHANGE_THRESHOLD_PERCENT + 1e-9;
    const direction = changePercent >= 0 ? 'up' : 'down';
    checks.push({
      code,
      check,
      measure,
      thisYear,
      lastYear,
      changePercent,
      raised,
      message: `The ${LABELS[measure]} is ${round(thisYear)}, ${direction} ${Math.abs(round(changePercent))}% on ${round(lastYear)} in ${previous.censusYear}${raised ? `: more than ${CHANGE_THRESHOLD_PERCENT}%, so DfE will ask why.` : '.'}`,
    });
  });

  const { leavers, withoutReason } = leaversWithoutReason(input.censusReturn);
  const share = leavers === 0 ? null : (withoutReason / leavers) * 100;
  const noReasonRaised = share !== null && share > NO_REASON_THRESHOLD_PERCENT + 1e-9;
  checks.push({
    code: 'RTN-Y04',
    check: `More than ${NO_REASON_THRESHOLD_PERCENT}% of leavers have no known reason for leaving.`,
    measure: 'leavers_without_reason_percent',
    thisYear: share,
    lastYear: null,
    changePercent: null,
    raised: noReasonRaised,
    message:
      share === null
        ? 'No leavers in the return.'
        : `${round(share)}% of leavers have no known reason (none, not known or not yet collected)${noReasonRaised ? `: more than ${NO_REASON_THRESHOLD_PERCENT}%.` : '.'}`,
  });

  const caseload = input.measures.caseload_fte;
  const caseloadRaised = caseload !== null && (caseload < CASELOAD_RANGE.min || caseload > CASELOAD_RANGE.max);
  checks.push({
    code: 'RTN-Y05',
    check: `The average caseload is outside ${CASELOAD_RANGE.min} to ${CASELOAD_RANGE.max} cases per FTE.`,
    measure: 'caseload_fte',
    thisYear: caseload,
    lastYear: null,
    changePercent: null,
    raised: caseloadRaised,
    message:
      caseload === null
        ? 'No cases on 30 September in the return, so no average caseload.'
        : `The average caseload is ${round(caseload)} cases per FTE${caseloadRaised ? `, outside ${CASELOAD_RANGE.min} to ${CASELOAD_RANGE.max}.` : '.'}`,
  });

  return { censusYear: input.censusYear, previousYear: previous?.censusYear ?? null, comparedWith: previous?.comparedWith ?? null, checks };
}
