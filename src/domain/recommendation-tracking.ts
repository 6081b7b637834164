import { addDays, daysBetween } from './calendar-days.ts';
import { longDate } from './format.ts';
import { addMonths, evaluationDateFor, type ImplementationStatus, type ProgressUpdate, type RecommendationResponse, type ReviewScope } from './reviews.ts';
import type { IsoDate } from './workforce.ts';

/**
 * Following a scrutiny review's recommendations to the end, as councils' own recommendation
 * trackers do (issue 15): a reference in the council's style, the executive's two-month response
 * clock, progress as councils report it (with a RAG colour), the committee's 6- and 12-month
 * reviews, and the reminders a scrutiny officer sends to lead officers. Pure: "today" is passed in.
 */

// ---- References -------------------------------------------------------------------------------

/** The municipal year runs from the annual meeting in May, but councils' trackers count April to March. */
export const MUNICIPAL_YEAR_START_MONTH = 4;

/** The prefix a council has not chosen its own: "SCR" (scrutiny). Most use the committee's initials, e.g. "CYP". */
export const DEFAULT_REFERENCE_PREFIX = 'SCR';

/**
 * The municipal year a date falls in, as the calendar year it starts in: 2025-04-01 to 2026-03-31
 * is 2025 ("2025/26"). `startMonth` is 1-12 (April unless a council counts differently).
 */
export function municipalYearOf(date: IsoDate, startMonth = MUNICIPAL_YEAR_START_MONTH): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= startMonth ? year : year - 1;
}

/** 2025 -> "2025/26"; 1999 -> "1999/00". */
export function municipalYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export interface RecommendationReference {
  prefix: string;
  /** The municipal year, as the calendar year it starts in. */
  municipalYear: number;
  /** 1 for the first recommendation under this prefix in this municipal year. */
  number: number;
}

/** "CYP 2025/26-03": the prefix, the municipal year and the number (two digits at least). */
export function formatReference(reference: RecommendationReference): string {
  return `${reference.prefix} ${municipalYearLabel(reference.municipalYear)}-${String(reference.number).padStart(2, '0')}`;
}

/** The parts of a reference as `formatReference` writes it (spaces and case forgiven), or null. */
export function parseReference(text: string): RecommendationReference | null {
  const match = /^\s*([A-Za-z0-9&]+)\s+(\d{4})\/(\d{2})\s*-\s*(\d{1,4})\s*$/.exec(text);
  if (!match) return null;
  const start = Number(match[2]);
  if ((start + 1) % 100 !== Number(match[3])) return null;
  return { prefix: match[1]!.toUpperCase(), municipalYear: start, number: Number(match[4]) };
}

/**
 * A prefix as councils write them: letters, digits and "&", 1 to 12 characters, upper case
 * ("cyp" is "CYP"). Null with the reason when it cannot be one.
 */
export function checkPrefix(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = text.trim().toUpperCase();
  if (value === '') return { ok: false, message: 'Enter a reference prefix, for example CYP' };
  if (value.length > 12) return { ok: false, message: 'The reference prefix must be 12 characters or fewer' };
  if (!/^[A-Z0-9&]+$/.test(value)) return { ok: false, message: 'The reference prefix can only hold letters, digits and &, for example CYP' };
  return { ok: true, value };
}

/**
 * The next reference under a prefix: numbering starts again at 1 each municipal year, and carries
 * on across reviews in the same year (the third recommendation the committee makes in 2025/26 is
 * "-03" whichever review it came from). `taken` is every reference the council already holds.
 * The year is that of the committee's report (its reporting date), else the day it is added.
 */
export function nextReference(prefix: string, on: IsoDate, taken: readonly RecommendationReference[], startMonth = MUNICIPAL_YEAR_START_MONTH): RecommendationReference {
  const municipalYear = municipalYearOf(on, startMonth);
  const used = taken.filter((r) => r.prefix === prefix && r.municipalYear === municipalYear).map((r) => r.number);
  return { prefix, municipalYear, number: Math.max(0, ...used) + 1 };
}

// ---- The executive's response clock -----------------------------------------------------------

/** The executive must respond to a scrutiny report within two months (Local Government Act 2000, s.9FE). */
export const DEFAULT_RESPONSE_MONTHS = 2;

/** How far ahead "due soon" and the reminders look. */
export const REMINDER_WINDOW_DAYS = 14;

