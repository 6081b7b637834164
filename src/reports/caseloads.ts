import { caseloadSnapshotDates, caseloadSnapshots, listCaseloadThresholds } from '../db/caseloads.ts';
import type { Db } from '../db/database.ts';
import { councilWorkers } from './metrics.ts';
import {
  caseloadFigures,
  caseloadGroups,
  caseloadReport,
  DEFAULT_CASELOAD_THRESHOLDS,
  indexPosts,
  leaversVersusStayers,
  resolveCaseloads,
  snapshotDateFor,
  thresholdTable,
  type CaseloadFigures,
  type CaseloadGroupBy,
  type CaseloadReport,
  type LeaversVersusStayers,
  type WorkerCaseload,
} from '../domain/caseloads.ts';
import { censusYearOf, censusYearStart, referenceDate } from '../domain/census.ts';
import { isSmallNumber } from '../domain/disclosure.ts';
import { roleKey } from '../domain/roles.ts';
import type { IsoDate } from '../domain/workforce.ts';

/**
 * Caseload figures for the CLI, the web page, the API and packs: one read of the council's
 * workers, snapshots and thresholds, computed by src/domain/caseloads.ts.
 */

async function thresholdsFor(db: Db, authorityCode: string) {
  return thresholdTable(await listCaseloadThresholds(db, authorityCode));
}

/** Workers' caseloads on the snapshot a date uses (the latest on or before it). */
async function snapshotRows(db: Db, authorityCode: string, date: IsoDate): Promise<{ snapshotDate: IsoDate | null; rows: WorkerCaseload[] }> {
  const snapshotDate = snapshotDateFor(await caseloadSnapshotDates(db, authorityCode), date);
  if (snapshotDate === null) return { snapshotDate, rows: [] };
  const [snapshots, workers, thresholds] = await Promise.all([
    caseloadSnapshots(db, authorityCode, { from: snapshotDate, to: snapshotDate }),
    councilWorkers(db, authorityCode),
    thresholdsFor(db, authorityCode),
  ]);
  return { snapshotDate, rows: resolveCaseloads(snapshots, indexPosts(workers), thresholds) };
}

/** `retain caseloads --date D [--by team|role]`, as analysts see it (worker ids included). */
export async function caseloadsAt(db: Db, authorityCode: string, date: IsoDate, by?: CaseloadGroupBy): Promise<CaseloadReport> {
  const { snapshotDate, rows } = await snapshotRows(db, authorityCode, date);
  return caseloadReport(rows, snapshotDate, by);
}

/** `retain caseloads leavers --year Y`. */
export async function caseloadLeavers(db: Db, authorityCode: string, censusYear: number): Promise<LeaversVersusStayers> {
  // Leavers' windows reach 183 days before the year starts.
  const [snapshots, workers] = await Promise.all([caseloadSnapshots(db, authorityCode, { from: `${censusYear - 2}-01-01`, to: referenceDate(censusYear) }), councilWorkers(db, authorityCode)]);
  return leaversVersusStayers(snapshots, workers, censusYear);
}

/** A threshold in force: the council's own or the default, for listing. */
export interface ThresholdInForce {
  role: string;
  casesPerFte: number;
  source: 'council' | 'default';
}

/** The council's thresholds, then the defaults it has not replaced. */
export async function thresholdsInForce(db: Db, authorityCode: string): Promise<ThresholdInForce[]> {
  const own = await listCaseloadThresholds(db, authorityCode);
  const ownKeys = new Set(own.map((t) => roleKey(t.role)));
  return [...own.map((t) => ({ ...t, source: 'council' as const })), ...DEFAULT_CASELOAD_THRESHOLDS.filter((t) => !ownKeys.has(roleKey(t.role))).map((t) => ({ ...t, source: 'default' as const }))];
}

/** A figure set as a viewer may see it: null where fewer than 5 workers are behind it. */
export interface DisclosedCaseloadFigures extends Omit<CaseloadFigures, 'over_threshold' | 'over_threshold_workers'> {
  over_threshold: number | null;
  /** Present for analysts only. */
  over_threshold_workers?: string[];
  suppressed: boolean;
}

/**
 * Viewers: figures built from 1 to 4 workers are withheld (the distribution of so few describes
 * individuals), and so is an over-threshold count of 1 to 4 (as leaver counts are elsewhere);
 * they never get worker ids. Analysts get everything.
 */
export function discloseCaseloads(figures: CaseloadFigures, maySeeAll: boolean): DisclosedCaseloadFigures {
  if (maySeeAll) return { ...figures, suppressed: false };
  const { over_threshold_workers: _ids, ...rest } = figures;
  if (isSmallNumber(figures.workers)) {
    return { ...rest, workers: figures.workers, cases: 0, caseload_fte: null, median_cases_per_fte: null, p90_cases_per_fte: null, max_cases_per_fte: null, over_threshold: null, suppressed: true };
  }
  return { ...rest, over_threshold: isSmallNumber(figures.over_threshold) ? null : figures.over_threshold, suppressed: false };
}

export interface CaseloadMonth {
  snapshotDate: IsoDate;
  workers: number;
  caseload_fte: number | null;
  median_cases_per_fte: number | null;
  p90_cases_per_fte: number | null;
  max_cases_per_fte: number | null;
  over_threshold: number | null;
  /** Withheld from a viewer: fewer than 5 workers behind the month's figures. */
  suppressed: boolean;
}

