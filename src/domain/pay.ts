import { ROLE_CODES, type RoleCode } from './codes.ts';
import { inPostOn } from './census.ts';
import { isCensusRecord } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Pay against the market (shared/spec/retention-data.md section 6): our pay scales beside the
 * comparators', per role code, on a date.
 *
 * Choices where the contract is silent:
 * - A scale row's `authority` is compared trimmed and ignoring case, so "Torbay" and "torbay" are
 *   one comparator. Our own scales are those whose authority is the council's code (or its ONS or
 *   old DfE code, when the council record has them).
 * - "Per authority, role and grade" reads `role` as the file wrote it (a local name or a code),
 *   which is also the import key; rows are then gathered by the role code it maps to.
 * - A market supplement is in force from `from` to `to` inclusive (`to` empty while running).
 *   Several in force for one role code add up.
 * - `median_salary` and `inpost_fte` count children's service records only, as the census does.
 */

export interface PayScaleRecord {
  /** Whose scale: a council code, or a comparator's name, as written. */
  scaleAuthority: string;
  role: RoleCode;
  /** The role as written, folded (domain/roles.ts roleKey): with authority, grade and date, the key. */
  roleKey: string;
  localRole: string | null;
  grade: string;
  minSalary: number;
  maxSalary: number;
  effectiveFrom: IsoDate;
  source: string | null;
}

export interface PaySupplementRecord {
  role: RoleCode;
  roleKey: string;
  localRole: string | null;
  amountPerYear: number;
  from: IsoDate;
  /** Last day in force; null while running. */
  to: IsoDate | null;
}

/** One role's line of `retain pay`: the contract's field names. */
export interface PayRoleFigures {
  key: RoleCode;
  our_max: number | null;
  comparators: number;
  comparator_median_max: number | null;
  gap: number | null;
  gap_percent: number | null;
  median_salary: number | null;
  inpost_fte: number;
  cost_to_close: number | null;
}

/** On-costs (employer's National Insurance and pension) as a share of salary, unless a user says otherwise: the contract's 0.30. */
export const DEFAULT_ON_COST_RATE = 0.3;

