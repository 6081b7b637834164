import type { Db } from '../db/database.ts';
import { exitInterviewsForAuthority, retentionSettings } from '../db/exit-interviews.ts';
import { councilWorkers } from './metrics.ts';
import { censusYearOf } from '../domain/census.ts';
import { percent } from '../domain/format.ts';
import { ROLE_LABELS, type RoleCode } from '../domain/codes.ts';
import {
  attachInterviews,
  computeLeaversFigures,
  EXIT_REASON_LABELS,
  EXIT_REASONS,
  EXIT_STATUS_LABELS,
  leavingsIn,
  SERVICE_BAND_LABELS,
  SERVICE_BANDS,
  type ExitInterviewRecord,
  type ExitReason,
  type LeaversFigures,
  type LeavingWithInterview,
} from '../domain/exit-interviews.ts';
import { counterOffersOf, destinationsOf, leavingsBy, reasonCountsOf, withheldCount, withheldShare, type GroupLeavingFigures, type LeavingGroupBy } from '../domain/leaving-themes.ts';
import { computeCensusFigures, isCensusRecord } from '../domain/measures.ts';
import type { ExitInterviewYear } from '../domain/findings-exit-interviews.ts';
import type { WorkerRecord } from '../domain/workforce.ts';
import { NOT_AVAILABLE_TEXT, SUPPRESSED_CELL, type Cell } from './dashboard.ts';

/**
 * Leavers and exit interviews for one council: `retain leavers`, the leavers page, the dashboard
 * measure and the evidence packs all read through here, from one read of the council's records.
 */

export interface LeaversInput {
  /** Shared (the council's one load): never changed. */
  workers: readonly WorkerRecord[];
  interviews: ExitInterviewRecord[];
}

export async function leaversInput(db: Db, authorityCode: string): Promise<LeaversInput> {
  const [workers, interviews] = await Promise.all([councilWorkers(db, authorityCode), exitInterviewsForAuthority(db, authorityCode)]);
  return { workers, interviews };
}

/** `retain leavers --year Y`: the contract's figures for census year Y. */
export async function leaversForYear(db: Db, authorityCode: string, censusYear: number): Promise<LeaversFigures> {
  const { workers, interviews } = await leaversInput(db, authorityCode);
  return computeLeaversFigures(workers, interviews, censusYear);
}

/** Census years with at least one employed children's leaving, oldest first. */
export function leavingYears(workers: readonly WorkerRecord[]): number[] {
  const years = new Set<number>();
  for (const record of workers) if (record.endDate && !record.agency && isCensusRecord(record)) years.add(censusYearOf(record.endDate));
  return [...years].sort((a, b) => a - b);
}

// Cells, suppressed for people who may not see personal data.

const NOT_AVAILABLE: Cell = { value: null, text: NOT_AVAILABLE_TEXT, status: 'not_available' };

export function countCell(count: number, suppress: boolean): Cell {
  return suppress && withheldCount(count) ? SUPPRESSED_CELL : { value: count, text: String(count), status: 'shown' };
}

export function shareCell(value: number | null, numerator: number, denominator: number, suppress: boolean): Cell {
  if (suppress && withheldShare(numerator, denominator)) return SUPPRESSED_CELL;
  return value === null ? NOT_AVAILABLE : { value, text: percent(value), status: 'shown' };
}

export interface ExitInterviewMeasure {
  censusYear: number;
  rate: Cell;
  target: number | null;
  /** null with no target or no rate to judge. */
  met: boolean | null;
  leavers: Cell;
  interviewsCompleted: Cell;
}

/** The exit-interview rate against the council's target, for the dashboard and the leavers page. */
export function exitInterviewMeasure(figures: LeaversFigures, censusYear: number, target: number | null, suppress: boolean): ExitInterviewMeasure {
  const rate = shareCell(figures.exit_interview_rate, figures.interviews_completed, figures.leavers, suppress);
  return {
    censusYear,
    rate,
    target,
    met: target === null || rate.value === null ? null : rate.value >= target,
    leavers: countCell(figures.leavers, suppress),
    interviewsCompleted: countCell(figures.interviews_completed, suppress),
  };
}

export interface GroupRow {
  key: string;
  label: string;
  leavers: Cell;
  interviewsCompleted: Cell;
  exitInterviewRate: Cell;
  regrettableLeavers: Cell;
  topReason: string;
}

export interface ReasonMatrix {
  caption: string;
  columns: Array<{ key: string; label: string; completed: Cell }>;
  rows: Array<{ code: ExitReason; label: string; cells: Cell[] }>;
}