/** The day the executive's response is due: calendar months after the report went to it, clamped to the month's end (31 December + 2 months = 28 or 29 February). */
export function responseDueDate(sentToExecutiveOn: IsoDate, months = DEFAULT_RESPONSE_MONTHS): IsoDate {
  return addMonths(sentToExecutiveOn, months);
}

export type ResponseClockState = 'not_sent' | 'awaiting' | 'due_soon' | 'overdue' | 'responded' | 'responded_late';

export const RESPONSE_CLOCK_LABELS: Record<ResponseClockState, string> = {
  not_sent: 'Not yet sent to the executive',
  awaiting: 'Response awaited',
  due_soon: 'Response due soon',
  overdue: 'Response overdue',
  responded: 'Responded in time',
  responded_late: 'Responded late',
};

export interface ResponseClock {
  state: ResponseClockState;
  sentOn: IsoDate | null;
  dueDate: IsoDate | null;
  /** When the executive responded: the date the recommendations were agreed, else the latest decision date. */
  respondedOn: IsoDate | null;
  /** Days until due (negative once overdue); null when not sent or responded. */
  daysLeft: number | null;
  /** Recommendations still awaiting a response. */
  awaiting: number;
}

/**
 * Where a review's response stands. The executive has responded once no recommendation is
 * awaiting a response (a review with none yet has not been responded to). Responded late when the
 * response date is after the due date; a response with no date is taken as in time, since nothing
 * says otherwise. Due soon: due within REMINDER_WINDOW_DAYS (today included).
 */
export function responseClock(
  review: { sentToExecutiveOn: IsoDate | null; recommendationsAgreedOn: IsoDate | null },
  recommendations: ReadonlyArray<{ response: RecommendationResponse; decisionDate: IsoDate | null }>,
  today: IsoDate,
  months = DEFAULT_RESPONSE_MONTHS,
): ResponseClock {
  const awaiting = recommendations.filter((r) => r.response === 'awaiting').length;
  const decided = recommendations
    .map((r) => r.decisionDate)
    .filter((d): d is IsoDate => d !== null)
    .sort();
  const respondedOn = review.recommendationsAgreedOn ?? decided[decided.length - 1] ?? null;
  const responded = recommendations.length > 0 && awaiting === 0;
  if (!review.sentToExecutiveOn) return { state: responded ? 'responded' : 'not_sent', sentOn: null, dueDate: null, respondedOn: responded ? respondedOn : null, daysLeft: null, awaiting };
  const dueDate = responseDueDate(review.sentToExecutiveOn, months);
  if (responded) {
    return { state: respondedOn !== null && respondedOn > dueDate ? 'responded_late' : 'responded', sentOn: review.sentToExecutiveOn, dueDate, respondedOn, daysLeft: null, awaiting };
  }
  const daysLeft = daysBetween(today, dueDate);
  const state = daysLeft < 0 ? 'overdue' : daysLeft <= REMINDER_WINDOW_DAYS ? 'due_soon' : 'awaiting';
  return { state, sentOn: review.sentToExecutiveOn, dueDate, respondedOn: null, daysLeft, awaiting };
}

// ---- Progress ---------------------------------------------------------------------------------

