import { median } from './benchmarks.ts';
import { addDays } from './calendar-days.ts';
import { censusYearStart, inPostOn, isLeaverIn, referenceDate } from './census.ts';
import type { RoleCode } from './codes.ts';
import { isCensusRecord, NO_TEAM } from './measures.ts';
import { roleKey } from './roles.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Caseload snapshots (shared/spec/retention-data.md section 4): how many cases each worker holds
 * on a date, how that compares with a manageable caseload for their role, and whether the people
 * who leave carried more than those who stay.
 */

/** One row of the `caseloads` file: the cases a worker held on a snapshot date. */
export interface CaseloadSnapshot {
  snapshotDate: IsoDate;
  workerId: string;
  /** Whole number >= 0. */
  cases: number;
  children: number | null;
  weightedCases: number | null;
}

/** A council's own threshold for a local role name or a role code: the most cases per FTE that is manageable. */
export interface CaseloadThreshold {
  /** The role as the council typed it (a local name such as "ASYE", or a role code such as `case_holder`). */
  role: string;
  casesPerFte: number;
}

/**
 * Default thresholds (cases per full-time worker), used until a council sets its own with
 * `retain caseloads thresholds set ROLE N`. England sets no statutory caseload limit for social
 * workers, so these are stated choices, each with its source:
 *
 * - `IRO` / Independent Reviewing Officer: 70. The IRO Handbook (DCSF 2010, para 7.15) says a
 *   caseload of 50 to 70 looked-after children for a full-time IRO "would ensure the delivery of a
 *   quality service"; above 70 is beyond the handbook's range. (Count children, not families.)
 * - `case_holder` and `senior_practitioner`: 18. DfE's CSWW statistics (reporting year 2024,
 *   shared/data/dfe/csww_indicators_2017_to_2024.csv) give an England average of 15.4 cases per
 *   case-holding FTE, and 18.5 for the council at the 90th percentile; 18 flags a worker carrying
 *   more than nine councils in ten ask of an average worker.
 * - ASYE / NQSW (first year in practice): 16. The ASYE framework (Skills for Care; DfE's Early
 *   Career Framework from 2025) asks employers for a protected, reduced caseload and 10% of time
 *   for development without giving a number; 90% of the case-holder default, rounded down.
 * - Managers and other roles: none (a role with no threshold is never over it).
 */
export const DEFAULT_CASELOAD_THRESHOLDS: readonly CaseloadThreshold[] = [
  { role: 'case_holder', casesPerFte: 18 },
  { role: 'senior_practitioner', casesPerFte: 18 },
  { role: 'ASYE', casesPerFte: 16 },
  { role: 'ASYE Social Worker', casesPerFte: 16 },
  { role: 'NQSW', casesPerFte: 16 },
  { role: 'Newly Qualified Social Worker', casesPerFte: 16 },
  { role: 'IRO', casesPerFte: 70 },
  { role: 'Independent Reviewing Officer', casesPerFte: 70 },
];

/** Local role names of workers in their first year in practice, whose caseload should be protected. */
const EARLY_CAREER_KEYS = new Set(['asye', 'asyesocialworker', 'nqsw', 'newlyqualifiedsocialworker', 'newlyqualified']);

export function isEarlyCareerRole(localRole: string | null): boolean {
  return localRole !== null && EARLY_CAREER_KEYS.has(roleKey(localRole));
}

/** A council's thresholds over the defaults, keyed by `roleKey` so "asye" and "ASYE" meet. */
export type ThresholdTable = ReadonlyMap<string, number>;

export function thresholdTable(councilThresholds: readonly CaseloadThreshold[]): { council: ThresholdTable; defaults: ThresholdTable } {
  return {
    council: new Map(councilThresholds.map((t) => [roleKey(t.role), t.casesPerFte])),
    defaults: new Map(DEFAULT_CASELOAD_THRESHOLDS.map((t) => [roleKey(t.role), t.casesPerFte])),
  };
}

