import { SMALL_NUMBER_THRESHOLD } from './disclosure.ts';
import { EXIT_REASON_LABELS, EXIT_REASONS, type ExitReason } from './exit-interviews.ts';
import type { FindingsInput, ProposedFinding } from './findings.ts';
import { percentage } from './measures.ts';

/**
 * Findings rules that read exit interviews (issue 11), registered in findings.ts `RULES`. Each
 * respects the 5-person rule: a statement quotes no number built from fewer than 5 people, as it
 * may reach a committee document.
 */

/** One census year of exit interviews, as the findings rules read them. */
export interface ExitInterviewYear {
  censusYear: number;
  /** Leavings in the year (`leavers` of `retain leavers`). */
  leavers: number;
  interviewsCompleted: number;
  /** Completed interviews naming each reason as primary or other. */
  reasonCounts: Record<ExitReason, number>;
  regrettableLeavers: number;
  regrettableTurnoverRate: number | null;
}

/** The exit-interview rate a council should reach before its reasons say why most people leave: half, as the issue asks. */
export const EXIT_INTERVIEW_RATE_FLOOR = 50;

const MIN = SMALL_NUMBER_THRESHOLD;
const pct = (value: number) => `${(Math.round(value * 10) / 10).toFixed(1)}%`;

function yearOf(input: FindingsInput, year: number): ExitInterviewYear | undefined {
  return input.exitInterviews?.find((entry) => entry.censusYear === year);
}

/**
 * A reason named by more than half of the year's completed interviews, when at least 5 people
 * named it. Example: 12 completed, 7 name pay: "More than half of the leavers interviewed in 2025
 * (58.3%, 7 of 12) named pay as a reason for leaving."
 */
export function reasonNamedByMajority(input: FindingsInput): ProposedFinding[] {
  const year = yearOf(input, input.censusYear);
  if (!year || year.interviewsCompleted < MIN) return [];
  return EXIT_REASONS.filter((code) => year.reasonCounts[code] >= MIN && year.reasonCounts[code] * 2 > year.interviewsCompleted).map((code) => {
    const share = percentage(year.reasonCounts[code], year.interviewsCompleted)!;
    const label = EXIT_REASON_LABELS[code].toLowerCase();
    return {
      ruleId: 'exit-reason-majority',
      swot: 'weakness' as const,
      statement: `More than half of the leavers interviewed in ${year.censusYear} (${pct(share)}, ${year.reasonCounts[code]} of ${year.interviewsCompleted}) named ${label} as a reason for leaving.`,
      evidence: `Exit interviews ${year.censusYear}: ${year.interviewsCompleted} completed; naming ${label}: ${year.reasonCounts[code]}`,
      value: share,
      comparator: 50,
      group: code,
    };
  });
}

/**
 * An exit-interview rate below 50% with at least 5 leavers: why most people leave is not known.
 * When 1 to 4 interviews were completed the statement says "fewer than 5" rather than the rate.
 */
export function exitInterviewRateLow(input: FindingsInput): ProposedFinding[] {
  const year = yearOf(input, input.censusYear);
  if (!year || year.leavers < MIN) return [];
  const rate = percentage(year.interviewsCompleted, year.leavers)!;
  if (rate >= EXIT_INTERVIEW_RATE_FLOOR) return [];
  const small = year.interviewsCompleted > 0 && year.interviewsCompleted < MIN;
  const how =
    year.interviewsCompleted === 0
      ? `None of the ${year.leavers} leavers`
      : small
        ? `Fewer than 5 of the ${year.leavers} leavers`
        : `Only ${year.interviewsCompleted} of the ${year.leavers} leavers (${pct(rate)})`;
  return [
    {
      ruleId: 'exit-interview-rate-low',
      swot: 'weakness',
      statement: `${how} in ${year.censusYear} had an exit interview, so why most social workers leave is not known.`,
      evidence: `Exit-interview rate ${year.censusYear}: ${small ? 'below 50% (fewer than 5 interviews)' : pct(rate)}; leavers ${year.leavers}`,
      value: small ? null : rate,
      comparator: EXIT_INTERVIEW_RATE_FLOOR,
    },
  ];
}

/**
 * Regrettable turnover rising: the rate strictly rose over the last three census years (two
 * rises in a row), each year with at least 5 regrettable leavers.
 * Example: 2.0%, 2.6%, 3.4% for 2023-2025 with 6, 8 and 10 regrettable leavers.
 */
export function regrettableTurnoverRising(input: FindingsInput): ProposedFinding[] {
  const window = [input.censusYear - 2, input.censusYear - 1, input.censusYear].map((year) => yearOf(input, year));
  if (window.some((year) => !year || year.regrettableTurnoverRate === null || year.regrettableLeavers < MIN)) return [];
  const years = window as ExitInterviewYear[];
  const rates = years.map((year) => year.regrettableTurnoverRate!);
  if (!(rates[0]! < rates[1]! && rates[1]! < rates[2]!)) return [];
  return [
    {
      ruleId: 'regrettable-turnover-rising',
      swot: 'threat',
      statement: `Regrettable turnover (leavers the council wanted to keep) has risen two years running, from ${pct(rates[0]!)} in ${years[0]!.censusYear} to ${pct(rates[2]!)} in ${years[2]!.censusYear}.`,
      evidence: years.map((year) => `${year.censusYear}: ${pct(year.regrettableTurnoverRate!)} (${year.regrettableLeavers} regrettable leavers)`).join('; '),
      value: rates[2]!,
      comparator: rates[0]!,
    },
  ];
}

export const EXIT_INTERVIEW_RULES = [reasonNamedByMajority, exitInterviewRateLow, regrettableTurnoverRising] as const;