export const PROGRESS_STATUSES = ['achieved', 'on_track', 'slipped', 'not_achieved', 'no_longer_monitored'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const PROGRESS_LABELS: Record<ProgressStatus, string> = {
  achieved: 'Achieved',
  on_track: 'On track',
  slipped: 'Slipped',
  not_achieved: 'Not achieved',
  no_longer_monitored: 'No longer monitored',
};

/** Finished with: no further updates are asked for. */
export const CLOSED_STATUSES: ReadonlySet<ProgressStatus> = new Set(['achieved', 'not_achieved', 'no_longer_monitored']);

export type Rag = 'green' | 'amber' | 'red' | 'grey';

/** The RAG colour of each status, as councils' trackers colour them. Always shown beside the words, never alone. */
export const RAG_OF: Record<ProgressStatus, Rag> = {
  achieved: 'green',
  on_track: 'green',
  slipped: 'amber',
  not_achieved: 'red',
  no_longer_monitored: 'grey',
};

/** The key printed with every tracker. */
export const RAG_KEY: ReadonlyArray<{ rag: Rag; label: string; meaning: string }> = [
  { rag: 'green', label: 'Green', meaning: 'Achieved, or on track to be achieved by its date' },
  { rag: 'amber', label: 'Amber', meaning: 'Slipped: a revised date has been set, with the reason' },
  { rag: 'red', label: 'Red', meaning: 'Not achieved' },
  { rag: 'grey', label: 'Grey', meaning: 'No longer monitored (the committee has closed it)' },
];

/** The status words accepted from a tracker file, in councils' usual spellings ("Complete", "On target", "Delayed"). */
const STATUS_WORDS: ReadonlyArray<readonly [ProgressStatus, readonly string[]]> = [
  ['achieved', ['achieved', 'complete', 'completed', 'done', 'implemented', 'blue']],
  ['on_track', ['on track', 'on target', 'in progress', 'green']],
  ['slipped', ['slipped', 'delayed', 'behind', 'amber']],
  ['not_achieved', ['not achieved', 'not implemented', 'red']],
  ['no_longer_monitored', ['no longer monitored', 'closed', 'withdrawn', 'grey', 'gray']],
];

export function progressStatusFromText(text: string): ProgressStatus | null {
  const key = text.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  for (const [status, words] of STATUS_WORDS) if (words.includes(key)) return status;
  return null;
}

/** A progress update as the timeline holds it: the dated note, with the status it reported (older updates have none). */
export interface TrackedUpdate extends ProgressUpdate {
  status?: ProgressStatus;
  /** Slipped: the date it is now expected by. */
  revisedDate?: IsoDate | null;
  /** Slipped: why. */
  reason?: string;
  /** Who recorded it (an email), or "upload: file.csv". */
  by?: string;
}

export interface ProgressState {
  status: ProgressStatus | null;
  /** The date it was to be achieved by when agreed: kept whatever slips. */
  targetDate: IsoDate | null;
  /** The latest revised date, once it has slipped. */
  revisedDate: IsoDate | null;
  slipReason: string;
}

export interface ProgressChange {
  status: ProgressStatus;
  revisedDate: IsoDate | null;
  reason: string;
  note: string;
}

/** Whether a recommendation is followed up: the executive accepted it, in whole or in part. */
export function isMonitored(response: RecommendationResponse): boolean {
  return response === 'accepted' || response === 'partly_accepted';
}

/**
 * Checks a progress report against the recommendation and says, in plain words, what is wrong:
 * - progress is reported only on a recommendation the executive accepted (in whole or part); a
 *   rejected or noted one can only be marked no longer monitored;
 * - Slipped needs a revised date and the reason; the revised date is after the date it was due by
 *   (the original target, or the last revised date), since a slip moves it later;
 * - a revised date is given only with Slipped.
 * Returns the problems as [field, message] pairs (field: 'status' | 'revisedDate' | 'reason').
 */
export function progressProblems(
  recommendation: { response: RecommendationResponse } & Pick<ProgressState, 'targetDate' | 'revisedDate'>,
  change: ProgressChange,
): Array<['status' | 'revisedDate' | 'reason', string]> {
  const problems: Array<['status' | 'revisedDate' | 'reason', string]> = [];
  if (!isMonitored(recommendation.response) && change.status !== 'no_longer_monitored') {
    problems.push([
      'status',
      recommendation.response === 'awaiting'
        ? 'The executive has not responded to this recommendation yet: record its response before its progress'
        : `This recommendation was ${recommendation.response === 'rejected' ? 'rejected' : 'noted'}, not accepted, so its progress is not followed: it can only be marked no longer monitored`,
    ]);
  }
  if (change.status === 'slipped') {
    const dueBy = recommendation.revisedDate ?? recommendation.targetDate;
    if (!change.revisedDate) problems.push(['revisedDate', 'Enter the revised date it is now expected by']);
    else if (dueBy && change.revisedDate <= dueBy && change.revisedDate !== recommendation.revisedDate) {
      problems.push(['revisedDate', `The revised date must be after ${longDate(dueBy)}, the date it was due by`]);
    }
    if (!change.reason.trim()) problems.push(['reason', 'Enter why it has slipped']);
  } else if (change.revisedDate && change.revisedDate !== recommendation.revisedDate) {
    problems.push(['revisedDate', 'Only give a revised date when the status is Slipped']);
  }
  return problems;
}

/**
 * The state after a progress report: a slip records the new revised date and reason, the target
 * date never changes, and a later status keeps the last revised date (it is the date it is now due by).
 */
export function applyProgress(state: ProgressState, change: ProgressChange): ProgressState {
  if (change.status === 'slipped') return { status: 'slipped', targetDate: state.targetDate, revisedDate: change.revisedDate, slipReason: change.reason.trim() };
  return { ...state, status: change.status };
}

/**
 * The older implementation status (issue 4's committee report and evaluation) that a progress
 * status stands for, so documents written before progress was tracked say the same thing:
 * achieved is implemented, on track or slipped is in progress, not achieved is not implemented;
 * no longer monitored leaves it as it was.
 */
export function implementationStatusFor(status: ProgressStatus, before: ImplementationStatus): ImplementationStatus {
  if (status === 'achieved') return 'implemented';
  if (status === 'on_track' || status === 'slipped') return 'in_progress';
  if (status === 'not_achieved') return 'not_implemented';
  return before;
}

/** The date it is now due by: the revised date once it has slipped, else the target date. */
export function currentDueDate(state: Pick<ProgressState, 'targetDate' | 'revisedDate'>): IsoDate | null {
  return state.revisedDate ?? state.targetDate;
}

/** The update written to the timeline for a progress report. */
export function progressUpdate(change: ProgressChange, date: IsoDate, by: string): TrackedUpdate {
  const text = change.note.trim() || `Status: ${PROGRESS_LABELS[change.status]}${change.status === 'slipped' && change.revisedDate ? `, now expected by ${longDate(change.revisedDate)}` : ''}.`;
  return { date, text, status: change.status, ...(change.status === 'slipped' ? { revisedDate: change.revisedDate, reason: change.reason.trim() } : {}), by };
}

// ---- The committee's 6- and 12-month reviews ---------------------------------------------------

export type MonitoringStage = 'six_month' | 'twelve_month';
export const MONITORING_STAGES: readonly MonitoringStage[] = ['six_month', 'twelve_month'];
export const MONITORING_LABELS: Record<MonitoringStage, string> = { six_month: '6-month review', twelve_month: '12-month review' };

export interface MonitoringReview {
  stage: MonitoringStage;
  /** When it is due: 6 and 12 months after the recommendations were agreed (12: the evaluation date, if the scope names one). */
  dueDate: IsoDate | null;
  /** Updates given after this day count towards it: the agreement for the 6-month review, the 6-month review's due date for the 12-month one. */
  since: IsoDate | null;
  heldOn: IsoDate | null;
  /** The committee's conclusion, in its words. */
  conclusion: string;
}

export function monitoringReviews(
  review: { scope: Pick<ReviewScope, 'evaluationDate'>; recommendationsAgreedOn: IsoDate | null },
  held: Record<MonitoringStage, { heldOn: IsoDate | null; conclusion: string }>,
): MonitoringReview[] {
  const sixMonths = review.recommendationsAgreedOn ? addMonths(review.recommendationsAgreedOn, 6) : null;
  return [
    { stage: 'six_month', dueDate: sixMonths, since: review.recommendationsAgreedOn, ...held.six_month },
    { stage: 'twelve_month', dueDate: evaluationDateFor(review.scope, review.recommendationsAgreedOn), since: sixMonths, ...held.twelve_month },
  ];
}

// ---- Reminders --------------------------------------------------------------------------------

export interface TrackedRecommendation extends ProgressState {
  id: number;
  reviewId: number;
  reference: string;
  text: string;
  response: RecommendationResponse;
  leadOfficer: string;
  leadOfficerEmail: string;
  updates: TrackedUpdate[];
}

export interface TrackedAction {
  id: number;
  recommendationId: number | null;
  description: string;
  owner: string;
  /** Where the owner's reminders go; empty when none is recorded (the reminder is listed, not sent). */
  ownerEmail: string;
  dueDate: IsoDate;
  status: 'open' | 'in_progress' | 'done';
}

export interface TrackedReview {
  id: number;
  title: string;
  monitoring: MonitoringReview[];
  recommendations: TrackedRecommendation[];
  actions: TrackedAction[];
}

export type ReminderKind = 'update' | 'due_date' | 'action';

export interface Reminder {
  kind: ReminderKind;
  /** Who it is due from: the lead officer (updates, due dates) or the action's owner. */
  person: string;
  email: string | null;
  reviewId: number;
  reviewTitle: string;
  recommendationId: number;
  reference: string;
  /** What is due, in a sentence. */
  what: string;
  dueDate: IsoDate;
  overdue: boolean;
}

/**
 * What each lead officer owes, due in the next REMINDER_WINDOW_DAYS days (today included) or overdue:
 * - a progress update on each recommendation still followed (accepted, not closed) before the
 *   committee's next 6- or 12-month review not yet held, unless one has been given since the
 *   previous point (the agreement, or the 6-month review's due date);
 * - word on a recommendation whose date it was due by (revised, else target) has come, while it
 *   is still open (the update should say Achieved, or Slipped with a new date);
 * - each open action under a recommendation, from its owner.
 * Sorted by person, then due date. Nobody named: "(no lead officer named)", so it is still seen.
 */
export function remindersDue(reviews: readonly TrackedReview[], today: IsoDate, windowDays = REMINDER_WINDOW_DAYS): Reminder[] {
  const horizon = addDays(today, windowDays);
  const out: Reminder[] = [];
  const who = (name: string) => name.trim() || '(no lead officer named)';
  for (const review of reviews) {
    const next = review.monitoring.find((m) => m.heldOn === null && m.dueDate !== null);
    for (const r of review.recommendations) {
      const base = { person: who(r.leadOfficer), email: r.leadOfficerEmail.trim() || null, reviewId: review.id, reviewTitle: review.title, recommendationId: r.id, reference: r.reference };
      if (!isMonitored(r.response) || (r.status !== null && CLOSED_STATUSES.has(r.status))) continue;
      if (next?.dueDate && next.dueDate <= horizon) {
        const since = next.since;
        const given = r.updates.some((u) => since === null || u.date > since);
        if (!given)
          out.push({
            ...base,
            kind: 'update',
            what: `Progress update for the committee’s ${MONITORING_LABELS[next.stage]} on ${longDate(next.dueDate)}`,
            dueDate: next.dueDate,
            overdue: next.dueDate < today,
          });
      }
      const dueBy = currentDueDate(r);
      if (dueBy && dueBy <= horizon) {
        out.push({ ...base, kind: 'due_date', what: `Due to be achieved by ${longDate(dueBy)}: say whether it is achieved, or when it now will be`, dueDate: dueBy, overdue: dueBy < today });
      }
    }
    for (const action of review.actions) {
      if (action.status === 'done' || action.recommendationId === null || action.dueDate > horizon) continue;
      const r = review.recommendations.find((rec) => rec.id === action.recommendationId);
      if (!r) continue;
      out.push({
        kind: 'action',
        person: who(action.owner),
        email: action.ownerEmail.trim() || null,
        reviewId: review.id,
        reviewTitle: review.title,
        recommendationId: r.id,
        reference: r.reference,
        what: `Action: ${action.description}`,
        dueDate: action.dueDate,
        overdue: action.dueDate < today,
      });
    }
  }
  return out.sort((a, b) => a.person.localeCompare(b.person) || a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference));
}

