import { isLeaverIn } from './census.ts';
import { LEAVING_REASON_LABELS, LEAVING_REASONS, type LeavingReason } from './codes.ts';
import { SMALL_NUMBER_THRESHOLD } from './disclosure.ts';
import { isCensusRecord } from './measures.ts';
import type { WorkerRecord } from './workforce.ts';

/** Reasons that say nothing about why someone left: a high share means leaver data is not being collected. */
export const UNKNOWN_REASONS: ReadonlySet<LeavingReason | 'not_recorded'> = new Set(['not_known', 'not_yet_collected', 'not_recorded']);

export interface LeaverReasonCount {
  reason: LeavingReason | 'not_recorded';
  label: string;
  /** Distinct workers, as the census counts leavers. */
  headcount: number;
  fte: number;
}

/**
 * Why the census year's leavers left: the same leavers as `leavers_headcount` (employed children's
 * social workers whose post ended in the year), by their recorded reason, every reason listed even
 * when nobody gave it, plus the records with no reason at all.
 */
export function leaverReasonCounts(workers: readonly WorkerRecord[], censusYear: number): LeaverReasonCount[] {
  const byReason = new Map<LeaverReasonCount['reason'], { headcount: number; fte: number }>();
  for (const reason of [...LEAVING_REASONS, 'not_recorded' as const]) byReason.set(reason, { headcount: 0, fte: 0 });
  for (const record of leaverPosts(workers, censusYear)) byReason.get(record.leavingReason ?? 'not_recorded')!.fte += record.fte;
  for (const record of lastPostsLeft(workers, censusYear)) byReason.get(record.leavingReason ?? 'not_recorded')!.headcount += 1;
  return [...byReason].map(([reason, { headcount, fte }]) => ({
    reason,
    label: reason === 'not_recorded' ? 'No reason recorded' : LEAVING_REASON_LABELS[reason],
    headcount,
    fte,
  }));
}

/** Every post of an employed children's social worker that ended in the census year (leavers_fte sums these). */
function leaverPosts(workers: readonly WorkerRecord[], censusYear: number): WorkerRecord[] {
  return workers.filter((record) => isCensusRecord(record) && !record.agency && isLeaverIn(record, censusYear));
}

/**
 * Each leaver once, as leavers_headcount counts them: a worker who left two posts in the year is
 * one leaver, represented by the post they left last (whose reason is the one that counts).
 */
export function lastPostsLeft(workers: readonly WorkerRecord[], censusYear: number): WorkerRecord[] {
  const last = new Map<string, WorkerRecord>();
  for (const record of leaverPosts(workers, censusYear)) {
    const seen = last.get(record.workerId);
    if (!seen || record.endDate! > seen.endDate!) last.set(record.workerId, record);
  }
  return [...last.values()];
}

/**
 * Which leaver-reason counts to withhold from anyone who may not see personal data: each of 1 to 4
 * people (primary suppression), and, when exactly one is withheld, the next smallest count shown
 * too (secondary suppression), since the total of leavers is published and one hidden count could
 * be worked back from it. Returns the positions withheld. Worked examples: [10, 3, 0, 7] withholds
 * the 3 and then the 7 (positions 1 and 3); [10, 3, 2, 7] withholds the 3 and the 2 only, which
 * cannot be told apart; [10, 0, 6] withholds nothing (a zero is not a small group).
 */
export function withheldReasons(headcounts: readonly number[]): Set<number> {
  const hidden = new Set<number>();
  headcounts.forEach((count, i) => {
    if (count > 0 && count < SMALL_NUMBER_THRESHOLD) hidden.add(i);
  });
  if (hidden.size === 1) {
    const next = headcounts
      .map((count, i) => ({ count, i }))
      .filter(({ count, i }) => count > 0 && !hidden.has(i))
      .sort((a, b) => a.count - b.count)[0];
    if (next) hidden.add(next.i);
  }
  return hidden;
}

/** The share of leavers (headcount) whose reason is unknown, not yet collected or missing; null with no leavers. */
export function unknownReasonShare(counts: readonly LeaverReasonCount[]): { unknown: number; total: number; percent: number | null } {
  const total = counts.reduce((sum, c) => sum + c.headcount, 0);
  const unknown = counts.filter((c) => UNKNOWN_REASONS.has(c.reason)).reduce((sum, c) => sum + c.headcount, 0);
  return { unknown, total, percent: total === 0 ? null : (unknown / total) * 100 };
}
