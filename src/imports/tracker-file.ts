import {
  parseReference,
  PROGRESS_LABELS,
  PROGRESS_STATUSES,
  progressProblems,
  progressStatusFromText,
  progressUpdate,
  TRACKER_COLUMNS,
  formatReference,
  type ProgressStatus,
  type TrackedUpdate,
  type TrackerColumn,
} from '../domain/recommendation-tracking.ts';
import type { RecommendationResponse } from '../domain/reviews.ts';
import type { IsoDate } from '../domain/workforce.ts';
import { knownHeaderKeys, matchHeaders, type FieldSpec } from './headers.ts';
import type { Problem } from './problems.ts';
import { readTable, type Table } from './read-table.ts';
import { cellText, isBlank, parseDate, type Cell } from './values.ts';

/**
 * The recommendations tracker uploaded back (issue 15): the file the tracker page downloads, with
 * officers' updates typed in, as CSV or XLSX. Each row is found by its reference; only the
 * editable columns (lead officer and email, target date, status, revised date, slip reason, last
 * update) change anything, and a column the file leaves out changes nothing. Every row is checked
 * against the recommendation as Retain holds it, with the same rules as the progress form
 * (src/domain/recommendation-tracking.ts progressProblems); the caller writes nothing unless the
 * whole file is free of problems.
 */

const SYNONYMS: Partial<Record<TrackerColumn, string[]>> = {
  reference: ['ref', 'rec ref', 'recommendation reference', 'recommendation ref', 'recommendation no', 'recommendation number'],
  lead_officer: ['officer', 'responsible officer', 'owner', 'lead'],
  lead_officer_email: ['officer email', 'email'],
  status: ['progress', 'rag', 'rag status', 'progress status'],
  revised_date: ['new date', 'revised target date', 'revised deadline'],
  slip_reason: ['reason', 'reason for slippage', 'reason for delay', 'slippage reason'],
  last_update: ['update', 'latest update', 'progress update', 'comments', 'commentary'],
  target_date: ['deadline', 'due date', 'target'],
};

export const TRACKER_FIELDS: ReadonlyArray<FieldSpec<TrackerColumn>> = TRACKER_COLUMNS.map((column) => ({
  field: column.key,
  required: column.key === 'reference',
  synonyms: [column.label, ...(SYNONYMS[column.key] ?? [])],
}));

/** The longest text a cell may hold, per editable column (the progress form's limits). */
const MAX_LENGTH: Partial<Record<TrackerColumn, number>> = { lead_officer: 200, lead_officer_email: 254, slip_reason: 4000, last_update: 4000 };

/** What Retain holds of a recommendation, as an upload row is checked against it. */
export interface TrackerCurrent {
  id: number;
  reviewId: number;
  reference: string;
  response: RecommendationResponse;
  leadOfficer: string;
  leadOfficerEmail: string;
  status: ProgressStatus | null;
  targetDate: IsoDate | null;
  revisedDate: IsoDate | null;
  slipReason: string;
  updates: readonly TrackedUpdate[];
}

/** What one valid row changes. */
export interface TrackerRowChange {
  row: number;
  recommendationId: number;
  reviewId: number;
  reference: string;
  /** A new progress report (a changed status, a slip, or a new update), or null. */
  progress: { status: ProgressStatus; revisedDate: IsoDate | null; slipReason: string; update: TrackedUpdate } | null;
  leadOfficer?: string;
  leadOfficerEmail?: string;
  targetDate?: IsoDate;
}

export interface TrackerUpload {
  fileName: string;
  rowCount: number;
  changes: TrackerRowChange[];
  /** Rows that change nothing. */
  unchanged: number;
  problems: Problem[];
  warnings: string[];
}

