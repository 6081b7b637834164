import { inPostOn, isLeaverIn, isStarterIn, referenceDate } from './census.ts';
import { isSmallNumber } from './disclosure.ts';
import { isCensusRecord, percentage } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Equality monitoring (issue 11 item 4): starters, leavers, turnover and in-post shares by gender,
 * ethnicity (CBDS major groups) and age band, each group's turnover beside the whole workforce's.
 * Counted as the census counts: employed children's social workers, distinct people, in post on
 * the reference date of year Y, starting or leaving in it. Disability is not in the workers file
 * (the contract has no such column), so it is not reported.
 */

export const EQUALITY_DIMENSIONS = ['gender', 'ethnicity', 'age'] as const;
export type EqualityDimension = (typeof EQUALITY_DIMENSIONS)[number];

/**
 * CBDS ethnicity codes by their first letter: W White, M Mixed, A Asian, B Black, C Chinese (an
 * Asian group in the 2021 census categories), O any other; REFU and NOBT (refused, not obtained)
 * and anything else are "Not known". A record without ethnicity is also "Not known".
 */
export function ethnicGroup(code: string | null): string {
  if (!code) return 'Not known';
  const upper = code.toUpperCase();
  if (upper === 'REFU' || upper === 'NOBT') return 'Not known';
  const first = upper[0];
  if (first === 'W') return 'White';
  if (first === 'M') return 'Mixed';
  if (first === 'A' || first === 'C') return 'Asian';
  if (first === 'B') return 'Black';
  if (first === 'O') return 'Other ethnic group';
  return 'Not known';
}

/** Age on a date in whole years. */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return date.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** Age bands as DfE's workforce publications use them, at the census reference date. */
export function ageBand(dateOfBirth: IsoDate | null, date: IsoDate): string {
  if (!dateOfBirth) return 'Not known';
  const age = ageOn(dateOfBirth, date);
  if (age < 30) return 'Under 30';
  if (age < 40) return '30 to 39';
  if (age < 50) return '40 to 49';
  if (age < 60) return '50 to 59';
  return '60 and over';
}

const GENDER_LABELS: Record<string, string> = { male: 'Male', female: 'Female', not_known: 'Not known', not_specified: 'Not specified' };

function groupOf(record: WorkerRecord, dimension: EqualityDimension, date: IsoDate): string {
  if (dimension === 'gender') return record.gender ? (GENDER_LABELS[record.gender] ?? record.gender) : 'Not known';
  if (dimension === 'ethnicity') return ethnicGroup(record.ethnicity);
  return ageBand(record.dateOfBirth, date);
}

export interface EqualityRow {
  group: string;
  inpost: number;
  starters: number;
  leavers: number;
  /** Share of the in-post workforce in this group, %. */
  inpostShare: number | null;
  startersShare: number | null;
  leaversShare: number | null;
  /** leavers / inpost * 100 for the group. */
  turnoverRate: number | null;
  /** The group's turnover minus the whole workforce's, in points. */
  turnoverGap: number | null;
}

export interface EqualityTable {
  dimension: EqualityDimension;
  rows: EqualityRow[];
  total: Omit<EqualityRow, 'turnoverGap'>;
}

/** One dimension's table for census year Y (headcounts of distinct people; each counted in the group of their latest record). */
export function equalityTable(workers: readonly WorkerRecord[], censusYear: number, dimension: EqualityDimension): EqualityTable {
  const date = referenceDate(censusYear);
  const employed = workers.filter((record) => !record.agency && isCensusRecord(record));
  const sets = new Map<string, { inpost: Set<string>; starters: Set<string>; leavers: Set<string> }>();
  const all = { inpost: new Set<string>(), starters: new Set<string>(), leavers: new Set<string>() };
  for (const record of employed) {
    const key = groupOf(record, dimension, date);
    const set = sets.get(key) ?? { inpost: new Set(), starters: new Set(), leavers: new Set() };
    sets.set(key, set);
    for (const group of [set, all]) {
      if (inPostOn(record, date)) group.inpost.add(record.workerId);
      if (isStarterIn(record, censusYear)) group.starters.add(record.workerId);
      if (isLeaverIn(record, censusYear)) group.leavers.add(record.workerId);
    }
  }
  const totalTurnover = percentage(all.leavers.size, all.inpost.size);
  const rows = [...sets]
    .filter(([, s]) => s.inpost.size + s.starters.size + s.leavers.size > 0)
    .sort(([a], [b]) => (a === 'Not known' ? 1 : b === 'Not known' ? -1 : a.localeCompare(b)))
    .map(([group, s]) => {
      const turnoverRate = percentage(s.leavers.size, s.inpost.size);
      return {
        group,
        inpost: s.inpost.size,
        starters: s.starters.size,
        leavers: s.leavers.size,
        inpostShare: percentage(s.inpost.size, all.inpost.size),
        startersShare: percentage(s.starters.size, all.starters.size),
        leaversShare: percentage(s.leavers.size, all.leavers.size),
        turnoverRate,
        turnoverGap: turnoverRate === null || totalTurnover === null ? null : turnoverRate - totalTurnover,
      };
    });
  return {
    dimension,
    rows,
    total: { group: 'All', inpost: all.inpost.size, starters: all.starters.size, leavers: all.leavers.size, inpostShare: 100, startersShare: 100, leaversShare: 100, turnoverRate: totalTurnover },
  };
}

/**
 * Which cells of one column to withhold so no hidden count can be worked back from the total:
 * every count of 1 to 4 (primary), and, when exactly one cell is withheld, the smallest other cell
 * as well (secondary), since the total minus the shown cells would give it away.
 * Example: [3, 20, 7] with total 30: 3 is withheld, so 7 is too; the reader sees only 20 of 30.
 */
export function suppressColumn(counts: readonly number[]): boolean[] {
  const hidden = counts.map((count) => isSmallNumber(count));
  if (hidden.filter(Boolean).length === 1 && counts.length > 1) {
    let smallest = -1;
    counts.forEach((count, i) => {
      if (!hidden[i] && (smallest < 0 || count < counts[smallest]!)) smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return hidden;
}

/** Per row, whether each count is withheld; a share or rate built from a withheld count is withheld with it. */
export function equalitySuppression(table: EqualityTable): Array<{ inpost: boolean; starters: boolean; leavers: boolean }> {
  const inpost = suppressColumn(table.rows.map((r) => r.inpost));
  const starters = suppressColumn(table.rows.map((r) => r.starters));
  const leavers = suppressColumn(table.rows.map((r) => r.leavers));
  return table.rows.map((_, i) => ({ inpost: inpost[i]!, starters: starters[i]!, leavers: leavers[i]! }));
}
