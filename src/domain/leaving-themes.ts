import { censusYearOf } from './census.ts';
import { LEAVER_DESTINATIONS, type LeaverDestination } from './codes.ts';
import { isSmallNumber } from './disclosure.ts';
import { EXIT_REASONS, leaversFiguresOf, reasonsNamed, serviceBand, type ExitReason, type LeavingWithInterview } from './exit-interviews.ts';
import { percentage, teamOf } from './measures.ts';

/**
 * Leaving reasons to trend: the year's leavings (see `leavingsIn`) grouped by team, role, length
 * of service or census year, with the contract's figures for each group, plus counter-offers and
 * destinations. Pure: the caller supplies the leavings with their interviews.
 */

export interface GroupLeavingFigures {
  key: string;
  leavers: number;
  interviewsCompleted: number;
  exitInterviewRate: number | null;
  regrettableLeavers: number;
  /** Completed interviews naming each reason (primary or other, once per interview). */
  reasonCounts: Record<ExitReason, number>;
  /** reasonCounts / interviewsCompleted * 100, null with none completed. */
  reasonShares: Record<ExitReason, number | null>;
  /** The reason named by most completed interviews (ties: the contract's order); null with none. */
  topReason: ExitReason | null;
}

export function reasonCountsOf(leavings: readonly LeavingWithInterview[]): Record<ExitReason, number> {
  const counts = Object.fromEntries(EXIT_REASONS.map((code) => [code, 0])) as Record<ExitReason, number>;
  for (const leaving of leavings) if (leaving.interview?.status === 'completed') for (const reason of reasonsNamed(leaving.interview)) counts[reason] += 1;
  return counts;
}

export function groupFiguresOf(key: string, leavings: readonly LeavingWithInterview[]): GroupLeavingFigures {
  const figures = leaversFiguresOf(leavings, 0);
  const reasonCounts = reasonCountsOf(leavings);
  let topReason: ExitReason | null = null;
  for (const code of EXIT_REASONS) if (reasonCounts[code] > 0 && (topReason === null || reasonCounts[code] > reasonCounts[topReason])) topReason = code;
  return {
    key,
    leavers: figures.leavers,
    interviewsCompleted: figures.interviews_completed,
    exitInterviewRate: figures.exit_interview_rate,
    regrettableLeavers: figures.regrettable_leavers,
    reasonCounts,
    reasonShares: figures.reasons,
    topReason,
  };
}

export type LeavingGroupBy = 'team' | 'role' | 'service' | 'year';

/**
 * The key of a leaving for a breakdown: team (as the census groups it, "(no team)" when blank),
 * DfE role code, length-of-service band at the leaving date, or census year of the leaving.
 */
export function leavingKey(leaving: LeavingWithInterview, by: LeavingGroupBy): string {
  if (by === 'team') return teamOf(leaving.post);
  if (by === 'role') return leaving.post.role;
  if (by === 'service') return serviceBand(leaving.serviceStart, leaving.endDate);
  return String(censusYearOf(leaving.endDate));
}

/** Groups sorted by key (service bands and years in their natural order, which sorting the keys gives). */
export function leavingsBy(leavings: readonly LeavingWithInterview[], by: LeavingGroupBy, order?: readonly string[]): GroupLeavingFigures[] {
  const groups = new Map<string, LeavingWithInterview[]>();
  for (const key of order ?? []) groups.set(key, []);
  for (const leaving of leavings) {
    const key = leavingKey(leaving, by);
    const list = groups.get(key);
    if (list) list.push(leaving);
    else groups.set(key, [leaving]);
  }
  const keys = order ? [...groups.keys()] : [...groups.keys()].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => groupFiguresOf(key, groups.get(key)!));
}

/** Counter-offers over completed interviews: made, not made, not recorded; and how many of those offered still left regrettably. */
export interface CounterOffers {
  made: number;
  notMade: number;
  notRecorded: number;
  /** counter-offers made / completed interviews that say either way * 100. */
  madeRate: number | null;
}

export function counterOffersOf(leavings: readonly LeavingWithInterview[]): CounterOffers {
  let made = 0;
  let notMade = 0;
  let notRecorded = 0;
  for (const leaving of leavings) {
    if (leaving.interview?.status !== 'completed') continue;
    if (leaving.interview.counterOffer === true) made += 1;
    else if (leaving.interview.counterOffer === false) notMade += 1;
    else notRecorded += 1;
  }
  return { made, notMade, notRecorded, madeRate: percentage(made, made + notMade) };
}

/** Where the leavers went, by the census destination list, with those not recorded counted apart. */
export function destinationsOf(leavings: readonly LeavingWithInterview[]): Array<{ destination: LeaverDestination | 'not_recorded'; leavers: number }> {
  const counts = new Map<LeaverDestination | 'not_recorded', number>([...LEAVER_DESTINATIONS, 'not_recorded' as const].map((code) => [code, 0]));
  for (const leaving of leavings) {
    const destination = leaving.post.leaverDestination ?? 'not_recorded';
    counts.set(destination, (counts.get(destination) ?? 0) + 1);
  }
  return [...counts].map(([destination, leavers]) => ({ destination, leavers }));
}

/**
 * For people who may not see personal data: a count of 1 to 4 is withheld, and so is a share or
 * rate built from one (its numerator or its denominator), as elsewhere in Retain.
 */
export function withheldCount(count: number): boolean {
  return isSmallNumber(count);
}

export function withheldShare(numerator: number, denominator: number): boolean {
  return isSmallNumber(numerator) || isSmallNumber(denominator);
}