export interface LeaversView {
  censusYear: number;
  years: number[];
  figures: LeaversFigures;
  measure: ExitInterviewMeasure;
  headline: {
    regrettableLeavers: Cell;
    regrettableTurnoverRate: Cell;
    wouldReturn: { yes: Cell; no: Cell; maybe: Cell };
    counterOffersMade: Cell;
    counterOffersNotMade: Cell;
    counterOfferRate: Cell;
  };
  reasons: Array<{ code: ExitReason; label: string; share: Cell; primary: Cell }>;
  byTeam: GroupRow[];
  byRole: GroupRow[];
  reasonsBy: Record<'year' | 'team' | 'role' | 'service', ReasonMatrix>;
  destinations: Array<{ label: string; leavers: Cell }>;
  /** The year's leavings, one per row: analysts and admins only (empty for viewers). */
  leavings: Array<{ workerId: string; endDate: string; team: string | null; role: string; status: string; primaryReason: string; regrettable: boolean | null }>;
}

const DESTINATION_LABELS: Record<string, string> = {
  another_english_la: 'Another English local authority',
  outside_england: 'Outside England',
  agency: 'Agency social work',
  other_non_la_social_work: 'Other social work, not a local authority',
  other_social_care: 'Other social care',
  non_social_care: 'Outside social care',
  other: 'Other',
  not_known: 'Not known',
  not_yet_collected: 'Not yet collected',
  not_recorded: 'Not recorded',
};

function keyLabel(by: LeavingGroupBy, key: string): string {
  if (by === 'role') return ROLE_LABELS[key as RoleCode] ?? key;
  if (by === 'service') return SERVICE_BAND_LABELS[key as keyof typeof SERVICE_BAND_LABELS] ?? key;
  return key;
}

function groupRows(groups: GroupLeavingFigures[], by: LeavingGroupBy, suppress: boolean): GroupRow[] {
  return groups.map((group) => ({
    key: group.key,
    label: keyLabel(by, group.key),
    leavers: countCell(group.leavers, suppress),
    interviewsCompleted: countCell(group.interviewsCompleted, suppress),
    exitInterviewRate: shareCell(group.exitInterviewRate, group.interviewsCompleted, group.leavers, suppress),
    regrettableLeavers: countCell(group.regrettableLeavers, suppress),
    topReason: group.topReason === null ? 'None recorded' : suppress && withheldCount(group.interviewsCompleted) ? '[c]' : EXIT_REASON_LABELS[group.topReason],
  }));
}

function reasonMatrix(caption: string, groups: GroupLeavingFigures[], by: LeavingGroupBy, suppress: boolean): ReasonMatrix {
  return {
    caption,
    columns: groups.map((group) => ({ key: group.key, label: keyLabel(by, group.key), completed: countCell(group.interviewsCompleted, suppress) })),
    rows: EXIT_REASONS.map((code) => ({
      code,
      label: EXIT_REASON_LABELS[code],
      cells: groups.map((group) => shareCell(group.reasonShares[code], group.reasonCounts[code], group.interviewsCompleted, suppress)),
    })),
  };
}

/**
 * The leavers page for census year Y. `personalDataAllowed` false (viewers, committee documents):
 * every count of 1 to 4 and every share built from one is withheld, and no leaving is listed.
 */