export interface DigestMessage {
  to: string;
  email: string | null;
  subject: string;
  body: string;
}

/**
 * One email-ready message per person, plain text: what is overdue (with how long), then what is
 * due in the next fortnight, each line naming the recommendation by its reference. The scrutiny
 * officer copies it into an email, or Retain sends it when SMTP is set up.
 */
export function reminderDigest(reminders: readonly Reminder[], context: { councilName: string; today: IsoDate; from: string }): DigestMessage[] {
  const people = [...new Set(reminders.map((r) => r.person))];
  return people.map((person) => {
    const own = reminders.filter((r) => r.person === person);
    const line = (r: Reminder) => {
      const late = r.overdue ? ` (${plural(daysBetween(r.dueDate, context.today), 'day')} overdue)` : ` (due ${longDate(r.dueDate)})`;
      return `- ${r.reference}, ${r.reviewTitle}: ${r.what}${late}`;
    };
    const overdue = own.filter((r) => r.overdue);
    const due = own.filter((r) => !r.overdue);
    const sections = [
      overdue.length > 0 ? `Overdue:\n${overdue.map(line).join('\n')}` : null,
      due.length > 0 ? `Due by ${longDate(addDays(context.today, REMINDER_WINDOW_DAYS))}:\n${due.map(line).join('\n')}` : null,
    ].filter((s): s is string => s !== null);
    const body = [
      `Dear ${person},`,
      `These updates on scrutiny recommendations are due from you, as at ${longDate(context.today)}:`,
      ...sections,
      'Please send your update (the status, a short note, and for anything that has slipped the revised date and why) to the scrutiny officer, who will record it on the tracker.',
      `With thanks,\n${context.from}\n${context.councilName}`,
    ].join('\n\n');
    const email = own.find((r) => r.email)?.email ?? null;
    return { to: person, email, subject: `Scrutiny recommendations: ${plural(own.length, 'update')} due (${overdue.length} overdue)`, body: `${body}\n` };
  });
}

