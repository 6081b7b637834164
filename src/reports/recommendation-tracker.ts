import type { Db } from '../db/database.ts';
import {
  actionsWithRecommendations,
  getReviewTracking,
  getScrutinySettings,
  reviewsSentToExecutive,
  trackerRecords,
  type RecommendationAction,
  type TrackerRecord,
} from '../db/recommendation-tracking.ts';
import {
  currentDueDate,
  matchesFilter,
  MONITORING_LABELS,
  monitoringReviews,
  municipalYearLabel,
  PROGRESS_LABELS,
  RAG_KEY,
  RAG_OF,
  remindersDue,
  RESPONSE_CLOCK_LABELS,
  responseClock,
  TRACKER_COLUMNS,
  TRACKER_STATUS_LABELS,
  trackerStatusOf,
  type MonitoringReview,
  type Rag,
  type Reminder,
  type ResponseClock,
  type TrackedReview,
  type TrackerColumn,
  type TrackerFilter,
} from '../domain/recommendation-tracking.ts';
import { RESPONSE_LABELS } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import type { Table } from './tables.ts';
import { redactSmallFigures } from '../domain/disclosure.ts';
import { withheldFiguresFor } from './withheld.ts';

/**
 * The recommendations tracker (issue 15): every recommendation of every review of a council, with
 * its progress and RAG colour, filtered by committee, status, municipal year and lead officer; the
 * same rows as a CSV/XLSX table in the columns an upload takes back; the executive's response
 * clocks; and the reminders due from lead officers. Read by the tracker page, a review's pages,
 * the dashboard and the public page alike, so they cannot disagree.
 */

export interface TrackerRow extends TrackerRecord {
  municipalYear: number;
  municipalYearText: string;
  statusKey: string;
  statusText: string;
  rag: Rag | null;
  responseText: string;
  /** The date it is now due by: the revised date once slipped, else the target date. */
  dueBy: IsoDate | null;
  latestUpdate: TrackerRecord['updates'][number] | null;
}

export interface ReaderOptions {
  /** Officers see everything; scrutiny members and the public see no lead officer's email, and [c] for any figure built from fewer than 5 people in the words. */
  personalDataAllowed: boolean;
}

function toRow(record: TrackerRecord): TrackerRow {
  const statusKey = trackerStatusOf(record);
  return {
    ...record,
    municipalYear: record.referenceParts.municipalYear,
    municipalYearText: municipalYearLabel(record.referenceParts.municipalYear),
    statusKey,
    statusText: TRACKER_STATUS_LABELS[statusKey] ?? statusKey,
    rag: record.status ? RAG_OF[record.status] : null,
    responseText: RESPONSE_LABELS[record.response],
    dueBy: currentDueDate(record),
    latestUpdate: record.updates[record.updates.length - 1] ?? null,
  };
}

/** The rows as a reader may see them: small figures in the words as [c], and no emails, unless they may see personal data. */
async function forReader(db: Db, authorityCode: string, rows: TrackerRow[], options: ReaderOptions): Promise<TrackerRow[]> {
  if (options.personalDataAllowed) return rows;
  const clean = await redactorFor(db, authorityCode);
  return rows.map((row) => {
    // Who recorded an update is personal data: dropped, not blanked.
    const updates = row.updates.map(({ by: _by, ...u }) => ({ ...u, text: clean(u.text), ...(u.reason !== undefined ? { reason: clean(u.reason) } : {}) }));
    return {
      ...row,
      text: clean(row.text),
      responseReasons: clean(row.responseReasons),
      slipReason: clean(row.slipReason),
      leadOfficerEmail: '',
      updates,
      latestUpdate: updates[updates.length - 1] ?? null,
    };
  });
}

export async function trackerRows(db: Db, authorityCode: string, options: ReaderOptions & { reviewId?: number }): Promise<TrackerRow[]> {
  const records = await trackerRecords(db, authorityCode, options.reviewId === undefined ? {} : { reviewId: options.reviewId });
  return forReader(db, authorityCode, records.map(toRow), options);
}

export interface TrackerView {
  rows: TrackerRow[];
  total: number;
  filter: TrackerFilter;
  choices: { committees: string[]; statuses: Array<{ value: string; text: string }>; years: Array<{ value: number; text: string }>; owners: string[] };
  ragKey: typeof RAG_KEY;
  counts: Record<string, number>;
}

/** The tracker page: the rows that pass the filter, with the choices each filter offers (from every row, so a choice never empties itself). */
export async function trackerView(db: Db, authorityCode: string, filter: TrackerFilter, options: ReaderOptions): Promise<TrackerView> {
  const all = await trackerRows(db, authorityCode, options);
  const rows = all.filter((row) => matchesFilter({ committee: row.committee, status: row.status, response: row.response, municipalYear: row.municipalYear, leadOfficer: row.leadOfficer }, filter));
  const unique = <T>(values: T[]) => [...new Set(values)];
  const counts: Record<string, number> = {};
  for (const row of all) counts[row.statusKey] = (counts[row.statusKey] ?? 0) + 1;
  return {
    rows,
    total: all.length,
    filter,
    choices: {
      committees: unique(all.map((r) => r.committee).filter((c) => c !== '')).sort(),
      statuses: Object.entries(TRACKER_STATUS_LABELS).map(([value, text]) => ({ value, text })),
      years: unique(all.map((r) => r.municipalYear))
        .sort((a, b) => b - a)
        .map((value) => ({ value, text: municipalYearLabel(value) })),
      owners: unique(all.map((r) => r.leadOfficer.trim()).filter((o) => o !== '')).sort(),
    },
    ragKey: RAG_KEY,
    counts,
  };
}