export async function readTrackerTable(fileName: string, bytes: Uint8Array, options: { sheet?: string | undefined } = {}): Promise<{ ok: true; table: Table } | { ok: false; problems: Problem[] }> {
  const read = await readTable(bytes, fileName, { sheet: options.sheet, knownHeaders: knownHeaderKeys(TRACKER_FIELDS) });
  if (!read.ok) return { ok: false, problems: [{ file: fileName, row: null, column: null, message: read.message }] };
  return { ok: true, table: read.table };
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * Checks every row of an uploaded tracker against the council's recommendations and works out
 * what it would change. `today` dates the updates; `by` is written on each ("upload: file.csv by x").
 */
export function validateTrackerUpload(fileName: string, table: Table, current: readonly TrackerCurrent[], context: { today: IsoDate; by: string }): TrackerUpload {
  const match = matchHeaders<TrackerColumn>(fileName, table.header, table.headerRow, TRACKER_FIELDS);
  const base = { fileName, rowCount: table.rows.length, warnings: match.warnings };
  if (match.problems.length > 0) return { ...base, changes: [], unchanged: 0, problems: match.problems };
  if (table.rows.length === 0) return { ...base, changes: [], unchanged: 0, problems: [{ file: fileName, row: null, column: null, message: 'the file has a header row but no recommendations' }] };

  const byReference = new Map(current.map((r) => [r.reference, r]));
  const problems: Problem[] = [];
  const changes: TrackerRowChange[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;
  for (const tableRow of table.rows) {
    const rowProblems: Problem[] = [];
    const has = (field: TrackerColumn) => match.columns[field] !== undefined;
    const label = (field: TrackerColumn) => table.header[match.columns[field]!] ?? field;
    const fail = (field: TrackerColumn, message: string) => rowProblems.push({ file: fileName, row: tableRow.row, column: has(field) ? label(field) : field, message });
    const cell = (field: TrackerColumn): Cell => {
      const value = has(field) ? (tableRow.cells[match.columns[field]!] ?? null) : null;
      return isBlank(value) ? null : value;
    };
    const text = (field: TrackerColumn): string => {
      const value = cellText(cell(field));
      const max = MAX_LENGTH[field];
      if (max !== undefined && value.length > max) {
        fail(field, `the text is ${value.length.toLocaleString('en-GB')} characters long; it may hold at most ${max.toLocaleString('en-GB')}`);
        return value.slice(0, max);
      }
      return value;
    };
    const date = (field: TrackerColumn): IsoDate | null | undefined => {
      const value = cell(field);
      if (value === null) return null;
      const parsed = parseDate(value);
      if (parsed.ok) return parsed.value;
      fail(field, parsed.message);
      return undefined;
    };

    const referenceText = cellText(cell('reference'));
    const parts = referenceText ? parseReference(referenceText) : null;
    const recommendation = parts ? byReference.get(formatReference(parts)) : undefined;
    if (!referenceText) fail('reference', 'the reference is empty: every row needs the reference it downloaded with, like CYP 2025/26-03');
    else if (!parts) fail('reference', `"${referenceText}" is not a reference like CYP 2025/26-03`);
    else if (!recommendation) fail('reference', `no recommendation of this council has the reference ${formatReference(parts)}`);
    else {
      const earlier = seen.get(recommendation.reference);
      if (earlier !== undefined) fail('reference', `${recommendation.reference} is also on row ${earlier}; give each recommendation one row`);
      else seen.set(recommendation.reference, tableRow.row);
    }

    // A column the file leaves out keeps what Retain holds.
    let status: ProgressStatus | null | undefined = recommendation?.status ?? null;
    if (has('status')) {
      const statusText = cellText(cell('status'));
      status = statusText === '' ? null : progressStatusFromText(statusText);
      if (statusText !== '' && status === null) {
        fail('status', `"${statusText}" is not a status: use ${PROGRESS_STATUSES.map((s) => PROGRESS_LABELS[s]).join(', ')}`);
        status = undefined;
      }
    }
    const revisedDate = has('revised_date') ? date('revised_date') : (recommendation?.revisedDate ?? null);
    const slipReason = has('slip_reason') ? text('slip_reason') : (recommendation?.slipReason ?? '');
    const note = has('last_update') ? text('last_update') : '';
    const leadOfficer = has('lead_officer') ? text('lead_officer') : undefined;
    const leadOfficerEmail = has('lead_officer_email') ? text('lead_officer_email') : undefined;
    const targetDate = has('target_date') ? date('target_date') : undefined;
    if (leadOfficerEmail && !EMAIL.test(leadOfficerEmail)) fail('lead_officer_email', `"${leadOfficerEmail}" is not an email address`);

    if (!recommendation || rowProblems.length > 0 || status === undefined || revisedDate === undefined) {
      problems.push(...rowProblems);
      continue;
    }

    const change: TrackerRowChange = { row: tableRow.row, recommendationId: recommendation.id, reviewId: recommendation.reviewId, reference: recommendation.reference, progress: null };
    if (leadOfficer !== undefined && leadOfficer !== recommendation.leadOfficer) change.leadOfficer = leadOfficer;
    if (leadOfficerEmail !== undefined && leadOfficerEmail !== recommendation.leadOfficerEmail) change.leadOfficerEmail = leadOfficerEmail;
    if (targetDate && targetDate !== recommendation.targetDate) {
      if (recommendation.targetDate) {
        fail('target_date', `the target date stays ${recommendation.targetDate}, the date agreed; to move it, set the status to Slipped with a revised date and the reason`);
      } else change.targetDate = targetDate;
    }

    const latest = recommendation.updates[recommendation.updates.length - 1];
    const newNote = note !== '' && note !== latest?.text.trim();
    const statusChanged = status !== recommendation.status;
    const slipChanged = status === 'slipped' && (revisedDate !== recommendation.revisedDate || slipReason.trim() !== recommendation.slipReason);
    if (status === null && recommendation.status !== null) {
      fail('status', `the status is empty, but ${recommendation.reference} is ${PROGRESS_LABELS[recommendation.status]}; a status can be changed but not taken away`);
    } else if (status === null && newNote) {
      fail('status', 'give the status with the update: Achieved, On track, Slipped, Not achieved or No longer monitored');
    } else if (status !== null && (statusChanged || slipChanged || newNote || revisedDate !== recommendation.revisedDate)) {
      const progress = { status, revisedDate, reason: slipReason, note: newNote ? note : '' };
      for (const [field, message] of progressProblems({ ...recommendation, targetDate: change.targetDate ?? recommendation.targetDate }, progress)) {
        fail(field === 'revisedDate' ? 'revised_date' : field === 'reason' ? 'slip_reason' : 'status', message);
      }
      change.progress = {
        status,
        revisedDate: status === 'slipped' ? revisedDate : recommendation.revisedDate,
        slipReason: status === 'slipped' ? slipReason.trim() : recommendation.slipReason,
        update: progressUpdate(progress, context.today, context.by),
      };
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    if (change.progress || change.leadOfficer !== undefined || change.leadOfficerEmail !== undefined || change.targetDate !== undefined) changes.push(change);
    else unchanged += 1;
  }
  return { ...base, changes: problems.length > 0 ? [] : changes, unchanged, problems };
}