/** The caseloads page: the snapshot for a date, by team and role, every snapshot over time, and leavers against stayers. */
export interface CaseloadView {
  date: IsoDate;
  /**
   * The page's council figures and monthly series are over social workers holding cases, leaving
   * out IROs and child protection chairs (DfE role qualified_no_cases): they count the children
   * they oversee (50-70 for an IRO), which would swamp the spread. They are in the role table, and
   * `retain caseloads` (the spec's figures) counts everyone.
   */
  snapshotDate: IsoDate | null;
  snapshotDates: IsoDate[];
  council: DisclosedCaseloadFigures;
  byTeam: Array<{ key: string } & DisclosedCaseloadFigures>;
  byRole: Array<{ key: string } & DisclosedCaseloadFigures>;
  series: CaseloadMonth[];
  /** Analysts only: each worker over their threshold, the highest first, early-career workers flagged. */
  overThreshold: WorkerCaseload[] | null;
  /** Everyone over their threshold, IROs and chairs included (viewers: null when 1 to 4). */
  overThresholdCount: number | null;
  /** Early-career (ASYE/NQSW) workers above their protected level: their number, and for analysts who. */
  earlyCareerOver: number | null;
  leavers: (LeaversVersusStayers & { suppressed: boolean }) | null;
  thresholds: ThresholdInForce[];
}

/** Social workers holding their own cases: not IROs or child protection chairs (see CaseloadView). */
function holdsOwnCases(row: WorkerCaseload): boolean {
  return row.role !== 'qualified_no_cases';
}

export async function caseloadView(db: Db, authorityCode: string, date: IsoDate, maySeeAll: boolean): Promise<CaseloadView> {
  const [dates, allSnapshots, workers, thresholdRows, thresholds] = await Promise.all([
    caseloadSnapshotDates(db, authorityCode),
    caseloadSnapshots(db, authorityCode),
    councilWorkers(db, authorityCode),
    listCaseloadThresholds(db, authorityCode),
    thresholdsInForce(db, authorityCode),
  ]);
  const tables = thresholdTable(thresholdRows);
  const posts = indexPosts(workers);
  const snapshotDate = snapshotDateFor(dates, date);
  const byDate = new Map<IsoDate, typeof allSnapshots>();
  for (const row of allSnapshots) {
    const list = byDate.get(row.snapshotDate);
    if (list) list.push(row);
    else byDate.set(row.snapshotDate, [row]);
  }
  const series: CaseloadMonth[] = dates.map((snapshot) => {
    const figures = discloseCaseloads(caseloadFigures(resolveCaseloads(byDate.get(snapshot) ?? [], posts, tables).filter(holdsOwnCases)), maySeeAll);
    const { workers: n, caseload_fte, median_cases_per_fte, p90_cases_per_fte, max_cases_per_fte, over_threshold, suppressed } = figures;
    return { snapshotDate: snapshot, workers: n, caseload_fte, median_cases_per_fte, p90_cases_per_fte, max_cases_per_fte, over_threshold, suppressed };
  });
  const rows = snapshotDate === null ? [] : resolveCaseloads(byDate.get(snapshotDate) ?? [], posts, tables);
  const over = rows.filter((row) => row.cases >= 1 && row.overThreshold).sort((a, b) => b.casesPerFte - a.casesPerFte || a.workerId.localeCompare(b.workerId));
  const earlyOver = over.filter((row) => row.earlyCareer).length;
  // Leavers against stayers for the census year the date falls in, or the last complete one before it.
  const year = date >= referenceDate(censusYearOf(date)) ? censusYearOf(date) : censusYearOf(date) - 1;
  const hasYear = dates.some((d) => d >= `${year - 2}-01-01` && d <= referenceDate(year)) && dates.some((d) => d >= censusYearStart(year));
  let leavers: CaseloadView['leavers'] = null;
  if (hasYear) {
    const comparison = leaversVersusStayers(allSnapshots, workers, year);
    const small = !maySeeAll && (isSmallNumber(comparison.leavers) || isSmallNumber(comparison.stayers));
    leavers = small ? { ...comparison, leavers_mean_cases_per_fte: null, stayers_mean_cases_per_fte: null, suppressed: true } : { ...comparison, suppressed: false };
  }
  return {
    date,
    snapshotDate,
    snapshotDates: dates,
    council: discloseCaseloads(caseloadFigures(rows.filter(holdsOwnCases)), maySeeAll),
    overThresholdCount: maySeeAll || !isSmallNumber(over.length) ? over.length : null,
    byTeam: caseloadGroups(rows, 'team').map((group) => ({ ...discloseCaseloads(group, maySeeAll), key: group.key })),
    byRole: caseloadGroups(rows, 'role').map((group) => ({ ...discloseCaseloads(group, maySeeAll), key: group.key })),
    series,
    overThreshold: maySeeAll ? over : null,
    earlyCareerOver: maySeeAll || !isSmallNumber(earlyOver) ? earlyOver : null,
    leavers,
    thresholds,
  };
}

/** What an evidence pack (always for viewers) holds about caseloads: frozen when issued. */
export interface CaseloadPackSection {
  snapshotDate: IsoDate;
  council: DisclosedCaseloadFigures;
  byTeam: Array<{ key: string } & DisclosedCaseloadFigures>;
  byRole: Array<{ key: string } & DisclosedCaseloadFigures>;
  leavers: CaseloadView['leavers'];
}

/** The caseload section of an evidence pack at a date, with small numbers suppressed; null without snapshots. */
export async function caseloadPackSection(db: Db, authorityCode: string, date: IsoDate): Promise<CaseloadPackSection | null> {
  const view = await caseloadView(db, authorityCode, date, false);
  if (view.snapshotDate === null) return null;
  return { snapshotDate: view.snapshotDate, council: view.council, byTeam: view.byTeam, byRole: view.byRole, leavers: view.leavers };
}