type TrackerTableRow = Record<TrackerColumn, string>;

/** The rows as the tracker file: the columns an upload takes back (TRACKER_COLUMNS), dates as YYYY-MM-DD. */
export function trackerTable(rows: readonly TrackerRow[]): Table<TrackerTableRow> {
  return {
    title: 'Recommendations tracker',
    columns: TRACKER_COLUMNS.map((column) => ({ key: column.key, label: column.label })),
    rows: rows.map((row) => ({
      reference: row.reference,
      review: row.reviewTitle,
      committee: row.committee,
      recommendation: row.text,
      executive_member: row.executiveMember,
      response: row.responseText,
      decision_reference: row.decisionReference,
      lead_officer: row.leadOfficer,
      lead_officer_email: row.leadOfficerEmail,
      target_date: row.targetDate ?? '',
      status: row.status ? PROGRESS_LABELS[row.status] : '',
      revised_date: row.revisedDate ?? '',
      slip_reason: row.slipReason,
      last_update_date: row.latestUpdate?.date ?? '',
      last_update: row.latestUpdate?.text ?? '',
    })),
  };
}

export interface ReviewClock extends ResponseClock {
  reviewId: number;
  reviewTitle: string;
  stateText: string;
}

/** The response clock of each review sent to the executive, or of one review. */
export async function responseClocks(db: Db, authorityCode: string, today: IsoDate, options: { reviewId?: number } = {}): Promise<ReviewClock[]> {
  const [settings, sent, records] = await Promise.all([
    getScrutinySettings(db, authorityCode),
    reviewsSentToExecutive(db, authorityCode),
    trackerRecords(db, authorityCode, options.reviewId === undefined ? {} : { reviewId: options.reviewId }),
  ]);
  return sent
    .filter((review) => options.reviewId === undefined || review.id === options.reviewId)
    .map((review) => {
      const clock = responseClock(
        review,
        records.filter((r) => r.reviewId === review.id),
        today,
        settings.responseMonths,
      );
      return { ...clock, reviewId: review.id, reviewTitle: review.title, stateText: RESPONSE_CLOCK_LABELS[clock.state] };
    });
}

/** The reminders due from lead officers and action owners across the council's reviews. */
export async function remindersFor(db: Db, authorityCode: string, today: IsoDate): Promise<Reminder[]> {
  const [records, actions] = await Promise.all([trackerRecords(db, authorityCode), actionsWithRecommendations(db, authorityCode)]);
  const reviews = new Map<number, TrackedReview>();
  for (const record of records) {
    let review = reviews.get(record.reviewId);
    if (!review) {
      review = {
        id: record.reviewId,
        title: record.reviewTitle,
        monitoring: monitoringReviews({ scope: record.reviewScope, recommendationsAgreedOn: record.recommendationsAgreedOn }, record.held),
        recommendations: [],
        actions: actions.filter((a) => a.reviewId === record.reviewId),
      };
      reviews.set(record.reviewId, review);
    }
    review.recommendations.push({ ...record });
  }
  return remindersDue([...reviews.values()], today);
}

export interface RecommendationTracking {
  row: TrackerRow;
  /** The response clock of the review it belongs to. */
  clock: ResponseClock & { stateText: string };
  /** The committee's 6- and 12-month reviews of it. */
  monitoring: Array<MonitoringReview & { label: string }>;
  actions: Array<RecommendationAction & { overdue: boolean }>;
}

/**
 * One recommendation followed to the end, as its progress page shows it: the row (status, RAG,
 * timeline), the review's response clock, the committee's monitoring reviews and the actions
 * under it. Null when the review has no such recommendation. Free text is as the reader may see it.
 */
export async function recommendationTracking(
  db: Db,
  authorityCode: string,
  reviewId: number,
  recommendationId: number,
  today: IsoDate,
  options: ReaderOptions,
): Promise<RecommendationTracking | null> {
  const [tracking, rows, settings, actions] = await Promise.all([
    getReviewTracking(db, authorityCode, reviewId),
    trackerRows(db, authorityCode, { reviewId, ...options }),
    getScrutinySettings(db, authorityCode),
    actionsWithRecommendations(db, authorityCode, { reviewId }),
  ]);
  const row = rows.find((r) => r.id === recommendationId);
  if (!tracking || !row) return null;
  const clock = responseClock({ sentToExecutiveOn: tracking.sentToExecutiveOn, recommendationsAgreedOn: row.recommendationsAgreedOn }, rows, today, settings.responseMonths);
  const clean = options.personalDataAllowed ? (text: string) => text : await redactorFor(db, authorityCode);
  return {
    row,
    clock: { ...clock, stateText: RESPONSE_CLOCK_LABELS[clock.state] },
    monitoring: monitoringReviews({ scope: row.reviewScope, recommendationsAgreedOn: row.recommendationsAgreedOn }, tracking.held).map((m) => ({
      ...m,
      conclusion: clean(m.conclusion),
      label: MONITORING_LABELS[m.stage],
    })),
    actions: actions
      .filter((a) => a.recommendationId === row.id)
      .map((a) => ({
        ...a,
        description: clean(a.description),
        // Where reminders go: officers only.
        ownerEmail: options.personalDataAllowed ? a.ownerEmail : '',
        overdue: a.status !== 'done' && a.dueDate < today,
      })),
  };
}

async function redactorFor(db: Db, authorityCode: string): Promise<(text: string) => string> {
  const withheld = await withheldFiguresFor(db, authorityCode);
  return (text) => redactSmallFigures(text, withheld);
}
