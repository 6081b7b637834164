import { addYears, isLeaverIn } from './census.ts';
import { computeCensusFigures, isCensusRecord, percentage } from './measures.ts';
import type { IsoDate, WorkerRecord } from './workforce.ts';

/**
 * Exit interviews (shared/spec/retention-data.md section 1): why employed children's social
 * workers leave, coded so that reasons can be trended. An interview belongs to one leaving, keyed
 * by (worker_id, leaving_date), where leaving_date is the end_date of one of the worker's posts.
 */

export const EXIT_INTERVIEW_STATUSES = ['completed', 'declined', 'not_offered'] as const;
export type ExitInterviewStatus = (typeof EXIT_INTERVIEW_STATUSES)[number];

export const EXIT_CHANNELS = ['online', 'paper', 'phone', 'in_person'] as const;
export type ExitChannel = (typeof EXIT_CHANNELS)[number];

export const EXIT_REASONS = [
  'pay',
  'workload',
  'caseload',
  'management',
  'supervision',
  'career_progression',
  'learning_development',
  'flexible_working',
  'travel_location',
  'wellbeing',
  'team_culture',
  'relocation',
  'family_caring',
  'retirement',
  'leaving_profession',
  'agency_work',
  'other',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const WOULD_RETURN = ['yes', 'no', 'maybe'] as const;
export type WouldReturn = (typeof WOULD_RETURN)[number];

export const EXIT_REASON_LABELS: Record<ExitReason, string> = {
  pay: 'Pay',
  workload: 'Workload',
  caseload: 'Caseload',
  management: 'Management',
  supervision: 'Supervision',
  career_progression: 'Career progression',
  learning_development: 'Learning and development',
  flexible_working: 'Flexible working',
  travel_location: 'Travel or location',
  wellbeing: 'Wellbeing',
  team_culture: 'Team culture',
  relocation: 'Relocation',
  family_caring: 'Family or caring',
  retirement: 'Retirement',
  leaving_profession: 'Leaving the profession',
  agency_work: 'Agency work',
  other: 'Other',
};

export const EXIT_STATUS_LABELS: Record<ExitInterviewStatus, string> = { completed: 'Completed', declined: 'Declined', not_offered: 'Not offered' };
export const EXIT_CHANNEL_LABELS: Record<ExitChannel, string> = { online: 'Online', paper: 'Paper', phone: 'Phone', in_person: 'In person' };

/** One exit interview row (an import row or one recorded in the browser), validated. */
export interface ExitInterviewRecord {
  workerId: string;
  leavingDate: IsoDate;
  status: ExitInterviewStatus;
  interviewDate: IsoDate | null;
  channel: ExitChannel | null;
  primaryReason: ExitReason | null;
  /** As given, without the primary reason repeated and without duplicates. */
  otherReasons: ExitReason[];
  /** The council wanted to keep them; null when not said. */
  regrettable: boolean | null;
  wouldReturn: WouldReturn | null;
  counterOffer: boolean | null;
  /** Free text: personal data, analysts and admins only, never in packs. */
  comments: string | null;
}

/**
 * A code value as the contract reads them: ignoring case and surrounding spaces. Inner spaces and
 * hyphens are read as `_` too ("In person", "career-progression"): a council analyst would expect
 * the label to work as well as the code (our choice; the contract is silent).
 */
export function exitCodeFrom<T extends string>(list: readonly T[], raw: string): T | undefined {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return list.find((code) => code === key);
}

/** A `;`-separated list of codes; empty items (a trailing `;`) are ignored. Gives the codes or the items not understood. */
export function exitCodeList<T extends string>(list: readonly T[], raw: string): { codes: T[]; unknown: string[] } {
  const codes: T[] = [];
  const unknown: string[] = [];
  for (const item of raw.split(';')) {
    if (item.trim() === '') continue;
    const code = exitCodeFrom(list, item);
    if (code === undefined) unknown.push(item.trim());
    else if (!codes.includes(code)) codes.push(code);
  }
  return { codes, unknown };
}

/** The reasons an interview names, primary first, each once. */
export function reasonsNamed(interview: Pick<ExitInterviewRecord, 'primaryReason' | 'otherReasons'>): ExitReason[] {
  const named = new Set<ExitReason>();
  if (interview.primaryReason) named.add(interview.primaryReason);
  for (const reason of interview.otherReasons) named.add(reason);
  return [...named];
}

export function interviewKey(workerId: string, leavingDate: IsoDate): string {
  return `${workerId}\u0000${leavingDate}`;
}

/**
 * One leaving: an employed children's social worker's post ending in the census year, counted once
 * per (worker_id, end_date). Two posts of one worker ending the same day are one leaving (the one
 * with the larger FTE, then the later start, stands for it: its team and role are shown); two
 * posts ending on different days are two leavings. This differs from the census
 * `leavers_headcount`, which counts distinct workers, as the retention contract says.
 */
export interface Leaving {
  workerId: string;
  endDate: IsoDate;
  /** The post that stands for the leaving. */
  post: WorkerRecord;
  /** The worker's continuous service up to this leaving: from the start of the earliest of their posts that chain into this one. */
  serviceStart: IsoDate;
}

export function leavingsIn(workers: readonly WorkerRecord[], censusYear: number): Leaving[] {
  const byKey = new Map<string, WorkerRecord>();
  for (const record of workers) {
    if (!isCensusRecord(record) || record.agency || !isLeaverIn(record, censusYear)) continue;
    const key = interviewKey(record.workerId, record.endDate!);
    const seen = byKey.get(key);
    if (!seen || record.fte > seen.fte || (record.fte === seen.fte && record.startDate > seen.startDate)) byKey.set(key, record);
  }
  const postsOf = new Map<string, WorkerRecord[]>();
  for (const record of workers) {
    if (record.agency) continue;
    const list = postsOf.get(record.workerId);
    if (list) list.push(record);
    else postsOf.set(record.workerId, [record]);
  }
  return [...byKey.values()]
    .map((post) => ({ workerId: post.workerId, endDate: post.endDate!, post, serviceStart: serviceStartOf(postsOf.get(post.workerId) ?? [post], post.endDate!) }))
    .sort((a, b) => (a.endDate === b.endDate ? a.workerId.localeCompare(b.workerId) : a.endDate < b.endDate ? -1 : 1));
}

/**
 * Where continuous employed service ending on `endDate` began: walking back from the posts that
 * ended that day, an earlier post joins when it ended no more than 31 days before the start of
 * the chain so far (start <= end + 31 days, or it overlaps). 31 days matches the retention curves' spell rule.
 * Example: posts 2019-04-01..2021-03-31 and 2021-04-12..2024-06-30 give service from 2019-04-01.
 */
export function serviceStartOf(posts: ReadonlyArray<Pick<WorkerRecord, 'startDate' | 'endDate'>>, endDate: IsoDate): IsoDate {
  const upTo = posts.filter((post) => post.startDate <= endDate);
  const ending = upTo.filter((post) => post.endDate === endDate);
  let start = ending.reduce((min, post) => (post.startDate < min ? post.startDate : min), ending[0]?.startDate ?? endDate);
  const rest = upTo.filter((post) => post.endDate !== endDate).sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  let changed = true;
  while (changed) {
    changed = false;
    for (const post of rest) {
      if (post.startDate >= start) continue;
      const end = post.endDate ?? endDate;
      if (end >= addDays(start, -31)) {
        start = post.startDate;
        changed = true;
      }
    }
  }
  return start;
}

function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Length of service bands for leaving reasons, as the issue asks: under 2 years, 2 to 5, 5 or more. */
export const SERVICE_BANDS = ['under_2', '2_to_5', '5_plus'] as const;
export type ServiceBand = (typeof SERVICE_BANDS)[number];
export const SERVICE_BAND_LABELS: Record<ServiceBand, string> = { under_2: 'Under 2 years', '2_to_5': '2 to 5 years', '5_plus': '5 years or more' };

/**
 * The band of service from `start` to `end` (the leaving date): under 2 years when the second
 * anniversary falls after the leaving date, 5 or more from the fifth anniversary on, else 2 to 5.
 * Example: 2022-07-01 to 2024-06-30 is under 2; to 2024-07-01 it is 2 to 5.
 */
export function serviceBand(start: IsoDate, end: IsoDate): ServiceBand {
  if (end < addYears(start, 2)) return 'under_2';
  if (end < addYears(start, 5)) return '2_to_5';
  return '5_plus';
}

/** A leaving with its interview (if any) attached. */
export interface LeavingWithInterview extends Leaving {
  interview: ExitInterviewRecord | null;
}

export function attachInterviews(leavings: readonly Leaving[], interviews: readonly ExitInterviewRecord[]): LeavingWithInterview[] {
  const byKey = new Map(interviews.map((interview) => [interviewKey(interview.workerId, interview.leavingDate), interview]));
  return leavings.map((leaving) => ({ ...leaving, interview: byKey.get(interviewKey(leaving.workerId, leaving.endDate)) ?? null }));
}

/** `retain leavers --year Y`, field for field as the contract names them. */
export interface LeaversFigures {
  leavers: number;
  interviews_completed: number;
  exit_interview_rate: number | null;
  reasons: Record<ExitReason, number | null>;
  primary_reasons: Record<ExitReason, number>;
  regrettable_leavers: number;
  regrettable_turnover_rate: number | null;
  would_return: Record<WouldReturn, number>;
}

export const LEAVERS_FIELDS = [
  'leavers',
  'interviews_completed',
  'exit_interview_rate',
  'reasons',
  'primary_reasons',
  'regrettable_leavers',
  'regrettable_turnover_rate',
  'would_return',
] as const satisfies ReadonlyArray<keyof LeaversFigures>;

/**
 * The figures over a set of leavings with their interviews:
 * - `leavers`: the leavings; `interviews_completed`: those whose interview is `completed`;
 * - `exit_interview_rate` = completed / leavers * 100 (null with no leavers);
 * - `reasons[code]` = completed interviews naming the code as primary or other reason (once per
 *   interview) / completed * 100, for every code, null for every code when none was completed;
 * - `primary_reasons[code]` = completed interviews with it as primary reason (0 when none);
 * - `regrettable_leavers`: leavings whose interview row says regrettable, whatever its status;
 * - `regrettable_turnover_rate` = regrettable_leavers / inpostHeadcount * 100 (null when nobody is in post);
 * - `would_return`: counts of yes, no and maybe over completed interviews.
 */
export function leaversFiguresOf(leavings: readonly LeavingWithInterview[], inpostHeadcount: number): LeaversFigures {
  const completed = leavings.flatMap((leaving) => (leaving.interview?.status === 'completed' ? [leaving.interview] : []));
  const named = Object.fromEntries(EXIT_REASONS.map((code) => [code, 0])) as Record<ExitReason, number>;
  const primary = Object.fromEntries(EXIT_REASONS.map((code) => [code, 0])) as Record<ExitReason, number>;
  const wouldReturn: Record<WouldReturn, number> = { yes: 0, no: 0, maybe: 0 };
  for (const interview of completed) {
    for (const reason of reasonsNamed(interview)) named[reason] += 1;
    if (interview.primaryReason) primary[interview.primaryReason] += 1;
    if (interview.wouldReturn) wouldReturn[interview.wouldReturn] += 1;
  }
  const regrettable = leavings.filter((leaving) => leaving.interview?.regrettable === true).length;
  return {
    leavers: leavings.length,
    interviews_completed: completed.length,
    exit_interview_rate: percentage(completed.length, leavings.length),
    reasons: Object.fromEntries(EXIT_REASONS.map((code) => [code, percentage(named[code], completed.length)])) as Record<ExitReason, number | null>,
    primary_reasons: primary,
    regrettable_leavers: regrettable,
    regrettable_turnover_rate: percentage(regrettable, inpostHeadcount),
    would_return: wouldReturn,
  };
}

/**
 * `retain leavers --year Y` from the council's records: the year's leavings (see `leavingsIn`),
 * their interviews, and the census `inpost_headcount` of Y for the regrettable turnover rate.
 */
export function computeLeaversFigures(workers: readonly WorkerRecord[], interviews: readonly ExitInterviewRecord[], censusYear: number): LeaversFigures {
  const leavings = attachInterviews(leavingsIn(workers, censusYear), interviews);
  const inpost = computeCensusFigures({ workers, vacancies: [], censusYear }).measures.inpost_headcount;
  return leaversFiguresOf(leavings, inpost);
}