/** All the messages in one text, for copying. */
export function digestText(messages: readonly DigestMessage[]): string {
  return messages.map((m) => `To: ${m.to}${m.email ? ` <${m.email}>` : ''}\nSubject: ${m.subject}\n\n${m.body}`).join('\n----------------------------------------\n\n');
}

// ---- Tracker filters --------------------------------------------------------------------------

export interface TrackerFilter {
  committee?: string | undefined;
  /** A progress status, or 'not_reported' (accepted but no status yet), or 'awaiting' (no response yet). */
  status?: string | undefined;
  municipalYear?: number | undefined;
  /** The lead officer, matched ignoring case. */
  owner?: string | undefined;
}

export interface TrackerRowFacts {
  committee: string;
  status: ProgressStatus | null;
  response: RecommendationResponse;
  municipalYear: number;
  leadOfficer: string;
}

/** The status a tracker row is filtered by: its progress, else awaiting a response, else not reported yet. */
export function trackerStatusOf(row: Pick<TrackerRowFacts, 'status' | 'response'>): string {
  return row.status ?? (row.response === 'awaiting' ? 'awaiting' : 'not_reported');
}

export const TRACKER_STATUS_LABELS: Record<string, string> = { ...PROGRESS_LABELS, awaiting: 'Awaiting response', not_reported: 'No progress reported yet' };