/**
 * The threshold for a worker: the most specific setting wins, the council's before the default at
 * each level: the council's for the local role name, the default for it, the council's for the
 * role code, the default for it. Null when none applies. (The spec says "per local role"; a
 * worker whose role was written as a code has the code as their local role.)
 */
export function thresholdFor(tables: ReturnType<typeof thresholdTable>, localRole: string | null, role: RoleCode): number | null {
  const keys = localRole === null ? [roleKey(role)] : [roleKey(localRole), roleKey(role)];
  for (const key of keys) {
    const value = tables.council.get(key) ?? tables.defaults.get(key);
    if (value !== undefined) return value;
  }
  return null;
}

/** A worker's posts, by worker id, for looking up who they were on a date. */
export type PostIndex = ReadonlyMap<string, readonly WorkerRecord[]>;

export function indexPosts(workers: readonly WorkerRecord[]): Map<string, WorkerRecord[]> {
  const index = new Map<string, WorkerRecord[]>();
  for (const record of workers) {
    const list = index.get(record.workerId);
    if (list) list.push(record);
    else index.set(record.workerId, [record]);
  }
  return index;
}

/** Who a worker was on a date: the sum of FTE of their posts in post, and the team and role of their main post. */
export interface WorkerOnDate {
  workerId: string;
  fte: number;
  team: string;
  /** The local role name, or the role code when the post was written with a code. */
  localRole: string;
  role: RoleCode;
  earlyCareer: boolean;
}

/**
 * Spec 4 and 7: FTE is the sum over the worker's posts in post that day (employed or agency, any
 * service: the spec counts "their posts"); team and local role are those of the post with the
 * largest FTE, ties going to the earliest `start_date`. Null when no post is in post that day.
 * Example: posts of 0.6 (team A, from 2020) and 0.4 (team B, from 2019) give fte 1.0 and team A.
 */
export function workerOnDate(posts: readonly WorkerRecord[], date: IsoDate): WorkerOnDate | null {
  let main: WorkerRecord | null = null;
  let fte = 0;
  for (const post of posts) {
    if (!inPostOn(post, date)) continue;
    fte += post.fte;
    if (main === null || post.fte > main.fte || (post.fte === main.fte && post.startDate < main.startDate)) main = post;
  }
  if (main === null) return null;
  return { workerId: main.workerId, fte, team: main.team ?? NO_TEAM, localRole: main.localRole ?? main.role, role: main.role, earlyCareer: isEarlyCareerRole(main.localRole) };
}

/** One worker's caseload on a snapshot date, as analysts see it. */
export interface WorkerCaseload extends WorkerOnDate {
  cases: number;
  casesPerFte: number;
  threshold: number | null;
  overThreshold: boolean;
}

/** The nearest-rank percentile: the `ceil(p/100 * n)`-th smallest value (spec 7). Null for no values. */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface CaseloadFigures {
  /** Workers in the snapshot with `cases >= 1`. */
  workers: number;
  cases: number;
  /** `cases` / sum of those workers' FTE. */
  caseload_fte: number | null;
  median_cases_per_fte: number | null;
  p90_cases_per_fte: number | null;
  max_cases_per_fte: number | null;
  /** Workers whose `cases_per_fte` is strictly above their role's threshold. */
  over_threshold: number;
  /** Their worker ids, sorted (analysts only). */
  over_threshold_workers: string[];
}

/**
 * The spec 4 figures over one snapshot's rows (already resolved to workers). Only rows with
 * `cases >= 1` count, as in DfE's caseload measure. Example: 10 cases at 0.5 FTE and 15 at 1.0
 * give caseload_fte 25 / 1.5 = 16.67, cases_per_fte 20 and 15, median 17.5, p90 20, max 20.
 */