/** An authority named in a scale row, folded for comparing. */
export function authorityKey(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * The median: the middle value of the sorted values, or the mean of the two middle values of an
 * even count; null for none. median([3, 1, 2]) = 2; median([4, 1, 3, 2]) = 2.5.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The scale rows in force on a date: for each (authority, role as written, grade), the row with
 * the latest `effective_from` on or before the date. A grade whose only rows start later has none.
 */
export function scalesInForce(scales: readonly PayScaleRecord[], date: IsoDate): PayScaleRecord[] {
  const latest = new Map<string, PayScaleRecord>();
  for (const scale of scales) {
    if (scale.effectiveFrom > date) continue;
    const key = `${authorityKey(scale.scaleAuthority)}\u0000${scale.roleKey}\u0000${scale.grade}`;
    const held = latest.get(key);
    if (!held || scale.effectiveFrom > held.effectiveFrom) latest.set(key, scale);
  }
  return [...latest.values()];
}

/** Supplements in force on a date: `from <= date` and (`to` empty or `to >= date`). */
export function supplementsInForce(supplements: readonly PaySupplementRecord[], date: IsoDate): PaySupplementRecord[] {
  return supplements.filter((s) => s.from <= date && (s.to === null || s.to >= date));
}

/** Employed children's service records of a role in post on a date: whose pay `retain pay` and scenarios read. */
export function employedInRoleOn(workers: readonly WorkerRecord[], role: RoleCode, date: IsoDate): WorkerRecord[] {
  return workers.filter((w) => !w.agency && isCensusRecord(w) && w.role === role && inPostOn(w, date));
}

/** Median `salary` of a role's employed records in post on a date (records with a salary), and their FTE. */
export function roleSalaryOn(workers: readonly WorkerRecord[], role: RoleCode, date: IsoDate): { median_salary: number | null; inpost_fte: number } {
  const inPost = employedInRoleOn(workers, role, date);
  let fte = 0;
  for (const w of inPost) fte += w.fte;
  return { median_salary: median(inPost.flatMap((w) => (w.salary === null ? [] : [w.salary]))), inpost_fte: fte };
}

export interface PayComparisonInput {
  scales: readonly PayScaleRecord[];
  supplements: readonly PaySupplementRecord[];
  workers: readonly WorkerRecord[];
  date: IsoDate;
  /** The council's own codes, folded by authorityKey. */
  ownAuthorityKeys: ReadonlySet<string>;
  onCostRate?: number;
}

/**
 * `retain pay`: one entry per role code with at least one scale row in force on the date, in
 * role-code order (senior_manager first).
 *
 * - `our_max` = highest `max_salary` of our scales in force + supplements in force (null: none of ours)
 * - `comparators` = other authorities with a scale in force; `comparator_median_max` = median of each one's highest `max_salary`
 * - `gap` = comparator_median_max - our_max; `gap_percent` = gap / comparator_median_max * 100
 * - `cost_to_close` = max(gap, 0) * inpost_fte * (1 + on-cost rate)
 *
 * Worked example (test beside): ours 40,000 + 1,500 supplement; comparators 42,000, 44,000, 45,000
 * and 47,000 (median 44,500); gap 3,000 (6.74%); 10.5 FTE in post; cost 3,000 x 10.5 x 1.3 = 40,950.
 */
export function payComparison(input: PayComparisonInput): PayRoleFigures[] {
  const rate = input.onCostRate ?? DEFAULT_ON_COST_RATE;
  const inForce = scalesInForce(input.scales, input.date);
  const supplements = supplementsInForce(input.supplements, input.date);
  const result: PayRoleFigures[] = [];
  for (const role of ROLE_CODES) {
    const rows = inForce.filter((scale) => scale.role === role);
    if (rows.length === 0) continue;
    const maxByAuthority = new Map<string, number>();
    for (const row of rows) {
      const key = authorityKey(row.scaleAuthority);
      maxByAuthority.set(key, Math.max(maxByAuthority.get(key) ?? -Infinity, row.maxSalary));
    }
    let ourScaleMax: number | null = null;
    const comparatorMaxes: number[] = [];
    for (const [key, max] of maxByAuthority) {
      if (input.ownAuthorityKeys.has(key)) ourScaleMax = Math.max(ourScaleMax ?? -Infinity, max);
      else comparatorMaxes.push(max);
    }
    const supplement = supplements.filter((s) => s.role === role).reduce((sum, s) => sum + s.amountPerYear, 0);
    const ourMax = ourScaleMax === null ? null : ourScaleMax + supplement;
    const comparatorMedian = median(comparatorMaxes);
    const gap = ourMax === null || comparatorMedian === null ? null : comparatorMedian - ourMax;
    const { median_salary, inpost_fte } = roleSalaryOn(input.workers, role, input.date);
    result.push({
      key: role,
      our_max: ourMax,
      comparators: comparatorMaxes.length,
      comparator_median_max: comparatorMedian,
      gap,
      gap_percent: gap === null || comparatorMedian === null || comparatorMedian === 0 ? null : (gap / comparatorMedian) * 100,
      median_salary,
      inpost_fte,
      cost_to_close: costToClose(gap, inpost_fte, rate),
    });
  }
  return result;
}

/** The yearly cost of paying a role the gap: `max(gap, 0) * inpost_fte * (1 + on-cost rate)`; null without a gap. */
export function costToClose(gap: number | null, inpostFte: number, onCostRate: number): number | null {
  return gap === null ? null : Math.max(gap, 0) * inpostFte * (1 + onCostRate);
}

export interface AuthorityMaximum {
  /** The authority as first written in the scales. */
  authority: string;
  own: boolean;
  /** Its highest `max_salary` for the role in force (ours with supplements in force added). */
  max: number;
  sources: string[];
}

/** Each authority's highest maximum for a role on a date, ours first then highest first: what the pay page charts. */
export function maximaByAuthority(
  scales: readonly PayScaleRecord[],
  supplements: readonly PaySupplementRecord[],
  role: RoleCode,
  date: IsoDate,
  ownAuthorityKeys: ReadonlySet<string>,
): AuthorityMaximum[] {
  const byKey = new Map<string, AuthorityMaximum>();
  for (const scale of scalesInForce(scales, date)) {
    if (scale.role !== role) continue;
    const key = authorityKey(scale.scaleAuthority);
    const held = byKey.get(key) ?? { authority: scale.scaleAuthority.trim(), own: ownAuthorityKeys.has(key), max: -Infinity, sources: [] };
    held.max = Math.max(held.max, scale.maxSalary);
    if (scale.source && !held.sources.includes(scale.source)) held.sources.push(scale.source);
    byKey.set(key, held);
  }
  const supplement = supplementsInForce(supplements, date)
    .filter((s) => s.role === role)
    .reduce((sum, s) => sum + s.amountPerYear, 0);
  for (const entry of byKey.values()) if (entry.own) entry.max += supplement;
  return [...byKey.values()].sort((a, b) => Number(b.own) - Number(a.own) || b.max - a.max);
}