export function leaversViewOf(input: LeaversInput, censusYear: number, target: number | null, personalDataAllowed: boolean): LeaversView {
  const suppress = !personalDataAllowed;
  const { workers, interviews } = input;
  const leavings: LeavingWithInterview[] = attachInterviews(leavingsIn(workers, censusYear), interviews);
  const figures = computeLeaversFigures(workers, interviews, censusYear);
  const completed = figures.interviews_completed;
  const inpost = computeCensusFigures({ workers, vacancies: [], censusYear }).measures.inpost_headcount;
  const years = leavingYears(workers);
  const allLeavings = years.flatMap((year) => attachInterviews(leavingsIn(workers, year), interviews));
  const counter = counterOffersOf(leavings);
  const reasonCounts = reasonCountsOf(leavings);
  return {
    censusYear,
    years,
    figures,
    measure: exitInterviewMeasure(figures, censusYear, target, suppress),
    headline: {
      regrettableLeavers: countCell(figures.regrettable_leavers, suppress),
      regrettableTurnoverRate: shareCell(figures.regrettable_turnover_rate, figures.regrettable_leavers, inpost, suppress),
      wouldReturn: {
        yes: countCell(figures.would_return.yes, suppress),
        no: countCell(figures.would_return.no, suppress),
        maybe: countCell(figures.would_return.maybe, suppress),
      },
      counterOffersMade: countCell(counter.made, suppress),
      counterOffersNotMade: countCell(counter.notMade, suppress),
      counterOfferRate: shareCell(counter.madeRate, counter.made, counter.made + counter.notMade, suppress),
    },
    reasons: EXIT_REASONS.map((code) => ({
      code,
      label: EXIT_REASON_LABELS[code],
      share: shareCell(figures.reasons[code], reasonCounts[code], completed, suppress),
      primary: countCell(figures.primary_reasons[code], suppress),
    })),
    byTeam: groupRows(leavingsBy(leavings, 'team'), 'team', suppress),
    byRole: groupRows(leavingsBy(leavings, 'role'), 'role', suppress),
    reasonsBy: {
      year: reasonMatrix('Reasons named in completed exit interviews, by census year (% of completed interviews)', leavingsBy(allLeavings, 'year'), 'year', suppress),
      team: reasonMatrix(`Reasons by team, census year ${censusYear} (% of completed interviews)`, leavingsBy(leavings, 'team'), 'team', suppress),
      role: reasonMatrix(`Reasons by role, census year ${censusYear} (% of completed interviews)`, leavingsBy(leavings, 'role'), 'role', suppress),
      service: reasonMatrix(`Reasons by length of service, census year ${censusYear} (% of completed interviews)`, leavingsBy(leavings, 'service', SERVICE_BANDS), 'service', suppress),
    },
    destinations: destinationsOf(leavings).map(({ destination, leavers }) => ({ label: DESTINATION_LABELS[destination] ?? destination, leavers: countCell(leavers, suppress) })),
    leavings: suppress
      ? []
      : leavings.map((leaving) => ({
          workerId: leaving.workerId,
          endDate: leaving.endDate,
          team: leaving.post.team,
          role: ROLE_LABELS[leaving.post.role] ?? leaving.post.role,
          status: leaving.interview ? EXIT_STATUS_LABELS[leaving.interview.status] : 'None recorded',
          primaryReason: leaving.interview?.primaryReason ? EXIT_REASON_LABELS[leaving.interview.primaryReason] : '',
          regrettable: leaving.interview?.regrettable ?? null,
        })),
  };
}

/** The leavers page for a council and year, reading its records once. */
export async function leaversView(db: Db, authorityCode: string, censusYear: number, personalDataAllowed: boolean): Promise<LeaversView> {
  const [input, settings] = await Promise.all([leaversInput(db, authorityCode), retentionSettings(db, authorityCode)]);
  return leaversViewOf(input, censusYear, settings.exitInterviewRateTarget, personalDataAllowed);
}

/** The latest census year with leavers, or null. */
export function latestLeavingYear(workers: readonly WorkerRecord[]): number | null {
  const years = leavingYears(workers);
  return years.length === 0 ? null : years[years.length - 1]!;
}

/** The dashboard's exit-interview measure: the rate against the target, and by team and role. */
export interface ExitInterviewDashboard {
  measure: ExitInterviewMeasure;
  byTeam: GroupRow[];
  byRole: GroupRow[];
}

/** Over records and interviews already read (the dashboard's one load of the council). */
export function exitInterviewDashboardOf(input: LeaversInput, censusYear: number, target: number | null, personalDataAllowed: boolean): ExitInterviewDashboard {
  const view = leaversViewOf(input, censusYear, target, personalDataAllowed);
  return { measure: view.measure, byTeam: view.byTeam, byRole: view.byRole };
}

/** Every census year's exit interviews up to `upToYear`, as the findings rules read them. */
export function exitInterviewYears(input: LeaversInput, upToYear: number): ExitInterviewYear[] {
  return leavingYears(input.workers)
    .filter((year) => year <= upToYear)
    .map((censusYear) => {
      const leavings = attachInterviews(leavingsIn(input.workers, censusYear), input.interviews);
      const figures = computeLeaversFigures(input.workers, input.interviews, censusYear);
      return {
        censusYear,
        leavers: figures.leavers,
        interviewsCompleted: figures.interviews_completed,
        reasonCounts: reasonCountsOf(leavings),
        regrettableLeavers: figures.regrettable_leavers,
        regrettableTurnoverRate: figures.regrettable_turnover_rate,
      };
    });
}