export function caseloadFigures(rows: readonly WorkerCaseload[]): CaseloadFigures {
  const holding = rows.filter((row) => row.cases >= 1);
  let cases = 0;
  let fte = 0;
  for (const row of holding) {
    cases += row.cases;
    fte += row.fte;
  }
  const perFte = holding.map((row) => row.casesPerFte);
  const over = holding.filter((row) => row.overThreshold).map((row) => row.workerId);
  return {
    workers: holding.length,
    cases,
    caseload_fte: fte > 0 ? cases / fte : null,
    median_cases_per_fte: median(perFte),
    p90_cases_per_fte: nearestRankPercentile(perFte, 90),
    max_cases_per_fte: perFte.length === 0 ? null : Math.max(...perFte),
    over_threshold: over.length,
    over_threshold_workers: over.sort(),
  };
}

/** The snapshot a date uses: the latest snapshot date on or before it; null when there is none. */
export function snapshotDateFor(snapshotDates: readonly IsoDate[], date: IsoDate): IsoDate | null {
  let best: IsoDate | null = null;
  for (const candidate of snapshotDates) if (candidate <= date && (best === null || candidate > best)) best = candidate;
  return best;
}

/**
 * Resolves snapshot rows to workers on their date: FTE, team, role, cases per FTE and threshold.
 * A row whose worker is in post nowhere that day (the import refuses such rows; posts can change
 * later) is left out.
 */
export function resolveCaseloads(snapshots: readonly CaseloadSnapshot[], posts: PostIndex, thresholds: ReturnType<typeof thresholdTable>): WorkerCaseload[] {
  const rows: WorkerCaseload[] = [];
  for (const snapshot of snapshots) {
    const who = workerOnDate(posts.get(snapshot.workerId) ?? [], snapshot.snapshotDate);
    if (who === null || who.fte <= 0) continue;
    const casesPerFte = snapshot.cases / who.fte;
    const threshold = thresholdFor(thresholds, who.localRole === who.role ? null : who.localRole, who.role);
    rows.push({ ...who, cases: snapshot.cases, casesPerFte, threshold, overThreshold: threshold !== null && casesPerFte > threshold });
  }
  return rows;
}

export type CaseloadGroupBy = 'team' | 'role';

export interface CaseloadGroup extends CaseloadFigures {
  key: string;
}

export interface CaseloadReport extends CaseloadFigures {
  /** The snapshot used; null when there is none on or before the date. */
  snapshot_date: IsoDate | null;
  groups?: CaseloadGroup[];
}

/**
 * `retain caseloads --date D [--by team|role]`: the latest snapshot on or before D, and with `by`
 * the same figures per team or local role. Every team or role with a row in the snapshot is a
 * group, even one whose workers hold no cases (its `workers` is 0); groups are sorted by key.
 */
export function caseloadReport(rows: readonly WorkerCaseload[], snapshotDate: IsoDate | null, by?: CaseloadGroupBy): CaseloadReport {
  const report: CaseloadReport = { snapshot_date: snapshotDate, ...caseloadFigures(rows) };
  if (by) report.groups = caseloadGroups(rows, by);
  return report;
}

export function caseloadGroups(rows: readonly WorkerCaseload[], by: CaseloadGroupBy): CaseloadGroup[] {
  const groups = new Map<string, WorkerCaseload[]>();
  for (const row of rows) {
    const key = by === 'team' ? row.team : row.localRole;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.keys()].sort((a, b) => a.localeCompare(b)).map((key) => ({ key, ...caseloadFigures(groups.get(key)!) }));
}

export interface LeaversVersusStayers {
  year: number;
  /** Employed leavings of the year (distinct worker and end date). */
  leavers: number;
  /** Snapshot rows in their 183-day windows. */
  leaver_snapshots: number;
  leavers_mean_cases_per_fte: number | null;
  /** Employed workers in post every day of the census year. */
  stayers: number;
  stayer_snapshots: number;
  stayers_mean_cases_per_fte: number | null;
}