/** Every status the tracker filters by, in the order the page offers them. */
export const TRACKER_STATUSES = [...PROGRESS_STATUSES, 'awaiting', 'not_reported'] as const;
export type TrackerStatus = (typeof TRACKER_STATUSES)[number];

/**
 * A municipal year as people write it, "2025/26" or "2025" (the calendar year it starts in), read
 * as that start year; null for anything else ("2025/27" does not follow on). The API's and the
 * CLI's `year` filter, so they read it alike.
 */
export function parseMunicipalYear(text: string): number | null {
  const match = /^\s*(\d{4})(?:\s*\/\s*(\d{2}))?\s*$/.exec(text);
  if (!match) return null;
  const start = Number(match[1]);
  if (match[2] !== undefined && (start + 1) % 100 !== Number(match[2])) return null;
  return start;
}

export function matchesFilter(row: TrackerRowFacts, filter: TrackerFilter): boolean {
  if (filter.committee && row.committee !== filter.committee) return false;
  if (filter.status && trackerStatusOf(row) !== filter.status) return false;
  if (filter.municipalYear !== undefined && row.municipalYear !== filter.municipalYear) return false;
  if (filter.owner && row.leadOfficer.trim().toLowerCase() !== filter.owner.trim().toLowerCase()) return false;
  return true;
}

// ---- The tracker file -------------------------------------------------------------------------

/**
 * The tracker's columns, as it downloads (CSV and XLSX) and as it is uploaded back: one row per
 * recommendation, found by its reference. An upload changes only the columns marked `editable`;
 * the others say which recommendation a row is and are left as Retain holds them. The labels are
 * the keys in words, so a file with either as its header reads the same.
 */
export const TRACKER_COLUMNS = [
  { key: 'reference', label: 'Reference', editable: false },
  { key: 'review', label: 'Review', editable: false },
  { key: 'committee', label: 'Committee', editable: false },
  { key: 'recommendation', label: 'Recommendation', editable: false },
  { key: 'executive_member', label: 'Executive member', editable: false },
  { key: 'response', label: 'Response', editable: false },
  { key: 'decision_reference', label: 'Decision reference', editable: false },
  { key: 'lead_officer', label: 'Lead officer', editable: true },
  { key: 'lead_officer_email', label: 'Lead officer email', editable: true },
  { key: 'target_date', label: 'Target date', editable: true },
  { key: 'status', label: 'Status', editable: true },
  { key: 'revised_date', label: 'Revised date', editable: true },
  { key: 'slip_reason', label: 'Slip reason', editable: true },
  { key: 'last_update_date', label: 'Last update date', editable: false },
  { key: 'last_update', label: 'Last update', editable: true },
] as const;
export type TrackerColumn = (typeof TRACKER_COLUMNS)[number]['key'];

// ---- Words ------------------------------------------------------------------------------------

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