/**
 * `retain caseloads leavers --year Y` (spec 4 and 7). Leavers: employed children's services
 * leavings of year Y (as in the census), each (worker_id, end_date) once; their snapshot rows dated
 * `end_date - 183` to `end_date - 1`. Stayers: employed workers in post (on employed children's
 * services posts) every day from 1 October Y-1 to 30 September Y; their rows dated in that year.
 * Means are pooled over rows, each row once, zero-case rows included; cases per FTE as everywhere.
 * Example: a leaver on 2024-06-30 with rows of 20 and 0 cases at 1.0 FTE in the window, and a
 * stayer with one row of 12, give 10 and 12.
 */
export function leaversVersusStayers(snapshots: readonly CaseloadSnapshot[], workers: readonly WorkerRecord[], censusYear: number): LeaversVersusStayers {
  const posts = indexPosts(workers);
  const rowsByWorker = new Map<string, CaseloadSnapshot[]>();
  for (const snapshot of snapshots) {
    const list = rowsByWorker.get(snapshot.workerId);
    if (list) list.push(snapshot);
    else rowsByWorker.set(snapshot.workerId, [snapshot]);
  }
  const perFte = (snapshot: CaseloadSnapshot): number | null => {
    const who = workerOnDate(posts.get(snapshot.workerId) ?? [], snapshot.snapshotDate);
    return who === null || who.fte <= 0 ? null : snapshot.cases / who.fte;
  };
  const mean = (rows: Iterable<CaseloadSnapshot>): { count: number; mean: number | null } => {
    let total = 0;
    let count = 0;
    for (const row of rows) {
      const value = perFte(row);
      if (value === null) continue;
      total += value;
      count += 1;
    }
    return { count, mean: count > 0 ? total / count : null };
  };

  const employed = workers.filter((record) => !record.agency && isCensusRecord(record));
  const leavings = new Map<string, { workerId: string; endDate: IsoDate }>();
  for (const record of employed) {
    if (isLeaverIn(record, censusYear)) leavings.set(`${record.workerId}\u0000${record.endDate}`, { workerId: record.workerId, endDate: record.endDate! });
  }
  // Each row once, even when a worker's two leavings have overlapping windows.
  const leaverRows = new Set<CaseloadSnapshot>();
  for (const { workerId, endDate } of leavings.values()) {
    const from = addDays(endDate, -183);
    const to = addDays(endDate, -1);
    for (const row of rowsByWorker.get(workerId) ?? []) if (row.snapshotDate >= from && row.snapshotDate <= to) leaverRows.add(row);
  }

  const yearStart = censusYearStart(censusYear);
  const yearEnd = referenceDate(censusYear);
  const employedByWorker = indexPosts(employed);
  const stayers = [...employedByWorker].filter(([, list]) => inPostThroughout(list, yearStart, yearEnd)).map(([workerId]) => workerId);
  const stayerRows: CaseloadSnapshot[] = [];
  for (const workerId of stayers) for (const row of rowsByWorker.get(workerId) ?? []) if (row.snapshotDate >= yearStart && row.snapshotDate <= yearEnd) stayerRows.push(row);

  const leaverMean = mean(leaverRows);
  const stayerMean = mean(stayerRows);
  return {
    year: censusYear,
    leavers: leavings.size,
    leaver_snapshots: leaverMean.count,
    leavers_mean_cases_per_fte: leaverMean.mean,
    stayers: stayers.length,
    stayer_snapshots: stayerMean.count,
    stayers_mean_cases_per_fte: stayerMean.mean,
  };
}

/** In post (some post `inPostOn`) every day from `from` to `to` inclusive; a move between posts with no gap keeps it. */
export function inPostThroughout(posts: readonly WorkerRecord[], from: IsoDate, to: IsoDate): boolean {
  // The first day not yet shown to be covered; a post covers start_date up to the day before end_date.
  let cursor = from;
  for (let moved = true; moved && cursor <= to; ) {
    moved = false;
    for (const post of posts) {
      if (post.startDate <= cursor && (post.endDate === null || post.endDate > cursor)) {
        cursor = post.endDate ?? '9999-12-31';
        moved = true;
      }
    }
  }
  return cursor > to;
}
